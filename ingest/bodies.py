"""Collaboration bodies as (kind, place): what a role is held in.

Every health-care region has its own samverkansnämnd, ledningsgrupp, RCC and programområden,
so "the chair of the samverkansnämnd" means nothing until the place is known. A body is read
from any text (a question, a document title, a heading, a sentence) as two parts:

- its **kind**: the body word without inflection ("samverkansnämnden" -> "samverkansnamnd",
  "Regionalt cancercentrum" and "RCC" -> "rcc", "regional healthcare board" ->
  "regionvardsnamnd"). A bare head word ("nämnden", "gruppen") is a kind too and matches every
  compound with that head; an English generic word ("committee", "board") matches any body;
- its **place**: a health-care region ("Norra sjukvårdsregionen", "RCC Norr", "northern
  healthcare region") or a region ("Region Uppsala", "Värmland").

Two bodies are the same only when the kinds match and the places are compatible: equal, or a
region inside the asked health-care region. The lexicon is about how Swedish collaboration
bodies are named, never about particular documents.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.normalize import fold
from ingest.regions import REGIONS

# Health-care region -> (folded key phrases, member regions). Halland belongs to two.
HEALTH_REGIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Norra sjukvårdsregionen": (
        ("norra", "norr", "nord", "northern", "north"),
        ("Region Norrbotten", "Region Västerbotten", "Region Västernorrland", "Region Jämtland Härjedalen"),
    ),
    "Sjukvårdsregion Mellansverige": (
        ("mellansverige", "uppsala orebro", "mellersta", "central sweden"),
        ("Region Uppsala", "Region Sörmland", "Region Värmland", "Region Örebro län", "Region Västmanland",
         "Region Dalarna", "Region Gävleborg"),
    ),
    "Sjukvårdsregion Stockholm-Gotland": (("stockholm gotland",), ("Region Stockholm", "Region Gotland")),
    "Sydöstra sjukvårdsregionen": (
        ("sydostra", "sydost", "south east", "southeast", "south eastern", "southeastern"),
        ("Region Östergötland", "Region Jönköpings län", "Region Kalmar län"),
    ),
    "Södra sjukvårdsregionen": (
        ("sodra", "syd", "southern", "south"),
        ("Region Skåne", "Region Blekinge", "Region Kronoberg", "Region Halland"),
    ),
    "Västra sjukvårdsregionen": (
        ("vastra", "vast", "western", "west"),
        ("Västra Götalandsregionen", "Region Halland"),
    ),
}
# The Swedish direction words a question uses for a health-care region ("södra
# sjukvårdsregionen"); answer/query reads them as asked places and as rivals. Not derived
# from HEALTH_REGIONS' keys: "ostra" is here but names none of them (kept as it was).
HEALTH_REGION_WORDS = ("sodra", "sydostra", "norra", "vastra", "mellersta", "ostra", "mellansverige")
# Folded words after which a direction word names a region, not a health-care region
# ("Västra Götaland" is a region).
_NOT_AFTER_DIRECTION = ("gotaland", "europa", "europe")

# Phrases (folded, space separated) that name a kind of body; longest first when read.
_KIND_PHRASES: dict[str, str] = {
    "regionalt cancercentrum": "rcc", "regionala cancercentrum": "rcc", "regionala cancercentrumet": "rcc",
    "regional cancer centre": "rcc", "regional cancer center": "rcc", "cancer centre": "rcc", "cancer center": "rcc",
    "regional cancer centres": "rcc", "cancercentrum": "rcc",
    "nationellt programomrade": "npo", "nationella programomraden": "npo", "nationella programomradet": "npo",
    "national programme area": "npo", "national program area": "npo",
    "regionalt programomrade": "rpo", "regionala programomraden": "rpo", "regionala programomradet": "rpo",
    "regional programme area": "rpo", "regional program area": "rpo", "programme area": "rpo", "program area": "rpo",
    "consultative committee": "samverkansnamnd", "collaboration committee": "samverkansnamnd",
    "cooperation committee": "samverkansnamnd", "co-operation committee": "samverkansnamnd",
    "joint committee": "samverkansnamnd", "collaborative committee": "samverkansnamnd",
    "regional healthcare board": "regionvardsnamnd", "regional health care board": "regionvardsnamnd",
    "regional care board": "regionvardsnamnd", "healthcare board": "namnd", "health care board": "namnd",
    "regional healthcare management": "regionsjukvardsledning", "regional health care management": "regionsjukvardsledning",
    "officials committee": "tjanstemannaberedning", "civil servants committee": "tjanstemannaberedning",
    "steering group": "styrgrupp", "steering committee": "styrgrupp", "management group": "ledningsgrupp",
    "management team": "ledningsgrupp", "leadership group": "ledningsgrupp", "executive group": "ledningsgrupp",
    "executive committee": "ledningsgrupp", "patient council": "patientrad", "patient advisory council": "patientrad",
    "working group": "arbetsgrupp", "working party": "arbetsgrupp", "preparatory committee": "beredning",
    "drafting committee": "beredning", "secretariat": "kansli", "office": "kansli", "cooperation board": "samverkansnamnd",
    "co-operation board": "samverkansnamnd", "collaboration board": "samverkansnamnd", "network": "natverk", "presidium": "presidium",
}
# Abbreviations (folded) of bodies.
_ABBREVIATIONS = {"rcc": "rcc", "npo": "npo", "rpo": "rpo", "nag": "nag", "sus": "sus"}
# English words that name some body without saying which kind: they match every kind.
ANY_KIND = "*"
_GENERIC_ENGLISH = {"committee", "board", "council", "group", "body", "forum"}
# Folded head words of Swedish body compounds, with their inflected forms.
_HEADS = {
    "namnd": ("namnd", "namnden", "namndens", "namnder", "namnderna", "namnds"),
    "grupp": ("grupp", "gruppen", "gruppens", "grupper", "grupperna"),
    "rad": ("rad", "radet", "radets", "raden", "rads"),
    "beredning": ("beredning", "beredningen", "beredningens", "beredningar"),
    "ledning": ("ledning", "ledningen", "ledningens"),
    "styrelse": ("styrelse", "styrelsen", "styrelsens"),
    "kansli": ("kansli", "kansliet", "kansliets"),
    "natverk": ("natverk", "natverket", "natverkets"),
    "utskott": ("utskott", "utskottet", "utskottets"),
    "presidium": ("presidium", "presidiet", "presidiets"),
    "delegation": ("delegation", "delegationen", "delegationens"),
    "kommitte": ("kommitte", "kommitten", "kommittens"),
    "samrad": ("samrad", "samradet", "samradets"),
    "forbund": ("forbund", "forbundet", "forbundets"),
    "direktion": ("direktion", "direktionen", "direktionens"),
    "programomrade": ("programomrade", "programomradet", "programomradets", "programomraden", "programomradena"),
    "plattform": ("plattform", "plattformen", "plattformens"),
    "forum": ("forum", "forumet"),
    "centrum": ("centrum", "centret", "centrumet", "centrets", "centrumets"),
}
# The head word of kinds named by abbreviation: "centrumet" asks for an RCC too.
_ABBREVIATION_HEAD = {"rcc": "centrum", "rpo": "programomrade", "npo": "programomrade"}
_FORM_HEAD = sorted(((form, head) for head, forms in _HEADS.items() for form in forms), key=lambda fh: -len(fh[0]))
# First parts of compounds ending like a body that are not bodies ("målgrupp", "vägledning").
_NOT_BODY_STEMS = {"mal", "alders", "risk", "diagnos", "yrkes", "personal", "patient", "vag", "text", "under", "over"}
_TOKEN = re.compile(r"[a-z]+(?:-[a-z]+)*")


def _tokens(text: str) -> list[str]:
    return [t for tok in _TOKEN.findall(fold(text)) for t in tok.split("-") if t]


def _word_kind(word: str) -> str:
    """The kind a single folded word names ("samverkansnamnden" -> "samverkansnamnd"), or ""."""
    if word in _ABBREVIATIONS:
        return _ABBREVIATIONS[word]
    for form, head in _FORM_HEAD:
        if not word.endswith(form):
            continue
        stem = word[: len(word) - len(form)]
        if head == "programomrade":
            return "rpo"
        if head == "rad" and (word.endswith(("erad", "grad")) or len(stem) < 4 and stem):
            return ""  # "prioriterad", "grad"
        if stem in _NOT_BODY_STEMS and head != "rad":
            return ""
        return stem + head
    return ""


def body_kinds(text: str) -> list[str]:
    """The kinds of body a text names, in reading order (phrases before single words)."""
    return list(_body_kinds(text))


@lru_cache(maxsize=65536)  # the same bodies and titles are read for every question
def _body_kinds(text: str) -> tuple[str, ...]:
    tokens = _tokens(text)
    found: list[str] = []
    i = 0
    while i < len(tokens):
        for size in (4, 3, 2):
            phrase = " ".join(tokens[i : i + size])
            if len(tokens) - i >= size and phrase in _KIND_PHRASES:
                found.append(_KIND_PHRASES[phrase])
                i += size
                break
        else:
            kind = _word_kind(tokens[i])
            if not kind and tokens[i] in _GENERIC_ENGLISH:
                kind = ANY_KIND
            if tokens[i] in _KIND_PHRASES:
                kind = _KIND_PHRASES[tokens[i]]
            if kind:
                found.append(kind)
            i += 1
    return tuple(dict.fromkeys(found))


def kinds_match(asked: str, held: str) -> bool:
    """Does a body of kind `held` answer a question about kind `asked`? Same kind; a bare head
    asked ("nämnden") matches its compounds; a generic English word asked matches any kind (one
    held says too little to match a specific kind asked)."""
    if asked == ANY_KIND or asked == held:
        return True
    if held == ANY_KIND:
        return False
    if asked in _HEADS and _ABBREVIATION_HEAD.get(held) == asked:
        return True
    return asked in _HEADS and held.endswith(asked) or held in _HEADS and asked.endswith(held)


def is_specific(kind: str) -> bool:
    """A kind that tells bodies apart ("samverkansnamnd", "rcc"), not a bare head word."""
    return kind != ANY_KIND and kind not in _HEADS


@lru_cache(maxsize=1)
def _region_keys() -> list[tuple[tuple[str, ...], str]]:
    keys = [(tuple(key.split()), name) for name, names in REGIONS.items() for key in names]
    return sorted(keys, key=lambda kn: -len(kn[0]))


@lru_cache(maxsize=1)
def _health_keys() -> list[tuple[tuple[str, ...], str]]:
    keys = [(tuple(key.split()), name) for name, (names, _) in HEALTH_REGIONS.items() for key in names]
    return sorted(keys, key=lambda kn: -len(kn[0]))


def _starts(tokens: list[str], i: int, key: tuple[str, ...]) -> bool:
    """Do the tokens at i spell the key, each word possibly in the genitive ("skanes", "norrs")?"""
    if i + len(key) > len(tokens):
        return False
    return all(t in (k, k + "s") for t, k in zip(tokens[i : i + len(key)], key, strict=True))


def places(text: str) -> list[str]:
    """The places a text names: health-care regions and regions, canonical, in reading order."""
    return list(_places(text))


@lru_cache(maxsize=65536)
def _places(text: str) -> tuple[str, ...]:
    tokens = _tokens(text)
    found: list[str] = []
    i = 0
    while i < len(tokens):
        step = 1
        for key, name in _health_keys():
            after = tokens[i + len(key)] if i + len(key) < len(tokens) else ""
            if _starts(tokens, i, key) and not after.startswith(_NOT_AFTER_DIRECTION):
                found.append(name)
                step = len(key)
                break
        else:
            for key, name in _region_keys():
                if _starts(tokens, i, key):
                    found.append(name)
                    step = len(key)
                    break
        i += step
    return tuple(dict.fromkeys(found))


def health_region_of(place: str) -> set[str]:
    """The health-care regions a place is part of (itself for a health-care region)."""
    if place in HEALTH_REGIONS:
        return {place}
    return {name for name, (_, members) in HEALTH_REGIONS.items() if place in members}


def place_within(asked: str, held: str) -> bool:
    """Is a body at `held` a body of the asked place? The same place, or a region inside the
    asked health-care region (an RPO of Region Stockholm is one of Stockholm-Gotland's)."""
    if asked == held:
        return True
    return asked in HEALTH_REGIONS and held in HEALTH_REGIONS[asked][1]


_WORKPLACE = re.compile(r"\b(?:på|vid|hos|at|från|from)\s+(?:[^\W\d_]+\s+){0,3}$")
_TAIL = re.compile(
    r"\s+((?:för|i|inom|vid|of|for|in)\s+[^,.;:()]{2,50}?)(?=\s+(?:består|är|som|och|har|ska|leds|med|samt|där|was|is|which|and|has)\b|[,.;:()]|$)"
)


def body_mention(sentence: str, name: str = "") -> str:
    """The body a sentence names, as written ("RCC Norrs verksamhetsplan" -> "RCC Norr"), or "".
    After the person's `name`, a place of work ("på Södra sjukvårdsregionens kansli") is no body
    of their role."""
    at = sentence.find(name) if name else -1
    for m in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*", sentence):
        word = m.group(0)
        if not body_kinds(word) or body_kinds(word) == [ANY_KIND]:
            continue
        if at >= 0 and m.start() > at and _WORKPLACE.search(sentence[max(at, m.start() - 60) : m.start()]):
            continue
        phrase = word
        rest = sentence[m.end() :]
        place = re.match(r"\s+([A-ZÅÄÖ][\w-]+)", rest)
        tail = _TAIL.match(rest)
        if place and places(place.group(1)):
            phrase = f"{word} {place.group(1)}"
        elif tail and len(tail.group(1).split()) <= 6:  # "Styrgruppen för Nära vård Gotland består av ..."
            phrase = f"{word} {tail.group(1)}"
        return re.sub(r"s$", "", phrase) if phrase.endswith("s") and not fold(phrase).endswith(("ss", "us")) else phrase
    return ""


def document_subject(title: str, text: str) -> str:
    """The body a document is about: its title when that names a body, else the first short line
    of its top block that does ("PROTOKOLL" / "Norra regionvårdsnämnden"); given the place the
    title or those lines name when it names none itself."""
    top: list[str] = []
    for line in text.splitlines()[:15]:
        line = re.sub(r"^#+\s*", "", line).strip()
        if len(line.split()) > 14:
            break
        if line and "|" not in line and "\t" not in line:  # a table row names the people's bodies, not the document's
            top.append(line)
    # a wrapped line of prose ("nätverket leds av en styrgrupp där X är ordförande.") names no document subject
    candidates = [title, *[t for t in top[:6] if not re.search(r"[.,;]$|\.\s", t) and len(t.split()) <= 10]]
    named = [(sum(is_specific(k) for k in body_kinds(c)), -i, c) for i, c in enumerate(candidates) if len(c.split()) <= 14]
    best = max(named, default=(0, 0, title))
    subject = best[2] if best[0] else title  # the line naming the most bodies ("… Cancer Centre …, steering group")
    placed = with_place(subject, [c for c in candidates if c == title or ":" not in c and len(c.split()) <= 8])
    common = _common_health_region(text) if placed == subject and not places(subject) else ""
    return f"{subject} ({common})" if common else placed


def _common_health_region(text: str) -> str:
    """The health-care region every place a text names lies in ("Region Uppsala: …", "Region
    Dalarna: …", "Region Värmland: …" -> Sjukvårdsregion Mellansverige), when there are three or more."""
    named = places(text[:20000])
    if len(named) < 3:
        return ""
    shared = set.intersection(*(health_region_of(p) for p in named))
    return next(iter(shared)) if len(shared) == 1 else ""


def with_place(body: str, context: list[str]) -> str:
    """A body without a place, given the first place its context names ("Samverkansnämnden" in
    a document about Södra sjukvårdsregionen -> "Samverkansnämnden (Södra sjukvårdsregionen)")."""
    if not body or places(body):
        return body
    place = next((p for c in context if c for p in places(c)[:1]), "")
    return f"{body} ({place})" if place else body
