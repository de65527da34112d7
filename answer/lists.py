"""Lists in a passage: a lead-in and the items it introduces, so an answer brings them all.

A passage's parts (sentences and lines, see `compose.sentences_of`) carry ingest's list
form: every bullet or numbered item is a line starting with "•" (its PDF line breaks
already joined). A part introduces a list when items follow it directly (whatever its
ending: "De övergripande målen är", "… ska säkerställa att", "Samverkansområden"), or when
it ends with ":" or "?" and short label lines follow ("Vad styr samverkan?" / "Lagar" /
"Direktiv från SKR"). A lead-in that announces how many ("fem fokusområden") and ends its
section without items introduces the headings of the sections that follow it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from answer.neighbours import neighbours
from answer.types import Citation
from index.query import LEVEL_MARKS, fold
from index.search import Generation

ITEM_MARK, SUB_ITEM_MARK = LEVEL_MARKS[0], LEVEL_MARKS[1]  # a list's first level, an item nested under another
ROW_SEPARATOR = " | "  # ingest joins a table row's cells with it
MIN_ROWS = 2  # a table whose rows are the items has at least this many rows under its header
HEADER_CELL_WORDS = 3  # a header cell is a short label ("Namn", "Möten per år")
LABEL_WORDS = 8  # a label line is at most this long and ends no sentence
MIN_LABELS = 2  # fewer label lines after a colon are a sentence fragment, not a list
MAX_ANNOUNCED = 12  # "26 programområden" is a total, not a list to show
NUMBER_WORDS = {"tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "atta": 8, "nio": 9, "tio": 10,
                 "elva": 11, "tolv": 12, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_COUNT = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r"|\d{1,2})\s+(?!procent|percent|kr\b|ar\b|years?\b|%)[a-z]")

Headings = Callable[[Citation, int], list[str]]


def is_item(part: str) -> bool:
    """A list item of any level."""
    return part.lstrip().startswith(LEVEL_MARKS)


def level(part: str) -> int:
    """How deep an item is nested (0 = its list's first level)."""
    mark = part.lstrip()[:1]
    return LEVEL_MARKS.index(mark) if mark in LEVEL_MARKS else 0


def is_sub_item(entry: str) -> bool:
    """An item the composer keeps under another (its entry starts with a deeper mark)."""
    return entry.lstrip().startswith(LEVEL_MARKS[1:])


def item_text(part: str) -> str:
    return part.lstrip().lstrip("".join(LEVEL_MARKS)).strip().rstrip(",;")


def _entry(part: str, base: int) -> str:
    """An item as the composer keeps it: its text, one nested deeper than `base` with the mark
    of its depth below the list shown ("◦ delmål")."""
    depth = level(part) - base
    return f"{LEVEL_MARKS[min(depth, len(LEVEL_MARKS) - 1)]} {item_text(part)}" if depth > 0 else item_text(part)


def top_level(items: list[str]) -> list[str]:
    """The items of a list's first level (sub-items left out)."""
    return [i for i in items if not is_sub_item(i)]


def is_row(part: str) -> bool:
    return ROW_SEPARATOR in part


def _is_label(part: str) -> bool:
    plain = part.strip()
    return (0 < len(plain.split()) <= LABEL_WORDS and not plain.endswith((".", ":", "?", "!", ";", ","))
            and not is_item(plain))


def announced_count(sentence: str) -> int:
    """How many things a lead-in announces ("tre prioriterade områden" → 3), 0 if none."""
    match = _COUNT.search(fold(sentence))
    if not match:
        return 0
    word = match.group(1)
    count = int(word) if word.isdigit() else NUMBER_WORDS[word]
    return count if 2 <= count <= MAX_ANNOUNCED else 0


def item_run(parts: list[str], start: int, base: int | None = None) -> list[str]:
    """The items from `start` on at its level (or `base`), each with the items nested under it."""
    items: list[str] = []
    if base is None:
        base = level(parts[start]) if start < len(parts) else 0
    for part in parts[start:]:
        if not is_item(part) or level(part) < base:
            break
        items.append(_entry(part, base))
    return items


def is_header_row(row: str) -> bool:
    """A row of column labels ("Namn | Funktion", "Möten per år")."""
    cells = [c.strip() for c in row.split("|")]
    return is_row(row) and all(_is_label_cell(c) for c in cells if c)


def _is_label_cell(cell: str) -> bool:
    """A column label: a few words, the first capitalised and no other (a name has two: "Eva Lund")."""
    words = cell.split()
    return (len(words) <= HEADER_CELL_WORDS and words[0][:1].isupper() and not re.search(r"\d", cell)
            and not any(w[:1].isupper() for w in words[1:]))


def _is_header(row: str, others: list[str]) -> bool:
    """A table's header row: labels over rows that mostly hold a lower-case cell or a digit
    ("Namn | Funktion" over "Karin Lindqvist | ordförande")."""
    return is_header_row(row) and sum(not is_header_row(o) for o in others) > len(others) / 2


def _rows(parts: list[str], start: int) -> list[str]:
    """The rows of a table that starts at `start`, its header row left out (the rows are the items)."""
    rows: list[str] = []
    for part in parts[start:]:
        if not is_row(part) or is_item(part):
            break
        rows.append(part.strip())
    if len(rows) > MIN_ROWS and _is_header(rows[0], rows[1:]):
        rows = rows[1:]
    return rows if len(rows) >= MIN_ROWS else []


def _labels(parts: list[str], start: int) -> list[str]:
    """Short label lines; a label with bullets right under it brings them ("Direktiv från
    SKR: Kunskapsstyrning, Nära vård")."""
    labels: list[str] = []
    i = start
    while i < len(parts) and _is_label(parts[i]):
        labels.append(parts[i].strip())
        i += 1
    under = item_run(parts, i)
    if labels and under:
        labels[-1] = f"{labels[-1]}: {', '.join(under)}"
    return labels if len(labels) >= MIN_LABELS else []


def items_after(parts: list[str], position: int) -> list[str]:
    """The items the part at `position` introduces ([] when it introduces none)."""
    lead = parts[position].strip()
    if is_item(lead) and position + 1 < len(parts) and is_item(parts[position + 1]) \
            and level(parts[position + 1]) > level(lead):
        return item_run(parts, position + 1)  # an item's own sub-items ("Beredningsgruppen" / its working groups)
    if is_item(lead) or position + 1 >= len(parts) or lead.endswith((".", "!")):
        return []  # an item, the end, or a finished sentence (a description inside a list)
    nxt = parts[position + 1].strip()
    if is_item(nxt):
        items = item_run(parts, position + 1)
    elif is_row(nxt) and not is_row(lead):
        items = _rows(parts, position + 1)  # a member table under its heading or lead-in
    elif lead.endswith(":") and nxt.endswith(":") and position + 2 < len(parts) and is_item(parts[position + 2]):
        items = item_run(parts, position + 2)  # "… behövs:" / "Några punkter … är:" / items
    elif lead.endswith((":", "?")):
        items = _labels(parts, position + 1)
    else:
        items = []
    count = announced_count(lead)
    return _first(items, count) if count and len(top_level(items)) > count else items


def _first(items: list[str], count: int) -> list[str]:
    """The first `count` items of the first level, each with its sub-items."""
    kept: list[str] = []
    for item in items:
        if not is_sub_item(item) and len(top_level(kept)) == count:
            break
        kept.append(item)
    return kept


def lead_in_of(parts: list[str], position: int) -> int | None:
    """The position of the lead-in that introduces the item at `position`, if any."""
    if not is_item(parts[position]):
        return None
    start = position
    while start > 0 and is_item(parts[start - 1]):
        start -= 1
        if level(parts[start]) < level(parts[position]):
            return start  # the item it is nested under
    text = item_text(parts[position])
    for lead in (start - 1, start - 2):
        if lead >= 0 and text in (item_text(i) for i in items_after(parts, lead)):
            return lead
    return None


def announces_sections(parts: list[str], position: int) -> int:
    """The number of sections a lead-in announces when it ends its passage without items."""
    if position != len(parts) - 1 or is_item(parts[position]):
        return 0
    return announced_count(parts[position])


def following_headings(gen: Generation, citation: Citation, count: int) -> list[str]:
    """The headings of the `count` sections after a passage in its document ([] when the
    document has fewer)."""
    rows = [r for r in neighbours(gen, citation, 0, 4 * count) if r["id"] > citation.passage_id]
    headings: list[str] = []
    for row in rows:
        heading = (row.get("heading") or "").strip()
        if heading and heading != citation.heading and heading not in headings:
            headings.append(heading)
    return headings[:count] if len(headings) >= count else []


_MARKER = re.compile(r"(?:(?<=\s)|^)\(?(\d{1,2}|[a-h])\)\s")  # "1) …", "(b) …" inside a sentence
_JOINER = re.compile(r"[\s,;]+(?:och|samt|eller|and|or)?\s*$")
SEMICOLON_ITEMS = 3  # "grupper: A; B; C" needs this many parts to be a list
INLINE_ITEM_WORDS = 15  # a longer part is a clause, not an item


def _sequence(values: list[str]) -> bool:
    """Markers that count from the start: 1, 2, 3 … or a, b, c …"""
    first = "1" if values[0].isdigit() else "a"
    expected = [str(int(first) + i) if first.isdigit() else chr(ord(first) + i) for i in range(len(values))]
    return values == expected


def inline_items(sentence: str) -> tuple[str, list[str]]:
    """The lead and the items of a list written inside one sentence: numbered or lettered
    ("… i tre former: 1) en styrgrupp, 2) lokala planer och 3) ett seminarium") or, after a
    colon, parted by semicolons ("grupper: unga vuxna; män över 65 år; anhöriga"). Items are
    verbatim pieces of the sentence; ("", []) when it holds no such list."""
    markers = list(_MARKER.finditer(sentence))
    if len(markers) >= 2 and _sequence([m.group(1) for m in markers]):
        ends = [m.start() for m in markers[1:]] + [len(sentence)]
        items = [_JOINER.sub("", sentence[m.end() : end]).strip().rstrip(".") for m, end in zip(markers, ends, strict=True)]
        lead = sentence[: markers[0].start()].strip()
        return (lead, items) if lead and all(items) else ("", [])
    lead, colon, tail = sentence.partition(":")
    parts = [p.strip().rstrip(".") for p in tail.split(";")]
    if colon and len(parts) >= SEMICOLON_ITEMS and all(0 < len(p.split()) <= INLINE_ITEM_WORDS for p in parts):
        return f"{lead}:", parts
    return "", []
