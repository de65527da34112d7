"""Spreadsheets (.xlsx, .ods, .csv): contact lists become directory entries, other sheets tables.

The header row decides what a column holds (name, e-mail, phone, role, organisation,
body), in Swedish or English and in any order. Each row of a contact sheet becomes a
`Contact` whose source is the sheet (as page number) and the row (as quote). Every
sheet is also indexed as a table: groups of rows with the header repeated, so a
question about a row finds it with its column names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ingest.model import Block, Contact
from ingest.normalize import fold
from ingest.readers.base import RawDocument, fail, pages_of
from ingest.readers.office import _guarded
from ingest.readers.text import decode

HEADER_SEARCH_ROWS = 10  # a header may sit under a title row or two
GROUP_WORDS = 100  # rows per table passage: about this many words, header repeated in each
MAX_ROWS = 50_000  # per sheet; more is not a contact list anyone maintains by hand
MAX_REPEAT = 64  # ODS repeats empty cells and rows by count (often a million): cap it
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")

# Folded header words → the column they name. A header cell matches when it is one of
# these or starts with one ("E-post (arbete)", "Telefon mobil").
COLUMNS: dict[str, tuple[str, ...]] = {
    "first": ("fornamn", "first name", "firstname", "given name"),
    "last": ("efternamn", "last name", "lastname", "surname", "family name"),
    "name": ("namn", "name", "full name", "kontaktperson", "kontakt", "person", "ledamot", "contact", "member"),
    "email": ("e-post", "epost", "e-postadress", "e-mail", "email", "mejl", "mejladress", "mail", "mailadress"),
    "phone": ("telefon", "telefonnummer", "tel", "tfn", "mobil", "mobilnummer", "phone", "telephone", "mobile"),
    "role": ("roll", "titel", "befattning", "funktion", "uppdrag", "role", "title", "position", "job title"),
    "organisation": (
        "organisation", "organization", "region", "enhet", "forvaltning", "avdelning", "kommun", "myndighet",
        "verksamhet", "unit", "department", "employer", "arbetsgivare",
    ),
    "body": ("grupp", "arbetsgrupp", "styrgrupp", "natverk", "organ", "forum", "group", "committee", "body"),
}
_CONTACT_COLUMNS = ("email", "phone", "role", "organisation", "body")


def _column(cell: str) -> str:
    key = " ".join(re.sub(r"[^\w@ -]", " ", fold(cell)).split())
    for column, words in COLUMNS.items():
        if any(key == w or key.startswith(w + " ") for w in words):
            return column
    return ""


def header_columns(cells: list[str]) -> dict[int, str]:
    """Column roles of a header row, or {} if the row is not a contact-list header."""
    found: dict[int, str] = {}
    for i, cell in enumerate(cells):
        column = _column(cell) if cell and len(cell) <= 40 and not _EMAIL.search(cell) else ""
        if column and column not in found.values():
            found[i] = column
    has_name = "name" in found.values() or "first" in found.values() or "last" in found.values()
    return found if has_name and any(c in found.values() for c in _CONTACT_COLUMNS) else {}


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    return " ".join(str(value).split())


def _contact(cells: list[str], columns: dict[int, str], document: str, sheet: int) -> Contact | None:
    values = {column: cells[i] for i, column in columns.items() if i < len(cells) and cells[i]}
    name = values.get("name") or " ".join(v for v in (values.get("first"), values.get("last")) if v)
    email = values.get("email", "")
    match = _EMAIL.search(email)
    email = match.group(0) if match else ""
    if not name and not email:
        return None
    return Contact(
        name=name, email=email, organisation=values.get("organisation", ""), role=values.get("role", ""),
        body=values.get("body", ""), phone=values.get("phone", ""), document=document, page=sheet,
        quote=" | ".join(c for c in cells if c),
    )


def _table_blocks(title: str, rows: list[list[str]], page: int) -> list[Block]:
    """A sheet as passages: groups of about GROUP_WORDS words, each under the sheet's heading
    with the header row repeated, so every passage can be read on its own."""
    header, body = " | ".join(c for c in rows[0] if c), rows[1:]
    blocks: list[Block] = []
    group: list[str] = []
    words = 0
    for i, row in enumerate(body):
        line = " | ".join(c for c in row if c)
        if line:
            group.append(line)
            words += len(line.split())
        if group and (words >= GROUP_WORDS or i == len(body) - 1):
            blocks += [Block("heading", title, page), Block("text", "\n".join([header, *group]), page)]
            group, words = [], 0
    return blocks or [Block("heading", title, page), Block("text", header, page)]


def _sheet(rows: list[list[str]], name: str, number: int, document: str, out: RawDocument) -> bool:
    """Add one sheet's blocks and contacts; False if it looks like a contact list without a header."""
    rows = [r for r in rows if any(r)]
    if not rows:
        return True
    start, columns = 0, {}
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = header_columns(row)
        if columns:
            start = i
            break
    assert out.blocks is not None and out.contacts is not None
    if columns:
        for row in rows[start + 1 :]:
            person = _contact(row, columns, document, number)
            if person is not None:
                out.contacts.append(person)
    elif any(_EMAIL.search(c) for c in rows[0]):
        return False  # the first row is already data: nobody can tell which column is which
    filled = [c for c in rows[0] if c]
    title = filled[0] if start and len(filled) == 1 else name  # a title row above the header names the table
    out.blocks.extend(_table_blocks(title, rows[start:], number))
    return True


