"""Fuzzy expansion of a query term: the vocabulary terms that contain most of its
character grams (OCR damage, typos, inflections, compounds), for `index.keyword`.

Why a prefix filter: a vocabulary term must contain at least `needed` of the query
term's `n` grams, so it contains at least one of any `n - needed + 1` of them. Taking
the rarest ones gives a short candidate list; the common grams (shared by thousands of
compounds) are then only looked up for those candidates, never read in full. Same
result as counting every gram's postings over the whole vocabulary, at a fraction of
the cost (a base word's grams occur in every compound built on it).

Why stored expansions: even so, a question term costs tens of microseconds to expand,
and the terms people ask about are mostly the frequent ones. The build expands the
`STORED_EXPANSIONS` most frequent terms once and the generation keeps them beside the
postings; any other term (rare, misspelt, not in the documents) is expanded live and
remembered for the generation's life (`LIVE_MEMO` terms): a generation is read-only.
Storing more costs build time: a frequent compound shares grams with thousands of
other compounds (3.7 ms each at 100k synthetic passages, against 0.9 ms for the
thousand most frequent terms).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ingest.normalize import word_grams

FUZZY_MIN_SHARE = 0.6  # share of a query term's grams a vocabulary term must contain
FUZZY_LIMIT = 12  # expansions kept per query term, best first
GRAM_SIZES = (3, 4, 5)
STORED_EXPANSIONS = 2_000  # most frequent vocabulary terms whose expansions the build stores
LIVE_MEMO = 20_000  # expansions computed while answering, remembered per generation

Expansion = list[tuple[int, float]]  # (term row, share of the query term's grams), best first


@dataclass(frozen=True)
class GramVocabulary:
    """The gram × term incidence of a vocabulary: row g's terms are
    indices[indptr[g]:indptr[g+1]], ascending."""

    gram_ids: dict[str, int]
    indptr: np.ndarray
    indices: np.ndarray
    term_gram_counts: np.ndarray  # distinct grams per term (float32)

    def expand(self, term: str) -> Expansion:
        """Vocabulary terms containing at least FUZZY_MIN_SHARE of `term`'s grams, with
        that share, best first, at most FUZZY_LIMIT; among equal shares the terms with
        fewest extra grams (the closest words), then the lower row."""
        grams = set(word_grams(term, GRAM_SIZES))
        total = len(grams)
        known = np.array([self.gram_ids[g] for g in grams if g in self.gram_ids], dtype=np.int64)
        if not total or not len(known):
            return []
        needed = math.ceil(FUZZY_MIN_SHARE * total - 1e-9)
        if len(known) < needed:
            return []
        indptr, indices = self.indptr, self.indices
        known = known[np.lexsort((known, indptr[known + 1] - indptr[known]))]  # rarest first
        prefix = len(known) - needed + 1
        firsts = [indices[indptr[g] : indptr[g + 1]] for g in known[:prefix].tolist()]
        candidates, counts = np.unique(np.concatenate(firsts), return_counts=True)
        for left, g in enumerate(known[prefix:].tolist()):  # the common grams: looked up, not read
            # a candidate short of `needed` even with every gram still to look up drops out
            alive = counts + (len(known) - prefix - left) >= needed
            candidates, counts = candidates[alive], counts[alive]
            if not len(candidates):
                return []
            postings = indices[indptr[g] : indptr[g + 1]]
            at = np.minimum(np.searchsorted(postings, candidates), len(postings) - 1)
            counts = counts + (postings[at] == candidates)
        keep = counts >= needed
        candidates, shared = candidates[keep], counts[keep]
        share_all = shared.astype(np.float32) / np.float32(total)  # float32: same shares, same ties as before
        keep = share_all >= FUZZY_MIN_SHARE
        candidates, share_all = candidates[keep], share_all[keep]
        if len(candidates) > FUZZY_LIMIT:
            order = np.lexsort((self.term_gram_counts[candidates], -share_all))
            candidates, share_all = candidates[order[:FUZZY_LIMIT]], share_all[order[:FUZZY_LIMIT]]
        return sorted(((int(i), float(v)) for i, v in zip(candidates, share_all, strict=True)), key=lambda x: -x[1])


@dataclass(frozen=True)
class StoredExpansions:
    """Expansions computed at build, one CSR row per vocabulary term: row t's expansions
    are rows[indptr[t]:indptr[t+1]] with their shares; `stored[t]` says whether t's row
    was computed (an empty row of a stored term means: no vocabulary term is close)."""

    indptr: np.ndarray
    rows: np.ndarray
    shares: np.ndarray
    stored: np.ndarray

    @classmethod
    def empty(cls, terms: int) -> StoredExpansions:
        return cls(np.zeros(terms + 1, np.int64), np.zeros(0, np.int32), np.zeros(0, np.float32), np.zeros(terms, bool))

    @classmethod
    def build(cls, terms: list[str], df: np.ndarray, grams: GramVocabulary, limit: int = STORED_EXPANSIONS) -> StoredExpansions:
        """Expand the `limit` most frequent terms (passage frequency `df`)."""
        chosen = np.sort(np.argsort(-df, kind="stable")[:limit])
        stored = np.zeros(len(terms), bool)
        stored[chosen] = True
        lengths = np.zeros(len(terms), np.int64)
        rows: list[int] = []
        shares: list[float] = []
        for t in chosen.tolist():
            expansion = grams.expand(terms[t])
            lengths[t] = len(expansion)
            rows.extend(r for r, _ in expansion)
            shares.extend(s for _, s in expansion)
        indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        return cls(indptr, np.asarray(rows, np.int32), np.asarray(shares, np.float32), stored)

    def get(self, term_row: int) -> Expansion | None:
        """The stored expansion of a vocabulary term, or None when it was not stored."""
        if not self.stored[term_row]:
            return None
        start, end = int(self.indptr[term_row]), int(self.indptr[term_row + 1])
        return list(zip(self.rows[start:end].tolist(), self.shares[start:end].tolist(), strict=True))

    def arrays(self) -> dict[str, np.ndarray]:
        """What the generation's keyword file stores."""
        return {
            "expansion_indptr": self.indptr,
            "expansion_rows": self.rows,
            "expansion_shares": self.shares,
            "expansion_stored": self.stored,
        }

    @classmethod
    def from_arrays(cls, arrays, terms: int) -> StoredExpansions:
        """From a loaded keyword file; a generation built before they were stored gets none."""
        if "expansion_indptr" not in arrays:
            return cls.empty(terms)
        found = cls(
            arrays["expansion_indptr"], arrays["expansion_rows"], arrays["expansion_shares"], arrays["expansion_stored"]
        )
        if len(found.indptr) != terms + 1 or len(found.stored) != terms or int(found.indptr[-1]) != len(found.rows):
            raise ValueError("stored expansions do not match the term list")
        if len(found.shares) != len(found.rows) or (len(found.rows) and int(found.rows.max()) >= terms):
            raise ValueError("stored expansions do not match the term list")
        return found
