"""Person-by-role answers on the second round of own layouts (eval/people, tune documents):
ordinal vice chairs, periods, a person before a function mailbox, a convener, English prose,
NPO label lines and qualifiers, the passage answer's person as first card, phones, and a
role word in the genitive that asks for no role holder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.own_corpus import answerer_with_files

PEOPLE = Path(__file__).resolve().parent.parent / "eval" / "people"
DOCUMENTS = (
    "beredning-regional-samverkan-vast.md", "patientnamnden-sormland-presidium.txt",
    "protokoll-lakemedelsradet-sydost-2024-04.txt", "kunskapsradet-norra-ledamoter-2019-2022.md",
    "kunskapsradet-norra-ledamoter-2023-2026.md", "ledningsgrupp-vardsamverkan-gavleborg.html",
    "knowledge-management-central-sweden-en.txt", "npo-hjart-och-karlsjukdomar.html", "npo-endokrina-sjukdomar.html",
    "samverkansrad-ehalsa-stockholm-gotland.txt", "samverkanskansli-dalarna.txt",
)


@pytest.fixture(scope="module")
def people(tmp_path_factory, config, built_index):
    return answerer_with_files(tmp_path_factory.mktemp("layouts"), config, [PEOPLE / name for name in sorted(DOCUMENTS)])


@pytest.mark.parametrize(
    "question,name",
    [
        ("Vem är förste vice ordförande i beredningen för regional samverkan i Västra sjukvårdsregionen?", "Lena Wikström"),
        ("Vem är ersättare i beredningen för regional samverkan i Västra sjukvårdsregionen?", "Emil Axelsson"),
        ("Vem är 2:e vice ordförande i patientnämnden i Region Sörmland?", "Gunilla Sandberg"),
        ("Vem är vice ordförande i läkemedelsrådet i Sydöstra sjukvårdsregionen?", "Magnus Thorsell"),
        ("Vem var ordförande i kunskapsrådet i Norra sjukvårdsregionen under mandatperioden 2019–2022?", "Per-Olof Lindgren"),
        ("Vem var ordförande i kunskapsrådet i Norra sjukvårdsregionen 2020?", "Per-Olof Lindgren"),
        ("Vem är ordförande i kunskapsrådet i Norra sjukvårdsregionen nu?", "Ingrid Bäckström"),
        ("Vem kan jag kontakta om ledningsgruppen för vårdsamverkan i Gävleborg?", "Niklas Öberg"),
        ("Vem är sammankallande i ledningsgruppen för vårdsamverkan i Gävleborg?", "Annika Sjögren"),
        ("Vem håller i ledningsgruppen för vårdsamverkan i Gävleborg?", "Annika Sjögren"),
        ("Who heads the knowledge management office in Central Sweden?", "Sara Lindholm"),
        ("Vem är patientprocessledare för prostatacancer i Mellansverige?", "Oskar Widén"),
        ("Who is the process leader for lung cancer in Central Sweden?", "Hanna Lövgren"),
        ("Vem är processledare för NPO endokrina sjukdomar?", "Kristoffer Dahlin"),
        ("Vem representerar Västra sjukvårdsregionen i NPO hjärt- och kärlsjukdomar?", "Mikael Fransson"),
        ("Vem är ordförande i samverkansrådet för e-hälsa i Stockholm-Gotland?", "Ronja Kvist"),
    ],
)
def test_first_card(people, question: str, name: str) -> None:
    answer = people.ask(question)
    assert not answer.abstained and answer.contacts, answer.answer
    assert answer.contacts[0].name == name, answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Vem är andre vice ordförande i beredningen för regional samverkan i Västra sjukvårdsregionen?",
        "Vem var ordförande i kunskapsrådet i Norra sjukvårdsregionen 2015?",
        "Vem är sekreterare i NPO endokrina sjukdomar?",  # NPO hjärt- och kärlsjukdomar has one
        "Vem är sekreterare i NPO för endokrina sjukdomar?",
    ],
)
def test_declined(people, question: str) -> None:
    answer = people.ask(question)
    assert answer.abstained and not answer.contacts, answer.answer


def test_mailbox_follows_the_person(people) -> None:
    answer = people.ask("Vem kan jag kontakta om ledningsgruppen för vårdsamverkan i Gävleborg?")
    assert answer.contacts[0].name == "Niklas Öberg"
    assert any(c.email == "vardsamverkan@regiongavleborg.se" for c in answer.contacts[1:])


def test_card_shows_the_phone_the_source_gives(people) -> None:
    answer = people.ask("Vilket telefonnummer har kanslichefen för samverkansrådet för e-hälsa?")
    assert not answer.abstained and answer.contacts[0].phone == "08-123 456 70"
    assert "08-123 456 70" in answer.answer
    answer = people.ask("Vilket telefonnummer har ordföranden i samverkansrådet för e-hälsa?")
    assert not answer.abstained and answer.contacts[0].phone == "0498-26 81 15"
    # a phone in the person's sentence that extraction did not attach ("som nås på telefon …")
    answer = people.ask("Vilket telefonnummer har kanslichefen på samverkanskansliet i Dalarna?")
    assert not answer.abstained and answer.contacts[0].phone == "023-49 00 12", answer.answer


def test_a_role_word_in_the_genitive_asks_for_no_role_holder(people) -> None:
    answer = people.ask("Vem betalar ledamöternas resor till samverkansrådet för e-hälsa?")
    assert not answer.abstained and "betalar ledamöternas resor" in answer.answer


def test_no_card_from_another_health_care_region(people) -> None:
    answer = people.ask("Vilket telefonnummer har den som leder kansliet för vårdvalsrådet i Södra sjukvårdsregionen?")
    assert all(c.name != "Erik Holmström" for c in answer.contacts), answer.answer  # he leads Dalarna's
