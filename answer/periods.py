"""Which member list a question about a period means ("under mandatperioden 2019–2022", "in
2020", "2015"): the list whose period covers the asked years, not simply the newest.

A list's period is the year range its passage, heading, title or file name states
("Ledamöter mandatperioden 2019–2022"); a list without a range holds from its document's date
on. A question naming no year (or "nu", "idag", "now") keeps the newest list.
"""

from __future__ import annotations

import re

from index.query import fold
from index.search import Generation

YEAR = r"(?:19|20)\d\d"  # the one year pattern; answer/keys reads it too
_RANGE = re.compile(rf"\b({YEAR})\s*(?:[–—-]|till|to|until)\s*({YEAR})\b")
SINGLE_YEAR = re.compile(rf"\b({YEAR})\b")
_NOW = re.compile(r"\b(?:nu|idag|i dag|nuvarande|numera|just nu|now|today|current|currently)\b")


def asked_years(question: str) -> tuple[int, int] | None:
    """The year span a question names, or None (no year, or it asks about now)."""
    folded = fold(question)
    if _NOW.search(folded):
        return None
    spans = [(int(a), int(b)) for a, b in _RANGE.findall(question)]
    singles = [int(y) for y in SINGLE_YEAR.findall(_RANGE.sub(" ", question))]
    years = [y for span in spans for y in span] + singles
    return (min(years), max(years)) if years else None


def list_period(gen: Generation, document: str, name: str) -> tuple[int, int | None]:
    """(first year, last year or None when open) of the member list that names `name`."""
    pid = gen.passage_containing(document, name) if name else None
    rows = gen.passages([pid]) if pid is not None else []
    text = " ".join(f"{r.get('title') or ''} {r.get('heading') or ''} {r.get('text') or ''}" for r in rows)
    spans = [(int(a), int(b)) for a, b in _RANGE.findall(f"{text} {document.replace('-', ' - ')}")]
    if spans:
        return min(a for a, _ in spans), max(b for _, b in spans)
    dated = gen.document_date(document)[:4]
    return (int(dated), None) if dated.isdigit() else (0, None)


def covers(period: tuple[int, int | None], asked: tuple[int, int]) -> bool:
    """Does a list's period hold for (part of) the asked years? A list without a stated end holds
    from its first year on (a newer list of the same body is preferred afterwards)."""
    first, last = period
    return first <= asked[1] and (last is None or asked[0] <= last)
