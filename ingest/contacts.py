"""Contact extraction: every e-mail address in a document becomes a `Contact`.

Real documents name people in several shapes: table-like rows (tabs, `;`, `|`,
runs of spaces), comma lists ("Kontakt: Namn, titel, Region X, adress"), running
prose next to the address (before or after it) and author lines ("Senast
uppdaterad ... av fornamn.efternamn@..."). The rules below are generic: a person
name is a run of capitalised words, preferably one that matches the address's
local part; the organisation is a table cell or an organisation mention on the
line (or the address's domain); the role is a role phrase on the line or in the
nearest preceding paragraph, qualified by the document title. A name is guessed
from the address only when it clearly reads `first.last`, and is then marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.contact_words import (  # noqa: F401  # noqa: F401
    _AUTHOR_LINE,
    _GROUP_ROLE,
    _HEADER_WORDS,
    _NOT_NAME,
    _PARTICLES,
    _PERSON_ROLE,
    ROLE_MAILBOXES,
    _role_phrase,
    _singular,
    header_column,
)
from ingest.model import Contact, Page
from ingest.normalize import fold, is_stopword
from ingest.regions import (  # noqa: F401  # noqa: F401
    _ORG_SUFFIXES,
    _REGION_KEYS,
    REGION_DOMAINS,
    REGIONS,
    _canonical_org,
    _is_org_word,
    _line_organisation,
    _share_domain_organisations,
    domain_organisation,
)

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
_OBFUSCATED_AT = re.compile(r"\s*[\(\[\{]\s*(?:at|snabel-a)\s*[\)\]\}]\s*", re.IGNORECASE)
_TABLE_SEP = re.compile(r"\t+|\s*[;|]\s*|\s{2,}")
_LIST_SEP = re.compile(r"\s*,\s*|:\s+|\s+[–—-]\s+|[()]")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_NAME_GAP = re.compile(r"[ \u00a0\u202f]")  # a single space: tabs and double spaces separate cells

_SENTENCE_STOP = re.compile(r"[.!?;]\s")
_PHONE = re.compile(r"(?<![\w+])(?:\+46[ \u00a0]?(?:\(0\)[ \u00a0]?)?|0)\d{1,3}(?:[ \u00a0-]\d{1,4}){1,4}(?![\w-])")
_PHONE_ONLY = re.compile(r"^\s*(?:(?:tel|telefon|phone|mobil|mobile|tfn)\b\.?\s*:?\s*)?[+\d][\d\s()-]{5,20}$", re.IGNORECASE)


def phone_in(text: str) -> str:
    """A Swedish or +46 phone number in the text (7-13 digits), else ""."""
    for m in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 7 <= len(digits) <= 13:
            return m.group(0).strip()
    return ""


_fold_word = lru_cache(maxsize=200_000)(fold)  # a page repeats its words: fold each once


@dataclass
class _Run:
    """A run of capitalised words: a person-name candidate on a line."""

    start: int
    end: int
    text: str
    words: list[str]  # folded


def extract_contacts(document: str, title: str, pages: list[Page]) -> list[Contact]:
    """Address contacts plus people named with a role (`ingest/people.py`), merged by name."""
    from ingest.abbreviations import abbreviated_body, introduced_abbreviations
    from ingest.bodies import document_subject, with_place
    from ingest.people import extract_people, role_body  # people builds on this module's helpers
    from ingest.people_merge import merge_into, take_table_bodies

    contacts = extract_email_contacts(document, title, pages)
    subject = document_subject(title, pages[0].text if pages else "")
    known = introduced_abbreviations("\n".join(p.text for p in pages))
    people = extract_people(document, title, pages)
    take_table_bodies(contacts, people)
    for c in contacts:
        if c.name and not c.body:  # "Enhetschef HMC": the role is held in the body the abbreviation names
            held = abbreviated_body(c.role.split(" – ")[0], known)
            c.body = with_place(held or role_body(c.role.split(" – ")[0], subject), [subject])
    return merge_into(contacts, people)


def extract_email_contacts(document: str, title: str, pages: list[Page]) -> list[Contact]:
    """One `Contact` per (e-mail address, source line) found anywhere in the document."""
    known_names = _document_names(pages)
    contacts: list[Contact] = []
    for page in pages:
        lines = page.text.splitlines()
        header: dict[int, str] = {}
        for index, raw_line in enumerate(lines):
            line = _OBFUSCATED_AT.sub("@", raw_line)
            cells = _cells(line)
            if not EMAIL.search(line):
                header = _header_map(cells) or ({} if not line.strip() else header)
                continue
            seen: set[str] = set()
            matches = list(EMAIL.finditer(line))
            for i, match in enumerate(matches):
                email = match.group(0).strip(".'-")
                if email.lower() in seen:
                    continue
                seen.add(email.lower())
                lo = matches[i - 1].end() if i else 0
                hi = matches[i + 1].start() if i + 1 < len(matches) else len(line)
                own_cells = cells if len(matches) == 1 else _cells(line[lo:hi])
                contacts.append(
                    _contact(document, title, page.number, lines, index, line, own_cells, header, email, match, lo, hi, known_names)
                )
    _share_domain_organisations(contacts)
    return contacts


def _contact(
    document: str, title: str, page: int, lines: list[str], index: int, line: str, cells: list[str],
    header: dict[int, str], email: str, match: re.Match[str], lo: int, hi: int, known_names: dict[str, str],
) -> Contact:
    """Build the contact for one address on one line."""
    local, _, domain = email.partition("@")
    is_mailbox = _is_role_mailbox(local)
    columns = _by_header(cells, header, email)
    name, guessed, card = "", False, list[str]()
    if not is_mailbox:
        name = columns.get("name", "") or _name_near(line, lo, hi, match.start(), match.end(), local)
        if not name:
            name, card = _card_name(lines, index, local)
        if not name:
            name, guessed = _guess_name(local, known_names)
    organisation = (
        columns.get("org", "")
        or _cell_organisation(cells, email, name)
        or _line_organisation(line[lo:hi], match.start() - lo)
        or next((o for o in (_line_organisation(c, len(c)) for c in reversed(card)) if o), "")
        or domain_organisation(domain)
    )
    title_cell = columns.get("role", "") or _cell_title(cells, email, name)
    s_lo, s_hi = _sentence_bounds(line, match.start(), lo, hi)
    sentence = line[s_lo:s_hi]
    role = _role(sentence, match.start() - s_lo, title_cell, lines, index, title, is_mailbox or not name)
    quote = " / ".join(c.strip() for c in [*card, line] if c.strip())
    following = next((ln for ln in lines[index + 1 : index + 3] if ln.strip()), "")
    phone = phone_in(line[lo:hi]) or (phone_in(following) if _PHONE_ONLY.match(following) else "")
    return Contact(
        name=name, email=email, organisation=organisation, role=role, document=document, page=page,
        quote=quote, name_guessed=guessed, phone=phone,
    )


def _card_name(lines: list[str], index: int, local: str, reach: int = 3) -> tuple[str, list[str]]:
    """A contact card: the name on one of the lines just above the address line (no blank line between),
    recognised by matching the address. Returns the name and the card's lines from the name down."""
    card: list[str] = []
    for line in reversed(lines[max(0, index - reach) : index]):
        if not line.strip() or EMAIL.search(line):
            break
        card.insert(0, line)
        runs = [r for r in _runs(line) if _local_match(r, local)]
        if runs:
            return _trim_to_match(max(runs, key=lambda r: _local_match(r, local)), local), card
    return "", []


