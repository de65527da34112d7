"""Keyword retrieval: BM25 over a sparse term × passage matrix, and fuzzy matching of
query terms against the vocabulary by character grams.

Why a sparse matrix and not SQLite FTS5: at 100k passages FTS5 answered a stem query in
about 65 ms, hardly faster than the pure-Python rank_bm25 baseline, while summing a
few precomputed posting rows takes well under a millisecond (README, "Prestanda").

Why grams over the vocabulary and not over passages: a passage has about a thousand
distinct character grams, which at a million passages is a billion postings. The
vocabulary is orders of magnitude smaller, so OCR damage, typos and compounds are
handled by expanding a query term to the vocabulary terms that share most of its
grams, each scored with BM25 like the term itself.

Why it is fast without giving up exact BM25 (docs/performance.md):
* the expansions of the frequent terms are computed at build and stored with the
  generation; others are expanded live with a prefix filter (`index.keyword_expansion`);
* scoring stays exact BM25 (every posting of every query term is summed), with
  `np.add.at` (several times faster than fancy-index `+=`), and the stems and grams
  rankings come from one pass: the grams scores are the stems scores plus the
  expansions' postings, which are short;
* the top k are found from a lower bound of the k-th score taken on a sample of the
  scores, not by arg-partitioning every matched passage (a tenth of the time at a
  million passages).
Reading only the short posting lists and adding the long ones to their passages by
binary search (exact whenever the k-th score beats what the long lists alone can give)
was tried: with the 12 gram expansions per term too few passages come from the short
lists, so it fell back to full scoring on every dev question and only added time.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.keyword_expansion import (
    FUZZY_LIMIT,
    FUZZY_MIN_SHARE,
    GRAM_SIZES,
    LIVE_MEMO,
    STORED_EXPANSIONS,
    Expansion,
    GramVocabulary,
    StoredExpansions,
)
from ingest.normalize import word_grams

__all__ = [  # the expansion constants stay importable from here
    "B",
    "FUZZY_LIMIT",
    "FUZZY_MIN_SHARE",
    "GRAMS_NAME",
    "GRAM_SIZES",
    "K1",
    "MATRIX_NAME",
    "TERMS_NAME",
    "KeywordIndex",
    "Postings",
]

K1 = 1.2
B = 0.75
SAMPLE_STEP = 16  # top k: every 16th score (or more apart: SAMPLE_SIZE at most) bounds the k-th best
SAMPLE_SIZE = 16_384

MATRIX_NAME = "keyword.npz"
TERMS_NAME = "keyword-terms.txt"
GRAMS_NAME = "keyword-grams.txt"


@dataclass(frozen=True)
class Postings:
    """A read-only CSR matrix: row i's column indices are indices[indptr[i]:indptr[i+1]]
    (ascending) with values data[...]. Plain arrays, so answering needs no SciPy import
    (a tenth of a cold start); SciPy builds it at ingest."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    shape: tuple[int, int]

    @property
    def nnz(self) -> int:
        return len(self.indices)

    @classmethod
    def of(cls, matrix) -> Postings:
        """From a SciPy CSR matrix."""
        return cls(matrix.indptr, matrix.indices, matrix.data, tuple(matrix.shape))


def _csr_from_lists(rows: list[np.ndarray], columns: int, data: list[np.ndarray] | None = None):
    """A SciPy CSR matrix whose row i has column indices rows[i] (duplicates summed)."""
    from scipy import sparse

    lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    indices = np.concatenate(rows) if rows else np.zeros(0, np.int32)
    values = np.concatenate(data) if data else np.ones(len(indices), np.float32)
    row_of = np.repeat(np.arange(len(rows), dtype=np.int32), lengths)
    matrix = sparse.coo_matrix((values, (row_of, indices)), shape=(len(rows), columns)).tocsr()
    matrix.sum_duplicates()
    return matrix


