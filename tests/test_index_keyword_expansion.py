"""The keyword side's fast path gives the rankings of the plain one: stored gram
expansions, the prefix-filtered live expansion, one scoring pass for stems and grams,
and the sampled top-k bound; stored with the generation and rebuilt by every ingest."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from index.build import ingest_corpus
from index.keyword import MATRIX_NAME, KeywordIndex
from index.keyword_expansion import FUZZY_LIMIT, FUZZY_MIN_SHARE, GRAM_SIZES, STORED_EXPANSIONS
from index.query_translation import translate
from index.search import Searcher, query_terms
from index.store import Store
from ingest.normalize import word_grams
from settings import PROJECT_ROOT

DEV_FILES = (PROJECT_ROOT / "eval" / "dev_qa.jsonl", PROJECT_ROOT / "eval" / "dev_more.jsonl")


@pytest.fixture(scope="module")
def keyword(answerer) -> KeywordIndex:
    return answerer.searcher.generation.keyword


def _dev_terms() -> list[list[str]]:
    questions = [json.loads(line) for path in DEV_FILES for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    terms = [query_terms(translate(q["question"])) for q in questions if q.get("question")]
    assert len(terms) > 50
    return terms


class PlainKeyword:
    """The keyword side as it was before the fast path: shared grams counted over the
    whole vocabulary, idf with math.log, every passage scored, a full sort. The oracle."""

    def __init__(self, index: KeywordIndex) -> None:
        self.index = index
        self.grams = [set(word_grams(t, GRAM_SIZES)) for t in index.terms]

    def idf(self, term: str) -> float:
        row = self.index.term_ids.get(term)
        df = int(self.index.df[row]) if row is not None else 0
        return math.log((self.index.size - df + 0.5) / (df + 0.5) + 1.0)

    def expand(self, term: str) -> list[tuple[int, float]]:
        grams = set(word_grams(term, GRAM_SIZES))
        shares = [(row, len(grams & own) / len(grams)) for row, own in enumerate(self.grams)]
        found = [(row, share) for row, share in shares if share >= FUZZY_MIN_SHARE - 1e-6]
        found.sort(key=lambda x: (-x[1], len(self.grams[x[0]]), x[0]))
        return found[:FUZZY_LIMIT]

    def exact(self, terms: list[str]) -> dict[int, float]:
        return {self.index.term_ids[t]: float(n) for t, n in Counter(terms).items() if t in self.index.term_ids}

    def fuzzy(self, terms: list[str]) -> dict[int, float]:
        weights: dict[int, float] = {}
        for term, times in Counter(terms).items():
            for row, share in self.expand(term):
                row_idf = self.idf(self.index.terms[row])
                weight = times * share * min(1.0, self.idf(term) / row_idf)
                weights[row] = max(weights.get(row, 0.0), weight)
        return weights

    def scores(self, weights: dict[int, float]) -> np.ndarray:
        out = np.zeros(self.index.size, dtype=np.float64)
        m = self.index.matrix
        for row, weight in weights.items():
            out[m.indices[m.indptr[row] : m.indptr[row + 1]]] += weight * m.data[m.indptr[row] : m.indptr[row + 1]]
        return out

    def top(self, weights: dict[int, float], k: int) -> tuple[list[int], np.ndarray]:
        scores = self.scores(weights)
        matched = [i for i in np.argsort(-scores, kind="stable") if scores[i] > 0][:k]
        return self.index.passage_ids[matched].tolist(), scores


def _same_ranking(ours: list[int], theirs: list[int], scores: np.ndarray, index: KeywordIndex) -> bool:
    """Equal lists, or lists that differ only where the oracle's scores are equal (float
    sums in another order may swap passages of the same score)."""
    if len(ours) != len(theirs):
        return False
    row = {int(p): i for i, p in enumerate(index.passage_ids)}
    return all(abs(scores[row[a]] - scores[row[b]]) < 1e-5 for a, b in zip(ours, theirs, strict=True))


def test_stored_and_live_expansions_equal_counting_every_vocabulary_term(keyword: KeywordIndex) -> None:
    plain = PlainKeyword(keyword)
    stored = np.flatnonzero(keyword.expansions.stored)
    assert len(stored) == min(len(keyword.terms), STORED_EXPANSIONS)
    for row in stored.tolist():
        term = keyword.terms[row]
        expected = plain.expand(term)
        assert keyword.expansions.get(row) == keyword.vocabulary.expand(term), term
        assert sorted(r for r, _ in keyword.expand(term)) == sorted(r for r, _ in expected), term
        assert keyword.expand(term)[0] == (row, 1.0)  # a term is its own closest expansion
    for term in ("regionn", "samverknsnamd", "xyzzyq", "kompetensradet", "vardcentralerna", "a"):  # not in the vocabulary
        assert term not in keyword.term_ids
        ours = keyword.expand(term)
        assert sorted(r for r, _ in ours) == sorted(r for r, _ in plain.expand(term)), term
        assert [round(s, 5) for _, s in ours] == [round(s, 5) for _, s in plain.expand(term)], term


def test_one_pass_ranks_the_dev_questions_as_scoring_each_side_apart(keyword: KeywordIndex) -> None:
    plain = PlainKeyword(keyword)
    compared = 0
    for terms in _dev_terms():
        stems, grams = keyword.top_both(keyword.exact_weights(terms), keyword.fuzzy_weights(terms), 50)
        expected_stems, stem_scores = plain.top(plain.exact(terms), 50)
        expected_grams, gram_scores = plain.top(plain.fuzzy(terms), 50)
        assert _same_ranking(stems, expected_stems, stem_scores, keyword), terms
        assert _same_ranking(grams, expected_grams, gram_scores, keyword), terms
        assert keyword.top(keyword.exact_weights(terms), 50) == stems
        assert keyword.top(keyword.fuzzy_weights(terms), 50) == grams
        compared += bool(expected_grams)
    assert compared > 50


def test_top_k_bound_from_a_sample_misses_nothing() -> None:
    """Best passages away from the sampled rows, and many equal scores: still the top k,
    ties broken by passage order."""
    rng = np.random.default_rng(7)
    passages = []
    for pid in range(1, 2001):
        words = ["vanlig"] * int(rng.integers(1, 4)) + ["fyll"] * int(rng.integers(5, 9))
        if pid % 16 == 5 and pid < 400:  # the best ones: never at a sampled row
            words += ["sallsynt"] * 3
        passages.append((pid, " ".join(words)))
    index = KeywordIndex.build(passages)
    plain = PlainKeyword(index)
    for terms in (["sallsynt", "vanlig"], ["vanlig"], ["fyll"], ["sallsynt"]):
        for k in (1, 3, 10, 30):
            expected, scores = plain.top(plain.exact(terms), k)
            assert index.top(index.exact_weights(terms), k) == expected, (terms, k)


def test_generation_stores_and_loads_the_expansions(keyword: KeywordIndex, tmp_path: Path) -> None:
    keyword.save(tmp_path)
    with np.load(tmp_path / MATRIX_NAME) as stored:
        assert {"expansion_indptr", "expansion_rows", "expansion_shares", "expansion_stored"} <= set(stored.files)
    loaded = KeywordIndex.load(tmp_path)
    for name, array in keyword.expansions.arrays().items():
        assert np.array_equal(loaded.expansions.arrays()[name], array), name
    for term in ("budget", "region", "kompetensrad"):
        assert loaded.expand(term) == keyword.expand(term)


def test_a_generation_without_stored_expansions_expands_live(keyword: KeywordIndex, tmp_path: Path) -> None:
    keyword.save(tmp_path)
    with np.load(tmp_path / MATRIX_NAME) as stored:
        older = {name: stored[name] for name in stored.files if not name.startswith("expansion_")}
    np.savez(tmp_path / MATRIX_NAME, **older)
    loaded = KeywordIndex.load(tmp_path)
    assert not loaded.expansions.stored.any()
    assert loaded.expand("budget") == keyword.expand("budget")
    assert loaded.fuzzy_weights(["budget", "region"]) == keyword.fuzzy_weights(["budget", "region"])


def test_mismatched_expansions_are_refused(keyword: KeywordIndex, tmp_path: Path) -> None:
    keyword.save(tmp_path)
    with np.load(tmp_path / MATRIX_NAME) as stored:
        arrays = {name: stored[name] for name in stored.files}
    arrays["expansion_stored"] = arrays["expansion_stored"][:-1]
    np.savez(tmp_path / MATRIX_NAME, **arrays)
    with pytest.raises(ValueError, match="expansions"):
        KeywordIndex.load(tmp_path)


def test_incremental_ingest_rebuilds_consistent_expansions(fresh_index_config) -> None:
    config = fresh_index_config()
    ingest_corpus(config)
    searcher = Searcher(config)
    first = searcher.generation
    assert "hoftprotesoperation" not in first.keyword.term_ids
    name = "samarbete-for-battre-vard.txt"
    with open(config.corpus_dir / name, "a", encoding="utf-8") as handle:
        handle.write("\n\nHöftprotesoperationer och höftprotesoperationens väntelistor följs upp varje månad.\n")
    report = ingest_corpus(config)
    assert report.changed == [name]
    current = searcher.generation  # the searcher notices the new generation
    assert current.name != first.name and current.path == Store(config.data_dir).current()
    keyword = current.keyword
    on_disk = KeywordIndex.load(current.path)
    new_term = "hoftprotesoperation"
    assert new_term in keyword.term_ids
    assert keyword.expansions.stored[keyword.term_ids[new_term]]  # rare, but the vocabulary is small
    assert keyword.expand(new_term)[0] == (keyword.term_ids[new_term], 1.0)
    for row in np.flatnonzero(on_disk.expansions.stored).tolist():
        assert on_disk.expansions.get(row) == on_disk.vocabulary.expand(on_disk.terms[row]), on_disk.terms[row]
    assert searcher.search("höftprotesoperationerna", k=1, mode="grams")
