"""Answerability on documents nobody tuned on (eval/answerability2: an FAQ page from
Norrbotten, minutes from Skaraborg, a Markdown table page from Östergötland, an English page
from Västerbotten, a process description, a news item) and on the minutes of eval/lead_holdout2:
answerable questions are answered even when the fact sits in a long section search ranks low,
the body is named by its head noun ("Rådet", "Nämnden") or the role by an abbreviation
("Ordf."); near-topic questions (another region, year, absent role or amount) stay declined."""

from __future__ import annotations

import pytest

from tests.own_corpus import OWN, answerer_with

UNSEEN = OWN.parent / "answerability2"
HOLDOUT2 = OWN.parent / "lead_holdout2"
HOLDOUT3 = OWN.parent / "lead_holdout3"


@pytest.fixture(scope="module")
def unseen(tmp_path_factory, config, built_index):
    return answerer_with(tmp_path_factory.mktemp("answerability2"), config, UNSEEN)


@pytest.fixture(scope="module")
def minutes(tmp_path_factory, config, built_index):
    return answerer_with(tmp_path_factory.mktemp("holdout2"), config, HOLDOUT2)  # the ranking of the whole set


@pytest.fixture(scope="module")
def federation(tmp_path_factory, config, built_index):
    return answerer_with(tmp_path_factory.mktemp("holdout3"), config, HOLDOUT3)


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("Hur ofta möts samverkansrådet i Norrbotten?", "fyra gånger per år"),  # "Rådet sammanträder …"
        ("Hur ofta sammanträder läkemedelskommittén i Östergötland?", "en gång i månaden"),  # "Kommittén …"
        ("Hur stor är budgeten för Vårdsamverkan Skaraborg 2025?", "1,8 miljoner kronor"),  # minutes
        ("Hur många anställda har regionförbundets kansli?", "nio medarbetare"),  # staff under another name
        ("When does the new director of the regional federation start?", "1 februari 2026"),  # English over Swedish news
    ],
)
def test_paraphrased_facts_are_answered(unseen, question: str, fact: str) -> None:
    answer = unseen.ask(question)
    assert not answer.abstained, answer.answer
    assert fact in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Vem är sekreterare i Samverkansrådet i Norrbotten?",  # the page names no secretary
        "Hur stor var budgeten för Vårdsamverkan Skaraborg 2023?",  # another year
        "Vem är ordförande i läkemedelskommittén i Region Kalmar län?",  # another region
        "What is the phone number of the secretariat in Västerbotten?",  # no phone on the page
        "Vilket IT-stöd används för SIP i Region Norrbotten?",  # the process is Jämtland's
        "Vem är ordförande i styrelsen för Regionförbundet Östra Mellansverige?",  # the news names no chair
        "Hur många anställda har Läkemedelskommittén i Östergötland?",  # its members are no staff count
    ],
)
def test_near_topic_questions_stay_declined(unseen, question: str) -> None:
    answer = unseen.ask(question)
    assert answer.abstained and answer.kind == "decline", answer.answer


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("Hur stor andel av patienterna utreddes inom standardiserat vårdförlopp i Sydöstra under 2024?", "61 procent"),
        ("Hur mycket ska de regionala priserna räknas upp i Sydöstra sjukvårdsregionen 2025?", "2,7 procent"),
        ("How many times will the Sydöstra samverkansnämnd meet in 2025?", "fyra gånger"),
    ],
)
def test_a_typed_fact_in_a_long_minutes_section_answers(minutes, question: str, fact: str) -> None:
    """The section holds five agenda items, so search ranks it below the minutes' opening; the
    fact of the asked type is still found before declining."""
    answer = minutes.ask(question)
    assert not answer.abstained, answer.answer
    assert fact in answer.answer.splitlines()[0]


def test_a_minutes_section_without_the_fact_is_still_declined(minutes) -> None:
    answer = minutes.ask("Hur stor andel av patienterna utreddes inom standardiserat vårdförlopp i Sydöstra under 2022?")
    assert answer.abstained and "2022" in answer.answer


def test_an_abbreviated_role_carries_the_role_key(federation) -> None:
    """"Ordf. Tove Nordmark (S)" names the ordförande the question asks for."""
    answer = federation.ask("Vem är ordförande för förbundsdirektionen i NRF?")
    assert not answer.abstained, answer.answer
    assert answer.contacts and answer.contacts[0].name == "Tove Nordmark"  # NRF: Norra sjukvårdsregionförbundet


def test_a_federation_named_in_the_genitive_is_a_key(federation) -> None:
    """"Norra sjukvårdsregionförbundets budget" is not answered by an amount for a team in
    norra Bohuslän; a section that says "förbundets" still answers about the federation."""
    budget = federation.ask("Hur stor är Norra sjukvårdsregionförbundets årliga budget?")
    assert budget.abstained and "Bohuslän" not in budget.answer
    members = federation.ask("Hur många ledamöter har förbundsdirektionen i Norra sjukvårdsregionförbundet?")
    assert not members.abstained and "12 ledamöter" in members.answer


def test_an_email_the_documents_do_not_give_is_named_missing(unseen) -> None:
    """The FAQ page names the chair without an address and the coordinator with one."""
    chair = unseen.ask("Vilken e-postadress har Maria Nilsson Lantto?")
    assert chair.abstained and "e-postadress" in chair.answer and "Maria Nilsson Lantto" in chair.answer
    coordinator = unseen.ask("Vilken e-postadress har Lina Pekkari?")
    assert not coordinator.abstained and "lina.pekkari@norrbottenskommuner.se" in coordinator.answer
