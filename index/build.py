"""Building an index generation: documents → SQLite rows, a BM25 keyword matrix and FAISS.

Incremental by content hash: a document whose bytes are unchanged and that was
parsed by the current `INGEST_VERSION` is copied row for row from the current
generation (no parsing), and passages whose text is unchanged take their vector
from the embedding cache (no model call). Web addresses in the sources file are
fetched first (conditional requests) and then treated like files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import sqlite_utils

import prompts
from index.archive import Archive, ArchiveError, default_uploader
from index.corpus_files import _printable, corpus_files
from index.embedder import Embedder, embedding_text
from index.keyword import KeywordIndex
from index.lock import ingest_lock
from index.restore import recover
from index.store import DB_NAME, VECTORS_NAME, Store, verify
from index.vectors import build_index, write_index
from ingest import INGEST_VERSION, Document, DocumentError, check_size, file_sha256
from ingest.budget import load_document_budgeted
from ingest.decoding import REPLACEMENT
from ingest.normalize import stems
from ingest.web import Fetched, fetch, read_sources, stored_name
from settings import Settings

Progress = Callable[[str, int, int], None]
WEB_DIR = "web"  # fetched pages and their validators, inside the data directory


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
    warnings: list[str] = field(default_factory=list)  # indexed, but worth a look (bad bytes replaced)
    notes: list[str] = field(default_factory=list)  # e.g. an interrupted restore finished first
    duplicates: list[str] = field(default_factory=list)  # "b.txt: samma innehåll som a.txt, …" (not indexed twice)
    archived: dict[str, int] = field(default_factory=dict)  # name -> archive version, for new or changed bytes
    passages_added: int = 0
    passages_removed: int = 0
    contacts_changed: int = 0
    embedded: int = 0
    generation: str = ""
    # name -> (words repaired, non-word share before, after) for documents read in this ingest
    repairs: dict[str, tuple[int, float, float]] = field(default_factory=dict)


def search_stems(title: str, heading: str, text: str, raw_text: str = "") -> str:
    """Keyword-side text of a passage: title and heading prefixed, then stemmed and folded.
    A repaired passage adds the stems only its raw text layer has, so a question typed
    with the damaged spelling (or without å/ä/ö) still finds it."""
    terms = stems(f"{title} {heading} {text}")
    if raw_text:
        known = set(terms)
        terms += [t for t in dict.fromkeys(stems(raw_text)) if t not in known]
    return " ".join(terms)


def create_schema(db: sqlite_utils.Database) -> None:
    """The tables of a generation's index.db (the bench builds synthetic generations with it too)."""
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("documents").create(
        {
            "name": str, "title": str, "kind": str, "sha256": str, "pages": int, "passages": int, "contacts": int,
            "ingested_at": str, "date": str, "date_source": str, "url": str, "ingest_version": int, "ocr_pages": int,
            "abbreviations": str,
        },
        pk="name",
    )
    db.table("passages").create(
        {
            "id": int, "document": str, "title": str, "page_start": int, "page_end": int, "page": str,
            "heading": str, "text": str, "ordinal": int, "stems": str, "date": str, "url": str, "ocr": int, "raw_text": str,
        },
        pk="id",
    )
    db.table("contacts").create(
        {
            "id": int, "name": str, "email": str, "organisation": str, "role": str, "body": str, "phone": str,
            "document": str, "page": int, "quote": str, "name_guessed": int,
        },
        pk="id",
    )


