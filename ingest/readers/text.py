"""Plain text and Markdown: decoded whatever the encoding, one page."""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from ingest.model import Page
from ingest.readers.base import RawDocument, fail


def decode(data: bytes) -> str:
    """Decode bytes of unknown encoding: UTF-8, then Windows-1252, then detection; never raises."""
    for encoding in ("utf-8-sig", "cp1252"):  # cp1252 is what Swedish Windows tools write
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("latin-1")


def read_text(path: Path) -> RawDocument:
    """A text file is one page; cleaning finds its headings, lists and tables."""
    text = decode(path.read_bytes())
    if not text.strip():
        raise fail(path, "no_text")
    return RawDocument("text", [Page(1, text)])
