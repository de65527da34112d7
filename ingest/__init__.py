"""Ingest: documents in, cleaned passages and contacts out (no storage here).

`load_document(path)` is the one entry point: read → clean → chunk → extract
contacts. It raises `DocumentError` with a clear Swedish message for files it
cannot use, so callers can report them and carry on with the rest.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import prompts
from ingest.chunking import chunk
from ingest.cleaning import clean
from ingest.contacts import extract_contacts
from ingest.errors import DocumentError
from ingest.model import Block, Contact, Document, Page, Passage
from ingest.readers import SUPPORTED_SUFFIXES, read

__all__ = ["Block", "Contact", "Document", "DocumentError", "Page", "Passage", "SUPPORTED_SUFFIXES", "load_document", "file_sha256"]


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


def load_document(path: Path, sha256: str | None = None) -> Document:
    """Read, clean and chunk one file; extract its contacts."""
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
    return document