# --- names -------------------------------------------------------------------------------


def _is_capitalised(word: str) -> bool:
    parts = re.split(r"['’-]", word)
    return all(p[:1].isupper() and (len(p) == 1 or p[1:].islower()) for p in parts if p)


def _runs(text: str) -> list[_Run]:
    """Capitalised word runs (split at labels, organisation words and places): name candidates."""
    runs: list[_Run] = []
    current: list[re.Match[str]] = []

    def flush() -> None:
        while current and fold(current[-1].group(0)) in _PARTICLES:
            current.pop()
        if current:
            runs.append(
                _Run(current[0].start(), current[-1].end(), text[current[0].start() : current[-1].end()],
                     [fold(m.group(0)) for m in current])
            )
        current.clear()

    for m in _WORD.finditer(text):
        word = m.group(0)
        folded = _fold_word(word)
        gap_ok = bool(current) and _NAME_GAP.fullmatch(text[current[-1].end() : m.start()]) is not None
        if current and not gap_ok:
            flush()
        if (folded in _PARTICLES and current
                or word[0].isupper() and _is_capitalised(word) and len(word) > 1
                and folded not in _NOT_NAME and not _is_org_word(folded)):
            current.append(m)
        else:
            flush()
    flush()
    return runs


def name_candidates(text: str) -> list[str]:
    """Runs of two or more capitalised words that could be a person's name (used by lookup too)."""
    return [r.text for r in _runs(text) if len(r.words) >= 2]


