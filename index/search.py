"""Hybrid retrieval over the current generation: stemmed BM25 + character-gram BM25
(both SQLite FTS5) + FAISS vectors, fused by weighted reciprocal rank.

One `Searcher` per process holds the SQLite connection, the FAISS index and the
term statistics; it notices a newly published generation on the next query and
swaps everything at once under a lock, so a query never mixes generations.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import sqlite_utils

import prompts
from ingest.model import Contact
from ingest.normalize import char_grams, stems
from index.embedder import Embedder
from index.query_translation import translate
from index.store import DB_NAME, VECTORS_NAME, Store
from settings import Settings

RRF_K = 60
MAX_QUESTION_CHARS = 2000  # longer input is cut: nobody asks in more, and FTS queries stay small
MAX_QUERY_GRAMS = 400

# Fusion weights, measured on the dev set with `samverkan eval --mode ...` (README, "Utvärdering").
WEIGHTS = {"stems": 1.0, "grams": 2.0, "vector": 0.25}


class IndexMissing(RuntimeError):
    """No generation has been published yet."""


class ModelMismatch(RuntimeError):
    """The index was built with another embedding model than the configured one."""


@dataclass
class Hit:
    """A fused search result: passage id, fused score, and per-retriever ranks (1-based)."""

    passage_id: int
    score: float
    ranks: dict[str, int]
    similarity: float = 0.0  # cosine of the best window, when the vector side ran


def fts_query(terms: list[str]) -> str:
    """An FTS5 OR-query in which every term is a quoted string: user input is never syntax."""
    unique = list(dict.fromkeys(t for t in terms if t))
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in unique)


class Generation:
    """One opened generation: database, FAISS index and term statistics."""

    def __init__(self, path: Path) -> None:
        import faiss

        self.path = path
        connection = sqlite3.connect(f"file:{path / DB_NAME}?mode=ro", uri=True, check_same_thread=False)
        self.db = sqlite_utils.Database(connection)
        self.meta = dict(self.db.execute("select key, value from meta").fetchall())
        self.vectors = faiss.read_index(str(path / VECTORS_NAME))
        self.doc_freq: Counter[str] = Counter()
        self.passage_stems: dict[int, set[str]] = {}
        self.passage_grams: dict[int, set[str]] = {}
        for pid, stem_text, gram_text in self.db.execute("select id, stems, grams from passages"):
            terms = set(stem_text.split())
            self.passage_stems[pid] = terms
            self.passage_grams[pid] = set(gram_text.split())
            self.doc_freq.update(terms)
        self.size = len(self.passage_stems)

    @cached_property
    def contacts(self) -> list[Contact]:
        return [
            Contact(**{**{k: v for k, v in row.items() if k != "id"}, "name_guessed": bool(row["name_guessed"])})
            for row in self.db["contacts"].rows
        ]

    def overlap(self, question: str, text_stems: set[str], text_grams: set[str]) -> float:
        """Idf-weighted share of the question's terms found in a text's stems; a term
        whose stem is missing counts partly when most of its 4-grams are there (OCR
        damage, compounds)."""
        terms = list(dict.fromkeys(stems(question[:MAX_QUESTION_CHARS])))
        total = found = 0.0
        for term in terms:
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
        """BM25 idf; a term the corpus never uses weighs most."""
        df = self.doc_freq.get(term, 0)
        return math.log((self.size - df + 0.5) / (df + 0.5) + 1.0)


class Searcher:
    """Retrieval entry point shared by the answerer, eval and bench."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.store = Store(settings.data_dir)
        self.embedder = embedder or Embedder(settings.model, settings.model_path, self.store.embedding_cache)
        self._lock = threading.Lock()
        self._generation: Generation | None = None

    @property
    def generation(self) -> Generation:
        """The current generation, reopened when ingest has published a new one."""
        current = self.store.current()
        if current is None:
            raise IndexMissing(prompts.text("answer.no_index"))
        with self._lock:
            if self._generation is None or self._generation.path != current:
                generation = Generation(current)
                stored = generation.meta.get("model", "")
                if stored != self.settings.model:
                    raise ModelMismatch(prompts.text("index.model_mismatch", stored=stored, configured=self.settings.model))
                self._generation = generation
            return self._generation

    # -- single retrievers ---------------------------------------------------------
    def rank_stems(self, question: str, k: int, gen: Generation | None = None) -> list[int]:
        gen = gen or self.generation
        query = fts_query(stems(question[:MAX_QUESTION_CHARS]))
        if not query:
            return []
        return [row["id"] for row in gen.db["passages"].search(query, columns=["id"], limit=k)]

    def rank_grams(self, question: str, k: int, gen: Generation | None = None) -> list[int]:
        gen = gen or self.generation
        grams = list(dict.fromkeys(char_grams(question[:MAX_QUESTION_CHARS])))[:MAX_QUERY_GRAMS]
        query = fts_query(grams)
        if not query:
            return []
        return [row["id"] for row in gen.db["grams"].search(query, columns=["id"], limit=k)]

    def rank_vector(self, question: str, k: int, gen: Generation | None = None) -> list[tuple[int, float]]:
        """Passage ids by their best window's cosine similarity to the question."""
        gen = gen or self.generation
        if gen.vectors.ntotal == 0:
            return []
        query = self.embedder.query(question[:MAX_QUESTION_CHARS])
        scores, ids = gen.vectors.search(query, min(gen.vectors.ntotal, k * 6))
        best: dict[int, float] = {}
        for pid, score in zip(ids[0].tolist(), scores[0].tolist()):
            if pid >= 0 and pid not in best:
                best[pid] = score
        return list(best.items())[:k]

    # -- fusion --------------------------------------------------------------------
    def search(self, question: str, k: int = 5, mode: str = "hybrid", depth: int = 50) -> list[Hit]:
        """Top `k` passages; `mode` is hybrid, keyword (stems + grams) or vector."""
        gen = self.generation
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
        return sorted(fused.values(), key=lambda h: -h.score)[:k]

    def passages(self, ids: list[int]) -> list[dict]:
        """Passage rows in the order of `ids`."""
        gen = self.generation
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = {r["id"]: r for r in gen.db.query(f"select * from passages where id in ({marks})", ids)}
        return [rows[i] for i in ids if i in rows]

    def coverage(self, question: str, passage_id: int) -> float:
        """Idf-weighted share of the question's content terms that the passage contains.

        This separates answerable questions from those the corpus does not answer far
        better than raw retrieval scores do.
        """
        gen = self.generation
        return gen.overlap(translate(question, alternatives=False), gen.passage_stems.get(passage_id, set()), gen.passage_grams.get(passage_id, set()))

    def contacts(self) -> list[Contact]:
        """The contact directory of the current generation."""
        return self.generation.contacts

