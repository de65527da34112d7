"""Web pages: the main text of an HTML document as headings, paragraphs, list items and rows.

libxml2's HTML parser (lxml) closes omitted end tags the way browsers do, so
`<p>A<p>B`, `<li>1<li>2` and unclosed `<td>` cells each keep their text; one
linear walk over the tree turns block elements into lines (no per-element
subtree searches, so 50,000 unclosed tags cost no more than 50,000 closed ones).
libxml2 gives up past 2,048 levels of nesting; such a page is read again by the
standard library's event parser, which keeps all text at any depth.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ingest.model import Page, item_mark
from ingest.readers.base import RawDocument, fail
from ingest.readers.text import decode

_CHROME = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg", "button", "template", "iframe"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "pre", "blockquote",
     "figure", "figcaption", "address", "caption", "br", "hr", "body"}
) | _HEADINGS
_CELLS = frozenset({"td", "th"})


class _Lines:
    """Collects text into lines: a block boundary ends a line, cells of a row join with ` | `."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.words: list[str] = []
        self.cells: list[str] = []
        self.prefix = ""

    def text(self, value: str | None) -> None:
        if value and value.strip():
            self.words.append(value)

    def end_block(self) -> None:
        text = " ".join("".join(self.words).split())
        self.words = []
        if text:
            self.lines.append(self.prefix + text)
            self.lines.append("")
        self.prefix = ""

    def end_cell(self) -> None:
        self.cells.append(" ".join("".join(self.words).split()))
        self.words = []

    def end_row(self) -> None:
        if self.words:
            self.end_cell()
        cells = [c for c in self.cells if c]
        self.cells = []
        if cells:
            self.lines.append(" | ".join(cells))


def _walk(root: Any, out: _Lines) -> None:
    """Iterative depth-first walk (deep nesting cannot exhaust the stack); an item inside
    another list item is a sub-item."""
    stack: list[tuple[Any, bool, int]] = [(root, False, 0)]  # element, leaving, list items around it
    while stack:
        element, leaving, items = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        if leaving:
            if tag in _CELLS:
                out.end_cell()
            elif tag == "tr":
                out.end_row()
            elif tag in _BLOCKS:
                out.end_block()
            out.text(element.tail)
            continue
        if not tag or tag in _CHROME:  # comments, processing instructions, menus, scripts
            out.text(element.tail)
            continue
        if tag in _BLOCKS and tag not in ("br",):
            out.end_block()
        if tag == "li":
            out.prefix = _item_prefix(items)
            items += 1
        out.text(element.text)
        stack.append((element, True, items))
        stack.extend((child, False, items) for child in reversed(element))


def _item_prefix(around: int) -> str:
    """The mark of a list item with `around` list items enclosing it."""
    return f"{item_mark(around)} "


class _Events(HTMLParser):
    """Depth-independent fallback: the same lines from start/end tag events, no tree."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = _Lines()
        self.chrome = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _CHROME:
            self.chrome += 1
        elif tag in _CELLS and self.out.words:
            self.out.end_cell()
        elif tag in ("tr", "table"):
            self.out.end_row()
            self.out.end_block()
        elif tag in _BLOCKS:
            self.out.end_block()
            self.out.prefix = _item_prefix(0) if tag == "li" else self.out.prefix  # flat: end tags may be missing

    def handle_endtag(self, tag: str) -> None:
        if tag in _CHROME:
            self.chrome = max(0, self.chrome - 1)
        elif tag in _CELLS:
            self.out.end_cell()
        elif tag in ("tr", "table"):
            self.out.end_row()
            self.out.end_block()
        elif tag in _BLOCKS:
            self.out.end_block()

    def handle_data(self, data: str) -> None:
        if not self.chrome:
            self.out.text(data)


def _event_text(html: str) -> str:
    parser = _Events()
    parser.feed(html)
    parser.close()
    parser.out.end_row()
    parser.out.end_block()
    return "\n".join(parser.out.lines)


def html_main_text(html: str) -> tuple[str, str]:
    """Title and main text of a web page: menus, headers, footers and scripts dropped.

    Block elements become lines separated by blank lines, headings keep their own
    line and table rows become `a | b | c`, so cleaning and chunking treat the page
    like a text file."""
    import lxml.html
    from lxml.etree import ParserError

    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (ParserError, ValueError):
        return "", _event_text(html)
    if any("Excessive depth" in error.message for error in parser.error_log):
        title_el = tree.find(".//title")
        return (" ".join(title_el.text_content().split()) if title_el is not None else ""), _event_text(html)
    title_el = tree.find(".//title")
    title = " ".join(title_el.text_content().split()) if title_el is not None else ""
    root = next(iter(tree.iter("main")), None)
    if root is None:
        root = next(iter(tree.iter("article")), None)
    if root is None:
        root = tree.find("body") if tree.find("body") is not None else tree
    out = _Lines()
    _walk(root, out)
    out.end_row()
    out.end_block()
    h1 = next(iter(root.iter("h1")), None)
    heading = " ".join(h1.text_content().split()) if h1 is not None else ""
    return heading or title, "\n".join(out.lines)


def read_html(path: Path) -> RawDocument:
    """An HTML file on disk (or a fetched page stored by `ingest.web`) is one page."""
    title, text = html_main_text(decode(path.read_bytes(), path.name))
    if not text.strip():
        raise fail(path, "no_text")
    return RawDocument("html", [Page(1, text)], title)
