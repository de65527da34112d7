"""Building an index generation: documents → SQLite (rows + FTS5) and FAISS.

Incremental by content hash: a document whose bytes are unchanged is copied row
for row from the current generation (no parsing), and passage windows whose text
is unchanged come from the embedding cache (no model call).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import sqlite_utils

from ingest import Document, DocumentError, file_sha256, load_document
from ingest.normalize import char_grams, stems
from index.embedder import Embedder, windows
from index.store import DB_NAME, VECTORS_NAME, Store
from settings import Settings

Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    """What an ingest did, for the CLI summary and the bot's admin reply."""

    documents: int = 0
    pages: int = 0
    passages: int = 0
    contacts: int = 0
    seconds: float = 0.0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    passages_added: int = 0
    passages_removed: int = 0
    contacts_changed: int = 0
    embedded: int = 0
    generation: str = ""


def corpus_files(paths: Iterable[Path]) -> list[Path]:
    """Files to ingest: directories are walked (hidden files skipped), files taken as given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*")) if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.exists():
            found.append(path)
    return found


def search_stems(title: str, heading: str, text: str) -> str:
    """Keyword-side text of a passage: title and heading prefixed, then stemmed and folded."""
    return " ".join(stems(f"{title} {heading} {text}"))


def search_grams(title: str, heading: str, text: str) -> str:
    """Character-gram side: the same text as padded 3–5-grams."""
    return " ".join(char_grams(f"{title} {heading} {text}"))


def _create_schema(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["documents"].create(
        {"name": str, "title": str, "kind": str, "sha256": str, "pages": int, "passages": int, "contacts": int, "ingested_at": str},
        pk="name",
    )
    db["passages"].create(
        {
            "id": int, "document": str, "title": str, "page_start": int, "page_end": int, "page": str,
            "heading": str, "text": str, "ordinal": int, "stems": str, "grams": str,
        },
        pk="id",
    )
    db["contacts"].create(
        {"id": int, "name": str, "email": str, "organisation": str, "role": str, "document": str, "page": int, "quote": str, "name_guessed": int},
        pk="id",
    )


def _document_rows(doc: Document, ingested_at: str) -> tuple[dict, list[dict], list[dict]]:
    passages = [
        {
            "document": p.document, "title": p.title, "page_start": p.page_start, "page_end": p.page_end,
            "page": p.page_label, "heading": p.heading, "text": p.text, "ordinal": p.ordinal,
            "stems": search_stems(p.title, p.heading, p.text), "grams": search_grams(p.title, p.heading, p.text),
        }
        for p in doc.passages
    ]
    contacts = [
        {
            "name": c.name, "email": c.email, "organisation": c.organisation, "role": c.role,
            "document": c.document, "page": c.page, "quote": c.quote, "name_guessed": int(c.name_guessed),
        }
        for c in doc.contacts
    ]
    row = {
        "name": doc.name, "title": doc.title, "kind": doc.kind, "sha256": doc.sha256, "pages": doc.pages,
        "passages": len(passages), "contacts": len(contacts), "ingested_at": ingested_at,
    }
    return row, passages, contacts


def _previous(store: Store) -> sqlite_utils.Database | None:
    current = store.current()
    return sqlite_utils.Database(current / DB_NAME) if current else None


def ingest_corpus(
    settings: Settings,
    paths: list[Path] | None = None,
    progress: Progress | None = None,
    embedder: Embedder | None = None,
) -> IngestReport:
    """Ingest `paths` (default: the corpus directory) into a new generation and publish it."""
    started = time.perf_counter()
    report = IngestReport()
    store = Store(settings.data_dir)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    files = corpus_files(paths or [settings.corpus_dir])
    previous = _previous(store)
    old_docs = {r["name"]: r for r in previous["documents"].rows} if previous else {}

    building = store.begin()
    db = sqlite_utils.Database(building / DB_NAME)
    _create_schema(db)
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    seen: set[str] = set()
    for i, path in enumerate(files, start=1):
        if progress:
            progress(path.name, i - 1, len(files))
        if path.name in seen:
            report.errors.append(f"{path}: två filer med samma namn; den första används")
            continue
        try:
            sha = file_sha256(path)
            old = old_docs.get(path.name)
            if old and old["sha256"] == sha and previous is not None:
                _copy_document(previous, db, old)
                report.skipped.append(path.name)
            else:
                doc = load_document(path, sha256=sha)
                row, passages, contacts = _document_rows(doc, now)
                db["documents"].insert(row)
                db["passages"].insert_all(passages)
                db["contacts"].insert_all(contacts)
                (report.changed if old else report.added).append(path.name)
                report.passages_added += len(passages)
                report.passages_removed += old["passages"] if old else 0
                report.contacts_changed += len(contacts) + (old["contacts"] if old else 0)
            seen.add(path.name)
        except DocumentError as err:
            report.errors.append(str(err))
            if path.name in old_docs and previous is not None:
                _copy_document(previous, db, old_docs[path.name])  # keep serving the last good version
                seen.add(path.name)
    report.removed = sorted(set(old_docs) - seen)
    for name in report.removed:
        report.passages_removed += old_docs[name]["passages"]
        report.contacts_changed += old_docs[name]["contacts"]
    if progress:
        progress("", len(files), len(files))

    embedder = embedder or Embedder(settings.model, settings.model_path, store.embedding_cache)
    vectors = _build_vectors(db, embedder, building / VECTORS_NAME)
    report.embedded = embedder.embedded
    _finish(db, settings, report, vectors, now)
    db.close()
    if previous is not None:
        previous.close()
    report.generation = store.publish(building).name
    report.seconds = time.perf_counter() - started
    return report


def _copy_document(previous: sqlite_utils.Database, db: sqlite_utils.Database, old: dict) -> None:
    """Carry an unchanged document over from the previous generation, rows as they were."""
    db["documents"].insert(old)
    name = old["name"]
    db["passages"].insert_all(
        {
            **{k: v for k, v in row.items() if k != "id"},
            # search keys are recomputed (cheap): a change of normalisation must reach every passage
            "stems": search_stems(row["title"], row["heading"], row["text"]),
            "grams": search_grams(row["title"], row["heading"], row["text"]),
        }
        for row in previous["passages"].rows_where("document = ?", [name], order_by="ordinal")
    )
    db["contacts"].insert_all({k: v for k, v in row.items() if k != "id"} for row in previous["contacts"].rows_where("document = ?", [name]))


def _build_vectors(db: sqlite_utils.Database, embedder: Embedder, target: Path) -> int:
    """One vector per passage window, FAISS ids = passage ids; returns the vector count."""
    import faiss

    ids: list[int] = []
    texts: list[str] = []
    for row in db.execute("select id, heading, text from passages order by id"):
        for window in windows(f"{row[1]}: {row[2]}" if row[1] else row[2]):
            ids.append(row[0])
            texts.append(window)
    vectors = embedder.embed_cached(texts)
    dim = vectors.shape[1] if len(texts) else embedder.dimension
    index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
    if len(texts):
        index.add_with_ids(vectors, np.asarray(ids, dtype="int64"))
    faiss.write_index(index, str(target))
    return index.ntotal


def _finish(db: sqlite_utils.Database, settings: Settings, report: IngestReport, vectors: int, now: str) -> None:
    """Full-text indexes, meta row, and a check that rows and vectors agree before publishing."""
    db["passages"].enable_fts(["stems"], tokenize="unicode61 remove_diacritics 2", create_triggers=False)
    db["grams"].create({"id": int, "grams": str}, pk="id")
    db.execute("insert into grams (id, grams) select id, grams from passages")
    db["grams"].enable_fts(["grams"], tokenize="unicode61 remove_diacritics 2 tokenchars '_'", create_triggers=False)
    counts = db.execute("select count(*), coalesce(sum(pages), 0) from documents").fetchone()
    report.documents, report.pages = counts
    report.passages = db["passages"].count
    report.contacts = db["contacts"].count
    db["meta"].insert_all(
        [
            {"key": "model", "value": settings.model},
            {"key": "passages", "value": str(report.passages)},
            {"key": "vectors", "value": str(vectors)},
            {"key": "created_at", "value": now},
        ]
    )
    if report.passages and not vectors:
        raise RuntimeError("index check failed: passages without vectors")
