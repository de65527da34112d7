"""Question analysis: language, intent, expected answer type, entities and terms, once per question."""

from __future__ import annotations

import pytest

from answer.query import analyse


@pytest.fixture(scope="module")
def gen(answerer):
    return answerer.searcher.generation


@pytest.mark.parametrize(
    ("question", "intent", "expected"),
    [
        ("Hur många delprojekt finns det?", "count", "number"),
        ("Hur mycket pengar finns i fonden?", "count", "amount"),
        ("hur ofta möts gruppen?", "date", "date"),
        ("var sitter kontoret?", "place", "place"),
        ("Vem leder arbetet?", "person", "person"),
        ("Vad innebär nivåstrukturering?", "definition", "description"),
        ("Who leads the work?", "person", "person"),
        ("hur når jag henne?", "other", "description"),
    ],
)
def test_intent_and_expected_type(gen, question: str, intent: str, expected: str) -> None:
    query = analyse(question, gen)
    assert (query.intent, query.expected) == (intent, expected)


def test_regions_in_any_form_and_abbreviations(gen) -> None:
    query = analyse("Vem är Skånes kontakt för RCC Syd och Region Kronobergs?", gen)
    kinds = {(e.kind, e.name) for e in query.entities}
    assert ("region", "Region Skåne") in kinds and ("region", "Region Kronoberg") in kinds
    assert ("body", "RCC Syd") in kinds


def test_health_regions_are_entities_and_rivals_push_down(gen) -> None:
    query = analyse("Vilka fokusområden har Sydöstra sjukvårdsregionen?", gen)
    assert [e.kind for e in query.entities] == ["healthregion"]
    search = query.search_query(gen)
    assert search.entities and search.rivals  # Södra is in the corpus: a rival


def test_english_is_detected_and_mapped_to_swedish(gen) -> None:
    query = analyse("Who decides the budget in Jönköping?", gen)  # a Swedish name does not make it Swedish
    assert query.lang == "en"
    assert "beslutar" in query.swedish
    assert not query.unknown


def test_unknown_content_words_are_listed(gen) -> None:
    query = analyse("Vad gör Södra sjukvårdsregionens patientråd?", gen)
    assert query.unknown == [t for t in query.terms if t.startswith("patientr")]


@pytest.mark.parametrize("text", ["hej!", "tack så mycket", "Hej, vad kan du hjälpa mig med?", "hello", "thanks!"])
def test_small_talk(gen, text: str) -> None:
    assert analyse(text, gen).intent == "smalltalk"


@pytest.mark.parametrize(
    "text", ["Hej, vem leder hälsoplattformen?", "Vem är Gunilla Palmqvist?", "tack för budgeten 2024"]
)
def test_content_is_not_small_talk(gen, text: str) -> None:
    assert analyse(text, gen).intent != "smalltalk"
