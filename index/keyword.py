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

Why it is fast without giving up exact BM25 (README, "Prestanda"):
* expansion counts a query term's grams per vocabulary term with one `bincount` over
  the concatenated gram posting lists (no sparse-matrix slicing and summing);
* scoring stays exact BM25 (every posting of every query term is summed). Reading only
  the short posting lists and adding the long ones to their passages by binary search
  (exact whenever the k-th score beats what the long lists alone can give) was tried:
  with the 12 gram expansions per term too few passages come from the short lists, so
  it fell back to full scoring on every dev question and only added time.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.normalize import word_grams

K1 = 1.2
B = 0.75
FUZZY_MIN_SHARE = 0.6  # share of a query term's grams a vocabulary term must contain
FUZZY_LIMIT = 12  # expansions kept per query term, best first
GRAM_SIZES = (3, 4, 5)

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
        self, terms: list[str], matrix: Postings, passage_ids: np.ndarray, grams: list[str], gram_terms: Postings
    ) -> None:
        self.terms = terms
        self.term_ids = {t: i for i, t in enumerate(terms)}
        self.matrix = matrix
        self.passage_ids = passage_ids
        self.size = len(passage_ids)
        self.df = np.diff(matrix.indptr)
        self.gram_ids = {g: i for i, g in enumerate(grams)}
        self.gram_terms = gram_terms  # gram × term incidence, for fuzzy expansion
        self.term_gram_counts = np.bincount(gram_terms.indices, minlength=len(terms)).astype(np.float32)
        self.gram_df = np.diff(gram_terms.indptr)

    # -- building and storage ----------------------------------------------------------
    @classmethod
    def build(cls, passages: Iterable[tuple[int, str]]) -> KeywordIndex:
        """From (passage id, space-separated search terms) pairs."""
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
        return cls(terms, Postings.of(counts), np.asarray(ids, dtype=np.int64), grams, Postings.of(gram_terms))

    def save(self, directory: Path) -> None:
        np.savez(
            directory / MATRIX_NAME,
            indptr=self.matrix.indptr,
            indices=self.matrix.indices,
            data=self.matrix.data,
            passage_ids=self.passage_ids,
            gram_indptr=self.gram_terms.indptr,
            gram_indices=self.gram_terms.indices,
        )
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
            gram_indices = f["gram_indices"]
            gram_terms = Postings(
                f["gram_indptr"], gram_indices, np.ones(len(gram_indices), np.float32), (len(grams), len(terms))
            )
        for part, rows in ((matrix, len(terms)), (gram_terms, len(grams))):  # a truncated or mixed-up file
            if len(part.indptr) != rows + 1 or int(part.indptr[-1]) != len(part.indices) or len(part.data) != len(part.indices):
                raise ValueError(f"{directory / MATRIX_NAME}: postings do not match the term list")
        return cls(terms, matrix, passage_ids, grams, gram_terms)

    # -- statistics ------------------------------------------------------------------------
    def idf(self, term: str) -> float:
        """BM25 idf, always positive; a term the corpus never uses weighs most."""
        i = self.term_ids.get(term)
        df = int(self.df[i]) if i is not None else 0
        return math.log((self.size - df + 0.5) / (df + 0.5) + 1.0)

    # -- retrieval -------------------------------------------------------------------------
    def expand(self, term: str) -> list[tuple[int, float]]:
        """Vocabulary terms containing most of `term`'s character grams, with that share,
        best first (the term itself, when indexed, comes first with share 1)."""
        grams = set(word_grams(term, GRAM_SIZES))
        total = len(grams)
        known = np.array(sorted(self.gram_ids[g] for g in grams if g in self.gram_ids), dtype=np.int64)
        if not len(known) or not total:
            return []
        needed = math.ceil(FUZZY_MIN_SHARE * total - 1e-9)
        if len(known) < needed:
            return []
        indptr, indices = self.gram_terms.indptr, self.gram_terms.indices
        postings = np.concatenate([indices[indptr[g] : indptr[g + 1]] for g in known.tolist()])
        counts = np.bincount(postings, minlength=len(self.terms))
        candidates = np.flatnonzero(counts >= needed)
        shared = counts[candidates]
        share_all = shared.astype(np.float32) / total  # float32 as the gram matrix: same shares, same ties
        keep = share_all >= FUZZY_MIN_SHARE
        candidates, share_all = candidates[keep], share_all[keep]
        if len(candidates) > FUZZY_LIMIT:
            # among equal shares prefer terms with few extra grams: the closest words
            order = np.lexsort((self.term_gram_counts[candidates], -share_all))
            candidates, share_all = candidates[order[:FUZZY_LIMIT]], share_all[order[:FUZZY_LIMIT]]
        return sorted(((int(i), float(v)) for i, v in zip(candidates, share_all, strict=False)), key=lambda x: -x[1])

    def scores(self, weights: dict[int, float]) -> np.ndarray:
        """Per-passage sums of the weighted postings of term ids."""
        out = np.zeros(self.size, dtype=np.float32)
        indptr, indices, data = self.matrix.indptr, self.matrix.indices, self.matrix.data
        for row, weight in weights.items():
            start, end = indptr[row], indptr[row + 1]
            out[indices[start:end]] += weight * data[start:end]
        return out

    def top(self, weights: dict[int, float], k: int) -> list[int]:
        """Passage ids of the `k` best-scoring passages that match at all, best first."""
        if not weights or k <= 0:
            return []
        scores = self.scores(weights)
        matched = np.flatnonzero(scores > 0)
        if len(matched) > k:
            matched = matched[np.argpartition(-scores[matched], k - 1)[:k]]
        order = matched[np.lexsort((matched, -scores[matched]))]  # ties: lower passage row first, always
        return self.passage_ids[order].tolist()

    def exact_weights(self, terms: list[str]) -> dict[int, float]:
        """Query weights of the indexed terms, by how often the question uses them."""
        return {self.term_ids[t]: float(n) for t, n in Counter(terms).items() if t in self.term_ids}

    def fuzzy_weights(self, terms: list[str]) -> dict[int, float]:
        """Query weights over each term's fuzzy expansions. An expansion counts with its
        gram share and never weighs more than the query term itself would (a rare
        compound must not outweigh the common word it contains)."""
        weights: dict[int, float] = {}
        for term, times in Counter(terms).items():
            term_idf = self.idf(term)
            for row, share in self.expand(term):
                row_idf = self.idf(self.terms[row])
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
