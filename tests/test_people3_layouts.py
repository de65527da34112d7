"""People in the layouts of eval/people3 (written before the code changed): a minutes' signature
block ("Vid protokollet" / "Justeras" above the signers, two names on one line), a justerare
elected in prose, a role in the sentence after the name ("Han är sedan 2023 ordförande"), HTML
contact cards whose title line adds a field ("Processledare psykisk hälsa"), a DOCX with two
groups' tables (E-post | Roll i gruppen | Namn | Region) where one person holds a role in each, a
member sheet with surname and first name in columns of their own, and a definition list whose
role stands above a name with a job title."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.contacts import extract_contacts
from ingest.readers import read
from tests.own_corpus import OWN, answerer_with

PEOPLE3 = OWN.parent / "people3"


def _people(name: str) -> dict[tuple[str, str], str]:
    """{(person, role): body} of one document of the set, as ingest extracts them."""
    raw = read(PEOPLE3 / name)
    title = raw.title or Path(name).stem
    return {(c.name, c.role.split(" – ")[0].lower()): c.body for c in extract_contacts(name, title, raw.pages)}


def test_a_signature_block_names_who_kept_and_who_checked_the_minutes() -> None:
    people = _people("protokoll-barnhalsoradet-skane-2025-09-11.txt")
    assert ("Tove Kjellberg", "sekreterare") in people  # "Vid protokollet" / "Tove Kjellberg"
    assert ("Jesper Mårtensson", "justerare") in people  # under "Justeras", and elected in § 2
    assert ("Tove Kjellberg", "justerare") not in people and ("Jesper Mårtensson", "sekreterare") not in people
    assert ("Jesper Mårtensson", "ordförande") not in people  # "ordförande" under two signers is Eva's only


def test_a_pronoun_sentence_gives_the_last_named_person_a_role() -> None:
    people = _people("nyhet-ny-forbundsdirektor-hoglandsforbundet.txt")
    assert people[("Mats Grahn", "ordförande")] == "Förbundsdirektionen"  # "Han är sedan 2023 ordförande"
    assert ("Ulla Westin", "ordförande") not in people


def test_a_card_title_line_is_its_own_persons_role() -> None:
    people = _people("kontakt-kunskapsstod-gotland.html")
    roles = {name: role for name, role in people}
    assert roles["Annika Wallin"] == "processledare"
    assert roles["Fredrik Nyman"] == "utvecklingsledare"  # not the processledare of the card above


def test_one_person_holds_a_role_in_each_of_two_tables() -> None:
    people = _people("arbetsgrupper-vardhygien-strama-sodra.docx")
    assert people[("Kristina Holm", "sammankallande")].startswith("Arbetsgruppen för vårdhygien")
    assert people[("Kristina Holm", "sekreterare")].startswith("Referensgruppen för antibiotikafrågor")
    assert people[("Peter Nord", "ledamot")].startswith("Arbetsgruppen för vårdhygien")


def test_surname_and_first_name_columns_make_one_name() -> None:
    people = _people("lakemedelskommitten-jonkoping-ledamoter-2025.xlsx")
    assert ("Henrik Bergkvist", "ordförande") in people and ("Leyla Osman", "sekreterare") in people


def test_a_role_above_a_name_with_a_job_title_is_held_in_the_body() -> None:
    people = _people("regional-council-older-people-varmland-en.html")
    assert ("Karin Frisk", "ordförande") in people  # "Chair" / "Karin Frisk, head of elderly care, …"


@pytest.fixture(scope="module")
def people3(tmp_path_factory, config, built_index):
    return answerer_with(tmp_path_factory.mktemp("people3_layouts"), config, PEOPLE3)


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Vem förde protokollet på barnhälsorådets möte i Region Skåne?", "Tove Kjellberg"),
        ("Vem valdes till justerare på barnhälsorådets möte i Skåne i september 2025?", "Jesper Mårtensson"),
        ("Vem är chef för Höglandsförbundet?", "Ulla Westin"),  # the förbundsdirektör heads its staff
        ("Vem är ordförande i förbundsdirektionen för Höglandsförbundet?", "Mats Grahn"),
        ("Vem representerar Region Blekinge i arbetsgruppen för vårdhygien?", "Peter Nord"),  # not the Strama member
        ("Who is the process leader for mental health in Region Gotland?", "Annika Wallin"),
    ],
)
def test_role_questions_over_the_layouts(people3, question: str, name: str) -> None:
    answer = people3.ask(question)
    assert answer.contacts and answer.contacts[0].name == name, answer.answer
