"""Hybrid search over the session index: OCR-folded keyword matching, safe FTS queries,
and a Searcher that follows newly published generations."""

from __future__ import annotations

import pytest

from index.build import ingest_corpus
from index.search import IndexMissing, Searcher, fts_query

PLAN = "sodra-sjukvardsregionen-verksamhetsplan.pdf"


@pytest.fixture(scope="module")
def searcher(answerer) -> Searcher:
    return answerer.searcher


def _top(searcher: Searcher, question: str, mode: str, k: int = 5) -> list[dict]:
    return searcher.passages([h.passage_id for h in searcher.search(question, k=k, mode=mode)])


def test_keyword_search_folds_ocr_damage(searcher: Searcher) -> None:
    rows = _top(searcher, "Södra regionvårdsnämnden budget", "keyword")
    assert rows
    top = rows[0]
    assert top["document"] == PLAN
    assert "S6dra regionvardsnamnden" in top["text"] or "Sodra" in top["text"]
    assert "Budget faststalls for varje mandatperiod av S6dra regionvardsnamnden" in top["text"]
    assert top["page"].startswith("8")


@pytest.mark.parametrize("mode", ["stems", "grams"])
def test_each_keyword_side_finds_the_ocr_passage(searcher: Searcher, mode: str) -> None:
    rows = _top(searcher, "Södra regionvårdsnämnden budget", mode)
    assert "Budget faststalls" in rows[0]["text"]


def test_hybrid_search_ranks_and_reports_ranks(searcher: Searcher) -> None:
    hits = searcher.search("Vem fastställer budgeten för Södra sjukvårdsregionen?", k=5)
    assert len(hits) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert set(hits[0].ranks) <= {"stems", "grams", "vector"} and hits[0].ranks
    assert -1.0 <= hits[0].similarity <= 1.0
    assert "Budget faststalls" in searcher.passages([hits[0].passage_id])[0]["text"]


def test_vector_search_returns_distinct_passages(searcher: Searcher) -> None:
    ranked = searcher.rank_vector("Hur fungerar samverkan i Blekinge?", 10)
    ids = [pid for pid, _ in ranked]
    assert len(ids) == len(set(ids)) == 10
    scores = [s for _, s in ranked]
    assert scores == sorted(scores, reverse=True)


def test_fts_query_quotes_every_term() -> None:
    assert fts_query(['a"b', "near(", "x", "x", ""]) == '"a""b" OR "near(" OR "x"'
    assert fts_query([]) == ""


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
