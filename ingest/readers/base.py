"""What every reader returns, and the one way a reader reports a file it cannot use."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import prompts
from ingest.errors import DocumentError
from ingest.model import Block, Contact, Page


@dataclass
class RawDocument:
    """A reader's result: pages as extracted, or structured blocks when the format has them.

    `blocks` (headings, paragraphs, lists, table rows) replaces the line-guessing of
    `cleaning.clean` for formats that know their structure (Word, PowerPoint, sheets);
    `contacts` replaces e-mail extraction when columns already say who is who.
    """

    kind: str
    pages: list[Page]
    title: str = ""
    blocks: list[Block] | None = None
    contacts: list[Contact] | None = None
    date: str = ""  # ISO date from the file's own metadata
    separate_pages: bool = False  # never merge passages across pages (sheets are separate tables)
    warnings: list[str] = field(default_factory=list)


def fail(path: Path | str, key: str, **fields: object) -> DocumentError:
    """A `DocumentError` naming the file, with the Swedish text `ingest.<key>`."""
    name = path.name if isinstance(path, Path) else path
    return DocumentError(name, prompts.text(f"ingest.{key}", "messages", "sv", **fields))


def pages_of(blocks: list[Block]) -> list[Page]:
    """Plain pages rebuilt from blocks, for contact extraction that reads lines."""
    texts: dict[int, list[str]] = {}
    for block in blocks:
        texts.setdefault(block.page, []).append(block.text)
    return [Page(number, "\n".join(lines)) for number, lines in sorted(texts.items())]
