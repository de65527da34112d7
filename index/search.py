"""Hybrid retrieval over the current generation: BM25 on stems, BM25 on the vocabulary
terms that share a question term's character grams (both `index.keyword`), and FAISS
vectors, fused by weighted reciprocal rank.

One `Searcher` per process holds the embedder and the opened generation; it notices
a newly published generation and swaps it in under a lock. A caller that needs
several lookups for one answer takes `searcher.generation` once and passes it on, so
one answer never mixes two generations.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import sqlite_utils

import prompts
from ingest.model import Contact
from ingest.normalize import char_grams, stems
from index.embedder import Embedder
from index.keyword import KeywordIndex
from index.query_translation import translate
from errors import SamverkanError
from index.store import DB_NAME, VECTORS_NAME, Store
from index.vectors import read_index
from settings import Settings

RRF_K = 60
MAX_QUESTION_CHARS = 2000  # longer input is cut: nobody asks in more, and queries stay small
OPEN_ATTEMPTS = 3  # a generation can be pruned between reading the pointer and opening it

# Fusion weights, measured on the dev set with `samverkan eval --mode ...` (README, "Utvärdering").
# "phrase" rewards the best fused candidates for containing the question's stems as
# neighbours (names like "Samarbete för bättre vård", "systemet för kunskapsstyrning").
WEIGHTS = {"stems": 1.0, "grams": 2.0, "vector": 0.25, "phrase": 1.0}
PHRASE_CANDIDATES = 20


class IndexMissing(SamverkanError, RuntimeError):
    """No generation has been published yet."""


class ModelMismatch(SamverkanError, RuntimeError):
    """The index was built with another embedding model than the configured one."""


@dataclass
class Hit:
    """A fused search result: passage id, fused score, and per-retriever ranks (1-based)."""

    passage_id: int
    score: float
    ranks: dict[str, int]
    similarity: float = 0.0  # cosine similarity to the question, when the vector side ran


def query_terms(question: str) -> list[str]:
    """The keyword side's terms of a question: content-word stems of its first
    `MAX_QUESTION_CHARS` characters. Plain strings, never query syntax."""
    return stems(question[:MAX_QUESTION_CHARS])


class Generation:
    """One opened generation: database, keyword matrix and FAISS index."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        connection = sqlite3.connect(f"file:{path / DB_NAME}?mode=ro", uri=True, check_same_thread=False)
        self.db = sqlite_utils.Database(connection)
        self.meta = dict(self.db.execute("select key, value from meta").fetchall())
        self.keyword = KeywordIndex.load(path)
        self.vectors = read_index(path / VECTORS_NAME)
        self.size = self.keyword.size

    @cached_property
    def contacts(self) -> list[Contact]:
        return [
            Contact(**{**{k: v for k, v in row.items() if k != "id"}, "name_guessed": bool(row["name_guessed"])})
            for row in self.db["contacts"].rows
        ]

    def passages(self, ids: list[int]) -> list[dict]:
        """Passage rows in the order of `ids`."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = {r["id"]: r for r in self.db.query(f"select * from passages where id in ({marks})", ids)}
        return [rows[i] for i in ids if i in rows]

    def overlap(self, question: str, text_stems: set[str], text_grams: set[str]) -> float:
        """Idf-weighted share of the question's terms found in a text's stems; a term
        whose stem is missing counts partly when most of its 4-grams are there (OCR
        damage, compounds)."""
        total = found = 0.0
        for term in dict.fromkeys(query_terms(question)):
            weight = self.idf(term)
            total += weight
            if term in text_stems:
                found += weight
                continue
            grams = set(char_grams(term, sizes=(4,)))
            share = len(grams & text_grams) / len(grams) if grams else 0.0
            if share >= 0.6:
                found += weight * share
        return found / total if total else 0.0

    def idf(self, term: str) -> float:
        return self.keyword.idf(term)


class Searcher:
    """Retrieval entry point shared by the answerer, eval and bench."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.store = Store(settings.data_dir)
        self.embedder = embedder or Embedder.for_settings(settings, self.store.embedding_cache)
        self._lock = threading.Lock()
        self._generation: Generation | None = None

    @property
    def generation(self) -> Generation:
        """The current generation, reopened when ingest has published a new one."""
        with self._lock:
            for attempt in range(OPEN_ATTEMPTS):
                current = self.store.current()
                if current is None:
                    raise IndexMissing(prompts.text("answer.no_index"))
                if self._generation is not None and self._generation.path == current:
                    return self._generation
                try:
                    generation = Generation(current)
                except (OSError, sqlite3.Error, RuntimeError):
                    if attempt == OPEN_ATTEMPTS - 1:
                        raise
                    continue  # pruned or replaced while opening: read the pointer again
                stored = generation.meta.get("model", "")
                if stored != self.embedder.identity:
                    raise ModelMismatch(prompts.text("index.model_mismatch", stored=stored, configured=self.embedder.identity))
                self._generation = generation
                return generation
        raise AssertionError("unreachable")

    # -- single retrievers ---------------------------------------------------------
    def rank_stems(self, question: str, k: int, gen: Generation | None = None) -> list[int]:
        """Passage ids by BM25 over the question's stems."""
        gen = gen or self.generation
        return gen.keyword.top(gen.keyword.exact_weights(query_terms(question)), k)

    def rank_grams(self, question: str, k: int, gen: Generation | None = None) -> list[int]:
        """Passage ids by BM25 over the vocabulary terms that share most of each
        question term's character grams (compounds, inflections, OCR damage)."""
        gen = gen or self.generation
        return gen.keyword.top(gen.keyword.fuzzy_weights(query_terms(question)), k)

    def rank_vector(self, question: str, k: int, gen: Generation | None = None) -> list[tuple[int, float]]:
        """Passage ids with their cosine similarity to the question, best first."""
        gen = gen or self.generation
        if gen.vectors.ntotal == 0:
            return []
        query = self.embedder.query(question[:MAX_QUESTION_CHARS])
        scores, ids = gen.vectors.search(query, min(gen.vectors.ntotal, k))
        return [(pid, score) for pid, score in zip(ids[0].tolist(), scores[0].tolist()) if pid >= 0]

    # -- fusion --------------------------------------------------------------------
    def search(self, question: str, k: int = 5, mode: str = "hybrid", depth: int = 50, gen: Generation | None = None) -> list[Hit]:
        """Top `k` passages; `mode` is hybrid, keyword (stems + grams), stems, grams or vector."""
        gen = gen or self.generation
        question = translate(question)
        rankings: dict[str, list[int]] = {}
        if mode in ("hybrid", "keyword", "stems"):
            rankings["stems"] = self.rank_stems(question, depth, gen)
        if mode in ("hybrid", "keyword", "grams"):
            rankings["grams"] = self.rank_grams(question, depth, gen)
        similarity: dict[int, float] = {}
        if mode in ("hybrid", "vector"):
            similarity = dict(self.rank_vector(question, depth, gen))
            rankings["vector"] = list(similarity)
        fused: dict[int, Hit] = {}
        for name, ids in rankings.items():
            for rank, pid in enumerate(ids, start=1):
                hit = fused.setdefault(pid, Hit(pid, 0.0, {}, similarity.get(pid, 0.0)))
                hit.score += WEIGHTS[name] / (RRF_K + rank)
                hit.ranks[name] = rank
        hits = sorted(fused.values(), key=lambda h: -h.score)
        if mode in ("hybrid", "keyword"):
            hits = self._reward_phrases(question, hits, gen)
        return hits[:k]

    def _reward_phrases(self, question: str, hits: list[Hit], gen: Generation) -> list[Hit]:
        """Raise the best candidates by the share of the question's neighbouring stem
        pairs that are neighbours in the passage too (a phrase match)."""
        terms = query_terms(question)
        pairs = set(zip(terms, terms[1:]))
        if not pairs:
            return hits
        head = hits[:PHRASE_CANDIDATES]
        passage_terms = {row["id"]: row["stems"].split() for row in gen.passages([h.passage_id for h in head])}
        for hit in head:
            words = passage_terms.get(hit.passage_id, [])
            share = len(pairs & set(zip(words, words[1:]))) / len(pairs)
            hit.score += WEIGHTS["phrase"] * share / (RRF_K + 1)
        return sorted(head, key=lambda h: -h.score) + hits[PHRASE_CANDIDATES:]

    def passages(self, ids: list[int], gen: Generation | None = None) -> list[dict]:
        """Passage rows in the order of `ids`."""
        return (gen or self.generation).passages(ids)

    def coverage(self, question: str, passage_id: int, gen: Generation | None = None) -> float:
        """Idf-weighted share of the question's content terms that the passage contains.

        This separates answerable questions from those the corpus does not answer far
        better than raw retrieval scores do.
        """
        gen = gen or self.generation
        rows = gen.passages([passage_id])
        if not rows:
            return 0.0
        row = rows[0]
        text = f"{row['title']} {row['heading']} {row['text']}"
        return gen.overlap(translate(question, alternatives=False), set(row["stems"].split()), set(char_grams(text)))

    def contacts(self, gen: Generation | None = None) -> list[Contact]:
        """The contact directory of the current generation."""
        return (gen or self.generation).contacts
