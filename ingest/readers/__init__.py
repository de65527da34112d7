"""The reader registry: the one place that maps a file type to the function that reads it.

Everything that names supported types derives from `READERS`: the "stöds: …" message,
`SUPPORTED_SUFFIXES` (ingest, the archive's name check, the bot's upload check) and
`MIME_SUFFIXES` (a Telegram upload or a fetched URL without a usable file name).
Readers are plain functions `path -> RawDocument` that raise `DocumentError`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.readers.base import RawDocument, fail
from ingest.readers.html import html_main_text, read_html
from ingest.readers.markdown import read_markdown
from ingest.readers.office import read_docx, read_odt, read_pptx
from ingest.readers.pdf import read_pdf
from ingest.readers.sheets import read_csv, read_ods, read_xlsx
from ingest.readers.text import decode, read_text


@dataclass(frozen=True)
class Reader:
    """One file type: its label in messages, suffixes, MIME types and reading function."""

    label: str
    suffixes: tuple[str, ...]
    mime_types: tuple[str, ...]
    read: Callable[[Path], RawDocument]


READERS: tuple[Reader, ...] = (
    Reader("PDF", (".pdf",), ("application/pdf",), read_pdf),
    Reader("text", (".txt", ".text"), ("text/plain",), read_text),
    Reader("Markdown", (".md", ".markdown"), ("text/markdown", "text/x-markdown"), read_markdown),
    Reader("HTML", (".html", ".htm", ".xhtml"), ("text/html", "application/xhtml+xml"), read_html),
    Reader("Word", (".docx",), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",), read_docx),
    Reader("PowerPoint", (".pptx",), ("application/vnd.openxmlformats-officedocument.presentationml.presentation",), read_pptx),
    Reader("OpenDocument-text", (".odt",), ("application/vnd.oasis.opendocument.text",), read_odt),
    Reader("Excel", (".xlsx",), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",), read_xlsx),
    Reader("OpenDocument-kalkyl", (".ods",), ("application/vnd.oasis.opendocument.spreadsheet",), read_ods),
    Reader("CSV", (".csv",), ("text/csv",), read_csv),
)

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(s for r in READERS for s in r.suffixes)
MIME_SUFFIXES: dict[str, str] = {m: r.suffixes[0] for r in READERS for m in r.mime_types}


def supported_label() -> str:
    """"PDF, text, Markdown, …": the types named in messages, in registry order."""
    return ", ".join(r.label for r in READERS)


def reader_for(path: Path | str) -> Reader | None:
    """The reader for a file name's suffix (any case), or None if the type is not supported."""
    suffix = Path(path).suffix.lower()
    return next((r for r in READERS if suffix in r.suffixes), None)


def read(path: Path) -> RawDocument:
    """Read any supported file; raise `DocumentError` with a clear reason otherwise."""
    reader = reader_for(path)
    if reader is None:
        raise fail(path, "unsupported", suffix=path.suffix.lower() or "(ingen filändelse)", supported=supported_label())
    if path.stat().st_size == 0:
        raise fail(path, "empty")
    return reader.read(path)


__all__ = [
    "MIME_SUFFIXES", "READERS", "SUPPORTED_SUFFIXES", "RawDocument", "Reader", "decode", "html_main_text", "read",
    "reader_for", "supported_label",
]
