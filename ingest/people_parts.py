"""The small pieces people extraction is built from: person names, entries of member lists,
role phrases with the body and region they name, phones, parties.

Precision first: a capitalised run is a person only when it has a person's shape (2-4 capitalised
words, no organisation, place, role or body word) and evidence of being a name (a known first name,
or a typical surname ending in a structured place such as a member list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.contacts import (
    EMAIL,
    REGIONS,
    _canonical_org,
    _is_org_word,
    _line_organisation,
    _runs,
    phone_in,
)
from ingest.normalize import fold
from ingest.person_names import is_first_name
from ingest.roles import canonical_role

PARTIES = {"S", "M", "KD", "C", "L", "V", "MP", "SD"}
_SEGMENT_SEP = re.compile(r"\s*[,;|\t()]\s*|\s+[–—-]\s+|\s{3,}")
# Folded word endings of collaboration bodies: a phrase with one of them names a body.
BODY_ENDINGS = (
    "grupp", "gruppen", "grupper", "namnd", "namnden", "radet", "rad", "beredning", "beredningen", "ledning",
    "ledningen", "styrelse", "styrelsen", "kansli", "kansliet", "natverk", "natverket", "centrum", "forum",
    "utskott", "utskottet", "delegation", "delegationen", "presidium", "presidiet", "programomrade",
    "programomradet", "programomradena", "samrad", "samradet", "committee", "board", "council", "group",
    "team", "network", "centre", "center", "forbund", "forbundet", "system", "office", "secretariat",
    "direktion", "direktionen",
)
_BODY_ABBREVIATIONS = {"rcc", "npo", "rpo", "sus", "vgr"}
_SURNAME_ENDINGS = (
    "son", "sen", "berg", "borg", "strom", "lund", "qvist", "kvist", "gren", "dahl", "dal", "holm", "lin",
    "ander", "stedt", "stad", "feldt", "ius", "back", "blad", "fors", "hammar", "ling", "stam", "sjo", "vall",
    "wall", "nas", "ek", "man", "ros", "gard", "hed", "sten", "ström",
)
_PREPOSITIONS = {"i", "for", "inom", "vid", "pa", "hos", "till", "of", "in", "at", "fran", "from", "within"}
_TAIL_STOP = {"som", "ar", "och", "samt", "eller", "men", "dar", "med", "att", "har", "kan", "ska", "is", "and", "who",
              "which", "was", "sedan", "under"}
_WORDS = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*-?|[.,;:!?]")
_REGION_KEY_NAMES = [(key, name) for name, keys in REGIONS.items() for key in keys]
REGION_KEYS = {word for keys in REGIONS.values() for key in keys for word in key.split()}


@dataclass
class Entry:
    """One person of a list line, label line or table row."""

    name: str
    role: str = ""
    organisation: str = ""
    party: str = ""
    email: str = ""
    phone: str = ""
    body: str = ""


def names_body(text: str) -> bool:
    """Does the phrase name a collaboration body ("styrgruppen", "RCC Norr", "Samverkansnämnden")?"""
    for word in re.findall(r"[^\W\d_]+", text):
        folded = fold(word)
        if folded in _BODY_ABBREVIATIONS or (len(folded) >= 4 and folded.endswith(BODY_ENDINGS)):
            return True
    return False


def region_of(text: str) -> str:
    """The canonical region (or organisation) a short text names, else ""."""
    folded = " " + " ".join(re.findall(r"[a-z]+", fold(text))) + " "
    named = {name for key, name in _REGION_KEY_NAMES if f" {key} " in folded or f" {key}s " in folded}
    if len(named) == 1:
        return named.pop()
    found = _line_organisation(text, len(text))
    if found:
        return found
    words = [fold(w) for w in re.findall(r"[^\W\d_]+", text)]
    if 1 <= len(words) <= 3 and words[0].rstrip("s") in REGION_KEYS:
        return _canonical_org(text)
    return ""


def person_name(text: str, strict: bool) -> str:
    """The whole text as a person's name, or "". `strict` (running prose) asks for a known first
    name; otherwise a typical surname ending is evidence enough."""
    stripped = text.strip(" \t•◦·*–-:")
    if not stripped or len(stripped) > 60 or canonical_role(stripped):
        return ""
    runs = _runs(stripped)
    if len(runs) != 1 or runs[0].text != stripped or not 2 <= len(runs[0].words) <= 4:
        return ""
    return stripped if is_person_like(stripped.split(), strict) else ""


def is_person_like(words: list[str], strict: bool) -> bool:
    """Shape and evidence of a person's name for capitalised words."""
    folded = [fold(w) for w in words]
    if any(f in REGION_KEYS or _is_org_word(f) or names_body(w) or canonical_role(w) for f, w in zip(folded, words, strict=False)):
        return False
    if is_first_name(words[0]):
        return True
    return not strict and folded[-1].endswith(_SURNAME_ENDINGS) and len(folded[-1]) >= 5 and len(folded[0]) >= 3


