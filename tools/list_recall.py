"""Recall of list items: does an answer to a list question show every item of the list?

The list is read from the source document, independently of the composer: the line that
holds a question's evidence is found in the document's text (repaired or as read), and
the list around it is taken by its form alone:
- a bullet or numbered line: the run of such lines around it at its nesting level and under
  the same parent (a line that starts in lower case continues the item above it: a PDF line
  break inside an item; "◦"/"▪" items are nested under the item above them);
- a table row: the rows of its table, the header row left out;
- a short line (a label, no sentence end): the run of short lines around it;
- a section heading, when the question names how many ("de fem fokusområdena"): that many
  consecutive section headings holding the evidence (the run after the section that
  announces the number, when there is one);
- prose: the evidence itself (an enumeration inside a sentence is shown with its sentence).
An item counts as shown when its folded text occurs in the answer's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from answer.lists import NUMBER_WORDS
from answer.types import Answer
from index.query import fold_ocr
from index.search import Generation

_BULLET = re.compile(r"^\s*(?:[•▪◦‣*·–—-]|\(?\d{1,2}[.)]|[a-h][)])\s+")
_NUMBERS = {word: n for word, n in NUMBER_WORDS.items() if n <= 10}  # the measure counts up to ten
SHORT_WORDS = 8  # a label line, not a sentence


@dataclass
class ListCheck:
    """One question: the items of its list, and those the answer does not show."""

    qid: str
    items: list[str]
    missing: list[str] = field(default_factory=list)
    listed: bool = False  # the evidence sits in a list (bullets, labels, headings), not in prose


def _norm(text: str) -> str:
    return fold_ocr(text).strip(" .;,:")


def _is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def _item_text(line: str) -> str:
    return _BULLET.sub("", line, count=1).strip()


def _is_short(line: str) -> bool:
    stripped = line.strip()
    return (0 < len(stripped.split()) <= SHORT_WORDS and not stripped.endswith((".", ":", "?", "!"))
            and not _is_bullet(line))


_LEVELS = "•◦▪"  # the marks ingest writes for a list's first, second and third level


def _level(line: str) -> int:
    mark = line.lstrip()[:1]
    return _LEVELS.index(mark) if mark and mark in _LEVELS else 0


def _numbered(line: str) -> bool:
    return bool(re.match(r"\s*\(?\d", line))


def _same_list(line: str, first: str, depth: int) -> bool:
    """A bullet of the list being read: at its level or deeper, with the same kind of marker
    (a numbered line after bullets is a new list or a section heading)."""
    return _is_bullet(line) and _level(line) >= depth and _numbered(line) == _numbered(first)


def _bullet_run(lines: list[str], at: int) -> list[str]:
    """The bullet items around line `at` at its nesting level, under the same parent (lower-case
    lines continue the item above; deeper items belong to the item above them, not to the list)."""
    while at > 0 and not _is_bullet(lines[at]) and lines[at][:1].islower():
        at -= 1  # `at` is a continuation line: go to its bullet
    depth, first = _level(lines[at]), lines[at]
    start = at
    while start > 0 and (_same_list(lines[start - 1], first, depth) or (
            lines[start - 1][:1].islower() and start - 1 > 0 and _is_bullet(lines[start - 2]))):
        start -= 1
    items: list[str] = []
    last_level = depth
    for line in lines[start:]:
        if _same_list(line, first, depth):
            last_level = _level(line)
            if last_level == depth:
                items.append(_item_text(line))
        elif items and line[:1].islower():
            if last_level == depth:
                items[-1] += " " + line.strip()
        else:
            break
    return items


def _is_row(line: str) -> bool:
    return " | " in line


def _header_row(row: str) -> bool:
    """Column labels: short, the first word capitalised and no other, no digits ("Namn | Funktion")."""
    cells = [c.split() for c in row.split("|") if c.strip()]
    return all(len(c) <= 3 and c[0][:1].isupper() and not any(w[:1].isupper() for w in c[1:])
               and not re.search(r"\d", " ".join(c)) for c in cells)


def _table_run(lines: list[str], at: int, wanted: str) -> list[str]:
    """The rows of the table holding line `at`; its header row is no item."""
    start, end = at, at + 1
    while start > 0 and _is_row(lines[start - 1]):
        start -= 1
    while end < len(lines) and _is_row(lines[end]):
        end += 1
    rows = [line.strip() for line in lines[start:end]]
    if len(rows) > 2 and _header_row(rows[0]) and not _header_row(rows[1]) and wanted not in _norm(rows[0]):
        rows = rows[1:]
    return rows


def _short_run(lines: list[str], at: int) -> list[str]:
    start, end = at, at + 1
    while start > 0 and _is_short(lines[start - 1]):
        start -= 1
    while end < len(lines) and _is_short(lines[end]):
        end += 1
    return [line.strip() for line in lines[start:end]]


_ENUM_SPLIT = re.compile(r"\s*;\s*|\s*,\s*|\s+(?:och|samt|and)\s+")


def _enumeration(line: str, wanted: str) -> list[str]:
    """The parts of an enumeration after a colon in the sentence holding the evidence
    ("Nämnden ansvarar för: budget; prioriteringar och uppföljning.")."""
    for sentence in re.split(r"(?<=[.!?])\s+", line):
        if wanted not in _norm(sentence) or ":" not in sentence:
            continue
        tail = sentence.split(":", 1)[1].strip().rstrip(".")
        parts = [p.strip() for p in _ENUM_SPLIT.split(tail) if p.strip()]
        if len(parts) >= 3 and all(len(p.split()) <= SHORT_WORDS for p in parts):
            return parts
    return []


def _document(gen: Generation, document: str) -> list[dict]:
    return list(gen.db.query(
        "select text, raw_text, heading from passages where document = ? order by ordinal", [document]
    ))


def _count(question: str) -> int:
    folded = fold_ocr(question)
    return next((n for word, n in _NUMBERS.items() if re.search(rf"\b{word}\b", folded)), 0)


def _heading_run(rows: list[dict], wanted: list[str], count: int) -> list[str]:
    """`count` consecutive section headings holding every wanted one, preferring the run that
    follows the section announcing the number."""
    headings: list[str] = []
    texts: list[str] = []
    for row in rows:
        if row["heading"] and (not headings or headings[-1] != row["heading"]):
            headings.append(row["heading"])
            texts.append(row["text"])
        elif texts:
            texts[-1] += "\n" + row["text"]
    folded = [_norm(h) for h in headings]
    windows = [i for i in range(0, len(headings) - count + 1) if all(w in folded[i : i + count] for w in wanted)]
    if not windows:
        return []
    announced = [i for i in windows if i > 0 and re.search(r"\b\d+\b|" + "|".join(_NUMBERS), fold_ocr(texts[i - 1]))]
    first = (announced or windows)[0]
    return headings[first : first + count]


def list_items(gen: Generation, question: dict, document: str) -> tuple[list[str], bool]:
    """The items of the list that holds the question's evidence in `document` (and whether
    the evidence sat in a list at all)."""
    rows = _document(gen, document)
    text_lines = [line for r in rows for line in r["text"].splitlines() if line.strip()]
    raw_lines = [line for r in rows for line in (r["raw_text"] or r["text"]).splitlines() if line.strip()]
    same = len(text_lines) == len(raw_lines)
    items: list[str] = []
    listed = False
    heading_hits: list[str] = []
    headings = {_norm(r["heading"]) for r in rows if r["heading"]}
    for evidence in question.get("evidence", []):
        wanted = _norm(evidence)
        at = next((i for i, line in enumerate(text_lines) if wanted in _norm(line)
                   or (same and wanted in _norm(raw_lines[i]))), None)
        if at is None:
            continue
        line = text_lines[at]
        if _norm(line) in headings and _count(question["question"]):
            heading_hits.append(_norm(line))
            continue
        if _is_row(line):
            run = _table_run(text_lines, at, wanted)
        elif _is_bullet(line) or (line[:1].islower() and at > 0 and _is_bullet(text_lines[at - 1])):
            run = _bullet_run(text_lines, at)
        elif _is_short(line):
            run = _short_run(text_lines, at)
            first = text_lines.index(run[0], max(0, at - len(run))) if run else 0
            if first == 0 or not text_lines[first - 1].rstrip().endswith((":", "?")):
                run = []  # short lines without a lead-in: a title page, not a list
        else:
            run = _enumeration(text_lines[at], wanted)
        if len(run) >= 2:
            listed = True
            items += run
        else:
            items.append(evidence)
    if heading_hits:
        run = _heading_run(rows, heading_hits, _count(question["question"]))
        listed = listed or bool(run)
        items += run or heading_hits
    return list(dict.fromkeys(items)), listed


def check(gen: Generation, question: dict, answer: Answer) -> ListCheck | None:
    """The list check of one answered question (None when its evidence is in no cited document)."""
    qid = str(question.get("id", question["question"]))
    shown = _norm(answer.answer)
    shown_flat = " ".join(shown.split())
    documents = [c.document for c in answer.citations]
    documents += [r["name"] for r in gen.db.query("select name from documents order by name")]
    for document in dict.fromkeys(documents):
        items, listed = list_items(gen, question, document)
        if items:
            missing = [i for i in items if " ".join(_norm(i).split()) not in shown_flat]
            return ListCheck(qid, items, missing, listed)
    return None


@dataclass
class ListRecall:
    """Item recall over list questions (kind "list") and over every question whose evidence
    sits in a list in its source ("list-shaped")."""

    checks: dict[str, list[ListCheck]] = field(default_factory=lambda: {"list": [], "list-shaped": []})

    def add(self, kind: str, found: ListCheck | None) -> None:
        if found is None:
            return
        if kind == "list":
            self.checks["list"].append(found)
        if found.listed:
            self.checks["list-shaped"].append(found)

    def recall(self, group: str) -> tuple[float, int, int]:
        checks = self.checks[group]
        total = sum(len(c.items) for c in checks)
        shown = total - sum(len(c.missing) for c in checks)
        return (shown / total if total else 1.0), shown, total

    def lines(self) -> list[str]:
        out = []
        for group, checks in self.checks.items():
            recall, shown, total = self.recall(group)
            out.append(f"list items ({group}, {len(checks)} questions): recall {recall:.2f} ({shown}/{total})")
            out += [f"  {c.qid}: missing {c.missing}" for c in checks if c.missing]
        return out
