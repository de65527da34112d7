"""People named with a role in a body, with or without an e-mail address.

Governance documents name people in a handful of shapes: member lists under a heading
("Ledamöter", "Ledningsgrupp", "Närvarande"), label lines ("Ordförande: Sven Oredsson (S), Region
Skåne", "Närvarande: ..."), tables ("Namn | Roll | Region | Telefon"), and prose ("Karin Ekelund
leder tjänstemannaberedningen", "Ordförande i styrgruppen är Helena Wallin", "regiondirektör Åsa
Bellander"). Each becomes a `Contact` with a canonical role (`ingest/roles.py`), the body the role
is held in (from the sentence, else the list's heading, else the document title), the region, the
party letters left in the quote, and the source line as quote. A role without a name ("Direktören på
kansliet är ordförande") makes no person.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.abbreviations import abbreviated_body, introduced_abbreviations
from ingest.bodies import body_mention, document_subject, places, with_place
from ingest.cleaning import remove_running_lines
from ingest.contacts import _HEADER_WORDS, _cells, _header_map, _runs
from ingest.model import Contact, Page
from ingest.normalize import fold
from ingest.people_bodies import _MEMBER_WORDS, _body_phrase, contact_body, role_body, with_item_body  # noqa: F401  (role_body: for contacts.py)
from ingest.people_merge import _PLAIN_ROLES
from ingest.people_parts import (
    PARTIES,
    Entry,
    entries,
    is_person_like,
    names_body,
    party_suffix,
    person_name,
    phone_in,
    place_led_entries,
    region_of,
    role_tail,
)
from ingest.people_prose import _VERB_FORMS, last_person, prose_people
from ingest.people_signatures import signature_label, signers
from ingest.roles import canonical_role, is_body_role

_EARLIER_LINES, _EARLIER_CHARS = 30, 3000  # the text before a person a bare "nämnden" is looked up in
MAX_LINE = 2000  # longer "lines" (flattened PDFs) are cut: keeps every pass linear and bounded
_LABEL = re.compile(r"^\s*([^\W\d_][^:\n]{0,40}?)\s*:\s+(\S.*)$")
# a sentence ends at . ! ? before a capital, not after a title or a role's abbreviation ("Dr. Ulrika
# Brandt", "Ordf. Tove Nordmark", "v. ordf.")
_NOT_ENDS = ("Dr", "dr", "Prof", "prof", "Doc", "Mr", "Ms", "Mrs", "Ordf", "ordf", "Sekr", "sekr", "Bitr", "bitr", "v", "V", "tf", "Tf")
_SENTENCE = re.compile(r"(?<=[.!?])" + "".join(rf"(?<!\b{a}\.)" for a in _NOT_ENDS) + r"\s+(?=[A-ZÅÄÖ])")
_ABBREVIATION_MARKS = re.compile(r"(?<=\w)\.(?=\s|$)|(?<=\d):(?=[ea]\b)")
_HEADING_BAN = re.compile(r"[.!?;,@|\t]|:\s*\S|\s{3,}")
_COLUMN_WORDS = ({w for words in _HEADER_WORDS.values() for w in words} | {"parti", "party", "uppdrag", "roll", "region"}) - set(_MEMBER_WORDS)
# Roles of a listed person that make them no member of the body ("Ersättare" in a member list).
_NOT_MEMBER = ("ledamot", "ersättare", "adjungerad", "deltagare", "sekreterare", "justerare", "föredragande")
_ABSENT = ("franvarande", "absent", "anmalt forhinder")
_PRONOUN = re.compile(r"^\s*(?:hon|han|hen|she|he)\b", re.IGNORECASE)
_PRONOUN_PHONE = re.compile(r"^\s*(?:hon|han|hen|she|he|de|they)\b", re.IGNORECASE)
_PHONE_LINE = re.compile(r"^\s*(?:tel|telefon|phone|mobil|mobile|tfn)\b\.?\s*:?\s*\+?[\d(]", re.IGNORECASE)
# Bodies whose listed people are members (a kansli or centre lists staff, who get their own titles).
_MEMBER_BODY = re.compile(r"(?:grupp|gruppen|namnd|namnden|rad|radet|styrelse|styrelsen|beredning|beredningen|ledning|ledningen|"
                          r"utskott|utskottet|presidium|presidiet|committee|board|council|group)\b")


def extract_people(document: str, title: str, pages: list[Page]) -> list[Contact]:
    """Every person named with a role, once per (name, role, body)."""
    found: dict[tuple[str, str, str], Contact] = {}
    subject = document_subject(title, pages[0].text if pages else "")
    known = introduced_abbreviations("\n".join(p.text for p in pages))
    for page in remove_running_lines(pages):
        for contact in _page_people(document, title, page, subject, known):
            key = (fold(contact.name), contact.role, fold(contact.body))
            found.setdefault(key, contact)
    return list(found.values())


def _page_people(document: str, title: str, page: Page, subject: str, known: dict[str, str]) -> list[Contact]:
    people: list[Contact] = []
    heading, member_role, header = "", "", {}
    body_heading = ""
    card: tuple[int, str] | None = None  # (line index, quote) of the last person line: a card's next lines
    pending: tuple[int, str, int] | None = None  # a line that is only a name (last line, name, its line)
    roles_above = _roles_above_names(page.text.splitlines())
    role_first = roles_above
    lines = page.text.splitlines()
    antecedent = ("", "")  # the last person a sentence named, and the body of their role there
    signed: dict[int, list[tuple[str, str]]] = {}  # line -> (name, role) of a signature block's signers
    for at, text in enumerate(lines):
        if role := signature_label(text) if len(text) < 40 else "":
            for where, name in signers(lines, at):
                signed.setdefault(where, []).append((name, role))
    for index, raw in enumerate(lines):
        line = raw.strip()[:MAX_LINE]
        if not line:
            antecedent = ("", "")
            following = next((ln for ln in lines[index + 1 : index + 12] if ln.strip() and not _card_detail(ln.strip())), "")
            if member_role and not _entries_line(following, member_role):
                member_role = ""
            continue

        def add(entry: Entry, role: str, body: str = "", quote: str = line, at: int = index, context: str = body_heading or heading) -> None:
            nonlocal card
            if not entry.phone and at + 1 < len(lines) and _PHONE_LINE.match(lines[at + 1]):
                entry.phone = phone_in(lines[at + 1])
            card = (at, quote.strip()[:500])
            earlier = "\n".join(lines[max(0, at - _EARLIER_LINES) : at + 1])[-_EARLIER_CHARS:]
            body = body or entry.body or abbreviated_body(quote, known)  # "Sammankallande i BGH är NN"
            people.append(_contact(document, subject, page.number, context, entry, role, body, quote, earlier))

        if index in signed or signature_label(line):
            for name, role in signed.get(index, []):  # "Vid protokollet" / "Tove Kjellberg"
                add(Entry(name), role, quote=line)
            card = card if len(signed.get(index, [])) == 1 else None  # a role under two names is neither's
            pending = None
            continue

        cells = _cells(line) if "\t" in line or "|" in line or ";" in line or "  " in line else []
        if cells and _header_map(cells):
            header = _header_map(cells)
            continue
        if header and cells:
            entry = _table_row(cells, header)
            if entry:
                add(entry, entry.role or _heading_role(heading) or "kontaktperson")
                continue
        header = {} if not cells else header
        if fold(line) in _COLUMN_WORDS:  # a table's header cell on its own line (HTML tables read one cell a line)
            continue
        label = _LABEL.match(line)
        if label and (role := _label_role(label.group(1))):
            for entry in entries(label.group(2), role):
                add(entry, entry.role or role)
            continue
        if label and fold(label.group(1)).startswith(_ABSENT):
            continue
        if label and (region := _region_label(label.group(1))) and (listed := _entries_line(label.group(2), member_role or "representant")):
            for entry in listed:  # "Region Uppsala: Helena Forsberg (S), ordförande"
                entry.organisation = entry.organisation or region
                add(entry, entry.role or member_role or "representant")
                if entry.role and member_role == "ledamot" and entry.role not in _NOT_MEMBER:
                    add(Entry(entry.name, "ledamot", region, entry.party), "ledamot")
            continue
        represented, listed = place_led_entries(line, member_role) if member_role else ("", [])
        for entry in listed:  # "Västra sjukvårdsregionen – Anna Berg, Region Halland": a member for that place
            add(entry, member_role)
            add(Entry(entry.name, "representant", represented, entry.party), "representant")
        if listed:
            continue
        if member_role and (listed := _entries_line(line, member_role)):
            for entry in listed:
                add(entry, entry.role or member_role)
                if entry.role and member_role == "ledamot" and entry.role not in _NOT_MEMBER:
                    add(Entry(entry.name, "ledamot", entry.organisation, entry.party, entry.email, entry.phone), "ledamot")
                elif entry.role and is_body_role(member_role) and not is_body_role(entry.role) and member_role not in _NOT_MEMBER:
                    # "Chair" / "Karin Frisk, head of elderly care": the heading's role in the body, and a job title
                    add(Entry(entry.name, member_role, entry.organisation, entry.party, entry.email, entry.phone), member_role)
            continue
        role_only = _role_only(line)
        # a card: a bare name (or name / party / role lines) whose next short lines say more about it
        in_card = card is not None and _adjacent(lines, card[0], index) and (len(card[1].split()) <= 4 or " / " in card[1])
        if card is not None and in_card:  # the short lines under a listed name
            if role_only and role_first:
                pass  # the role of the next name, in a list whose roles stand above the names
            elif role_only:
                _card_role(people, card[1], role_only, member_role)
                card = (index, card[1])
                continue
            if line.strip("()") in PARTIES:
                card = (index, card[1])
                continue
            if (phone := phone_in(line)) and len(re.sub(r"[\d\s+()-]", "", line)) <= 8:
                for c in people:
                    if c.quote == card[1] and not c.phone:
                        c.phone = phone
                card = (index, card[1])
                continue
            if len(line.split()) <= 4 and not person_name(line, strict=False) and not names_body(line) and (region := region_of(line)):
                for c in people:
                    if c.quote == card[1]:
                        c.organisation = region
                card = (index, card[1])
                continue
        if pending and _adjacent(lines, pending[0], index) and not role_first:
            if role_only or (role_only := _card_title(line)):  # "Anna Berg" / "Processledare psykisk hälsa"
                add(Entry(pending[1]), role_only, quote=" / ".join(ln.strip() for ln in lines[pending[2] : index + 1] if ln.strip()))
                pending = None
                continue
            if line.strip("()") in PARTIES:
                pending = (index, pending[1], pending[2])
                continue
        pending = (index, name, index) if (name := person_name(line, strict=True)) else None
        if role_only and not in_card and not pending:
            role_first = True  # "Ordförande" above "Anna Berg": roles head the names in this list
        short = prose_people(line) if len(line.split()) <= 10 else []
        if short:  # "Åsa Lindgren Samordnare Nära vård 023-49 00 00": a card read as one line
            for entry, body in short:
                entry.phone = entry.phone or phone_in(line)
                add(entry, entry.role, body or with_item_body("", line))
            continue
        if _is_heading(line.rstrip(":")) or role_only and (line[:1].isupper() or line[:1].isdigit()):  # "Ordf.", "1:e v. ordf."
            heading = line.rstrip(":")
            member_role = _heading_role(heading)
            body_heading = heading if _body_phrase(heading) else ""
            role_first = roles_above
            continue
        listed = entries(line) if len(line) <= 200 else []
        if listed and any(e.role for e in listed) and person_first(line, listed[0].name):
            for entry in listed:  # "Verksamhetschef Sara Vikström informerar om RCC Norrs plan": held in RCC Norr
                if entry.role:
                    add(entry, entry.role, "" if entry.role in _PLAIN_ROLES else with_item_body(body_mention(line, entry.name), line))
            continue
        if listed and _is_byline(page.number, lines, index, line, title) and person_first(line, listed[0].name):
            for entry in listed:
                add(entry, "författare", title)
            continue
        last: list[Contact] = []
        for sentence in _SENTENCE.split(line):
            found = prose_people(sentence)
            if not found and last and len({c.name for c in last}) == 1 and _PRONOUN_PHONE.match(sentence) and (phone := phone_in(sentence)):
                for c in last:  # "… är Ronja Kvist ordförande. Hon nås på telefon 0498-26 81 15."
                    c.phone = c.phone or phone
                continue
            if not found and antecedent[0] and (pronoun := _PRONOUN.match(sentence)):
                # "Mats Grahn leder direktionen. Han är sedan 2023 ordförande": the last named person's role,
                # in the body of their last sentence unless this one names another
                found = [(e, b or antecedent[1]) for e, b in prose_people(antecedent[0] + sentence[pronoun.end() :]) if e.name == antecedent[0]]
            placed = {e.name: body for e, body in found if body}  # a title beside a role held in the sentence's body
            for entry, body in found:
                shared = placed.get(entry.name, "") if is_body_role(entry.role) else ""  # "X leder Y och är sammankallande"
                body = body or shared or ("" if entry.name in placed else with_item_body(body_mention(sentence, entry.name), line))
                add(entry, entry.role, body, sentence.strip())
                entry.phone = ""  # one phone per person line, not per role
            last = [c for c in people if c.quote == sentence.strip()[:500]] if found else []
            named = last_person(sentence)
            if named:
                antecedent = (named, next((c.body for c in reversed(last) if c.name == named), ""))
    return people


def _roles_above_names(lines: list[str]) -> bool:
    """Do this page's role lines stand above the names ("Ordförande" / "Anna Berg") rather than
    under them ("Anna Berg" / "Ordförande")? In an alternating list the layout's first kind of
    line is followed by the other once more often than the other way round."""
    shown = [ln.strip()[:MAX_LINE] for ln in lines if ln.strip()][:400]
    role = [bool(_role_only(ln)) for ln in shown]
    name = [not r and len(ln.split()) <= 8 and bool(_entries_line(ln, "ledamot")) for ln, r in zip(shown, role, strict=True)]
    above = sum(role[i] and name[i + 1] for i in range(len(shown) - 1))
    under = sum(name[i] and role[i + 1] for i in range(len(shown) - 1))
    return above > under


def _card_detail(line: str) -> bool:
    """A line that only adds to the card above it: a table's header cell, a party, a role, an
    organisation or a phone number."""
    if fold(line) in _COLUMN_WORDS or line.strip("()") in PARTIES or _role_only(line):
        return True
    if phone_in(line) and len(re.sub(r"[\d\s+()-]", "", line)) <= 8:
        return True
    return len(line.split()) <= 4 and not person_name(line, strict=False) and not names_body(line) and bool(region_of(line))


def _adjacent(lines: list[str], before: int, index: int, reach: int = 2) -> bool:
    """Is line `index` the next non-blank line after `before` (at most `reach` blank lines between)?"""
    return 0 < index - before <= reach + 1 and all(not ln.strip() for ln in lines[before + 1 : index])


def _is_byline(page: int, lines: list[str], index: int, line: str, title: str) -> bool:
    """Names alone right under the title on the first page ("Carina Svärd, Carina Andersson, Region
    Blekinge"): the authors of a presentation or report."""
    if page != 1 or "." in line.rstrip(".") or canonical_role(line):
        return False
    before = [ln.strip() for ln in lines[:index] if ln.strip()]
    return 1 <= len(before) <= 2 and fold(title) in {fold(b) for b in before}


def _role_only(line: str) -> str:
    """A line that is nothing but a role ("Ordförande", "Vice ordförande", "Verksamhetschef")."""
    words = line.rstrip(":").split()
    plain = _ABBREVIATION_MARKS.sub("", line.rstrip(":"))  # "1:e v. ordf." is a role line too
    role = canonical_role(line) if 1 <= len(words) <= 4 and not _HEADING_BAN.search(plain) else ""
    return role if role and len(fold(line)) <= len(fold(role)) + 12 and role not in ("deltagare", "ledamot", "ersättare", "kontaktperson") else ""


def _card_title(line: str) -> str:
    """A card's title line under a name: a role word first and the field it covers after it
    ("Processledare psykisk hälsa", "Utvecklingsledare äldres vård och omsorg"); its role, or ""."""
    words = line.split()
    if not 2 <= len(words) <= 6 or _HEADING_BAN.search(line) or not line[:1].isupper():
        return ""
    role = canonical_role(words[0])
    return role if role and role == canonical_role(line) and role not in ("deltagare", "ledamot", "ersättare") else ""


def _card_role(people: list[Contact], quote: str, role: str, member_role: str) -> None:
    """A role on the line under a listed name: it replaces the list's member role for that person
    (and a plain member keeps that row too)."""
    for c in [c for c in people if c.quote == quote]:
        if c.role == member_role and member_role != "ledamot":
            c.role = role
        elif not any(o.quote == quote and o.role == role for o in people):
            people.append(replace(c, role=role, quote=c.quote))
        break


def person_first(line: str, name: str) -> bool:
    """The line starts with the name, or with a role and then the name ("Ordförande | Anna Berg")."""
    line = line.lstrip(" •◦·*-–")
    at = line.find(name)
    prefix = line[:at].strip(" |\t,;:") if at > 0 else ""
    role = canonical_role(prefix) if prefix else ""
    return at == 0 or (bool(role) and len(fold(prefix)) <= len(fold(role)) + 4 and fold(prefix.split()[-1]) not in _VERB_FORMS)


def _entries_line(line: str, member_role: str) -> list[Entry]:
    """A member-list line: it starts with a person's name."""
    line = line.strip()[:MAX_LINE]
    listed = entries(line, member_role) if line else []
    return listed if listed and person_first(line, listed[0].name) else []


def _label_role(label: str) -> str:
    folded = fold(label)
    if folded in _MEMBER_WORDS:
        return _MEMBER_WORDS[folded]
    role = canonical_role(label)
    return role if role and len(label.split()) <= 4 and role not in ("deltagare",) else ""


def _region_label(label: str) -> str:
    """A label that is a region ("Region Uppsala", "Örebro län"): the members it lists represent it."""
    region = region_of(label) if len(label.split()) <= 4 and not canonical_role(label) else ""
    return region if region and places(label) else ""


def _is_heading(line: str) -> bool:
    words = line.split()
    return 1 <= len(words) <= 10 and len(line) <= 90 and not _HEADING_BAN.search(line) and line[:1].isupper()


def _heading_role(heading: str) -> str:
    """The role of the people listed under a heading: members of a body, or the heading's role."""
    folded = fold(heading)
    if folded.startswith(_ABSENT):
        return ""
    for words, role in sorted(_MEMBER_WORDS.items(), key=lambda kv: -len(kv[0])):
        if folded == words or folded.startswith(words + " ") or folded.endswith(" " + words):
            return role
    if _MEMBER_BODY.search(fold(heading)):
        return "ledamot"
    return canonical_role(heading) if len(heading.split()) <= 3 else ""


def _table_row(cells: list[str], header: dict[int, str]) -> Entry | None:
    """A row under a "Namn | Roll | Region | Telefon" header."""
    named = [i for i, c in header.items() if c in ("name", "first", "last")]
    if not named or len(cells) <= max(named):
        return None
    column = {c: cells[i] for i, c in header.items() if i < len(cells)}
    if "name" not in column and column.get("first") and column.get("last"):
        column["name"] = f"{column['first']} {column['last']}"  # "Efternamn | Förnamn" columns
    name, party = party_suffix(column.get("name", "").strip())
    words = name.split()
    if not name or len(_runs(name)) != 1 or not 2 <= len(words) <= 4 or not is_person_like(words, strict=False):
        return None
    role_text = column.get("role", "")
    entry = Entry(name, role=canonical_role(role_text) or "", party=party or column.get("party", "").strip("() "))
    entry.organisation = region_of(column.get("org", "")) or column.get("org", "")
    entry.phone = phone_in(column.get("phone", "")) or next((phone_in(c) for c in cells if phone_in(c)), "")
    entry.email = next((c for c in cells if "@" in c), "")
    entry.body = column.get("body", "").strip() or (role_tail(role_text)[0] if role_text else "")
    return entry


def _contact(document: str, title: str, page: int, heading: str, entry: Entry, role: str, body: str, quote: str,
             earlier: str = "") -> Contact:
    body = with_place(contact_body(entry.body or body, heading, title, earlier), [heading, title])
    organisation = entry.organisation or _apposition_region(quote, entry.name) or _heading_region(heading)
    return Contact(
        name=entry.name, email=entry.email, organisation=organisation,
        role=role, body=body, phone=entry.phone, document=document, page=page, quote=quote.strip()[:500],
    )


def _apposition_region(quote: str, name: str) -> str:
    """"Mikael Strand, Region Västerbotten, ...": the region right after the name."""
    at = quote.find(name)
    m = re.match(r"\s*(?:\(\w{1,3}\)\s*)?[,(]\s*([^,;()]{3,40})", quote[at + len(name) :]) if at >= 0 else None
    return region_of(m.group(1)) if m and not canonical_role(m.group(1)) else ""


def _heading_region(heading: str) -> str:
    region = region_of(heading) if heading else ""
    return region if region.startswith("Region ") or region.endswith("regionen") else ""
