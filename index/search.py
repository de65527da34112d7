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
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import sqlite_utils

import prompts
from errors import SamverkanError
from index import document_tables
from index.embedder import Embedder
from index.keyword import KeywordIndex
from index.mentions import PassageMentions
from index.query import SearchQuery
from index.query_translation import translate
from index.serving import GenerationSwitch
from index.store import DB_NAME, VECTORS_NAME, Store
from index.vectors import read_index
from ingest.model import Contact
from ingest.normalize import char_grams, stems
from settings import Settings

RRF_K = 60
MENTION_CACHE = 200_000  # entity × passage checks remembered per generation
SEARCH_MEMO = 16  # rankings one answer may reuse (it searches the same query up to three times)
MAX_QUESTION_CHARS = 2000  # longer input is cut: nobody asks in more, and queries stay small

# Fusion weights, measured on the dev set with `samverkan eval --mode ...` (README, "Utvärdering").
# "phrase" rewards the best fused candidates for containing the question's stems as
# neighbours (names like "Samarbete för bättre vård", "systemet för kunskapsstyrning").
WEIGHTS = {"stems": 1.0, "grams": 2.0, "vector": 0.25, "phrase": 1.0}
PHRASE_CANDIDATES = 20
# A passage that carries every entity the question names (region, body) rises by this many
# first-rank RRF units; one that names a rival entity of the same kind but not the asked one sinks.
ENTITY_BONUS = 1.5
RIVAL_PENALTY = 2.0
CONTEXT_WEIGHT = 0.5  # earlier turns' terms count half in a follow-up question
KNOWN_TERM_SHARE = 0.75  # a question word is "in the documents" when a vocabulary term shares this much of its grams


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

    def passage_stems(self, ids: list[int]) -> dict[int, str]:
        """Each passage's search terms in text order, one space apart (as
        `index.build.search_stems` joins them) and one around: " a b c ", so a phrase is
        a substring test. Only that column is read: every keyword search asks."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.conn.execute(f"select id, stems from passages where id in ({marks})", ids)
        return {pid: f" {text} " for pid, text in rows}

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

    def knows(self, term: str) -> bool:
        """Is a stem (or a close spelling of it: OCR damage, compounds) in the documents?"""
        if term in self.keyword.term_ids:
            return True
        return any(share >= KNOWN_TERM_SHARE for _, share in self.keyword.expand(term)[:1])

    @cached_property
    def _mentions(self) -> PassageMentions:
        return PassageMentions(self.db.conn, self.keyword)

    def passage_terms(self, passage_id: int) -> frozenset[str]:
        """The stems of a passage's title, heading and text (entity checks read these)."""
        return self._mentions.passage_terms(passage_id)

    def mentions(self, entity: list[str], passage_id: int | None = None) -> bool:
        """Does a passage (or, without an id, any passage) carry all stems of an entity?
        A stem matches a passage term it begins (\"skan\" in \"skanes\", compounds)."""
        if not entity:
            return False
        key = (tuple(entity), passage_id)
        known = self._mention_cache.get(key)
        if known is None:
            if passage_id is None:
                known = self._mentions.anywhere(entity)
            else:
                known = self._mentions.in_passage(entity, passage_id)
            if len(self._mention_cache) < MENTION_CACHE:
                self._mention_cache[key] = known
        return known

    @cached_property
    def _mention_cache(self) -> dict[tuple[tuple[str, ...], int | None], bool]:
        """Entity checks repeat across questions (regions, rivals): a generation is read-only."""
        return {}

    @cached_property
    def _document_passages(self) -> dict[str, list[int]]:
        return document_tables.document_passages(self.db.conn)

    def document_passages(self, document: str) -> list[int]:
        """Ids of a document's passages in order (what a document is about is read from these)."""
        return self._document_passages.get(document, [])

    @cached_property
    def document_rows(self) -> list[dict]:
        """The indexed documents (name, title, pages, passages, ingest time and `date` when ingest gave one)."""
        return list(self.db.query("select * from documents order by name"))

    @cached_property
    def abbreviations(self) -> dict[str, list[str]]:
        """{abbreviation: the full names documents introduce it with} ("NRF" -> ["Norra
        sjukvårdsregionförbundet"]); a question may name a body by either."""
        return document_tables.abbreviations(self.document_rows)

    def document_date(self, name: str) -> str:
        """The document's own date (ISO text) when ingest gave one, else the latest full date
        (YYYY-MM-DD) its text names, else \"\"."""
        return self._document_dates.get(name, "")

    @cached_property
    def _document_dates(self) -> dict[str, str]:
        return document_tables.document_dates(self.db.conn, self.document_rows)

    def warm(self) -> None:
        """Build what answers read on first use (contacts, the per-document tables, the sorted
        vocabulary of entity checks) before the generation is served: otherwise the first
        answers after a re-ingest build them, and others wait for them (`index/serving.py`)."""
        _ = self.contacts, self._document_passages, self._document_dates, self.abbreviations
        self._mentions.warm()

    @cached_property
    def headings(self) -> list[tuple[str, str]]:
        """(heading, document title) of every passage, in document order: example questions come from these."""
        return [
            (r["heading"], r["title"])
            for r in self.db.query("select heading, title from passages order by document, ordinal")
        ]

    def document_headers(self, ids: list[int]) -> dict[int, int]:
        """Each passage's document header: the first passage of its document (title page,
        minutes header naming the body), for passages that are not it."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.conn.execute(f"select id, document from passages where id in ({marks})", ids)
        out = {}
        for pid, document in rows:
            first = self.document_passages(document)[:1]
            if first and first[0] != pid:
                out[pid] = first[0]
        return out

    def passage_containing(self, document: str, needle: str) -> int | None:
        """Id of the first passage of a document whose text contains `needle` (case-insensitive)."""
        row = self.db.execute(
            "select id from passages where document = ? and instr(lower(text), ?) > 0 order by ordinal limit 1",
            [document, needle.lower()],
        ).fetchone()
        return int(row[0]) if row else None


class Searcher:
    """Retrieval entry point shared by the answerer, eval and bench."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.store = Store(settings.data_dir)
        self.embedder = embedder or Embedder.for_settings(settings, self.store.embedding_cache)
        self._switch = GenerationSwitch(
            self.store.pointer, self.store.current, Generation, self._accept,
            missing=lambda: IndexMissing(prompts.text("answer.no_index")), retry=(OSError, sqlite3.Error, RuntimeError),
        )
        self._local = threading.local()  # per asking thread: the rankings of its current answer

    @property
    def generation(self) -> Generation:
        """The current generation; a newly published one is opened and warmed by the first
        thread that notices it, while the others go on answering (`index/serving.py`)."""
        return self._switch.get()

    def _accept(self, generation: Generation) -> None:
        """Refuse an index of another embedding model; warm the generation before it is served."""
        stored = generation.meta.get("model", "")
        if not self.embedder.can_search(stored):
            raise ModelMismatch(prompts.text("index.model_mismatch", stored=stored, configured=self.embedder.identity))
        generation.warm()

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
        return [(pid, score) for pid, score in zip(ids[0].tolist(), scores[0].tolist(), strict=True) if pid >= 0]

    # -- fusion --------------------------------------------------------------------
    def search(
        self, question: str | SearchQuery, k: int = 5, mode: str = "hybrid", depth: int = 50, gen: Generation | None = None
    ) -> list[Hit]:
        """Top `k` passages; `mode` is hybrid, keyword (stems + grams), stems, grams or vector.
        A `SearchQuery` brings its own terms (already translated), entity and context terms. The
        rankings are remembered until `new_answer` (one answer asks for people, choices, passages)."""
        gen = gen or self.generation
        if not isinstance(question, SearchQuery):
            translated = translate(question)
            question = SearchQuery(translated, query_terms(translated))
        memo: dict[tuple[str, str, int, str], list[Hit]] = self._local.__dict__.setdefault("memo", {})
        key = (gen.path.name, mode, depth, repr(question))
        ranked = memo.get(key)
        if ranked is None:
            ranked = memo[key] = self._ranked(question, mode, depth, gen)
            if len(memo) > SEARCH_MEMO:
                memo.pop(next(iter(memo)))
        return [replace(h, ranks=dict(h.ranks)) for h in ranked[:k]]  # callers may change their copies

    def new_answer(self) -> None:
        """Forget this thread's remembered rankings: they serve one answer, never the next one."""
        self._local.memo = {}

    def _ranked(self, query: SearchQuery, mode: str, depth: int, gen: Generation) -> list[Hit]:
        """The fused ranking of one query, best first (up to `depth` per retriever)."""
        rankings: dict[str, list[int]] = {}
        context = [t for t in query.context_terms if t not in query.terms]
        stem_weights = gram_weights = None
        if mode in ("hybrid", "keyword", "stems"):
            stem_weights = gen.keyword.exact_weights(query.terms)
            for row, w in gen.keyword.exact_weights(context).items():
                stem_weights[row] = stem_weights.get(row, 0.0) + CONTEXT_WEIGHT * w
        if mode in ("hybrid", "keyword", "grams"):
            gram_weights = gen.keyword.fuzzy_weights(query.terms)
            for row, w in gen.keyword.fuzzy_weights(context).items():
                gram_weights[row] = max(gram_weights.get(row, 0.0), CONTEXT_WEIGHT * w)
        if stem_weights is not None and gram_weights is not None:  # one pass over the postings for both
            rankings["stems"], rankings["grams"] = gen.keyword.top_both(stem_weights, gram_weights, depth)
        elif stem_weights is not None:
            rankings["stems"] = gen.keyword.top(stem_weights, depth)
        elif gram_weights is not None:
            rankings["grams"] = gen.keyword.top(gram_weights, depth)
        similarity: dict[int, float] = {}
        if mode in ("hybrid", "vector"):
            similarity = dict(self.rank_vector(query.text, depth, gen))
            rankings["vector"] = list(similarity)
        fused: dict[int, Hit] = {}
        for name, ids in rankings.items():
            for rank, pid in enumerate(ids, start=1):
                hit = fused.setdefault(pid, Hit(pid, 0.0, {}, similarity.get(pid, 0.0)))
                hit.score += WEIGHTS[name] / (RRF_K + rank)
                hit.ranks[name] = rank
        hits = sorted(fused.values(), key=lambda h: -h.score)
        if mode in ("hybrid", "keyword"):
            hits = self._reward_phrases(query.terms, hits, gen)
            if query.entities or query.rivals:
                hits = self._prefer_entities(query, hits, gen)
        return hits

    def _prefer_entities(self, query: SearchQuery, hits: list[Hit], gen: Generation) -> list[Hit]:
        """Disambiguation between similar bodies: passages that name the asked region/body (or
        whose document's header names it: a minutes section under "Samverkansnämnden i Sydöstra")
        rise; those naming a rival of the same kind instead sink."""
        head = hits[:PHRASE_CANDIDATES]
        headers = gen.document_headers([h.passage_id for h in head])
        for hit in head:
            header = headers.get(hit.passage_id)  # a minutes section is about the body its header names
            named = sum(
                gen.mentions(e, hit.passage_id) or (header is not None and gen.mentions(e, header)) for e in query.entities
            )
            hit.score += ENTITY_BONUS * named / max(1, len(query.entities)) / (RRF_K + 1)
            if named < len(query.entities) and any(gen.mentions(r, hit.passage_id) for r in query.rivals):
                hit.score -= RIVAL_PENALTY / (RRF_K + 1)
        head = sorted(hits[:PHRASE_CANDIDATES], key=lambda h: -h.score)
        return head + hits[PHRASE_CANDIDATES:]

    def _reward_phrases(self, terms: list[str], hits: list[Hit], gen: Generation) -> list[Hit]:
        """Raise the best candidates by the share of the question's neighbouring stem
        pairs that are neighbours in the passage too (a phrase match)."""
        pairs = set(zip(terms, terms[1:], strict=False))
        if not pairs:
            return hits
        head = hits[:PHRASE_CANDIDATES]
        phrases = [f" {a} {b} " for a, b in pairs]
        passage_terms = gen.passage_stems([h.passage_id for h in head])
        for hit in head:
            text = passage_terms.get(hit.passage_id, "")
            share = sum(phrase in text for phrase in phrases) / len(pairs)
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
