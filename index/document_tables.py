"""A generation's per-document tables that answers read (each document's passages in
order, each document's date), built once per generation when it is opened
(`Generation.warm`), so no answer waits for them and no answer reads every passage.

Both read the passages table once. The dates read only the passages that hold something
shaped like an ISO date, and only when a document has no date of its own: SQLite
filters them (a hyphen first, `instr` being 10x faster than GLOB's character classes)
without handing every passage's text to Python. At 100k synthetic passages that is
0.08 s instead of 1.0 s; the plain scan grew to seconds at a million.
"""

from __future__ import annotations

import json
import re
import sqlite3

ISO_DATE = re.compile(r"\b(?:19|20)[0-9][0-9]-[01][0-9]-[0-3][0-9]\b")
ISO_DATE_GLOB = "*[12][09][0-9][0-9]-[01][0-9]-[0-3][0-9]*"  # every text ISO_DATE can match, and few others


def document_passages(conn: sqlite3.Connection) -> dict[str, list[int]]:
    """Passage ids of every document in reading order (ordinal). Grouped in Python: SQLite
    sorting every row by document name took longer than reading them."""
    grouped: dict[str, list[tuple[int, int]]] = {}
    for pid, document, ordinal in conn.execute("select id, document, ordinal from passages order by id"):
        grouped.setdefault(document, []).append((ordinal, pid))
    return {document: [pid for _, pid in sorted(rows)] for document, rows in grouped.items()}


def document_dates(conn: sqlite3.Connection, documents: list[dict]) -> dict[str, str]:
    """Each document's own date (ISO text) when ingest gave one, else the latest full date
    (YYYY-MM-DD) its passages name, else \"\"."""
    dates = {d["name"]: str(d.get("date") or "") for d in documents}
    undated = {name for name, date in dates.items() if not date}
    if not undated:
        return dates
    rows = conn.execute("select document, text from passages where instr(text, '-') > 0 and text glob ? order by id", [ISO_DATE_GLOB])
    for document, text in rows:
        if document in undated:
            dates[document] = max([dates[document], *ISO_DATE.findall(text)])
    return dates


def abbreviations(documents: list[dict]) -> dict[str, list[str]]:
    """{abbreviation: distinct full names}, from each document's introduced abbreviations (a
    JSON column; older generations without it have none)."""
    found: dict[str, list[str]] = {}
    for row in documents:
        try:
            table = json.loads(row.get("abbreviations") or "{}")
        except ValueError:
            continue
        for short, full in table.items() if isinstance(table, dict) else ():
            names = found.setdefault(str(short), [])
            if all(n.lower() != str(full).lower() for n in names):
                names.append(str(full))
    return found
