"""Word (.docx), PowerPoint (.pptx) and OpenDocument text (.odt) as structured blocks.

The formats say what is a heading, a list item or a table cell, so the reader hands
over blocks instead of lines for `cleaning` to guess. Slides are pages; Word's
rendered page breaks (written by Word on save) give approximate page numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from ingest.model import Block, item_mark
from ingest.readers.base import RawDocument, fail, pages_of

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted OOXML file is an OLE container
_HEADING_STYLES = ("heading", "rubrik", "title", "titel")
_LIST_STYLES = ("list", "liststycke", "punktlista", "numrerad")


class BlockBuilder:
    """Headings, paragraphs, lists (lead-in + items in one block, as `cleaning` makes them) and tables."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.open: str = ""  # "list" or "table" while one is being filled

    def _close(self) -> None:
        self.open = ""

    def heading(self, text: str, page: int) -> None:
        text = " ".join(text.split())
        if text:
            self._close()
            self.blocks.append(Block("heading", text, page))

    def paragraph(self, text: str, page: int) -> None:
        text = " ".join(text.split())
        if text:
            self._close()
            self.blocks.append(Block("text", text, page))

    def item(self, text: str, page: int, level: int = 0) -> None:
        """A list item; one nested under another (`level` > 0) is a sub-item of the item above."""
        text = " ".join(text.split())
        if not text:
            return
        level = level if self.open == "list" else 0
        mark = item_mark(level)
        last = self.blocks[-1] if self.blocks else None
        if last is not None and last.kind == "text" and (self.open == "list" or last.text.endswith(":")) and (
            last.page == page or level > 0
        ):
            last.text += f"\n{mark} {text}"
        else:
            self.blocks.append(Block("text", f"{mark} {text}", page))
        self.open = "list"

    def row(self, cells: Iterable[str], page: int) -> None:
        cells = [" ".join(c.split()) for c in cells]
        deduped = [c for i, c in enumerate(cells) if c and (i == 0 or c != cells[i - 1])]  # merged cells repeat
        if not deduped:
            return
        line = " | ".join(deduped)
        if self.open == "table" and self.blocks and self.blocks[-1].page == page:
            self.blocks[-1].text += "\n" + line
        else:
            self._close()
            self.blocks.append(Block("text", line, page))
        self.open = "table"

    def end_table(self) -> None:
        self._close()


def _iso(value: object) -> str:
    return value.date().isoformat() if isinstance(value, dt.datetime) else ""


def _guarded(path: Path, kind: str, body: Callable[[], RawDocument]) -> RawDocument:
    """Run a reader; a password-protected or broken file becomes one clear message."""
    with open(path, "rb") as handle:
        if handle.read(8) == _OLE_MAGIC:
            raise fail(path, "encrypted_office")
    try:
        raw = body()
    except Exception as err:  # zip, XML and library errors alike: the file is broken
        if type(err).__name__ == "DocumentError":
            raise
        raise fail(path, "corrupt_office", kind=kind.upper(), detail=type(err).__name__) from None
    if not raw.blocks or not any(b.kind == "text" for b in raw.blocks):
        raise fail(path, "no_text")
    return raw


# ---- Word ------------------------------------------------------------------------------------


