"""Word lists and role phrases of contact lines: words never part of a name, function mailboxes,
role and body phrases ("Hallands representant", "representant i arbetsgruppen"), table headers."""

from __future__ import annotations

import re

from ingest.normalize import fold
from ingest.regions import _is_org_word

# Folded words often capitalised at a sentence start or in a label: never part of a name.
_NOT_NAME = set(
    """
    kontakt kontakta kontaktperson kontaktpersoner kontaktuppgifter hor mejla maila skicka ring fragor
    fraga om for vid med till fran se du vi det den de senast uppdaterad andrad publicerad granskad
    valkommen hej ansvarig ansvariga forfattare representant representanter samordnare ordforande
    sekreterare e-post epost mejl mail email e-mail telefon tel mobil namn titel organisation roll
    funktion uppdrag contact name och eller i pa av las mer info information har kan ska var vem nar
    sidan sida text foto bild enhet verksamhet webbplats hemsida adress postadress besoksadress
    kontaktinformation ledamot ledamoter chef email mejladress tack halsningar mvh vanliga
    """.split()
)
_PARTICLES = {"von", "van", "af", "de", "der", "den", "da", "la", "di", "du", "le", "el", "al", "bin"}
# Local parts that name a function mailbox, never a person.
ROLE_MAILBOXES = set(
    """
    info information kansli kansliet registrator registratur kontakt kontakta support admin administrator
    post postmaster office noreply no-reply webmaster webb web servicedesk helpdesk press kommunikation
    ekonomi hr diarium kundtjanst reception redaktion redaktionen sekretariat kontaktcenter mail epost
    region kommun utbildning forskning kontoret brysselkontoret projekt natverk halsa vard
    """.split()
)


_PERSON_ROLE = re.compile(
    r"\b(?:([A-ZÅÄÖ][\w-]*s)\s+)?"
    r"(\w*?(?:representant|kontaktperson|samordnare|ordförande|sekreterare|ledamot|ledamöter|"
    r"ledare|utvecklare|koordinator|handläggare|strateg|utredare|chef|rådgivare|läkare|specialist|analytiker|"
    r"direktör|ansvarig|författare|redaktör|representative|coordinator|manager|director|officer|"
    r"chairman|chairperson|chair|secretary|contact person))(?:erna|er|en|na|n|e|s)?\b"
    r"((?:\s+(?:i|för|inom|vid|på|till|hos|in|for|of|at)\s+[\w-]+(?:\s+(?!(?:som|är|och|fungerar|har|kan|ska|med|"
    r"att|eller|samt|där|kring|se)\b)[\w'’-]+){0,3}))?",
    re.IGNORECASE,
)
_GROUP_ROLE = re.compile(
    r"\b(\w*(?:grupp|gruppen|rådet|nämnden|styrelsen|styrelse|nätverket|kansliet|beredningen))\b"
    r"((?:\s+(?:i|för|inom|vid|på)\s+[\w-]+(?:\s+(?!(?:som|är|och|fungerar|har|kan|ska|med|att|eller|"
    r"består|samt)\b)[\w'’-]+){0,3}))?",
    re.IGNORECASE,
)
_AUTHOR_LINE = re.compile(
    r"\b(?:(?:senast\s+)?(?:uppdaterad|ändrad|granskad|publicerad|skapad)\b.*\bav|författare|skriven av|"
    r"sidansvarig|sidans ägare|ansvarig för sidan|innehållsansvarig|last updated|updated by|author|"
    r"page owner)\b",
    re.IGNORECASE,
)
_HEADER_WORDS = {
    "name": {"namn", "name", "person", "kontaktperson", "ledamot", "ledamoter", "representant", "deltagare", "member"},
    "org": {"region", "organisation", "organization", "kommun", "myndighet", "forvaltning", "huvudman", "larosate", "sjukvardsregion"},
    "role": {"roll", "titel", "title", "role", "funktion", "uppdrag", "befattning"},
    # the body a listed person holds their role in ("Namn | Grupp | Uppdrag")
    "body": {"grupp", "organ", "group", "body", "committee", "natverk", "network", "namnd", "rad", "council", "forum", "sammanhang"},
    "email": {"e-post", "epost", "mejl", "mail", "email", "e-mail", "e-postadress", "mejladress"},
    "phone": {"telefon", "tel", "tel.", "telefonnummer", "phone", "mobil", "mobile", "telephone"},
    # a name in two columns ("Efternamn | Förnamn"): read together as one name
    "first": {"fornamn", "first name", "given name", "tilltalsnamn"},
    "last": {"efternamn", "surname", "last name", "family name"},
}
# Prepositions after which a header cell's first word still names its column ("Roll i gruppen",
# "Namn på ledamot", "Uppdrag i nämnden").
HEADER_TAIL_WORDS = {"i", "for", "pa", "inom", "in", "of", "within"}


def header_column(cell: str) -> str:
    """The column a header cell names ("Namn", "Roll i gruppen", "Efternamn"), or ""."""
    key = fold(cell.strip())
    words = key.split()
    for column, names in _HEADER_WORDS.items():
        if key in names or len(words) in (2, 3) and words[0] in names and words[1] in HEADER_TAIL_WORDS:
            return column
    return ""


def _role_phrase(text: str, near: int = -1) -> str:
    """A role in the text: a person role ("Hallands representant", "representant i arbetsgruppen"),
    else membership of a body ("Medlem i styrgruppen för ...")."""
    for m in sorted(_PERSON_ROLE.finditer(text), key=lambda m: abs(near - m.start()) if near >= 0 else 0):
        genitive, noun, tail = m.group(1), m.group(2), (m.group(3) or "").strip()
        base = _singular(noun)
        prefix = genitive + " " if genitive and _is_org_word(fold(genitive)) and fold(genitive) not in ("regionens", "regionen") else ""
        phrase = f"{prefix}{base}" + (f" {tail}" if tail else "")
        return phrase[:1].upper() + phrase[1:]
    group = _GROUP_ROLE.search(text)
    if group:
        return f"Medlem i {group.group(1).lower()}{group.group(2) or ''}".strip()
    return ""


def _singular(noun: str) -> str:
    lower = noun.lower()
    if lower.endswith("ledamöter"):
        return noun[:-9] + "ledamot"
    return noun

