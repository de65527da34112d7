"""People by role in a third round of own layouts (eval/people2, tune questions): a nested
Markdown list, a "Namn | Grupp | Uppdrag" table, a role-first HTML table, a header-less tab table,
"Namn, titel, Region" lines with a "Kontakt:" footer, minutes with a signature block, English
passive prose ("is led by Dr. NN", "is coordinated by NN"), and Swedish prose with a convener and
a chair in a "där"-clause; plus the role paraphrases of questions ("vem förde protokollet?",
"who runs …?") and bodies named by a bare word or a list item's leading term."""

from __future__ import annotations

from pathlib import Path

import pytest

from answer.query import question_role
from ingest.model import Page
from ingest.normalize import fold
from ingest.people import extract_people
from ingest.people_bodies import contact_body, list_item_body
from ingest.people_prose import prose_people
from ingest.roles import canonical_role
from tests.own_corpus import answerer_with_files

PEOPLE2 = Path(__file__).resolve().parent.parent / "eval" / "people2"


def _people(name: str, title: str) -> list[tuple[str, str, str]]:
    text = (PEOPLE2 / name).read_text(encoding="utf-8")
    return [(c.name, c.role, c.body) for c in extract_people(name, title, [Page(1, text)])]


def test_a_body_column_gives_each_row_its_body() -> None:
    rows = _people("vardsamverkan-fyrbodal-uppdrag.md", "Uppdrag i Vårdsamverkan Fyrbodal")
    assert ("Jenny Ask", "sammankallande") in {(n, r) for n, r, _ in rows}
    jenny = next(b for n, r, b in rows if n == "Jenny Ask")
    assert jenny.startswith("Styrgruppen för vårdsamverkan") and "|" not in jenny


def test_a_table_row_is_no_document_subject() -> None:
    rows = _people("vardsamverkan-fyrbodal-uppdrag.md", "")
    assert all("|" not in body for _, _, body in rows)


def test_a_wrapped_prose_line_is_no_body() -> None:
    rows = _people("natverk-sammanhallen-vard-kalmar.txt", "")
    assert all(len(body.split()) <= 12 for _, _, body in rows), rows
    assert ("Camilla Öst", "ordförande") in {(n, r) for n, r, _ in rows}  # "där NN, socialchef i X, är ordförande"


def test_passive_lead_and_coordination_with_a_title_before_the_name() -> None:
    found = prose_people("The network is led by Dr. Ulrika Brandt, consultant in palliative medicine.")
    assert [(e.name, e.role) for e, _ in found] == [("Ulrika Brandt", "ledare")]
    found = prose_people("Its work is coordinated by Niklas Forsberg, who also answers questions.")
    assert [(e.name, e.role) for e, _ in found] == [("Niklas Forsberg", "samordnare")]
    found = prose_people("The centre is led by Head of Centre Anna Berg, a consultant in oncology.")
    assert ("Anna Berg", "ledare") in [(e.name, e.role) for e, _ in found]


def test_role_held_with_med_som() -> None:
    found = prose_people("Arbetsgruppen för njursjukdomar, med Lars Holm (Region Halland) som sammankallande, möts i maj.")
    assert [(e.name, e.role, body) for e, body in found] == [("Lars Holm", "sammankallande", "Arbetsgruppen för njursjukdomar")]


def test_inverted_chair_followed_by_and() -> None:
    found = prose_people("För 2025 är Eva Lind (S), Region Dalarna, ordförande och Per Ek (M), Region Värmland, vice ordförande.")
    assert ("Eva Lind", "ordförande") in [(e.name, e.role) for e, _ in found]


def test_bare_body_words_resolve_to_the_full_name_before_them() -> None:
    earlier = "Under rådet finns Regional ledningsgrupp för psykiatri (RLP). Ledningsgruppen leds av Anna Berg."
    assert contact_body("Ledningsgruppen", "", "Samverkan i länet", earlier) == "Regional ledningsgrupp för psykiatri"
    assert contact_body("Gruppen", "", "RPO Njursjukdomar – styrgrupp", "Gruppen leds av NN.") == "RPO Njursjukdomar – styrgrupp"
    assert list_item_body("- **Förbundsdirektionen** – högsta organet. Ordf. Tove Berg (S).") == "Förbundsdirektionen"


def test_minutes_signature_block_gives_the_secretary() -> None:
    rows = _people("protokoll-primarvardsradet-vasternorrland-2025-02.txt", "Primärvårdsrådet i Västernorrland")
    assert ("Elin Sjöberg", "sekreterare") in {(n, r) for n, r, _ in rows}


def test_question_paraphrases_name_roles() -> None:
    assert canonical_role("Vem förde protokollet?") == "sekreterare"
    assert canonical_role("who took the minutes") == "sekreterare"
    assert canonical_role("vem samordnar nätverket") == "samordnare"
    assert question_role("who runs the working group on medication reviews") == "ledare"
    assert question_role("who is in charge of the network") == "ledare"
    assert question_role(fold("Vem håller i nätverket")) == "ledare"


TUNE = (
    "rpg-ogonsjukdomar-norra.md", "vardsamverkan-fyrbodal-uppdrag.md", "ledningsgrupp-rehabilitering-orebro.html",
    "samordningsgrupp-psykiatri-uppsala.txt", "arbetsgrupp-lakemedelsgenomgangar-mellansverige.txt",
    "protokoll-primarvardsradet-vasternorrland-2025-02.txt", "news-palliative-care-network-southeast.html",
    "natverk-sammanhallen-vard-kalmar.txt", "styrgrupp-digitala-vardtjanster-halland.docx",
    "regional-council-rare-diseases-west-en.md",
)


@pytest.fixture(scope="module")
def people2(tmp_path_factory, config, built_index):
    return answerer_with_files(tmp_path_factory.mktemp("people2"), config, [PEOPLE2 / name for name in sorted(TUNE)])


@pytest.mark.parametrize(
    "question,name",
    [
        ("Vem är ordförande i regionala programgruppen för ögonsjukdomar i Norra sjukvårdsregionen?", "Tove Nordmark"),
        ("Vem är sammankallande i styrgruppen för vårdsamverkan i Fyrbodal?", "Jenny Ask"),
        ("Who is the secretary of the rehabilitation management group in Örebro County?", "Maria Lönn"),
        ("Vem leder samordningsgruppen för psykiatri och beroende i Uppsala län?", "Ingrid Sahlén"),
        ("Vem förde protokollet i primärvårdsrådet i Västernorrland?", "Elin Sjöberg"),
        ("Who leads the palliative care network in the South East healthcare region?", "Ulrika Brandt"),
        ("Vem är ordförande i styrgruppen för digitala vårdtjänster i Halland?", "Ebba Lundholm"),
        ("Who runs the working group on medication reviews in Central Sweden?", "Karl Östberg"),
        ("Who is the coordinator of the council for rare diseases in West Sweden?", "Rebecka Stål"),
    ],
)
def test_first_card(people2, question: str, name: str) -> None:
    answer = people2.ask(question)
    assert not answer.abstained and answer.contacts, answer.answer
    assert answer.contacts[0].name == name, answer.answer
