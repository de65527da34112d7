"""Answerability from evidence: decline with the missing thing named; answer when a sentence
carries the entities and an answer of the expected type; small talk gets help."""

from __future__ import annotations

import pytest

import prompts
from tests.own_corpus import own_answerer


@pytest.fixture(scope="module")
def own(tmp_path_factory, config, built_index):
    return own_answerer(tmp_path_factory.mktemp("own"), config)


def test_missing_attribute_is_named(answerer) -> None:
    answer = answerer.ask("Vilket telefonnummer har Karin Nedfors?")
    assert answer.abstained
    assert answer.answer == prompts.text("answer.missing_phone", name="Karin Nedfors")


def test_region_not_in_the_contact_list_declines(answerer) -> None:
    answer = answerer.ask("Vem är kontaktperson för Region Östergötland i SBHSS hälsoplattform?")
    assert answer.abstained and not answer.contacts
    assert "Östergötland" in answer.answer


def test_a_university_is_not_a_region(answerer) -> None:
    answer = answerer.ask("Who is the contact person for Jönköping University in the SBHSS health platform?")
    assert answer.abstained and not answer.contacts


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("Vad gör Södra sjukvårdsregionens patientråd?", "patientråd"),
        (
            "Vem representerar Västra Götalandsregionen i Södra sjukvårdsregionens ledningsgrupp?",
            "Västra Götalandsregionen",
        ),
        ("Hur mycket pengar finns i den sjukvårdsregionala utvecklings- och utbildningsfonden?", ""),
        ("Vem är sekreterare i Södra regionvårdsnämnden?", "sekreterare"),
    ],
)
def test_near_topic_questions_decline(answerer, question: str, missing: str) -> None:
    answer = answerer.ask(question)
    assert answer.abstained, answer.answer
    assert answer.kind == "decline"
    assert missing in answer.answer


def test_a_name_not_in_the_documents(answerer) -> None:
    answer = answerer.ask("Vem är Eva-Lena Aspetorp?")
    assert answer.abstained and not answer.contacts
    assert "finns inte i dokumenten" in answer.answer


@pytest.mark.parametrize("text", ["hej!", "tack så mycket", "vad kan du?", "hello"])
def test_small_talk_gets_help_with_examples_from_the_documents(answerer, text: str) -> None:
    answer = answerer.ask(text)
    assert answer.kind == "help" and not answer.abstained
    examples = [line for line in answer.answer.splitlines() if line.startswith("• ")]
    assert len(examples) == 3
    headings = {" ".join(h.split()).lower() for h, _ in answerer.searcher.generation.headings}
    assert all(any(h in e.lower() for h in headings) for e in examples)


def test_english_question_answered_from_swedish_text(answerer) -> None:
    answer = answerer.ask("How many proposals are in the national plan for healthcare skills supply?")
    assert not answer.abstained and answer.lang == "en"
    assert "25 forslag" in answer.answer


def test_person_by_role_from_a_member_list(own) -> None:
    answer = own.ask("Vem är ordförande i samverkansnämnden i Norra sjukvårdsregionen?")
    assert answer.contacts[0].name == "Erik Nyström"  # the 2024 list, not 2022's Anna Lindqvist
    assert "Erik Nyström" in answer.answer.splitlines()[1]


def test_vice_chair_is_not_chair(own) -> None:
    answer = own.ask("Vem är vice ordförande i Norra sjukvårdsregionens samverkansnämnd?")
    assert answer.contacts and {c.name for c in answer.contacts} <= {"Anna Lindqvist", "Per Olofsson"}
    assert answer.contacts[0].name == "Anna Lindqvist"  # vice in 2024 (Per Olofsson was vice in 2022)
    assert "Erik Nyström" not in answer.answer


def test_newer_member_list_wins_and_shows_its_date(own) -> None:
    answer = own.ask("Vilka ledamöter har samverkansnämnden i Norra sjukvårdsregionen?")
    assert answer.citations[0].document == "norra-samverkansnamnd-ledamoter-2024.txt"
    assert "2024-01-15" in answer.answer.splitlines()[0]


def test_role_holder_card_from_a_contact_table(own) -> None:
    answer = own.ask("Vem är verksamhetschef på RCC Norr?")
    assert answer.contacts and answer.contacts[0].name == "Ingrid Wallin"


def test_two_similar_bodies_in_different_regions(answerer) -> None:
    south = answerer.ask("Vilka programområden är Södra sjukvårdsregionen vårdregion för?")
    south_east = answerer.ask("Vilka programområden har Sydöstra sjukvårdsregionen värdskap för?")
    assert south.citations[0].document.startswith("sodra")
    assert south_east.citations[0].document.startswith("sydostra")
