"""The keyword index: BM25 over a sparse matrix, fuzzy vocabulary expansion, storage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.keyword import KeywordIndex
from index.search import Searcher
from index.store import Store


@pytest.fixture(scope="module")
def keyword(answerer) -> KeywordIndex:
    return answerer.searcher.generation.keyword


def _terms(index: KeywordIndex, term: str) -> dict[str, float]:
    return {index.terms[row]: share for row, share in index.expand(term)}


def test_matrix_has_one_column_per_passage(keyword: KeywordIndex, session_passages) -> None:
    assert keyword.size == len(session_passages) == keyword.matrix.shape[1]
    assert sorted(keyword.passage_ids.tolist()) == sorted(p["id"] for p in session_passages)
    assert keyword.matrix.shape[0] == len(keyword.terms) == len(keyword.df)


def test_document_frequency_counts_passages(keyword: KeywordIndex, session_passages) -> None:
    expected = sum("budget" in p["stems"].split() for p in session_passages)
    assert expected > 0
    assert keyword.df[keyword.term_ids["budget"]] == expected
    assert keyword.idf("budget") > keyword.idf("region")  # rarer weighs more
    assert keyword.idf("finnsintehar") > keyword.idf("budget")


def test_expansion_finds_compounds_and_inflections(keyword: KeywordIndex) -> None:
    expanded = _terms(keyword, "kompetensrad")  # "kompetensråd" is only used inside compounds
    assert "vardkompetensrad" in expanded
    assert _terms(keyword, "budget")["budget"] == 1.0  # the term itself first, with share 1
    assert list(_terms(keyword, "budget"))[0] == "budget"


def test_expansion_ignores_unrelated_words(keyword: KeywordIndex) -> None:
    assert _terms(keyword, "xyzzyq") == {}
    assert all(share >= 0.6 for share in _terms(keyword, "prioriter").values())


def test_fuzzy_side_finds_a_compound_the_stems_miss(answerer) -> None:
    searcher: Searcher = answerer.searcher
    question = "kompetensrådet"
    assert searcher.rank_stems(question, 5) == []
    rows = searcher.passages(searcher.rank_grams(question, 5))
    assert rows and "kompetensråd" in rows[0]["text"].lower().replace("vardkompetensrad", "vårdkompetensråd")


def test_saved_index_loads_identically(keyword: KeywordIndex, config, tmp_path: Path) -> None:
    keyword.save(tmp_path)
    loaded = KeywordIndex.load(tmp_path)
    assert loaded.terms == keyword.terms
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(loaded.matrix, part), getattr(keyword.matrix, part))
    assert loaded.top(loaded.exact_weights(["budget"]), 3) == keyword.top(keyword.exact_weights(["budget"]), 3)
    assert loaded.expand("kompetensrad") == keyword.expand("kompetensrad")
    current = Store(config.data_dir).current()
    assert current is not None and (current / "keyword.npz").exists()


def test_empty_index_answers_nothing(tmp_path: Path) -> None:
    empty = KeywordIndex.build([])
    empty.save(tmp_path)
    loaded = KeywordIndex.load(tmp_path)
    assert loaded.size == 0
    assert loaded.top(loaded.exact_weights(["budget"]), 5) == []
    assert loaded.top(loaded.fuzzy_weights(["budget"]), 5) == []


def test_expansion_equals_counting_grams_over_the_whole_vocabulary(keyword: KeywordIndex) -> None:
    """The bincount expansion gives what a plain count of shared grams per vocabulary term
    gives: same terms, same shares, same order (misspellings, compounds, inflections)."""
    from index.keyword import FUZZY_LIMIT, FUZZY_MIN_SHARE, GRAM_SIZES
    from ingest.normalize import word_grams

    vocabulary = {t: set(word_grams(t, GRAM_SIZES)) for t in keyword.terms}

    def plain(term: str) -> list[tuple[str, float]]:
        grams = set(word_grams(term, GRAM_SIZES))
        shares = {t: len(grams & own) / len(grams) for t, own in vocabulary.items()}
        found = [(t, s) for t, s in shares.items() if s >= FUZZY_MIN_SHARE - 1e-6]
        found.sort(key=lambda x: (-x[1], len(vocabulary[x[0]]), keyword.term_ids[x[0]]))
        return found[:FUZZY_LIMIT]

    for term in ("kompetensrad", "samverkansnamd", "regionn", "budget", "ordforande", "xyzzyq", "vard"):
        ours = [(keyword.terms[row], share) for row, share in keyword.expand(term)]
        expected = plain(term)
        assert sorted(t for t, _ in ours) == sorted(t for t, _ in expected), term
        assert [round(s, 5) for _, s in ours] == [round(s, 5) for _, s in expected], term