def _local_parts(local: str) -> list[str]:
    return [p for p in re.split(r"[._+\-]", fold(re.sub(r"\d+", "", local))) if p]


def _local_match(run: _Run, local: str) -> int:
    """How many words of a candidate name the address's local part contains."""
    parts = _local_parts(local)
    joined = "".join(parts)
    hits = 0
    for word in run.words:
        subs = [s for s in re.split(r"['’-]", word) if s]
        if word.replace("-", "") in parts or all(s in parts or (len(s) >= 3 and s in joined) for s in subs):
            hits += 1
    initials = "".join(w[0] for w in run.words)
    if not hits and len(run.words) >= 2 and joined in (initials, initials[0] + run.words[-1]):
        hits = len(run.words)
    return hits


def _trim_to_match(run: _Run, local: str) -> str:
    """The part of a run that the address names: drops a capitalised verb before the name."""
    words = run.text.split()
    flags = [_local_match(_Run(0, 0, w, [fold(w)]), local) > 0 for w in words]
    if any(flags) and len(words) > 2:
        first = flags.index(True)
        words = words[max(0, min(first, len(words) - 2)) :]
    return " ".join(words)


def _name_near(line: str, lo: int, hi: int, at: int, end: int, local: str) -> str:
    """The person named next to an address: the run that matches its local part, else the nearest run
    in the same sentence with at least two words."""
    runs = [r for r in _runs(line[lo:hi])]
    for r in runs:
        r.start, r.end = r.start + lo, r.end + lo
    scored = [(r, _local_match(r, local)) for r in runs]
    matching = [(r, s) for r, s in scored if s]
    if matching:
        best = max(matching, key=lambda rs: (rs[1], -_distance(rs[0], at, end)))[0]
        return _trim_to_match(best, local)
    sentence_lo, sentence_hi = _sentence_bounds(line, at, lo, hi)
    near = [r for r in runs if len(r.words) >= 2 and sentence_lo <= r.start and r.end <= sentence_hi]
    if near:
        return min(near, key=lambda r: _distance(r, at, end)).text
    return ""


def _distance(run: _Run, at: int, end: int) -> int:
    return at - run.end if run.end <= at else run.start - end


def _sentence_bounds(line: str, at: int, lo: int, hi: int) -> tuple[int, int]:
    starts = [m.end() for m in _SENTENCE_STOP.finditer(line, lo, at)]
    ends = [m.start() for m in _SENTENCE_STOP.finditer(line, at, hi)]
    return (starts[-1] if starts else lo), (ends[0] if ends else hi)


def _is_role_mailbox(local: str) -> bool:
    parts = _local_parts(local)
    return not parts or fold(local) in ROLE_MAILBOXES or any(p in ROLE_MAILBOXES for p in parts)


def _guess_name(local: str, known_names: dict[str, str]) -> tuple[str, bool]:
    """`first.last` (or `first.m.last`) → "First Last", marked guessed unless the document spells it out."""
    raw = re.sub(r"\d+$", "", local)
    parts = raw.split(".")
    if not 2 <= len(parts) <= 3 or not all(re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)*", p) for p in parts):
        return "", False
    if len(parts[0]) < 2 or len(parts[-1]) < 2 or any(_is_org_word(fold(p)) or fold(p) in ROLE_MAILBOXES for p in parts):
        return "", False
    key = " ".join(fold(p) for p in parts)
    if key in known_names:
        return known_names[key], False
    from ingest.person_names import is_first_name

    if not is_first_name(parts[0]):  # "kunskapsstyrning.slso", "rpo.rorelse": a function's address, no name
        return "", False
    name = " ".join("-".join(s[:1].upper() + s[1:] for s in p.split("-")) + ("." if len(p) == 1 else "") for p in parts)
    return name, True


def _document_names(pages: list[Page]) -> dict[str, str]:
    """Every capitalised run in the document, by folded words: lets a guessed name take the document's spelling."""
    names: dict[str, str] = {}
    for page in pages:
        for run in _runs(page.text):
            if len(run.words) >= 2:
                names.setdefault(" ".join(run.words), run.text)
    return names


# --- cells, organisations ----------------------------------------------------------------


def _cells(line: str) -> list[str]:
    """Table-like cells of a line; a line without table separators is split as a comma list."""
    stripped = line.strip()
    cells = [c.strip(" \t,.;:|") for c in _TABLE_SEP.split(stripped)]
    if len([c for c in cells if c]) < 2:
        cells = [c.strip(" \t,.;:|") for c in _LIST_SEP.split(stripped)]
    return [c for c in cells if c]


