"""Plain text and Markdown: decoded whatever the encoding (`ingest/decoding.py`), one page."""

from __future__ import annotations

from pathlib import Path

from ingest.decoding import decode
from ingest.model import Page
from ingest.readers.base import RawDocument, fail

__all__ = ["decode", "read_text"]


def read_text(path: Path) -> RawDocument:
    """A text file is one page; cleaning finds its headings, lists and tables."""
    text = decode(path.read_bytes(), path.name)
    if not text.strip():
        raise fail(path, "no_text")
    return RawDocument("text", [Page(1, text)])
