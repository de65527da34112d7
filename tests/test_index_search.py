"""Hybrid search over the session index: OCR-folded keyword matching, question text that
is never query syntax, and a Searcher that follows newly published generations."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.build import ingest_corpus
from index.search import MAX_QUESTION_CHARS, IndexMissing, Searcher, query_terms
from ingest.normalize import is_stopword

PLAN = "sodra-sjukvardsregionen-verksamhetsplan.pdf"


@pytest.fixture(scope="module")
def searcher(answerer) -> Searcher:
    return answerer.searcher


def _top(searcher: Searcher, question: str, mode: str, k: int = 5) -> list[dict]:
    return searcher.passages([h.passage_id for h in searcher.search(question, k=k, mode=mode)])


@pytest.mark.parametrize("question", ["Södra regionvårdsnämnden budget", "S6dra regionvardsnamnden budget faststalls"])
def test_keyword_search_folds_ocr_damage(searcher: Searcher, question: str) -> None:
    """The passage shows the repaired text and keeps the text layer as read; a question in
    either spelling finds it."""
    rows = _top(searcher, question, "keyword")
    assert rows
    top = rows[0]
    assert top["document"] == PLAN
    assert "Budget fastställs för varje mandatperiod av Södra regionvårdsnämnden" in top["text"]
    assert "Budget faststalls for varje mandatperiod av S6dra regionvardsnamnden" in top["raw_text"]
    assert top["page"].startswith("8")


@pytest.mark.parametrize("mode", ["stems", "grams"])
def test_each_keyword_side_finds_the_ocr_passage(searcher: Searcher, mode: str) -> None:
    rows = _top(searcher, "Södra regionvårdsnämnden budget", mode)
    assert "Budget fastställs" in rows[0]["text"]


def test_hybrid_search_ranks_and_reports_ranks(searcher: Searcher) -> None:
    hits = searcher.search("Vem fastställer budgeten för Södra sjukvårdsregionen?", k=5)
    assert len(hits) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert set(hits[0].ranks) <= {"stems", "grams", "vector"} and hits[0].ranks
    assert -1.0 <= hits[0].similarity <= 1.0
    assert "Budget fastställs" in searcher.passages([hits[0].passage_id])[0]["text"]


def test_phrase_order_breaks_ties_in_hybrid(searcher: Searcher) -> None:
    """The passage that names "Samarbete för bättre vård" as a phrase comes first."""
    rows = _top(searcher, "Vad är Samarbete för bättre vård?", "hybrid")
    assert "under namnet Samarbete för bättre vård" in rows[0]["text"]


def test_vector_search_returns_distinct_passages(searcher: Searcher) -> None:
    ranked = searcher.rank_vector("Hur fungerar samverkan i Blekinge?", 10)
    ids = [pid for pid, _ in ranked]
    assert len(ids) == len(set(ids)) == 10
    scores = [s for _, s in ranked]
    assert scores == sorted(scores, reverse=True)


def test_query_terms_are_folded_content_stems() -> None:
    assert query_terms('Vem fastställer "budgeten" AND NEAR(Södra*') == ["faststall", "budget", "near", "sodr"]
    assert query_terms("och i för det") == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000))
def test_query_builder_yields_only_plain_terms(question: str) -> None:
    terms = query_terms(question)
    assert all(re.fullmatch(r"[0-9a-z]+", t) for t in terms)
    assert not any(is_stopword(t) for t in terms)
    assert query_terms(question) == query_terms(question[:MAX_QUESTION_CHARS])


@pytest.mark.parametrize(
    "question",
    ['NEAR( "x" AND *', 'a"b', ")))", "x" * 10000, "* OR AND NOT", '"', "-", "^title:budget", "ÅÄÖ { } [ ]", "🙂"],
)
@pytest.mark.parametrize("mode", ["hybrid", "keyword", "stems", "grams"])
def test_search_never_errors_on_fts_syntax(searcher: Searcher, question: str, mode: str) -> None:
    hits = searcher.search(question, k=5, mode=mode)
    assert isinstance(hits, list) and len(hits) <= 5


def test_coverage_separates_answerable_from_unanswerable(searcher: Searcher) -> None:
    good = "Vem fastställer budgeten för Södra sjukvårdsregionen?"
    bad = "Vad kostar det att parkera vid Blekingesjukhuset?"
    assert searcher.coverage(good, searcher.search(good, 1)[0].passage_id) >= 0.4
    assert searcher.coverage(bad, searcher.search(bad, 1)[0].passage_id) < 0.4


def test_missing_index(config, tmp_path) -> None:
    from dataclasses import replace

    with pytest.raises(IndexMissing, match="samverkan ingest"):
        Searcher(replace(config, data_dir=tmp_path / "tom")).search("budget")


def test_searcher_picks_up_a_new_generation(fresh_index_config) -> None:
    config = fresh_index_config()
    ingest_corpus(config)
    searcher = Searcher(config)
    first = searcher.generation.path
    assert searcher.search("väntelistehantering", k=5, mode="stems") == []
    with open(config.corpus_dir / "samarbete-for-battre-vard.txt", "a", encoding="utf-8") as handle:
        handle.write("\n\nKansliet samordnar en gemensam väntelistehantering för regionerna.\n")
    ingest_corpus(config)
    hits = searcher.search("väntelistehantering", k=5, mode="stems")
    assert searcher.generation.path != first
    assert len(hits) == 1
    assert "väntelistehantering" in searcher.passages([hits[0].passage_id])[0]["text"]


def test_one_answer_reuses_its_rankings_as_copies(config, built_index) -> None:
    """The same query twice in one answer is ranked once; each caller gets its own copies, and a
    new answer ranks afresh."""
    from index.search import Searcher

    searcher = Searcher(config)
    searcher.new_answer()
    first = searcher.search("Vem fastställer budgeten?", k=3)
    first[0].score = -1.0
    again = searcher.search("Vem fastställer budgeten?", k=5)
    assert [h.passage_id for h in again[:3]] == [h.passage_id for h in first] and again[0].score > 0
    assert len(searcher._local.memo) == 1
    searcher.new_answer()
    assert searcher._local.memo == {}