def _document_rows(doc: Document, ingested_at: str) -> tuple[dict, list[dict], list[dict]]:
    # citations show only a date the document itself gives: a file's time is when someone saved
    # or copied it (the documents table keeps it, to tell older from newer)
    shown_date = doc.date if doc.date_source != "file" else ""
    passages = [
        {
            "document": p.document, "title": p.title, "page_start": p.page_start, "page_end": p.page_end,
            "page": p.page_label, "heading": p.heading, "text": p.text, "ordinal": p.ordinal,
            "stems": search_stems(p.title, p.heading, p.text, p.raw_text), "date": shown_date, "url": doc.url, "ocr": int(p.ocr),
            "raw_text": p.raw_text,
        }
        for p in doc.passages
    ]
    contacts = [
        {
            "name": c.name, "email": c.email, "organisation": c.organisation, "role": c.role,
            "body": c.body, "phone": c.phone, "document": c.document, "page": c.page, "quote": c.quote, "name_guessed": int(c.name_guessed),
        }
        for c in doc.contacts
    ]
    row = {
        "name": doc.name, "title": doc.title, "kind": doc.kind, "sha256": doc.sha256, "pages": doc.pages,
        "passages": len(passages), "contacts": len(contacts), "ingested_at": ingested_at, "date": doc.date,
        "date_source": doc.date_source, "url": doc.url, "ingest_version": INGEST_VERSION, "ocr_pages": doc.ocr_pages,
        "abbreviations": json.dumps(doc.abbreviations, ensure_ascii=False),
    }
    return row, passages, contacts


def _previous(store: Store) -> sqlite_utils.Database | None:
    current = store.current()
    return sqlite_utils.Database(current / DB_NAME) if current else None


MAX_CONTACTS_PER_DOCUMENT = 1000  # a real member list has hundreds; 100k fake ones slowed every question
LOCK_WAIT_S = 600.0  # a second ingest waits this long for a running one, then says who holds the lock


def ingest_corpus(
    settings: Settings,
    paths: list[Path] | None = None,
    progress: Progress | None = None,
    embedder: Embedder | None = None,
    *,
    uploader: str = "",
    parsed: dict[str, Document] | None = None,
    lock_wait_s: float = LOCK_WAIT_S,
    full: bool = False,
) -> IngestReport:
    """Ingest `paths` (default: the corpus directory) and the web addresses of the sources
    file into a new generation and publish it. `full` re-parses unchanged documents too.

    Every document that goes into the index is kept in the archive (`index/archive.py`)
    as a version of its name, credited to `uploader` (default `cli:<OS user>`); documents
    that leave the index are marked removed there. A file over SAMVERKAN_MAX_UPLOAD_MB is
    refused with a message, and a file with the same bytes as another one is indexed once.
    Each file is parsed in a worker within a time and memory budget (`ingest/budget.py`);
    `parsed` holds documents already parsed by their sha256 (a validated upload), which
    are used as they are. Only one ingest runs at a time (`index/lock.py`).
    """
    with ingest_lock(settings.data_dir, prompts.text("corpus.what_ingest"), lock_wait_s):
        store = Store(settings.data_dir)
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        note = recover(settings.data_dir)  # a killed restore is finished (or undone) first
        store.remove_orphans()
        Archive(settings.data_dir).remove_orphan_temps()
        building = store.begin()
        try:
            report = _ingest(settings, store, building, paths, progress, embedder, uploader, parsed or {}, full)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
    report.notes = [note] if note else []
    return report