def _header_map(cells: list[str]) -> dict[int, str]:
    """Column roles of a header row ("Namn | Roll | Region | E-post"), if this line is one."""
    found = {i: column for i, cell in enumerate(cells) if (column := header_column(cell))}
    return found if len(found) >= 2 and len(cells) <= 8 else {}


def _by_header(cells: list[str], header: dict[int, str], email: str) -> dict[str, str]:
    """Cells of a row under a recognised header, by column role."""
    if not header or len(cells) <= max(header):
        return {}
    columns = {column: cells[i] for i, column in header.items() if column != "email" and email not in cells[i]}
    if "name" not in columns and columns.get("first") and columns.get("last"):
        columns["name"] = f"{columns['first']} {columns['last']}"  # "Bergkvist | Henrik": one name
    return columns


def _cell_kind(cell: str, email: str, name: str) -> str:
    if email in cell or EMAIL.search(cell) or re.fullmatch(r"[\d\s+()-]+", cell):
        return "email"
    if name and fold(cell) == fold(name):
        return "name"
    if len(cell.split()) > 6:
        return "text"
    if any(_is_org_word(fold(w)) for w in _WORD.findall(cell)) and cell[:1].isupper():
        return "org"
    if cell[:1].islower():
        return "title"
    return "other"


def _cell_organisation(cells: list[str], email: str, name: str) -> str:
    """An organisation cell of a table row or comma list."""
    if len(cells) < 2:
        return ""
    kinds = [_cell_kind(c, email, name) for c in cells]
    for cell, kind in zip(cells, kinds, strict=False):
        if kind == "org":
            return _canonical_org(cell)
    others = [
        c for c, k in zip(cells, kinds, strict=False)
        if k == "other" and fold(c) not in _NOT_NAME and not _PERSON_ROLE.search(c)
        and len(c.split()) <= 4 and not any(is_stopword(fold(w)) for w in c.split())  # "Frågor om X" is a label
    ]
    tabular = any(k == "name" for k in kinds) and len(cells) <= 5
    return others[0] if tabular and others else ""


def _cell_title(cells: list[str], email: str, name: str) -> str:
    """A job title cell ("utvecklingsledare") of a table row or comma list."""
    if len(cells) < 2 or not any(email in c for c in cells):
        return ""
    for cell in cells:
        if _cell_kind(cell, email, name) != "title" or fold(cell) in _NOT_NAME:
            continue
        phrase = _role_phrase(cell)
        if phrase and not phrase.startswith("Medlem i"):
            return phrase
        if len(cell.split()) <= 3 and not is_stopword(fold(cell.split()[0])):
            return cell
    return ""


# --- roles -------------------------------------------------------------------------------


def _role(window: str, at: int, title_cell: str, lines: list[str], index: int, title: str, is_mailbox: bool) -> str:
    """Role for a contact: the line's own title or role phrase, else an author line, else the nearest
    preceding paragraph that names a role or body; always qualified by the document title."""
    if _AUTHOR_LINE.search(window) and not title_cell:
        base = "Författare/uppdaterat sidan"
    elif is_mailbox:
        base = "Funktionsbrevlåda"
    else:
        base = title_cell[:1].upper() + title_cell[1:] if title_cell else _role_phrase(window, at)
        if not base or base.startswith("Medlem i"):
            base = _context_role(lines, index) or base
        if not base:
            before = window + " ".join(lines[max(0, index - 6) : index])
            base = "Kontaktperson" if re.search(r"kontakt|contact", before, re.IGNORECASE) else "Nämns i dokumentet"
    if title and fold(title) not in fold(base):
        return f"{base} – {title.strip()}"
    return base


def _context_role(lines: list[str], index: int, reach: int = 8) -> str:
    """Role phrase from the nearest preceding lines that are neither contact rows nor the card lines
    (name, title) of another contact."""
    seen, skip = 0, set[int]()
    for j in range(index - 1, max(-1, index - 41), -1):
        line = lines[j]
        if EMAIL.search(line):
            for m in EMAIL.finditer(line):
                card = _card_name(lines, j, m.group(0).partition("@")[0])[1]
                skip.update(range(j - len(card), j))
            continue
        if not line.strip() or j in skip:
            continue
        phrase = _role_phrase(line)
        if phrase:
            return phrase
        seen += 1
        if seen >= reach:
            break
    return ""
