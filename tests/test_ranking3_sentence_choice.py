"""The right sentence first on documents in unseen layouts (eval/ranking3: an HTML FAQ page
whose sections ingest merged into one passage, a Word routine, minutes in paragraphs; and
eval/lead_holdout2's minutes): the section heading above a sentence counts for it, "hur
ofta" wants a frequency (a year is no answer), "how many times" wants a count, a holder by
compound title answers "till vem", and a minutes section is about the body its header names."""

from __future__ import annotations

from pathlib import Path

import pytest

from answer.sentence_shape import (
    asks_frequency,
    carries_frequency,
    names_holder,
    section_heading,
    split_paragraph_marks,
)
from tests.own_corpus import OWN, answerer_with

RANKING3 = OWN.parent / "ranking3"
LEAD_HOLDOUT2 = OWN.parent / "lead_holdout2"


@pytest.fixture(scope="module")
def ranking(tmp_path_factory: pytest.TempPathFactory, config, built_index):
    return answerer_with(Path(tmp_path_factory.mktemp("ranking3")), config, RANKING3)


@pytest.fixture(scope="module")
def minutes(tmp_path_factory: pytest.TempPathFactory, config, built_index):
    return answerer_with(Path(tmp_path_factory.mktemp("lead_holdout2")), config, LEAD_HOLDOUT2)


def test_frequency_is_a_rate_not_a_year() -> None:
    assert asks_frequency("hur ofta traffas gruppen") and asks_frequency("how often does the board meet")
    assert not asks_frequency("how many times will the board meet in 2025")
    assert carries_frequency("Gruppen möts varannan månad.")
    assert carries_frequency("Rådet sammanträder fyra gånger per år.")
    assert carries_frequency("Nämnden sammanträder fyra gånger under 2025.")
    assert not carries_frequency("Rapporten sammanfattar verksamhetsåret 2024 för ambulanssjukvården.")
    assert not carries_frequency("Vid behov kallas till extra möten.")


def test_holder_by_compound_title() -> None:
    assert names_holder("Rapporten lämnas till hälso- och sjukvårdsdirektören.")
    assert names_holder("Rådet leds av ordföranden.")
    assert not names_holder("Gäller för: all hälso- och sjukvård i Region Sörmland.")


def test_section_heading_inside_a_passage() -> None:
    parts = ["Vem ingår i gruppen?", "Tre chefer ingår.", "Hur ofta träffas gruppen?", "Gruppen möts varannan månad."]
    assert section_heading(parts, 3) == "Hur ofta träffas gruppen?"
    assert section_heading(parts, 1) == "Vem ingår i gruppen?"
    assert section_heading(parts, 2) == ""  # a heading has none of its own


def test_minutes_paragraphs_are_split() -> None:
    joined = ["Protokollet lades till handlingarna. § 23 Budget 2026 Kansliet presenterade förslaget."]
    assert split_paragraph_marks(joined) == ["Protokollet lades till handlingarna.", "§ 23 Budget 2026 Kansliet presenterade förslaget."]
    titled = ["SAMVERKANSAVTAL för Sydöstra sjukvårdsregionen 2023–2026 § 1 Parter Parter i avtalet är tre regioner."]
    assert split_paragraph_marks(titled)[0] == "SAMVERKANSAVTAL för Sydöstra sjukvårdsregionen 2023–2026"
    reference = ["Uppsägning sker enligt § 5 i avtalet."]
    assert split_paragraph_marks(reference) == reference


def test_how_long_is_the_notice_period_asks_for_a_duration(answerer) -> None:
    from answer.query import analyse

    generation = answerer.searcher.generation
    assert analyse("Hur lång är uppsägningstiden för avtalet?", generation).expected == "duration"
    assert analyse("Hur lång är mandatperioden?", generation).expected == "duration"


def test_agreement_notice_period_from_its_paragraph(tmp_path_factory: pytest.TempPathFactory, config, built_index) -> None:
    """The agreement's title line carries its years ("2023–2026") but answers no "hur lång"."""
    near = answerer_with(Path(tmp_path_factory.mktemp("near_topic")), config, OWN.parent / "near_topic")
    line = _first_line(near, "Hur lång är uppsägningstiden för samverkansavtalet i sydöstra sjukvårdsregionen?")
    assert "18 månader" in line


def _first_line(answerer, question: str) -> str:
    answer = answerer.ask(question)
    assert not answer.abstained, answer.answer
    return answer.answer.splitlines()[0]


def test_faq_answer_under_its_question_heading(ranking) -> None:
    line = _first_line(ranking, "Hur ofta träffas samverkansgruppen för prehospital akutsjukvård i Västmanland?")
    assert "varannan månad" in line


def test_holder_by_title_answers_to_whom(ranking) -> None:
    line = _first_line(ranking, "Till vem lämnas den årliga utbrottsrapporten i Sörmland?")
    assert "hälso- och sjukvårdsdirektören" in line


def test_how_many_times_is_a_count(minutes) -> None:
    line = _first_line(minutes, "How many times will the Sydöstra samverkansnämnd meet in 2025?")
    assert "fyra gånger under 2025" in line


def test_minutes_section_under_its_bodys_header(minutes) -> None:
    """The section of the minutes that holds "Nästa sammanträde" names no region; its header does."""
    answer = minutes.ask("När och var har samverkansnämnden i Sydöstra sitt nästa sammanträde efter mötet i mars 2025?")
    assert not answer.abstained, answer.answer
    assert "13 juni 2025 i Jönköping" in answer.citations[0].text


def test_english_plural_which_asks_for_a_list(answerer) -> None:
    """"Which regions are parties …" asks for several; "Which group coordinates …" for one."""
    from answer.compose import asks_for_list
    from answer.query import analyse

    generation = answerer.searcher.generation
    assert asks_for_list(analyse("Which regions are parties to the south-east collaboration agreement?", generation))
    assert not asks_for_list(analyse("Which group coordinates the health platform?", generation))