def _ingest(settings: Settings, store: Store, building: Path, paths: list[Path] | None, progress: Progress | None,
            embedder: Embedder | None, uploader: str, parsed: dict[str, Document], full: bool) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    links: list[Path] = []
    previous = _previous(store)
    old_docs = {r["name"]: r for r in previous["documents"].rows} if previous else {}
    web, web_failed = fetch_sources(settings)
    files = corpus_files(paths or [settings.corpus_dir], links, exclude=[settings.sources_file]) + list(web)
    report.errors.extend(f"{_printable(link.name)}: {prompts.text('ingest.symlink')}" for link in links)
    max_bytes = settings.max_upload_bytes
    archive = Archive(settings.data_dir)
    archived = archive.current_shas()
    to_archive: list[tuple[str, str, int]] = []
    uploader = uploader or default_uploader()
    hashes, keepers = _hashes_and_keepers(files, old_docs, max_bytes)

    db = sqlite_utils.Database(building / DB_NAME)
    create_schema(db)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    seen: set[str] = set()
    for i, path in enumerate(files, start=1):
        if progress:
            progress(path.name, i - 1, len(files))
        if path.name in seen:
            report.errors.append(f"{path}: två filer med samma namn; den första används")
            continue
        try:
            try:
                check_size(path, max_bytes)
                sha = hashes.get(path) or file_sha256(path)
            except OSError as err:
                raise DocumentError(path.name, prompts.text("ingest.unreadable", detail=err.strerror or err)) from None
            keeper = keepers.get(sha, path)
            if keeper != path and keeper.name != path.name:
                report.duplicates.append(prompts.text("ingest.duplicate", name=path.name, original=keeper.name))
                continue
            old = old_docs.get(path.name)
            if old and old["sha256"] == sha and old.get("ingest_version") == INGEST_VERSION and not full and previous is not None:
                _copy_document(previous, db, old)
                report.skipped.append(path.name)
            else:
                doc = parsed.get(sha)
                if doc is None or doc.name != path.name:
                    page = web.get(path)
                    doc = load_document_budgeted(
                        path, sha256=sha, max_bytes=max_bytes,
                        url=page.url if page else "", last_modified=page.last_modified if page else "",
                    )
                if not doc.passages:
                    raise DocumentError(path.name, prompts.text("ingest.no_text"))
                if len(doc.contacts) > MAX_CONTACTS_PER_DOCUMENT:
                    report.warnings.append(prompts.text("ingest.too_many_contacts", name=path.name,
                                                        count=len(doc.contacts), limit=MAX_CONTACTS_PER_DOCUMENT))
                    doc.contacts = doc.contacts[:MAX_CONTACTS_PER_DOCUMENT]
                row, passages, contacts = _document_rows(doc, now)
                replaced = sum(p["text"].count(REPLACEMENT) for p in passages)
                if replaced:
                    report.warnings.append(prompts.text("ingest.replaced_characters", name=path.name, count=replaced))
                db.table("documents").insert(row)
                db.table("passages").insert_all(passages)
                db.table("contacts").insert_all(contacts)
                (report.changed if old else report.added).append(path.name)
                if doc.repaired_words:
                    report.repairs[path.name] = (doc.repaired_words, *doc.nonword_share)
                report.passages_added += len(passages)
                report.passages_removed += old["passages"] if old else 0
                report.contacts_changed += len(contacts) + (old["contacts"] if old else 0)
            if archived.get(path.name) != sha:  # new bytes (or indexed before the archive existed)
                archive.put_blob(path, sha)
                to_archive.append((path.name, sha, path.stat().st_size))
            seen.add(path.name)
        except (DocumentError, ArchiveError) as err:
            report.errors.append(str(err) if isinstance(err, DocumentError) else f"{path.name}: {err}")
            if path.name in old_docs and previous is not None:
                _copy_document(previous, db, old_docs[path.name])  # keep serving the last good version
                seen.add(path.name)
    for name, error in web_failed:
        report.errors.append(str(error))
        if name in old_docs and name not in seen and previous is not None:
            _copy_document(previous, db, old_docs[name])  # an unreachable page keeps its last good version
            seen.add(name)
    report.removed = sorted(set(old_docs) - seen)
    for name in report.removed:
        report.passages_removed += old_docs[name]["passages"]
        report.contacts_changed += old_docs[name]["contacts"]
    if progress:
        progress("", len(files), len(files))

    embedder = embedder or Embedder.for_settings(settings, store.embedding_cache)
    vectors = _build_vectors(db, embedder, building / VECTORS_NAME)
    report.embedded = embedder.embedded
    _finish(db, building, embedder.identity, report, vectors, now)
    db.close()
    if previous is not None:
        previous.close()
    verify(building)  # every file a reader opens, opened once before anyone may
    # the archive is written before publishing: at worst it lists a version the index never served
    report.archived = archive.add_versions(to_archive, uploader, now) if to_archive else {}
    archive.mark_removed(report.removed, by=uploader, at=now)
    report.generation = store.publish(building).name
    report.seconds = time.perf_counter() - started
    return report


