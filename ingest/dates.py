"""When a document was written or last revised: the date citations show.

Order of trust: a dated revision line in the text ("Senast uppdaterad 2021-03-04",
"Fastställd av regionstyrelsen 12 mars 2021", "Reviderad 2021-05") says what the
authors meant; so does a version line ("Version 2.1, mars 2023") or a date on the title
page; then a year in the title or file name ("Samverkanskarta 2022"); then the period the
text says it covers ("för verksamhetsperioden 2024–2026": its first year), unless file
metadata names a date in that same year; file metadata is often the export date (a PDF
made from a web page carries the day it was made); a web server's Last-Modified and the
file's own time are last resorts.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "mars": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4, "maj": 5, "may": 5, "juni": 6, "jun": 6, "june": 6, "juli": 7, "jul": 7, "july": 7,
    "augusti": 8, "aug": 8, "august": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10,
    "october": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_KEYWORDS = re.compile(
    r"\b(?:senast\s+(?:uppdaterad|ändrad|reviderad|granskad)|uppdaterad|reviderad|revision|fastställd|fastställt|"
    r"beslutad|beslutat|antagen|antaget|godkänd|godkänt|publicerad|giltig\s+från|gäller\s+från|justerad|justerat|"
    r"sammanträdesdatum|datum(?=\s*:)|"
    r"last\s+(?:updated|modified|revised)|updated|revised|approved|adopted|published)\b",
    re.IGNORECASE,
)
_WINDOW = 80  # characters after the keyword in which its date must stand
_ISO = re.compile(r"\b((?:19|20)\d{2})-(\d{1,2})(?:-(\d{1,2}))?\b")
_DMY = re.compile(r"\b(\d{1,2})\s+([a-zåäö]{3,9})\.?,?\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_MY = re.compile(r"\b([a-zåäö]{3,9})\.?,?\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_NUMERIC = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d{2})\b")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_VERSION = re.compile(r"\bversion\b", re.IGNORECASE)
_PERIOD = re.compile(
    r"\b(?:\w*period(?:en)?|gäller(?:\s+för)?|för\s+åren|for\s+the\s+years|covering)\s+((?:19|20)\d{2})\s*[-–—]\s*"
    r"((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
TITLE_PAGE_CHARS = 400  # the title page's date stands near the start of the text
MAX_SCAN_CHARS = 200_000  # revision lines sit near the start or end; bounded work on huge texts


def _valid(year: int, month: int = 1, day: int = 1) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return 1990 <= year <= dt.date.today().year + 1


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if month and day else "")


def parse_date(window: str) -> str:
    """The first date in a short text: ISO, `12 mars 2021`, `12.3.2021`, `mars 2021` or a year."""
    candidates: list[tuple[int, int, str]] = []  # (position, pattern rank, date)
    for rank, (pattern, order) in enumerate(((_ISO, "ymd"), (_DMY, "dMy"), (_NUMERIC, "dmy"), (_MY, "My"), (_YEAR, "y"))):
        for match in pattern.finditer(window):
            parts = dict(zip(order, match.groups(), strict=True))
            year = int(parts["y"])
            month = MONTHS.get(parts["M"].lower()) if "M" in parts else (int(parts["m"]) if parts.get("m") else None)
            if "M" in parts and month is None:
                continue  # "12 personer 2021" is no date
            day = int(parts["d"]) if parts.get("d") else None
            if _valid(year, month or 1, day or 1):
                candidates.append((match.start(), rank, _iso(year, month, day)))
                break
    return min(candidates)[2] if candidates else ""


def text_date(text: str) -> str:
    """The latest date that a revision or decision line in the text gives ("" if none)."""
    scan = text if len(text) <= MAX_SCAN_CHARS else text[: MAX_SCAN_CHARS // 2] + "\n" + text[-MAX_SCAN_CHARS // 2 :]
    found = [parse_date(scan[m.end() : m.end() + _WINDOW].split("\n\n", 1)[0]) for m in _KEYWORDS.finditer(scan)]
    return max((d for d in found if d), default="", key=lambda d: d.ljust(10, "0"))


def front_date(text: str) -> str:
    """A date a version line gives, or a full or month date on the title page ("Mars 2023")."""
    head = text[:MAX_SCAN_CHARS]
    for version in _VERSION.finditer(head):
        dated = parse_date(head[version.end() : version.end() + _WINDOW].split("\n\n", 1)[0])
        if dated:
            return dated
    page = text[:TITLE_PAGE_CHARS]
    found = [m for pattern in (_ISO, _DMY, _MY) for m in pattern.finditer(page)]
    for match in sorted(found, key=lambda m: m.start()):
        date = parse_date(match.group(0))
        if date and len(date) > 4:
            return date
    return ""


def period_year(text: str) -> str:
    """The first year of the period the text says it covers ("verksamhetsperioden 2024-2026")."""
    for match in _PERIOD.finditer(text[:MAX_SCAN_CHARS]):
        first, last = int(match.group(1)), int(match.group(2))
        if first <= last and _valid(first):
            return str(first)
    return ""


def http_date(value: str) -> str:
    """`Wed, 03 Mar 2021 10:00:00 GMT` (a Last-Modified header) → `2021-03-03`."""
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value).date().isoformat() if value else ""
    except (TypeError, ValueError, IndexError):
        return ""


def title_year(*names: str) -> str:
    """A plausible year named in a title or file name ("verksamhetsplan-2024-2026" → 2024)."""
    for name in names:
        for match in _YEAR.finditer(name.replace("_", " ").replace("-", " ")):
            if _valid(int(match.group(1))):
                return match.group(1)
    return ""


def choose_date(
    text: str, metadata: str = "", last_modified: str = "", mtime: float | None = None, names: tuple[str, ...] = ()
) -> tuple[str, str]:
    """The document's date and where it came from: text, title, metadata, http or file."""
    period = period_year(text)
    if period and metadata[:4] == period:
        period = ""  # the metadata agrees to the year and is more precise
    candidates = (
        (text_date(text), "text"), (front_date(text), "text"), (title_year(*names), "title"), (period, "text"),
        (metadata, "metadata"), (http_date(last_modified), "http"),
    )
    for value, source in candidates:
        if value:
            return value, source
    if mtime is not None:
        return dt.datetime.fromtimestamp(mtime, dt.UTC).date().isoformat(), "file"
    return "", ""
