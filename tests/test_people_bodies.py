"""People by role in a body that is (kind, place): the lexicon, extraction on documents in layouts
of their own (eval/people's tune documents and eval/lead_holdout: a Markdown member table, minutes
with an inline "Närvarande:" line, an RPO page with "Ordförande: X, Region Y; Processledare: …",
a "Region X: Namn (parti), roll" member list, an HTML contact table), and answers: the right card,
or a decline that names the role and the body when the documents give no one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import prompts
from ingest import load_document
from ingest.bodies import ANY_KIND, body_kinds, document_subject, kinds_match, place_within, places
from ingest.model import Contact
from ingest.people_parts import PARTIES
from tests.own_corpus import answerer_with, ask_turns

PEOPLE = ROOT / "eval" / "people"
LEAD = ROOT / "eval" / "lead_holdout"


# --- the lexicon -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,kinds,where",
    [
        ("Vem är ordförande i samverkansnämnden i sjukvårdsregion Mellansverige?", ["samverkansnamnd"],
         ["Sjukvårdsregion Mellansverige"]),
        ("Norra regionvårdsnämnden", ["regionvardsnamnd"], ["Norra sjukvårdsregionen"]),
        ("Who chairs the consultative committee of the Mellansverige healthcare region?", ["samverkansnamnd"],
         ["Sjukvårdsregion Mellansverige"]),
        ("Vem leder RCC Väst?", ["rcc"], ["Västra sjukvårdsregionen"]),
        ("Kontakta Regionalt cancercentrum väst", ["rcc"], ["Västra sjukvårdsregionen"]),
        ("Who is the chair of the Gotland patient council?", ["patientrad"], ["Region Gotland"]),
        ("Who is the secretary of its committee?", [ANY_KIND], []),
        ("Västra Götalandsregionen", [], ["Västra Götalandsregionen"]),  # a region, not Västra sjukvårdsregionen
        ("uppsala-örebro sjukvårdsregion", [], ["Sjukvårdsregion Mellansverige"]),
        ("den prioriterade målgruppen", [], []),  # "-rad", "-grupp" words that are no bodies
        ("regional cancer centre in the south-east", ["rcc"], ["Sydöstra sjukvårdsregionen"]),
    ],
)
def test_body_kinds_and_places(text: str, kinds: list[str], where: list[str]) -> None:
    assert body_kinds(text) == kinds
    assert places(text) == where


def test_kinds_and_places_match_strictly() -> None:
    assert kinds_match("namnd", "samverkansnamnd")  # "nämnden" asks for any nämnd
    assert not kinds_match("samverkansnamnd", "regionvardsnamnd")  # two kinds of nämnd
    assert not kinds_match("rcc", ANY_KIND)  # "the board" says too little for an RCC question
    assert kinds_match(ANY_KIND, "samverkansnamnd")
    assert place_within("Sjukvårdsregion Stockholm-Gotland", "Region Gotland")
    assert not place_within("Region Gotland", "Sjukvårdsregion Stockholm-Gotland")
    assert not place_within("Sjukvårdsregion Mellansverige", "Norra sjukvårdsregionen")


def test_document_subject_reads_past_a_generic_title() -> None:
    text = (LEAD / "protokoll-regionvardsnamnden-norr-2024-05-16.txt").read_text(encoding="utf-8")
    assert document_subject("PROTOKOLL", text) == "Norra regionvårdsnämnden"
    minutes = (PEOPLE / "protokoll-samverkansnamnden-sodra-2024-03.txt").read_text(encoding="utf-8")
    assert document_subject("Södra sjukvårdsregionen", minutes).endswith("Samverkansnämnden (Södra sjukvårdsregionen)")


# --- extraction --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def documents() -> dict[str, list[Contact]]:
    names = [
        PEOPLE / "samverkansnamnden-sydost-ledamoter.md", PEOPLE / "protokoll-samverkansnamnden-sodra-2024-03.txt",
        PEOPLE / "rpo-rorelseorganen-mellansverige.html", PEOPLE / "regionsjukvardsledningen-sodra.txt",
        LEAD / "samverkansnamnden-mellansverige.txt", LEAD / "protokoll-regionvardsnamnden-norr-2024-05-16.txt",
        LEAD / "kunskapsstyrning-stockholm-gotland.txt",
    ]
    return {path.name: load_document(path).contacts for path in names}


def _held(contacts: list[Contact], name: str, role: str) -> Contact | None:
    return next((c for c in contacts if c.name == name and c.role.lower().startswith(role)), None)


@pytest.mark.parametrize(
    "document,name,role,organisation,body,email",
    [
        # a Markdown table "Ledamot | Parti | Region | Roll"; party letters are no organisation
        ("samverkansnamnden-sydost-ledamoter.md", "Birgitta Falkenberg", "ordförande", "Region Östergötland",
         "Samverkansnämnden i Sydöstra sjukvårdsregionen", ""),
        ("samverkansnamnden-sydost-ledamoter.md", "Stefan Lindbäck", "vice ordförande", "Region Jönköpings län",
         "Samverkansnämnden i Sydöstra sjukvårdsregionen", ""),
        # "Nämndens sekreterare är utredare X, Region Y, x@…": the role beside the job title, with the address
        ("samverkansnamnden-sydost-ledamoter.md", "Malin Åkerlind", "sekreterare", "Region Östergötland",
         "Samverkansnämnden i Sydöstra sjukvårdsregionen", "malin.akerlind@regionostergotland.se"),
        # minutes: label lines, and a vice chair elected in a paragraph
        ("protokoll-samverkansnamnden-sodra-2024-03.txt", "Annika Strömberg", "ordförande", "",
         "Protokoll, Samverkansnämnden (Södra sjukvårdsregionen)", ""),
        ("protokoll-samverkansnamnden-sodra-2024-03.txt", "Lars-Göran Wiberg", "vice ordförande", "",
         "Protokoll, Samverkansnämnden (Södra sjukvårdsregionen)", ""),
        # "Ordförande: X, Region Y; Processledare: …" on one line; members listed under a heading
        ("rpo-rorelseorganen-mellansverige.html", "Sofia Hedin", "processledare", "Region Sörmland",
         "RPO Rörelseorganens sjukdomar (Sjukvårdsregion Mellansverige)", ""),
        ("rpo-rorelseorganen-mellansverige.html", "Tove Almqvist", "ledamot", "Region Uppsala",
         "RPO Rörelseorganens sjukdomar (Sjukvårdsregion Mellansverige)", ""),
        # "Region Uppsala: Helena Forsberg (S), ordförande": the label is her region
        ("samverkansnamnden-mellansverige.txt", "Helena Forsberg", "ordförande", "Region Uppsala",
         "Samverkansnämnden för sjukvårdsregion Mellansverige", ""),
        ("samverkansnamnden-mellansverige.txt", "Tomas Ekdahl", "vice ordförande", "Region Örebro län",
         "Samverkansnämnden för sjukvårdsregion Mellansverige", ""),
        ("samverkansnamnden-mellansverige.txt", "Johanna Berglund", "sekreterare", "Region Uppsala",
         "Samverkansnämnden för sjukvårdsregion Mellansverige", "johanna.berglund@regionuppsala.se"),
        # the body of a role comes from its sentence ("… informerar om RCC Norrs verksamhetsplan")
        ("protokoll-regionvardsnamnden-norr-2024-05-16.txt", "Sara Vikström", "verksamhetschef", "", "RCC Norr", ""),
        ("protokoll-regionvardsnamnden-norr-2024-05-16.txt", "Mats Sjöberg", "sekreterare", "", "Norra regionvårdsnämnden", ""),
        # inverted order, and a place of work that is not the body of the role
        ("regionsjukvardsledningen-sodra.txt", "Martin Engdahl", "ordförande", "",
         "Regionsjukvårdsledningen i Södra sjukvårdsregionen", ""),
        ("regionsjukvardsledningen-sodra.txt", "Nora Lindvall", "sekreterare", "Region Skåne",
         "Regionsjukvårdsledningen i Södra sjukvårdsregionen", "nora.lindvall@skane.se"),
    ],
)
def test_person_with_role_body_and_place(documents, document, name, role, organisation, body, email) -> None:
    c = _held(documents[document], name, role)
    assert c is not None, [(x.name, x.role) for x in documents[document]]
    assert (c.organisation, c.body, c.email) == (organisation, body, email)


@pytest.mark.parametrize(
    "document,expected",
    [
        # roles written above the names, with and without blank lines between the cards
        ("ledningsgrupp-nara-vard-varmland-2025.txt", {"Peter Åhlund": "ordförande", "Cecilia Wennberg": "vice ordförande",
                                                       "Hanna Ström": "sekreterare", "Linus Torstensson": "ledamot"}),
        ("patientradet-jamtland-harjedalen.html", {"Margareta Lidén": "ordförande", "Roger Nordqvist": "vice ordförande"}),
    ],
)
def test_roles_above_the_names(document, expected) -> None:
    contacts = load_document(PEOPLE / document).contacts
    assert {c.name: c.role for c in contacts if c.name in expected and not c.email} == expected


def test_vice_chair_is_not_also_chair(documents) -> None:
    for contacts in documents.values():
        vice = {c.name for c in contacts if c.role == "vice ordförande"}
        assert not vice & {c.name for c in contacts if c.role == "ordförande"}


def test_party_letters_are_never_an_organisation(documents) -> None:
    assert not [c for contacts in documents.values() for c in contacts if c.organisation in PARTIES]


def test_function_mailbox_gets_no_made_up_name(documents) -> None:
    """kunskapsstyrning.slso@…, rpo.rorelse@…: no "Kunskapsstyrning Slso"."""
    for document in ("kunskapsstyrning-stockholm-gotland.txt", "rpo-rorelseorganen-mellansverige.html"):
        assert [c.name for c in documents[document] if "@" in c.email and not c.name.startswith(("Niklas", "Sofia"))
                and c.email.split("@")[0].replace(".", " ") in c.name.lower()] == []


def test_markdown_title_is_the_hash_line() -> None:
    assert load_document(LEAD / "ledningsgrupp-vastra-2021.md").title == (
        "Sjukvårdsregional ledningsgrupp – västra sjukvårdsregionen (2021)"
    )


# --- answers -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def people(tmp_path_factory, config, built_index):
    return answerer_with(tmp_path_factory.mktemp("people"), config, LEAD, PEOPLE)


@pytest.mark.parametrize(
    "question,name,email",
    [
        ("Vem är ordförande i samverkansnämnden i sjukvårdsregion Mellansverige?", "Helena Forsberg", ""),
        ("Vem är vice ordförande i Samverkansnämnden för Mellansverige?", "Tomas Ekdahl", ""),
        ("Vem leder RCC Väst?", "Anna Sjöström", "anna.sjostrom@vgregion.se"),
        ("Who chairs the consultative committee of the Mellansverige healthcare region?", "Helena Forsberg", ""),
        # two similar bodies in different health-care regions
        ("Vem är ordförande i samverkansnämnden i Sydöstra sjukvårdsregionen?", "Birgitta Falkenberg", ""),
        ("Vem är ordförande i Södra sjukvårdsregionens samverkansnämnd?", "Annika Strömberg", ""),
        ("Vem är ordf i regionsjukvårdsledningen?", "Martin Engdahl", ""),
        ("Vem är biträdande verksamhetschef för RCC Sydöst?", "Per Sandgren", ""),
    ],
)
def test_person_by_role_card(people, question, name, email) -> None:
    answer = people.ask(question)
    assert not answer.abstained and answer.contacts, answer.answer
    assert (answer.contacts[0].name, answer.contacts[0].email) == (name, email)


def test_card_carries_body_and_region(people) -> None:
    card = people.ask("Vem är ordförande i Norra regionvårdsnämnden?").contacts[0]
    assert card.to_json()["body"] == "Norra regionvårdsnämnden"
    assert card.to_json()["region"] == "Norra sjukvårdsregionen"


@pytest.mark.parametrize(
    "question,role,body",
    [
        ("Vem är sekreterare i RCC Norr?", "sekreterare", "RCC Norr"),  # RCC Norr's head is no secretary
        # Norra has a regionvårdsnämnd with a chair, but no samverkansnämnd
        ("Vem är ordförande i samverkansnämnden i Norra sjukvårdsregionen?", "ordförande", "samverkansnämnden i Norra sjukvårdsregionen"),
        ("Vem är vice ordförande i RPO rörelseorganens sjukdomar?", "vice ordförande", "RPO rörelseorganens sjukdomar"),
        ("Vem är sekreterare på RCC Sydöst?", "sekreterare", "RCC Sydöst"),
    ],
)
def test_role_the_body_does_not_have_is_declined_by_name(people, question, role, body) -> None:
    answer = people.ask(question)
    assert answer.abstained and not answer.contacts
    assert answer.answer == prompts.text("answer.no_role_holder", role=role, body=body)


def test_nobody_leading_the_named_body_is_declined(people) -> None:
    answer = people.ask("Vem leder tjänstemannaberedningen i Sydöstra sjukvårdsregionen?")
    assert answer.abstained and not answer.contacts
    assert answer.answer == prompts.text("answer.no_leader", body="tjänstemannaberedningen i Sydöstra sjukvårdsregionen")


def test_english_decline_is_in_english(people) -> None:
    answer = people.ask("Who is the chair of the Gotland patient council?")
    assert answer.abstained and not answer.contacts
    assert answer.answer == prompts.text("answer.no_role_holder", lang="en", role="chair", body="the Gotland patient council")


def test_newer_member_list_wins(people) -> None:
    answer = people.ask("Vem är ordförande i den sjukvårdsregionala ledningsgruppen i västra sjukvårdsregionen?")
    assert [c.name for c in answer.contacts] == ["Henrik Alm"]
    assert "2024-01-15" in answer.answer


def test_newer_list_of_the_same_title_wins(people) -> None:
    answer = people.ask("Vem är sekreterare i ledningsgruppen för nära vård i Värmland?")
    assert [c.name for c in answer.contacts] == ["Hanna Ström"]


def test_name_not_in_the_documents(people) -> None:
    answer = people.ask("Vem är Ingvar Holmqvist?")
    assert answer.abstained and not answer.contacts
    assert answer.answer == prompts.text("answer.contact_not_found", query="Ingvar Holmqvist")


def test_follow_up_switches_the_role(people) -> None:
    answers = ask_turns(people, ["Vem är ordförande i Norra regionvårdsnämnden?", "och vice ordförande?"])
    assert [a.contacts[0].name for a in answers] == ["Gunnar Lundström", "Karin Wahlberg"]
    answers = ask_turns(people, ["Vem är verksamhetschef för RCC Väst?", "och vem är biträdande?"])
    assert [a.contacts[0].name for a in answers] == ["Anna Sjöström", "Erik Holmberg"]


def test_follow_ups_keep_the_body_asked_before(people) -> None:
    """"and the vice chair?", "and the secretary?": the northern board, not any board."""
    answers = ask_turns(people, ["Who chairs the northern regional healthcare board?", "and the vice chair?", "and the secretary?"])
    assert [a.contacts[0].name for a in answers] == ["Gunnar Lundström", "Karin Wahlberg", "Mats Sjöberg"]
    answers = ask_turns(people, ["Vem leder RCC Väst?", "och vem är biträdande?"])
    assert [a.contacts[0].name for a in answers] == ["Anna Sjöström", "Erik Holmberg"]