def _finish(path: Path, kind: str, sheets: Iterable[tuple[str, list[list[str]]]]) -> RawDocument:
    out = RawDocument(kind, [], blocks=[], contacts=[], separate_pages=True)
    unlabelled: list[str] = []
    for number, (name, rows) in enumerate(sheets, start=1):
        if not _sheet(rows, name or path.stem, number, path.name, out):
            unlabelled.append(name)
    if unlabelled and not out.contacts and not any(b.kind == "text" for b in out.blocks or []):
        raise fail(path, "sheet_no_header", sheet=unlabelled[0] or path.name)
    out.pages = pages_of(out.blocks or [])
    out.title = path.stem.replace("-", " ").replace("_", " ")
    return out


def _capped(rows: Iterator[list[str]]) -> list[list[str]]:
    taken = []
    for i, row in enumerate(rows):
        if i >= MAX_ROWS:
            break
        while row and not row[-1]:
            row.pop()
        taken.append(row)
    return taken


def read_xlsx(path: Path) -> RawDocument:
    def body() -> RawDocument:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheets = [
                (ws.title, _capped([_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)))
                for ws in book.worksheets
            ]
        finally:
            book.close()
        return _finish(path, "sheet", sheets)

    return _guarded(path, "xlsx", body)


def _ods_rows(table) -> Iterator[list[str]]:
    from odf import teletype
    from odf.namespaces import TABLENS

    for row in table.childNodes:
        if getattr(row, "qname", None) != (TABLENS, "table-row"):
            continue
        cells: list[str] = []
        for cell in row.childNodes:
            if getattr(cell, "qname", None) not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")):
                continue
            text = " ".join(teletype.extractText(cell).split())
            repeat = int(cell.attributes.get((TABLENS, "number-columns-repeated"), 1) or 1)
            cells.extend([text] * min(repeat, MAX_REPEAT))
        rows_repeat = int(row.attributes.get((TABLENS, "number-rows-repeated"), 1) or 1)
        for _ in range(min(rows_repeat, MAX_REPEAT) if any(cells) else 1):
            yield list(cells)


def read_ods(path: Path) -> RawDocument:
    def body() -> RawDocument:
        from odf.opendocument import load
        from odf.table import Table

        document = load(str(path))
        sheets = [(str(t.getAttribute("name") or ""), _capped(_ods_rows(t))) for t in document.spreadsheet.getElementsByType(Table)]
        return _finish(path, "sheet", sheets)

    return _guarded(path, "ods", body)


def read_csv(path: Path) -> RawDocument:
    """CSV in whatever encoding and delimiter Excel or a script wrote (`;` in Swedish Excel)."""
    text = decode(path.read_bytes(), path.name)
    if not text.strip():
        raise fail(path, "no_text")
    sample = text[:20_000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = _capped([_cell_text(c) for c in row] for row in csv.reader(io.StringIO(text), dialect))
    except csv.Error as err:
        raise fail(path, "corrupt_office", kind="CSV", detail=str(err)) from None
    return _finish(path, "sheet", [(path.stem, rows)])