def fetch_sources(settings: Settings) -> tuple[dict[Path, Fetched], list[tuple[str, DocumentError]]]:
    """Fetch every address of the sources file into `<data>/web/` (a 304 downloads nothing).

    Returns the stored pages by path, and for each failure the document name the address
    was last stored under with its error (so the index keeps the last good version)."""
    store = settings.data_dir / WEB_DIR
    pages: dict[Path, Fetched] = {}
    failed: list[tuple[str, DocumentError]] = []
    for url in read_sources(settings.sources_file):
        try:
            page = fetch(url, store, settings.max_upload_bytes, settings.fetch_timeout_s)
        except DocumentError as err:
            failed.append((stored_name(store, url), err))
            continue
        pages[page.path] = page
    return pages, failed


def _hashes_and_keepers(files: list[Path], old_docs: dict[str, dict], max_bytes: int) -> tuple[dict[Path, str], dict[str, Path]]:
    """Content hashes of the readable files, and for each hash the one file indexed under it.

    Identical bytes under several names are indexed once: under the name that already has
    them in the index, else the first in order. (An unchanged indexed copy cannot fail to
    load, and another copy of the same bytes would fail the same way, so the keeper stands.)
    """
    hashes: dict[Path, str] = {}
    for path in files:
        with contextlib.suppress(OSError):
            if path.stat().st_size <= max_bytes:
                hashes[path] = file_sha256(path)
    keepers: dict[str, Path] = {}
    for path, sha in hashes.items():
        old = old_docs.get(path.name)
        if old is not None and old["sha256"] == sha:
            keepers.setdefault(sha, path)
    for path, sha in hashes.items():
        keepers.setdefault(sha, path)
    return hashes, keepers


def _copy_document(previous: sqlite_utils.Database, db: sqlite_utils.Database, old: dict) -> None:
    """Carry an unchanged document over from the previous generation, rows as they were."""
    db.table("documents").insert(old)
    name = old["name"]
    db.table("passages").insert_all(
        {
            **{k: v for k, v in row.items() if k != "id"},
            # search keys are recomputed (cheap): a change of normalisation must reach every passage
            "stems": search_stems(row["title"], row["heading"], row["text"], row.get("raw_text") or ""),
        }
        for row in previous["passages"].rows_where("document = ?", [name], order_by="ordinal")
    )
    db.table("contacts").insert_all({k: v for k, v in row.items() if k != "id"} for row in previous["contacts"].rows_where("document = ?", [name]))


def _build_vectors(db: sqlite_utils.Database, embedder: Embedder, target: Path) -> int:
    """One vector per passage, FAISS ids = passage ids; returns the vector count."""
    ids: list[int] = []
    texts: list[str] = []
    for pid, heading, text in db.execute("select id, heading, text from passages order by id"):
        ids.append(pid)
        texts.append(embedding_text(heading, text))
    vectors = embedder.embed_cached(texts)
    write_index(build_index(vectors, np.asarray(ids, dtype="int64"), vectors.shape[1]), target)
    return len(ids)


def _finish(db: sqlite_utils.Database, building: Path, model_identity: str, report: IngestReport, vectors: int, now: str) -> None:
    """Keyword matrix, meta row, and a check that rows and vectors agree before publishing."""
    KeywordIndex.build(db.execute("select id, stems from passages order by id")).save(building)
    counts = db.execute("select count(*), coalesce(sum(pages), 0) from documents").fetchone()
    report.documents, report.pages = counts
    report.passages = db["passages"].count
    report.contacts = db["contacts"].count
    db.table("meta").insert_all(
        [
            {"key": "model", "value": model_identity},
            {"key": "passages", "value": str(report.passages)},
            {"key": "vectors", "value": str(vectors)},
            {"key": "created_at", "value": now},
        ]
    )
    if vectors != report.passages:
        raise RuntimeError(f"index check failed: {report.passages} passages but {vectors} vectors")
