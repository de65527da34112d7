"""Markdown as structured blocks: `#` headings, list items and table rows as Markdown marks them.

Read as plain text, a Markdown file ran together: headings, items and table rows lost their
line breaks and merged into one long "sentence", so answers quoted a whole page. The syntax
already says what is a heading, an item or a row, so this reader hands over blocks (as the
Word reader does) and `cleaning` does not guess. Parsed with markdown-it-py (CommonMark plus
GitHub tables). The page text stays the file's own text, for contact extraction and dates.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ingest.decoding import decode
from ingest.model import Page
from ingest.readers.base import RawDocument, fail
from ingest.readers.office import BlockBuilder

_PARSER = MarkdownIt("commonmark").enable("table")
_TAG = re.compile(r"<[^>]*>")


def _plain(inline: Token) -> str:
    """The visible text of an inline token: emphasis marks, link targets and HTML tags dropped."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
        elif child.type == "html_inline" and child.content.lower().startswith("<br"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def markdown_blocks(text: str) -> BlockBuilder:
    """Blocks of a Markdown text: headings, paragraphs, one item per list entry (a lead-in
    ending in ":" keeps its items), one line per table row with cells joined by " | "."""
    out = BlockBuilder()
    tokens = _PARSER.parse(text)
    row: list[str] = []
    list_depth, in_heading, in_cell = 0, False, False
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif kind == "heading_open":
            in_heading = True
        elif kind == "heading_close":
            in_heading = False
        elif kind == "tr_open":
            row = []
        elif kind in ("th_open", "td_open", "th_close", "td_close"):
            in_cell = kind.endswith("_open")
        elif kind == "tr_close":
            out.row(row, 1)
        elif kind == "table_close":
            out.end_table()
        elif kind == "inline" and in_cell:
            row.append(_plain(token))
        elif kind == "inline":
            content = _plain(token)
            if in_heading:
                out.heading(content, 1)
            elif list_depth:
                out.item(content, 1, list_depth - 1)
            else:
                out.paragraph(content, 1)
        elif kind in ("fence", "code_block", "html_block"):
            for line in _TAG.sub(" ", token.content).splitlines():
                out.paragraph(line, 1)
    return out


def read_markdown(path: Path) -> RawDocument:
    """A Markdown file as blocks on one page; its first `# ` heading is the title."""
    text = decode(path.read_bytes(), path.name)
    if not text.strip():
        raise fail(path, "no_text")
    blocks = markdown_blocks(text).blocks
    if not blocks:
        raise fail(path, "no_text")
    return RawDocument("text", [Page(1, text)], blocks=blocks)