def entries(text: str, default_role: str = "", strict: bool = False) -> list[Entry]:
    """People of a list-like text: segments split at commas, semicolons, cells, dashes and brackets;
    a segment that is a name starts a person, the following segments give their party, role,
    region, address and phone."""
    found: list[Entry] = []
    current: Entry | None = None
    pending = ""  # a role written before the first name ("Ordförande | Anna Berg")
    segments = [seg.strip(" .:•◦·*") for seg in _SEGMENT_SEP.split(text[:2000])]
    segments = [seg for seg in segments if seg]
    for at, segment in enumerate(segments):
        name, prefix_role = person_name(segment, strict), ""
        if not name:
            name, prefix_role = _role_and_name(segment, strict)
        after = segments[at + 1] if at + 1 < len(segments) else ""
        if prefix_role and current and current.role in ("", default_role) and _bare_role(after, strict):
            # "Maria Ståhl, ordförande Per Danielsson, justerare": names come before their roles here
            current.role, prefix_role = prefix_role, ""
        if name:
            current = Entry(name, role=prefix_role or pending or default_role)
            found.append(current)
            pending = ""
            continue
        if current is None:
            role = canonical_role(segment) if len(segment.split()) <= 4 else ""
            pending = role or pending
            continue
        if segment in PARTIES:
            current.party = segment
        elif EMAIL.fullmatch(segment):
            current.email = current.email or segment
        elif phone_in(segment) and len(re.sub(r"[\d\s+()-]", "", segment)) <= 6:
            current.phone = current.phone or phone_in(segment)
        elif (role := canonical_role(segment)) and len(segment.split()) <= 8:
            if not current.role or current.role == default_role:
                current.role = role
                tail = role_tail(segment)
                current.body = current.body or tail[0]
                current.organisation = current.organisation or tail[1]
        elif not current.organisation and (org := region_of(segment)):
            current.organisation = org
    return found


def _bare_role(segment: str, strict: bool) -> bool:
    """A segment that is only a role ("justerare", "v. ordf."), no name."""
    return bool(segment) and len(segment.split()) <= 4 and bool(canonical_role(segment)) and not _role_and_name(segment, strict)[0]


def _role_and_name(segment: str, strict: bool) -> tuple[str, str]:
    """"Vice ordförande Anna Berg" -> ("Anna Berg", "vice ordförande")."""
    words = segment.split()
    for cut in (1, 2, 3):
        if len(words) - cut < 2:
            break
        role = canonical_role(" ".join(words[:cut]))
        if role and (name := person_name(" ".join(words[cut:]), strict)):
            return name, role
    return "", ""


def role_tail(text: str) -> tuple[str, str]:
    """(body, region) named by the prepositional phrases after a role word: "ordförande i
    styrgruppen för RCC Norr" -> body "styrgruppen för RCC Norr"; "för Region Gotland" -> region."""
    tokens = _WORDS.findall(text[:400])
    folded = [fold(t) for t in tokens]
    start = next((i for i, f in enumerate(folded) if canonical_role(tokens[i])), -1)
    body, region, i = "", "", start + 1
    while 0 <= start and i < len(tokens) and folded[i] in _PREPOSITIONS:
        j = i + 1
        while (j < len(tokens) and j - i <= 8 and tokens[j] not in ".,;:!?"
               and (folded[j] not in _TAIL_STOP or (folded[j] == "och" and tokens[j - 1].endswith("-")))):
            if j > i + 1 and folded[j] in _PREPOSITIONS and folded[j] not in ("for", "of"):
                break
            j += 1
        phrase = " ".join(tokens[i + 1 : j]).replace("- och", "- och")
        org = region_of(phrase) if len(phrase.split()) <= 3 else ""
        if org and not names_body(phrase):
            region = region or org
        elif names_body(phrase) and not body:
            body = phrase
        i = j
    return body, region


_PLACE_DASH = re.compile(r"^\s*[•◦·*-]?\s*([^–—:|]{3,60}?)\s+[–—-]\s+(\S.*)$")


def place_led_entries(line: str, default_role: str) -> tuple[str, list[Entry]]:
    """A member line led by the place its person represents ("Västra sjukvårdsregionen – Anna
    Berg, Region Halland"): (that place as written, the line's people), else ("", [])."""
    m = _PLACE_DASH.match(line[:400])
    if not m or person_name(m.group(1), strict=False) or not region_of(m.group(1)) and "region" not in fold(m.group(1)):
        return "", []
    listed = entries(m.group(2), default_role)
    return (m.group(1).strip(), listed) if listed and m.group(2).lstrip().startswith(listed[0].name) else ("", [])


def party_suffix(cell: str) -> tuple[str, str]:
    """"Henrik Sjöberg (KD)" -> ("Henrik Sjöberg", "KD"): party letters are no part of a name."""
    m = re.fullmatch(r"(.+?)\s*\(\s*([A-ZÅÄÖ]{1,3})\s*\)", cell)
    return (m.group(1), m.group(2)) if m and m.group(2) in PARTIES else (cell, "")
