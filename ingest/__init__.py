"""Ingest: documents in, cleaned passages and contacts out (no storage here).

`load_document(path)` is the one entry point: read → clean → chunk → extract
contacts. It raises `DocumentError` with a clear Swedish message for files it
cannot use, so callers can report them and carry on with the rest.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import prompts
from ingest.chunking import chunk
from ingest.cleaning import clean
from ingest.contacts import extract_contacts
from ingest.errors import DocumentError
from ingest.model import Block, Contact, Document, Page, Passage
from ingest.readers import SUPPORTED_SUFFIXES, read
from ingest.repair import repair_document

__all__ = [
    "SUPPORTED_SUFFIXES", "Block", "Contact", "Document", "DocumentError", "Page", "Passage", "check_size", "file_sha256",
    "load_document", "size_error",
]


def _mb(size: float, up: bool = False) -> str:
    """Megabytes the Swedish way, decimal comma: `up` rounds up to one decimal (a file just over
    a 1 MB limit reads 1,1 MB, never 1,0 MB), otherwise at most one decimal (50, 0,5)."""
    if up:
        return f"{math.ceil(size / 2**20 * 10) / 10:.1f}".replace(".", ",")
    return f"{round(size / 2**20, 1):g}".replace(".", ",")


def size_error(name: str, size: int, max_bytes: int | None) -> DocumentError | None:
    """The error for a file of `size` bytes over the limit (None if within it or no limit).

    The one place the size rule and its message live: ingest and the bot's upload both use it.
    """
    if max_bytes is None or size <= max_bytes:
        return None
    return DocumentError(name, prompts.text("ingest.too_large", size_mb=_mb(size, up=True), limit_mb=_mb(max_bytes)))


def check_size(path: Path, max_bytes: int | None) -> None:
    """Raise the too-large `DocumentError` if the file at `path` is over `max_bytes`."""
    error = size_error(path.name, path.stat().st_size, max_bytes)
    if error is not None:
        raise error


def file_sha256(path: Path) -> str:
    """Content hash that identifies a document version (streamed: large files are fine)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk_bytes in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk_bytes)
    return digest.hexdigest()


def _title(path: Path, raw_title: str, blocks: list[Block]) -> str:
    """The document's own title if it has one, else its first heading, else the file name."""
    if raw_title:
        return raw_title
    first_heading = next((b.text for b in blocks if b.kind == "heading"), "")
    return first_heading or path.stem.replace("-", " ").replace("_", " ")


def load_document(path: Path, sha256: str | None = None, max_bytes: int | None = None) -> Document:
    """Read, clean and chunk one file; extract its contacts. A file over `max_bytes` is refused unread."""
    check_size(path, max_bytes)
    raw = read(path)
    blocks = clean(raw.pages)
    if not any(b.kind == "text" for b in blocks):
        raise DocumentError(path.name, prompts.text("ingest.no_text"))
    title = _title(path, raw.title, blocks)
    document = Document(
        name=path.name,
        title=title,
        kind=raw.kind,
        sha256=sha256 or file_sha256(path),
        pages=len(raw.pages),
        blocks=blocks,
    )
    document.passages = chunk(blocks, path.name, title)
    document.contacts = extract_contacts(path.name, title, raw.pages)
    repair = repair_document(document, raw.pages)
    document.repaired_words = repair.words
    document.nonword_share = (repair.nonword_before, repair.nonword_after)
    return document
