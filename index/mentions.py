"""Entity checks ("does a passage carry all stems of this name?") without holding every
passage's terms in memory.

A check for one passage reads that passage's row when asked (a bounded LRU keeps the
recent ones). A check against the whole corpus ("is this region named anywhere?") is
answered from the keyword index: a stem's passages are the postings of the vocabulary
terms it begins, and an entity is mentioned when its stems' passage sets intersect.
Building a term set for every passage instead cost 9 GB and 183 s at 1M passages.

The search terms of a passage (`stems` column, `index.build.search_stems`) are the stems
of its title, heading and text together, so the keyword vocabulary holds the title and
heading stems as well; `passage_terms` still adds them from the row, as it always did.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left
from collections.abc import Sequence
from functools import cached_property, lru_cache

import numpy as np

from index.keyword import KeywordIndex
from ingest.normalize import stems

MIN_PREFIX = 4  # a shorter stem must equal a term; a longer one also matches the terms it begins
PASSAGE_TERMS_CACHE = 4096  # passages whose term sets are kept (an answer checks tens)
STEM_PASSAGES_CACHE = 16  # stems whose passage sets are kept (at most 4 MB each at 1M passages);
# each entity's answer is remembered by `Generation.mentions`, so these only spare the stems entities share


def has_prefix(pool: frozenset[str], stem_: str) -> bool:
    """Does a term set carry the stem, or (stems of `MIN_PREFIX` letters or more) a term it begins?"""
    if stem_ in pool:
        return True
    return len(stem_) >= MIN_PREFIX and any(t.startswith(stem_) for t in pool)


class PassageMentions:
    """Entity checks over one read-only generation: its database and keyword index."""

    def __init__(self, connection: sqlite3.Connection, keyword: KeywordIndex) -> None:
        self.connection = connection
        self.keyword = keyword
        self.passage_terms = lru_cache(maxsize=PASSAGE_TERMS_CACHE)(self._read_passage_terms)
        self._stem_columns = lru_cache(maxsize=STEM_PASSAGES_CACHE)(self._find_stem_columns)

    def _read_passage_terms(self, passage_id: int) -> frozenset[str]:
        """The stems of a passage's title, heading and text; empty for an unknown id."""
        row = self.connection.execute(
            "select title, heading, stems from passages where id = ?", [passage_id]
        ).fetchone()
        if row is None:
            return frozenset()
        title, heading, text_stems = row
        return frozenset((text_stems or "").split()) | frozenset(stems(f"{title} {heading}"))

    def in_passage(self, entity: Sequence[str], passage_id: int) -> bool:
        """Does this passage carry every stem of the entity?"""
        pool = self.passage_terms(passage_id)
        return all(has_prefix(pool, e) for e in entity)

    def anywhere(self, entity: Sequence[str]) -> bool:
        """Does some passage carry every stem of the entity (all of them in the same passage)?"""
        if not entity:
            return False
        columns = sorted((self._stem_columns(e) for e in dict.fromkeys(entity)), key=len)
        together = columns[0]
        for other in columns[1:]:
            if not len(together):
                break
            present = np.zeros(self.keyword.size, dtype=bool)
            present[other] = True
            together = together[present[together]]
        return bool(len(together))

    # -- the vocabulary side ---------------------------------------------------------------
    def warm(self) -> None:
        """Sort the vocabulary now (0.2 s at 100k passages, about 1 s at 1M), not in an answer."""
        _ = self._sorted_terms

    @cached_property
    def _sorted_terms(self) -> tuple[list[str], np.ndarray]:
        """The vocabulary in code-point order (terms a stem begins are one run) and each one's term id."""
        order = np.asarray(sorted(range(len(self.keyword.terms)), key=self.keyword.terms.__getitem__), dtype=np.int64)
        return [self.keyword.terms[i] for i in order], order

    def term_ids(self, stem_: str) -> list[int]:
        """Ids of the vocabulary terms the stem matches: itself, and the terms it begins when long enough."""
        if len(stem_) < MIN_PREFIX:
            exact = self.keyword.term_ids.get(stem_)
            return [] if exact is None else [exact]
        terms, order = self._sorted_terms
        start = end = bisect_left(terms, stem_)
        while end < len(terms) and terms[end].startswith(stem_):
            end += 1
        return [int(i) for i in order[start:end]]

    def _find_stem_columns(self, stem_: str) -> np.ndarray:
        """Ascending keyword-matrix columns (passages) that have a term the stem matches."""
        indptr, indices = self.keyword.matrix.indptr, self.keyword.matrix.indices
        ids = self.term_ids(stem_)
        if len(ids) == 1:
            return np.asarray(indices[indptr[ids[0]] : indptr[ids[0] + 1]])
        present = np.zeros(self.keyword.size, dtype=bool)
        for i in ids:
            present[indices[indptr[i] : indptr[i + 1]]] = True
        return np.flatnonzero(present).astype(np.int32)