def _docx_level(paragraph) -> int:
    """The nesting level of a Word list paragraph: its numbering level, else its style's
    number ("List Bullet 2", "Punktlista 2")."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None and ppr.numPr.ilvl is not None and ppr.numPr.ilvl.val:
        return int(ppr.numPr.ilvl.val)
    style = (paragraph.style.name if paragraph.style is not None else "").strip()
    last = style.rsplit(" ", 1)[-1]
    return int(last) - 1 if last.isdigit() and style.lower().startswith(_LIST_STYLES) else 0


def _docx_kind(paragraph) -> str:
    style = (paragraph.style.name if paragraph.style is not None else "").lower()
    if style.startswith(_HEADING_STYLES):
        return "heading"
    ppr = paragraph._p.pPr
    if (ppr is not None and ppr.numPr is not None) or style.startswith(_LIST_STYLES):
        return "item"
    return "paragraph"


def _page_breaks(element) -> int:
    from docx.oxml.ns import qn

    rendered = sum(1 for _ in element.iter(qn("w:lastRenderedPageBreak")))
    hard = sum(1 for br in element.iter(qn("w:br")) if br.get(qn("w:type")) == "page")
    return max(rendered, hard)


def read_docx(path: Path) -> RawDocument:
    def body() -> RawDocument:
        import docx
        from docx.table import Table

        document = docx.Document(str(path))
        out, page = BlockBuilder(), 1
        for part in document.iter_inner_content():
            page += _page_breaks(part._element)
            if isinstance(part, Table):
                for row in part.rows:
                    out.row((cell.text for cell in row.cells), page)
                out.end_table()
                continue
            kind = _docx_kind(part)
            if kind == "item":
                out.item(part.text, page, _docx_level(part))
            else:
                getattr(out, kind)(part.text, page)
        props = document.core_properties
        date = _iso(props.modified) or _iso(props.created)
        return RawDocument("docx", pages_of(out.blocks), (props.title or "").strip(), blocks=out.blocks, date=date)

    return _guarded(path, "docx", body)


# ---- PowerPoint ------------------------------------------------------------------------------


def _shapes(shapes) -> Iterable:
    """Shapes in reading order, group shapes opened."""
    for shape in sorted(shapes, key=lambda s: ((s.top or 0), (s.left or 0))):
        if shape.shape_type is not None and int(shape.shape_type) == 6:  # MSO_SHAPE_TYPE.GROUP
            yield from _shapes(shape.shapes)
        else:
            yield shape


def read_pptx(path: Path) -> RawDocument:
    def body() -> RawDocument:
        import pptx

        deck = pptx.Presentation(str(path))
        out, first_title = BlockBuilder(), ""
        for number, slide in enumerate(deck.slides, start=1):
            title_shape = slide.shapes.title
            if title_shape is not None and title_shape.has_text_frame:
                out.heading(title_shape.text_frame.text, number)
                first_title = first_title or " ".join(title_shape.text_frame.text.split())
            for shape in _shapes(slide.shapes):
                if title_shape is not None and shape.shape_id == title_shape.shape_id:
                    continue
                if getattr(shape, "has_table", False) and shape.has_table:
                    for row in shape.table.rows:
                        out.row((cell.text for cell in row.cells), number)
                    out.end_table()
                elif shape.has_text_frame:
                    paragraphs = [p for p in shape.text_frame.paragraphs if p.text.strip()]
                    as_list = shape.is_placeholder and len(paragraphs) > 1
                    for paragraph in paragraphs:
                        text = "".join(run.text for run in paragraph.runs) or paragraph.text
                        if as_list or paragraph.level > 0:
                            out.item(text, number, paragraph.level if as_list else paragraph.level - 1)
                        else:
                            out.paragraph(text, number)
            if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
                out.paragraph(slide.notes_slide.notes_text_frame.text, number)
        props = deck.core_properties
        date = _iso(props.modified) or _iso(props.created)
        raw = RawDocument("pptx", pages_of(out.blocks), (props.title or "").strip() or first_title, blocks=out.blocks, date=date)
        raw.pages = raw.pages or []
        return raw

    return _guarded(path, "pptx", body)


# ---- OpenDocument text -----------------------------------------------------------------------


def read_odt(path: Path) -> RawDocument:
    def body() -> RawDocument:
        from odf import teletype
        from odf.namespaces import DCNS, METANS, TABLENS, TEXTNS
        from odf.opendocument import load

        document = load(str(path))
        out = BlockBuilder()
        page = 1

        def walk(node, in_list: bool = False) -> None:
            nonlocal page
            for child in node.childNodes:
                qname = getattr(child, "qname", None)
                if qname is None:
                    continue
                if qname == (TEXTNS, "soft-page-break"):
                    page += 1
                elif qname == (TEXTNS, "h"):
                    out.heading(teletype.extractText(child), page)
                elif qname == (TEXTNS, "p"):
                    (out.item if in_list else out.paragraph)(teletype.extractText(child), page)
                elif qname in ((TEXTNS, "list"), (TEXTNS, "list-item")):
                    walk(child, in_list=True)
                elif qname == (TABLENS, "table"):
                    for row in child.getElementsByType(_odf_row()):
                        cells = [c for c in row.childNodes if getattr(c, "qname", None) == (TABLENS, "table-cell")]
                        out.row((teletype.extractText(cell) for cell in cells), page)
                    out.end_table()
                else:
                    walk(child, in_list)

        walk(document.text)
        meta = {getattr(n, "qname", None): teletype.extractText(n) for n in document.meta.childNodes}
        date = (meta.get((DCNS, "date")) or meta.get((METANS, "creation-date")) or "")[:10]
        title = (meta.get((DCNS, "title")) or "").strip()
        return RawDocument("odt", pages_of(out.blocks), title, blocks=out.blocks, date=date)

    return _guarded(path, "odt", body)


def _odf_row():
    from odf.table import TableRow

    return TableRow
