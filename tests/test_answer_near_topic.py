"""Near-topic questions on documents in other layouts (eval/near_topic: Västra's plan in
Markdown, Sydöstra's agreement in paragraphs, an HTML FAQ from Örebro län) beside the real
corpus: declined when the passage lacks a key term, a year or the asked-for attribute, and
answered when it carries them, in Swedish and in English."""

from __future__ import annotations

import pytest

import prompts
from tests.own_corpus import NEAR_TOPIC, own_answerer


@pytest.fixture(scope="module")
def near(tmp_path_factory, config, built_index):
    return own_answerer(tmp_path_factory.mktemp("near_topic"), config, NEAR_TOPIC, "*.*")


def test_missing_attribute_is_named(near) -> None:
    answer = near.ask("Vilket telefonnummer har kansliet i Västra sjukvårdsregionen?")
    assert answer.abstained and answer.kind == "decline"
    assert answer.answer.splitlines()[0] == prompts.text("answer.missing_phone", name="kansliet i Västra sjukvårdsregionen")


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("Hur ofta träffas samverkansberedningen i Region Kalmar län?", "samverkansberedningen"),  # another region
        ("Hur många ledamöter har regionalt samverkansråd i Sydöstra sjukvårdsregionen?", "samverkansråd"),  # body
        ("Hur stor är budgeten för det sjukvårdsregionala samarbetet i Västra sjukvårdsregionen 2023?", "2023"),
    ],
)
def test_another_region_body_or_year_is_declined(near, question: str, named: str) -> None:
    answer = near.ask(question)
    assert answer.abstained and answer.kind == "decline", answer.answer
    assert named in answer.answer.splitlines()[0]


@pytest.mark.parametrize(
    "question",
    [
        "Hur många kommuner ingår i vårdsamverkan i Region Kalmar län?",  # "de två lärosätena" counts no kommuner
        "När bildades Vårdsamverkan Örebro län?",  # "Senast uppdaterad 2024-09-02" is the page's date
    ],
)
def test_a_value_of_the_type_that_answers_something_else_is_no_answer(near, question: str) -> None:
    answer = near.ask(question)
    assert answer.abstained and answer.kind == "decline", answer.answer


def test_a_count_of_the_asked_noun_is_an_answer(near) -> None:
    answer = near.ask("Hur många ersättare utser varje region till samverkansnämnden i Sydöstra sjukvårdsregionen?")
    assert not answer.abstained
    assert "fyra ersättare" in answer.answer


def test_a_role_question_needs_a_person(near) -> None:
    """The plan says the office is led by a kanslichef but names nobody."""
    answer = near.ask("Vem är kanslichef för det sjukvårdsregionala kansliet i Västra sjukvårdsregionen?")
    assert answer.abstained and not answer.contacts


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("Hur ofta sammanträder regionalt samverkansråd i Västra sjukvårdsregionen?", "sex gånger per år"),
        ("Hur stor är budgeten för det sjukvårdsregionala samarbetet i västra sjukvårdsregionen 2025?", "48,5 miljoner"),
        ("Hur länge gäller samverkansavtalet i Sydöstra sjukvårdsregionen?", "31 december 2026"),
        ("Var finns kansliet för Vårdsamverkan Örebro län?", "Eklundavägen 1"),
        ("How often does the committee of the south-east healthcare region meet?", "minst tre gånger per år"),
        ("What is the budget of the western healthcare region in 2025?", "48,5 miljoner"),
    ],
)
def test_answerable_questions_are_answered(near, question: str, fact: str) -> None:
    answer = near.ask(question)
    assert not answer.abstained, answer.answer
    assert fact in answer.citations[0].text


def test_an_english_decline_is_in_english(near) -> None:
    answer = near.ask("What is the budget of the south-east healthcare region for 2025?")
    assert answer.abstained
    assert answer.answer.endswith(prompts.text("answer.abstain", lang="en"))


# -- the sample corpus ----------------------------------------------------------------


def test_phone_of_an_office_the_documents_do_not_give(answerer) -> None:
    answer = answerer.ask("telefonnummer till RCC Syds kansli")
    assert answer.abstained and answer.kind == "decline"
    assert answer.answer.splitlines()[0] == prompts.text("answer.missing_phone", name="RCC Syds kansli")


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("vem är regiondirektör i Region Skåne", "regiondirektör"),  # the role is only named for Blekinge
        ("budget 2024", "2024"),  # the budget is described, but for no year
        ("Hur ofta träffas samverkansnämnden i Södra sjukvårdsregionen?", "samverkansnämnden"),  # Sydöstra's body
    ],
)
def test_near_topic_questions_on_the_sample_corpus(answerer, question: str, named: str) -> None:
    answer = answerer.ask(question)
    assert answer.abstained and answer.kind == "decline", answer.answer
    assert named in answer.answer.splitlines()[0]


def test_a_role_held_by_a_function_is_an_answer(answerer) -> None:
    """"Direktören på kansliet är ordförande" answers who chairs, though it names nobody."""
    answer = answerer.ask("Vem är ordförande för ledningsgruppen i Södra sjukvårdsregionen?")
    assert not answer.abstained
    assert "Direktören" in answer.answer.splitlines()[0]  # the first line is the fact


def test_a_list_question_gets_the_lead_in_with_its_items(answerer) -> None:
    answer = answerer.ask("Vilka exempel på prioriteringar finns i Blekinges samverkanskarta?")
    assert not answer.abstained
    lines = answer.answer.splitlines()
    lead = next(i for i, line in enumerate(lines) if "Exempel på prioriteringar" in line)
    assert lines[lead + 1].lstrip().startswith("– Främja")
