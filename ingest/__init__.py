"""Ingest: documents in, cleaned passages and contacts out (no storage here).

`load_document(path)` is the one entry point: read → clean → chunk → extract
contacts → date. It raises `DocumentError` with a clear Swedish message for files it
cannot use, so callers can report them and carry on with the rest.

`INGEST_VERSION` is stored with every document: raise it whenever a change here
changes what a file turns into, and the next ingest re-parses unchanged files too.
"""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path

import prompts
from ingest.abbreviations import introduced_abbreviations
from ingest.chunking import chunk, drop_overlong_tokens
from ingest.cleaning import clean
from ingest.contacts import extract_contacts
from ingest.dates import choose_date
from ingest.errors import DocumentError
from ingest.model import Block, Contact, Document, Page, Passage
from ingest.readers import MIME_SUFFIXES, SUPPORTED_SUFFIXES, RawDocument, read, reader_for, supported_label
from ingest.repair import repair_document

INGEST_VERSION = 9  # 2: reader registry (Office, sheets, OCR), HTML5 end tags, dates; 3: repaired text layers;
# 4: people carry the body and place they hold a role in, Markdown titles; a list stays with its
# lead-in across a passage cut, text dates before metadata dates; 5: ranked vice chairs, minutes'
# signature blocks, member tables' last rows kept; 6: Markdown read as blocks (headings, one item or
# table row a line); a one-field line at a page edge is no table row (running footers go again); 7: repair
# of OCR pages, of layers that lost one letter or letter shapes (`1`/`m`/`h`), ligatures and soft hyphens;
# 8: nested list items kept as sub-items (◦, ▪), Word/PDF bullet glyphs, numbered section headings;
# 9: abbreviations a document introduces; people of signature blocks, pronoun sentences, table columns
# named in several words

__all__ = [
    "INGEST_VERSION", "MIME_SUFFIXES", "SUPPORTED_SUFFIXES", "Block", "Contact", "Document", "DocumentError", "Page",
    "Passage", "check_size", "file_sha256", "load_document", "reader_for", "size_error", "supported_label",
]


def format_mb(size: float, up: bool = False) -> str:
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
    return DocumentError(name, prompts.text("ingest.too_large", size_mb=format_mb(size, up=True), limit_mb=format_mb(max_bytes)))


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


_PLACEHOLDER_TITLE = re.compile(
    r"^(?:untitled|namnlös|utan titel|no title|(?:document|dokument|presentation)\s*\d*"
    r"|microsoft (?:word|powerpoint|excel) - .*|.*\.(?:docx?|pptx?|xlsx?|odt|pdf))$",
    re.IGNORECASE,
)


_SECTION_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.?\s")  # "2. Syfte" heads a section, not the document


def _title(path: Path, raw_title: str, blocks: list[Block], pages: list[Page]) -> str:
    """The document's own title if it has one (a Markdown "# " first line too), else its first
    heading, else the file name. A generator's placeholder ("untitled", "Document1",
    "Microsoft Word - plan.docx") is no title."""
    if raw_title and not _PLACEHOLDER_TITLE.match(raw_title.strip()):
        return raw_title
    first = next((line.strip() for line in (pages[0].text.splitlines() if pages else []) if line.strip()), "")
    if re.match(r"#\s+\S", first) and len(first) <= 200:
        return first.lstrip("#").strip()
    first_heading = next((b.text for b in blocks if b.kind == "heading" and not _SECTION_NUMBER.match(b.text)), "")
    return first_heading or path.stem.replace("-", " ").replace("_", " ")


def _structured(raw: RawDocument) -> list[Block]:
    """Blocks a reader handed over (Word, slides, sheets), with their nearest heading set as `clean` does."""
    heading = ""
    blocks = [Block(b.kind, b.text, b.page) for b in raw.blocks or []]
    for block in blocks:
        if block.kind == "heading":
            heading = block.text
        block.heading = heading
    return blocks


def _chunk(blocks: list[Block], name: str, title: str, separate_pages: bool) -> list[Passage]:
    """Passages of the document; with `separate_pages`, each page (a sheet) is chunked on its own."""
    if not separate_pages:
        return chunk(blocks, name, title)
    passages: list[Passage] = []
    for page in sorted({b.page for b in blocks}):
        for passage in chunk([b for b in blocks if b.page == page], name, title):
            passage.ordinal = len(passages)
            passages.append(passage)
    return passages


def load_document(
    path: Path, sha256: str | None = None, max_bytes: int | None = None, *, url: str = "", last_modified: str = ""
) -> Document:
    """Read, clean and chunk one file; extract its contacts and date. A file over `max_bytes` is refused unread.

    `url` and `last_modified` describe a fetched web page stored at `path` (see `ingest.web`)."""
    check_size(path, max_bytes)
    raw = read(path)
    for page in raw.pages:  # no later regex (cleaning, contacts) ever sees an unbounded word
        page.text = drop_overlong_tokens(page.text)
    for block in raw.blocks or []:
        block.text = drop_overlong_tokens(block.text)
    blocks = _structured(raw) if raw.blocks is not None else clean(raw.pages)
    if not any(b.kind == "text" for b in blocks):
        raise DocumentError(path.name, prompts.text("ingest.no_text"))
    title = _title(path, raw.title, blocks, raw.pages)
    date, date_source = choose_date(
        "\n".join(p.text for p in raw.pages), raw.date, last_modified, None if url else path.stat().st_mtime,
        names=(title, path.stem),
    )
    ocr_pages = {p.number for p in raw.pages if p.ocr}
    document = Document(
        name=path.name,
        title=title,
        kind=raw.kind,
        sha256=sha256 or file_sha256(path),
        pages=len(raw.pages),
        blocks=blocks,
        date=date,
        date_source=date_source,
        url=url,
        ocr_pages=len(ocr_pages),
        warnings=list(raw.warnings),
    )
    document.passages = _chunk(blocks, path.name, title, raw.separate_pages)
    for passage in document.passages:
        passage.ocr = any(n in ocr_pages for n in range(passage.page_start, passage.page_end + 1))
    document.abbreviations = introduced_abbreviations("\n".join(p.text for p in raw.pages))
    document.contacts = raw.contacts if raw.contacts is not None else extract_contacts(path.name, title, raw.pages)
    repair = repair_document(document, raw.pages)
    document.repaired_words = repair.words
    document.nonword_share = (repair.nonword_before, repair.nonword_after)
    return document
