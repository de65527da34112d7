"""Cleaning that holds for any document: running headers/footers, repeated slide boxes,
broken lines and hyphenation, bullets and headings.

The output is a list of `Block`s whose text is the source text verbatim apart
from these repairs; search-side folding happens later, in `normalize`.
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.model import LEVEL_MARKS, Block, Page, item_mark
from ingest.normalize import fold, is_stopword

EDGE_LINES = 3  # how many lines at the top and bottom of a page can be running lines
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"[ \t\u00a0\u2009\u202f]+")
# bullet glyphs as text layers carry them: Word's Symbol/Wingdings bullets arrive as private-use
# characters (U+F0B7, U+F0A7 …) and a PDF generator's standard-encoded bullet as DEL (U+007F)
_GLYPHS = "•·▪◦●■□○►▸‣⁃∙⦁➢❖✓*–\\-\x7f\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0e0\uf02d"
_BULLET = re.compile(rf"^\s*(?:([{_GLYPHS}])|([eo])(?=\s+\S)|(\d{{1,2}})[.)](?=\s)|\(?([a-h])\)(?=\s))\s*")
_SUB_GLYPHS = "◦○o–-"  # glyphs that mark a second level when a list opened with another one
_SENTENCE_END = re.compile(r"[.!?:;]['\"”’)]*$")
_HEADING_END_BAN = re.compile(r"[.!:;,\-]['\"”’)]*$")  # a question may be a heading, a sentence may not
_CELL_SEPARATOR = re.compile(r"\t+| {3,}")
# Presentation forms a PDF text layer may carry: typographic ligatures (`ﬁ`, `ﬂ`) are the
# letters they draw, and a soft hyphen is an invisible break hint (at a line end it is the
# hyphen of a broken word). Left in, they split words for search and the lexicon.
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
_SOFT_HYPHEN = "\u00ad"
_SKIP_LINK = re.compile(r"^(direkt|hoppa|gå) till (huvud)?inneh[aå]ll(et)?$|^skip to (main )?content$", re.I)
_ELLIPSIS_WORDS = ("och", "eller", "samt", "respektive", "till", "som", "and", "or")
_MAX_HEADING_WORDS = 12
# words a line cannot end with unless the text runs on (a preposition, conjunction or "att")
_RUN_ON_WORDS = frozenset(
    fold(w) for w in "för att av med till om i på och samt eller som från inom under vid mot enligt genom hos kring mellan över".split()
)
_MAX_HEADING_CHARS = 80
_MAX_NUMBERED_HEADING_WORDS = 6  # "3. Kommunernas ansvar"; a longer numbered line is an item
MIN_WIDTH_LINES = 6  # a page needs this many lines before its line width is known
WRAPPED_SHARE = 0.8  # a wrapped page has most lines at least this full
FULL_LINE_SHARE = 0.95  # a line whose next word fits within this share of the width ended on purpose


def _edge_key(line: str) -> str:
    """Key that makes `Sida 3 (9)` and `Sida 4 (9)` the same running line."""
    return _DIGITS.sub("#", fold(line))


# A page number as a line of its own: "Sida 3 (9)", "3 (9)", "Page 3 of 9", "- 3 -", "3/9".
_PAGE_NUMBER = re.compile(
    r"^(?:(?P<word>sida|sid\.?|s\.|page|p\.)\s*)?[-–]?\s*(?P<n>\d{1,4})\s*[-–]?"
    r"\s*(?P<of>\(\s*\d{1,4}\s*\)|(?:av|of|/)\s*\d{1,4})?$",
    re.I,
)
_FIELD_SEPARATOR = re.compile(r"\s[·|•]\s")  # "Region Blekinge · Enheten för …", "Plan 2024 | Sida 2"
_MAX_RUNNING_WORDS = 12


def _page_number_line(line: str, page: int) -> bool:
    """A page number by its form: with a word or a total ("Sida 2", "2 (9)"), or bare and equal to the page."""
    match = _PAGE_NUMBER.match(line.strip())
    if not match:
        return False
    return bool(match.group("word") or match.group("of")) or int(match.group("n")) == page


def _running_by_form(line: str, page: int) -> bool:
    """A running line recognisable on a single page: a page number, or a short line of
    fields separated by `·`/`|` (organisation · unit · date) that holds no sentence."""
    stripped = line.strip()
    if _page_number_line(stripped, page):
        return True
    fields = _FIELD_SEPARATOR.split(stripped)
    if len(fields) < 2 or len(stripped.split()) > _MAX_RUNNING_WORDS or "@" in stripped:
        return False
    return any(_page_number_line(f, page) for f in fields) or not any(_SENTENCE_END.search(f) for f in fields)


def _table_row_among(lines: list[str], i: int) -> bool:
    """A line of fields next to another with as many fields: a table's row (the last rows of a
    member table on a one-page document), not a running header or footer."""
    count = len(_FIELD_SEPARATOR.split(lines[i].strip()))
    return count >= 2 and any(0 <= j < len(lines) and len(_FIELD_SEPARATOR.split(lines[j].strip())) == count for j in (i - 1, i + 1))


def remove_running_lines(pages: list[Page]) -> list[Page]:
    """Drop running headers, footers and page numbers from the top and bottom lines of pages.

    A line is running when it repeats at the edges of most pages (three pages or more),
    of both pages of a two-page document, or, on any page, when its form gives it away
    (a page number, or a short `Organisation · Enhet` line of fields)."""
    edges_of = []
    for page in pages:
        lines = [ln for ln in page.text.splitlines() if ln.strip()]
        edges_of.append(lines[:EDGE_LINES] + lines[-EDGE_LINES:])
    running: set[str] = set()
    if len(pages) >= 2:
        counts: Counter[str] = Counter()
        for edges in edges_of:
            counts.update({_edge_key(ln) for ln in edges})
        threshold = 2 if len(pages) == 2 else max(3, len(pages) // 2 + 1)
        running = {key for key, n in counts.items() if n >= threshold}
    cleaned = []
    for page in pages:
        lines = [ln for ln in page.text.splitlines() if ln.strip()]
        keep = [
            ln
            for i, ln in enumerate(lines)
            if not (
                (i < EDGE_LINES or i >= len(lines) - EDGE_LINES)
                and (_edge_key(ln) in running or _running_by_form(ln, page.number) and not _table_row_among(lines, i))
            )
        ]
        cleaned.append(Page(page.number, "\n".join(keep)))
    return cleaned


def _join(left: str, right: str) -> str:
    """Join a broken line: undo hyphenation, keep `hälso- och` style hyphens."""
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].islower():
        first_word = right.split(" ", 1)[0].strip(",.")
        if first_word not in _ELLIPSIS_WORDS:
            return left[:-1] + right
    return f"{left} {right}"


def _plain_letters(line: str) -> str:
    """Ligatures as letters, soft hyphens gone (one at the line end becomes a hyphen `_join` undoes)."""
    line = line.translate(_LIGATURES)
    if _SOFT_HYPHEN not in line:
        return line
    body = line.rstrip()
    end = "-" if body.endswith(_SOFT_HYPHEN) else ""
    return body.replace(_SOFT_HYPHEN, "") + end


def _normalise_line(line: str) -> tuple[str, bool]:
    """Collapse spaces; table cells (tabs or wide gaps) are kept apart with ` | `.
    Returns the line and whether it is a table row."""
    line = _plain_letters(line)
    cells = [_SPACE.sub(" ", cell).strip(" ,;") for cell in _CELL_SEPARATOR.split(line.strip())]
    cells = [cell for cell in cells if cell]
    if len(cells) > 1:
        return " | ".join(cells), True
    return _SPACE.sub(" ", line).strip(), False


def _line_closed(line: str) -> bool:
    """Does a list item or sentence end here (rather than run on to the next line)?"""
    if _SENTENCE_END.search(line):
        return True
    last = line.rsplit(" ", 1)[-1]
    return not (line.endswith((",", "-")) or is_stopword(fold(last)))


def _is_heading(line: str, prev_closed: bool, nxt: str | None) -> bool:
    """A short line without closing punctuation that stands apart from running text."""
    words = line.split()
    if not words or len(words) > _MAX_HEADING_WORDS or len(line) > _MAX_HEADING_CHARS:
        return False
    if _HEADING_END_BAN.search(line) or "@" in line or not (line[0].isupper() or line[0].isdigit()):
        return False
    if _BULLET.match(line) and not line[0].isupper():
        return False
    if fold(line.rsplit(" ", 1)[-1]) in _RUN_ON_WORDS:
        return False  # a lead-in that runs on into its items ("Region Halland ansvarar för")
    if not prev_closed:
        return False  # the previous line runs on into this one
    return nxt is None or nxt == "" or not nxt[:1].islower()


class _BlockBuilder:
    """Collects lines of one page into heading and text blocks."""

    def __init__(self, page: int) -> None:
        self.page = page
        self.blocks: list[Block] = []
        self.paragraph: list[str] = []  # current paragraph or list: lines already joined
        self.in_item = False
        self.first: tuple[str, int] | None = None  # the glyph kind and indent of the list's first item

    def flush(self) -> None:
        if self.paragraph:
            self.blocks.append(Block("text", "\n".join(self.paragraph), self.page))
        self.paragraph = []
        self.in_item = False
        self.first = None

    def heading(self, line: str) -> None:
        self.flush()
        self.blocks.append(Block("heading", line, self.page))

    def row(self, line: str) -> None:
        if self.paragraph and " | " not in self.paragraph[-1]:
            self.flush()
        self.paragraph.append(line)
        self.in_item = True

    def bullet(self, item: str, glyph: str, indent: int) -> None:
        """An item; one drawn deeper or with a second glyph than its list's first item is a
        sub-item of the item above ("• Mål 1" / "  o delmål", "1. Mål" / "a) delmål")."""
        listed = self.first is not None and any(line.startswith(LEVEL_MARKS) for line in self.paragraph)
        if not listed:
            self.first = (glyph, indent)
        first_glyph, first_indent = self.first or (glyph, indent)
        level = 0
        if listed and (glyph != first_glyph or indent > first_indent):
            if glyph in LEVEL_MARKS[1:]:
                level = LEVEL_MARKS.index(glyph)  # a reader's own mark (a nested HTML item)
            elif indent > first_indent or glyph in _SUB_GLYPHS + "a":
                level = 1
        self.paragraph.append(f"{item_mark(level)} {item}")
        self.in_item = True

    def text(self, line: str) -> None:
        if not self.paragraph:
            self.paragraph.append(line)
        elif self.in_item and line[:1].isupper() and _line_closed(self.paragraph[-1]):
            self.flush()  # the list has ended: a new paragraph starts
            self.paragraph.append(line)
        else:
            self.paragraph[-1] = _join(self.paragraph[-1], line)


def _line_width(lines: list[str]) -> int:
    """The full line width of a page whose text is wrapped at a width (most of its lines
    nearly full: a PDF text layer); 0 for a page of whole-paragraph lines (a text file) or
    too few lines to tell."""
    widths = sorted(len(line) for line in lines if line)
    if len(widths) < MIN_WIDTH_LINES:
        return 0
    width = widths[int(0.9 * (len(widths) - 1))]
    full = sum(w >= WRAPPED_SHARE * width for w in widths)
    return width if full >= len(widths) / 2 else 0


def _ended_on_purpose(line: str, nxt: str | None, width: int) -> bool:
    """A line without a sentence end that stops although the next line's first word would
    have fitted: the end of an item or paragraph whose bullet or full stop the text layer
    lost ("… i sjukvårdsregionalt nätverk" / "Södra sjukvårdsregionen är representerad …")."""
    if not width or not nxt or _SENTENCE_END.search(line) or _BULLET.match(nxt) or not _line_closed(line):
        return False  # a sentence end, or a line ending in a hyphen, comma or small word ("i", "och")
    return len(line) + 1 + len(nxt.split(" ", 1)[0]) <= FULL_LINE_SHARE * width


def _glyph_kind(bullet: re.Match[str]) -> str:
    """What marks an item: its glyph, "1" for any number, "a" for any letter."""
    glyph, letter_bullet, number, letter = bullet.groups()
    return "1" if number else "a" if letter else (glyph or letter_bullet or "")


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _starts_item(lines: list[str], i: int) -> bool:
    """Can an "a)"/"2)" line start an item: at a page start, after an item, or after a line that
    ends a sentence or a lead-in (not inside a sentence wrapped at "… slutenvård, / c) …")?"""
    before = lines[i - 1] if i else ""
    return not before or bool(_BULLET.match(before)) or bool(re.search(r"[.:;!?]$", before))


def _numbered_heading(bullet: re.Match[str], lines: list[str], i: int, nxt: str | None) -> bool:
    """A numbered section heading, not an item: a short "1. Syfte" with prose after it (not
    another item) and no numbered item or lead-in ending in ":" above it."""
    if not bullet.group(3) or not lines[i][bullet.end() :].strip():
        return False
    before = next((ln for ln in reversed(lines[:i]) if ln), "")
    follow = nxt if nxt else next((ln for ln in lines[i + 1 :] if ln), "")
    above = _BULLET.match(before)
    if not follow or _BULLET.match(follow) or (above and above.group(3)) or before.rstrip().endswith(":"):
        return False  # an item of a numbered list, or the first item under its lead-in
    return len(lines[i].split()) <= _MAX_NUMBERED_HEADING_WORDS and _is_heading(lines[i][bullet.end() :], True, follow)


def page_blocks(page: Page) -> list[Block]:
    """Split one page into blocks: headings, paragraphs (broken lines joined) and lists."""
    raw = page.text.splitlines()
    normalised = [_normalise_line(ln) for ln in raw]
    lines = [text for text, _ in normalised]
    width = _line_width(lines)
    builder = _BlockBuilder(page.number)
    prev_closed = True  # page start, blank line, heading or finished sentence
    for i, line in enumerate(lines):
        if not line:
            builder.flush()
            prev_closed = True
            continue
        if _SKIP_LINK.match(line):
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        bullet = _BULLET.match(line)
        if bullet and ")" in bullet.group(0) and not _starts_item(lines, i):
            bullet = None  # "c) …" at the start of a wrapped line inside a sentence
        if normalised[i][1]:  # a table row stays a line of its own
            builder.row(line)
            prev_closed = True
        elif bullet and _numbered_heading(bullet, lines, i, nxt):
            builder.heading(line)
            prev_closed = True
        elif bullet and line[bullet.end() :]:
            builder.bullet(line[bullet.end() :], _glyph_kind(bullet), _indent(raw[i]))
            prev_closed = _line_closed(line)
        elif _is_heading(line, prev_closed, nxt):
            builder.heading(line)
            prev_closed = True
        else:
            if i and builder.paragraph and _ended_on_purpose(lines[i - 1], line, width):
                builder.flush()
            builder.text(line)
            prev_closed = _line_closed(line) if builder.in_item else bool(_SENTENCE_END.search(line))
    builder.flush()
    return builder.blocks


def drop_repeated_boxes(blocks: list[Block]) -> list[Block]:
    """Keep the first copy of a box that slides repeat; a repeated heading goes only when
    nothing new follows it, so real sections that share a title stay apart."""
    seen: set[str] = set()
    fresh: list[bool] = []
    for block in blocks:
        key = fold(block.text)
        fresh.append(key not in seen or block.kind == "heading")
        seen.add(key)
    seen_headings: set[str] = set()
    kept: list[Block] = []
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            key = fold(block.text)
            section = []
            for j in range(i + 1, len(blocks)):
                if blocks[j].kind == "heading" or blocks[j].page != block.page:
                    break
                section.append(fresh[j])
            if key in seen_headings and not any(section):
                continue
            seen_headings.add(key)
            kept.append(block)
        elif fresh[i]:
            kept.append(block)
    return kept


def clean(pages: list[Page]) -> list[Block]:
    """All cleaning steps, in order; blocks carry their page and nearest heading."""
    blocks: list[Block] = []
    for page in remove_running_lines(pages):
        blocks.extend(page_blocks(page))
    blocks = drop_repeated_boxes(blocks)
    heading = ""
    for block in blocks:
        if block.kind == "heading":
            heading = block.text
        block.heading = heading
    return blocks