class KeywordIndex:
    """BM25 weights as a CSR matrix with one row per term (its postings) and one column
    per passage; a query's scores are the weighted sum of its terms' rows."""

    def __init__(
        self,
        terms: list[str],
        matrix: Postings,
        passage_ids: np.ndarray,
        grams: list[str],
        gram_terms: Postings,
        expansions: StoredExpansions | None = None,
    ) -> None:
        self.terms = terms
        self.term_ids = {t: i for i, t in enumerate(terms)}
        self.matrix = matrix
        self.passage_ids = passage_ids
        self.size = len(passage_ids)
        self.df = np.diff(matrix.indptr)
        self.idfs = np.log((self.size - self.df + 0.5) / (self.df + 0.5) + 1.0)  # per term row, as idf()
        self.gram_ids = {g: i for i, g in enumerate(grams)}
        self.gram_terms = gram_terms  # gram × term incidence, for fuzzy expansion
        self.term_gram_counts = np.bincount(gram_terms.indices, minlength=len(terms)).astype(np.float32)
        self.vocabulary = GramVocabulary(self.gram_ids, gram_terms.indptr, gram_terms.indices, self.term_gram_counts)
        self.expansions = expansions or StoredExpansions.empty(len(terms))
        self._live: dict[str, Expansion] = {}  # expansions computed while answering

    # -- building and storage ----------------------------------------------------------
    @classmethod
    def build(cls, passages: Iterable[tuple[int, str]], stored_expansions: int = STORED_EXPANSIONS) -> KeywordIndex:
        """From (passage id, space-separated search terms) pairs; the expansions of the
        `stored_expansions` most frequent terms are computed now."""
        vocabulary: dict[str, int] = {}
        ids: list[int] = []
        columns: list[np.ndarray] = []  # per passage: its term ids
        for pid, text in passages:
            ids.append(pid)
            columns.append(
                np.fromiter((vocabulary.setdefault(t, len(vocabulary)) for t in text.split()), dtype=np.int32)
            )
        terms = list(vocabulary)
        counts = _csr_from_lists(columns, len(terms)).T.tocsr()  # term × passage term frequencies
        lengths = np.fromiter((len(c) for c in columns), dtype=np.float64, count=len(columns))
        del columns
        counts.data = _bm25_weights(counts, lengths)
        grams, gram_terms = _gram_incidence(terms)
        index = cls(terms, Postings.of(counts), np.asarray(ids, dtype=np.int64), grams, Postings.of(gram_terms))
        index.expansions = StoredExpansions.build(terms, index.df, index.vocabulary, stored_expansions)
        return index

    def save(self, directory: Path) -> None:
        arrays = {
            "indptr": self.matrix.indptr,
            "indices": self.matrix.indices,
            "data": self.matrix.data,
            "passage_ids": self.passage_ids,
            "gram_indptr": self.gram_terms.indptr,
            "gram_indices": self.gram_terms.indices,
            **self.expansions.arrays(),
        }
        np.savez(directory / MATRIX_NAME, **arrays)  # type: ignore[arg-type]  # numpy's stub types allow_pickle among the kwargs
        (directory / TERMS_NAME).write_text("\n".join(self.terms), encoding="utf-8")
        (directory / GRAMS_NAME).write_text("\n".join(self.gram_ids), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> KeywordIndex:
        terms = _lines(directory / TERMS_NAME)
        grams = _lines(directory / GRAMS_NAME)
        with np.load(directory / MATRIX_NAME) as f:
            passage_ids = f["passage_ids"]
            matrix = Postings(f["indptr"], f["indices"], f["data"], (len(terms), len(passage_ids)))
            gram_indices = f["gram_indices"]
            gram_terms = Postings(
                f["gram_indptr"], gram_indices, np.ones(len(gram_indices), np.float32), (len(grams), len(terms))
            )
            expansions = StoredExpansions.from_arrays(f, len(terms))
        for part, rows in ((matrix, len(terms)), (gram_terms, len(grams))):  # a truncated or mixed-up file
            if len(part.indptr) != rows + 1 or int(part.indptr[-1]) != len(part.indices) or len(part.data) != len(part.indices):
                raise ValueError(f"{directory / MATRIX_NAME}: postings do not match the term list")
        return cls(terms, matrix, passage_ids, grams, gram_terms, expansions)

    # -- statistics ------------------------------------------------------------------------
    def idf(self, term: str) -> float:
        """BM25 idf, always positive; a term the corpus never uses weighs most."""
        i = self.term_ids.get(term)
        return float(self.idfs[i]) if i is not None else math.log((self.size + 0.5) / 0.5 + 1.0)

    # -- retrieval -------------------------------------------------------------------------
    def expand(self, term: str) -> Expansion:
        """Vocabulary terms containing most of `term`'s character grams, with that share,
        best first (the term itself, when indexed, comes first with share 1); stored at
        build for the frequent terms, computed now for any other."""
        row = self.term_ids.get(term)
        stored = self.expansions.get(row) if row is not None else None
        if stored is not None:
            return stored
        found = self._live.get(term)
        if found is None:
            found = self.vocabulary.expand(term)
            if len(self._live) < LIVE_MEMO:
                self._live[term] = found
        return list(found)

    def scores(self, weights: dict[int, float], out: np.ndarray | None = None) -> np.ndarray:
        """Per-passage sums of the weighted postings of term ids (added to `out` if given)."""
        if out is None:
            out = np.zeros(self.size, dtype=np.float32)
        indptr, indices, data = self.matrix.indptr, self.matrix.indices, self.matrix.data
        for row, weight in weights.items():
            start, end = indptr[row], indptr[row + 1]
            values = data[start:end] if weight == 1.0 else weight * data[start:end]  # most weights are 1
            np.add.at(out, indices[start:end], values)
        return out

    def top(self, weights: dict[int, float], k: int) -> list[int]:
        """Passage ids of the `k` best-scoring passages that match at all, best first."""
        if not weights or k <= 0:
            return []
        return self._best(self.scores(weights), k)

    def top_both(self, stems: dict[int, float], grams: dict[int, float], k: int) -> tuple[list[int], list[int]]:
        """`top(stems, k)` and `top(grams, k)` from one pass over the postings: the grams
        scores are the stems scores plus the postings whose weight differs (mostly the
        expansions, whose posting lists are short)."""
        if k <= 0:
            return [], []
        stem_scores = self.scores(stems)
        extra = {row: w - stems.get(row, 0.0) for row, w in grams.items() if w != stems.get(row, 0.0)}
        extra.update({row: -w for row, w in stems.items() if row not in grams})
        gram_scores = self.scores(extra, stem_scores.copy())
        return (self._best(stem_scores, k) if stems else []), (self._best(gram_scores, k) if grams else [])

    def _best(self, scores: np.ndarray, k: int) -> list[int]:
        """Passage ids of the k highest positive scores, best first; ties: lower row first.

        The k-th best of every SAMPLE_STEP-th score (at most SAMPLE_SIZE of them) is a
        lower bound of the k-th best of all, so the passages reaching it hold the top k:
        a partition of a small sample and one comparison pass instead of a partition of
        all scores (slow on the many equal scores BM25 gives)."""
        step = max(SAMPLE_STEP, len(scores) // SAMPLE_SIZE)
        sample = scores[::step] if len(scores) >= step * 4 * k else scores
        bound = float(-np.partition(-sample, k - 1)[k - 1]) if len(sample) > k else 0.0
        matched = np.flatnonzero(scores >= bound) if bound > 0 else np.flatnonzero(scores > 0)
        if len(matched) > 4 * k:
            values = scores[matched]
            matched = matched[values >= -np.partition(-values, k - 1)[k - 1]]
        order = matched[np.lexsort((matched, -scores[matched]))][:k]
        return self.passage_ids[order].tolist()

    def exact_weights(self, terms: list[str]) -> dict[int, float]:
        """Query weights of the indexed terms, by how often the question uses them."""
        return {self.term_ids[t]: float(n) for t, n in Counter(terms).items() if t in self.term_ids}

    def fuzzy_weights(self, terms: list[str]) -> dict[int, float]:
        """Query weights over each term's fuzzy expansions. An expansion counts with its
        gram share and never weighs more than the query term itself would (a rare
        compound must not outweigh the common word it contains)."""
        weights: dict[int, float] = {}
        idfs = self.idfs
        for term, times in Counter(terms).items():
            term_idf = self.idf(term)
            for row, share in self.expand(term):
                row_idf = float(idfs[row])
                weight = times * share * min(1.0, term_idf / row_idf if row_idf else 1.0)
                weights[row] = max(weights.get(row, 0.0), weight)
        return weights


def _bm25_weights(counts, lengths: np.ndarray) -> np.ndarray:
    """BM25 term weights for a term × passage count matrix (rows are postings)."""
    size = counts.shape[1]
    df = np.diff(counts.indptr)
    idf = np.log((size - df + 0.5) / (df + 0.5) + 1.0)
    tf = counts.data
    average = max(float(lengths.mean()), 1e-9) if len(lengths) else 1.0
    norm = K1 * (1 - B + B * lengths[counts.indices] / average)
    return (np.repeat(idf, df) * tf * (K1 + 1) / (tf + norm)).astype(np.float32)


def _gram_incidence(terms: list[str]):
    """The distinct character grams of the vocabulary and a gram × term incidence matrix."""
    gram_ids: dict[str, int] = {}
    per_term = [
        np.fromiter({gram_ids.setdefault(g, len(gram_ids)) for g in word_grams(t, GRAM_SIZES)}, dtype=np.int32)
        for t in terms
    ]
    incidence = _csr_from_lists(per_term, len(gram_ids)).T.tocsr()
    incidence.data[:] = 1.0
    return list(gram_ids), incidence


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return text.split("\n") if text else []
