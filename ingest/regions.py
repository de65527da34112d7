"""Swedish regions and organisations: canonical region names, their mail domains, and the words
and mentions that make a capitalised run an organisation rather than a person."""

from __future__ import annotations

import re

from ingest.model import Contact
from ingest.normalize import fold

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

# The 21 Swedish regions: canonical name and the folded key words that name each one.
REGIONS: dict[str, tuple[str, ...]] = {
    "Region Stockholm": ("stockholm",),
    "Region Uppsala": ("uppsala",),
    "Region Sörmland": ("sormland",),
    "Region Östergötland": ("ostergotland",),
    "Region Jönköpings län": ("jonkoping", "jonkopings"),
    "Region Kronoberg": ("kronoberg",),
    "Region Kalmar län": ("kalmar",),
    "Region Gotland": ("gotland",),
    "Region Blekinge": ("blekinge",),
    "Region Skåne": ("skane",),
    "Region Halland": ("halland",),
    "Västra Götalandsregionen": ("vastra gotaland", "vastra gotalands", "vastra gotalandsregionen"),
    "Region Värmland": ("varmland",),
    "Region Örebro län": ("orebro",),
    "Region Västmanland": ("vastmanland",),
    "Region Dalarna": ("dalarna",),
    "Region Gävleborg": ("gavleborg",),
    "Region Västernorrland": ("vasternorrland",),
    "Region Jämtland Härjedalen": ("jamtland harjedalen", "jamtland", "harjedalen"),
    "Region Västerbotten": ("vasterbotten",),
    "Region Norrbotten": ("norrbotten",),
}
# Mail domains of the regions that do not read "region<name>.se".
REGION_DOMAINS = {
    "rjl.se": "Region Jönköpings län",
    "kronoberg.se": "Region Kronoberg",
    "skane.se": "Region Skåne",
    "vgregion.se": "Västra Götalandsregionen",
    "rvn.se": "Region Västernorrland",
    "regionjh.se": "Region Jämtland Härjedalen",
    "norrbotten.se": "Region Norrbotten",
    "gotland.se": "Region Gotland",
    "ltblekinge.se": "Region Blekinge",
    "ltkalmar.se": "Region Kalmar län",
    "regionorebrolan.se": "Region Örebro län",
    "regionostergotland.se": "Region Östergötland",
}
_REGION_KEYS = {key.split()[0]: name for name, keys in REGIONS.items() for key in keys}


# Folded words that make a capitalised run an organisation or a place, not a person.
_ORG_WORDS = {
    "region", "regionen", "regionens", "kommun", "kommunen", "landsting", "landstinget", "lan", "lans",
    "university", "hospital", "county", "council", "sverige", "sweden", "south", "north", "europa",
    "europe", "smaland", "bryssel", "brussels", "eu", "norden", "sodra", "sydostra", "norra", "vastra",
    "ostra", "mellersta", "gotalands", "gotaland",
}
_ORG_SUFFIXES = (
    "universitet", "universitetet", "hogskola", "hogskolan", "sjukhus", "sjukhuset", "kontor", "kontoret",
    "forvaltning", "forvaltningen", "regionen", "kommun", "kansli", "kansliet", "myndighet", "myndigheten",
    "centrum", "center", "enheten", "avdelningen", "institutet", "fakulteten", "akademin", "stiftelsen",
    "forbund", "forbundet",
)


_ORG_MENTION = re.compile(
    r"\bRegion(?:en)?\s+[A-ZÅÄÖ][\w-]*(?:\s+(?:län|Härjedalen))?"
    r"|\b[A-ZÅÄÖ][\w-]*\s+(?:kommun|stad|University|universitet|sjukhus)\b"
    r"|\b(?:[A-ZÅÄÖ]{2,}\s+)?[A-ZÅÄÖ][\w-]*(?:universitet|universitetet|högskola|högskolan|sjukhuset|"
    r"kontor|kontoret|förvaltningen|regionen|förbundet|institutet)\b"
    r"|\b[A-ZÅÄÖ][\w-]+s?\b",
)


def _is_org_word(folded: str) -> bool:
    return folded in _ORG_WORDS or folded.rstrip("s") in _REGION_KEYS or folded.endswith(_ORG_SUFFIXES)


def _canonical_org(text: str) -> str:
    """`Hallands`, `Region Skånes` → the region's canonical name; other organisations as written."""
    words = [fold(w) for w in _WORD.findall(text)]
    if words and words[0] in ("region", "regionen"):
        words = words[1:]
    if 1 <= len(words) <= 2 and words[0].rstrip("s") in _REGION_KEYS and (len(words) == 1 or words[1] in ("lan", "harjedalen")):
        return _REGION_KEYS[words[0].rstrip("s")]
    if words and words[0] in _REGION_KEYS and len(words) == 1:
        return _REGION_KEYS[words[0]]
    return text.strip()


def _line_organisation(text: str, at: int) -> str:
    """The organisation mentioned nearest to the address in the same stretch of text."""
    best: tuple[int, str] | None = None
    for m in _ORG_MENTION.finditer(text):
        mention = m.group(0)
        words = [fold(w) for w in _WORD.findall(mention)]
        if not words:
            continue
        is_region = words[-1].rstrip("s") in _REGION_KEYS or words[0] in _REGION_KEYS
        is_org = len(words) > 1 or fold(mention).endswith(_ORG_SUFFIXES)
        if not (is_region or is_org) or (len(words) == 1 and not is_region and not fold(mention).endswith(_ORG_SUFFIXES)):
            continue
        distance = abs(at - m.end()) if m.end() <= at else m.start() - at
        if best is None or distance < best[0]:
            best = (distance, _canonical_org(mention))
    return best[1] if best else ""


def domain_organisation(domain: str) -> str:
    """The region behind a mail domain (`regionhalland.se`, `rjl.se`), else ""."""
    domain = fold(domain)
    labels = domain.split(".")
    base = ".".join(labels[-2:])
    if base in REGION_DOMAINS:
        return REGION_DOMAINS[base]
    label = labels[-2] if len(labels) >= 2 else labels[0]
    if label.startswith("region") and label[6:] in _REGION_KEYS:
        return _REGION_KEYS[label[6:]]
    return ""


def _share_domain_organisations(contacts: list[Contact]) -> None:
    """A contact without an organisation takes the one its mail domain has elsewhere in the document."""
    by_domain: dict[str, set[str]] = {}
    for c in contacts:
        if c.organisation:
            by_domain.setdefault(c.email.lower().partition("@")[2], set()).add(c.organisation)
    for c in contacts:
        orgs = by_domain.get(c.email.lower().partition("@")[2], set())
        if not c.organisation and len(orgs) == 1:
            c.organisation = next(iter(orgs))
