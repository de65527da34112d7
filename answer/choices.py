"""Clarifying choices between bodies or regions: "Vem leder samverkansnämnden?" when the
documents describe several regions' samverkansnämnder, "Vad gör RCC?" with several RCCs.

Conservative by design: choices are offered only when the question names a kind of body
(a body word or a bare abbreviation) but no region, health-care region or qualified body,
and the passages that answer it equally well (or come from documents about such a body)
belong to different regions or bodies. The
qualifier of a passage is read from its document's title, else its heading, else its
text when that names exactly one. The user's pick continues the conversation
(`answer.conversation.resolve`).
"""

from __future__ import annotations

from answer.answerability import MIN_COVERAGE
from answer.query import BODY_WORD, Entity, Query, named_entities
from answer.types import Citation
from index.query import fold, stem
from index.search import Generation

TIE_MARGIN = 0.1  # coverage within this of the best counts as an equally good answer (or a document about the body)
MAX_CHOICES = 5
_PLACE_KINDS = ("healthregion", "region")


def may_tie(query: Query) -> bool:
    """Does the question name a kind of body (a body word or a bare abbreviation) and not
    which one (no region, health-care region or qualified body)? Only then are choices sought."""
    if query.of_kind(*_PLACE_KINDS) or query.intent == "smalltalk":
        return False
    bodies = query.of_kind("body")
    if bodies:
        return all(len(e.text.split()) == 1 for e in bodies)  # "RCC", not "RCC Syd"
    return bool(_body_stem(query))


def body_choices(query: Query, citations: list[Citation], coverage: list[float], gen: Generation) -> list[str]:
    """Qualifiers ("Norra sjukvårdsregionen", "RCC Väst") of the tying passages, best first;
    empty unless at least two different ones tie (see module docstring)."""
    if not may_tie(query):
        return []
    abbreviations = query.of_kind("body")
    body_stem = "" if abbreviations else _body_stem(query)
    best = max(coverage, default=0.0)
    found: dict[str, str] = {}  # distinguishing word → label
    abbreviation = abbreviations[0] if abbreviations else None
    for citation, covered in zip(citations, coverage, strict=False):
        if body_stem and not gen.mentions([body_stem], citation.passage_id):
            continue
        if covered < MIN_COVERAGE or (covered < best - TIE_MARGIN and not _about_body(citation, body_stem, abbreviation)):
            continue
        qualifier = _qualifier(citation, abbreviation)
        key = _distinguishing(qualifier)
        if key and key not in found:
            found[key] = qualifier
    if len(found) < 2 or any(_leans_to(query, key) for key in found):
        return []
    return list(found.values())[:MAX_CHOICES]


def _about_body(citation: Citation, body_stem: str, abbreviation: Entity | None) -> bool:
    """Is the passage's document about one such body (its title names it: "Samverkansnämnden
    i Norra sjukvårdsregionen", "Kontakta oss - RCC Väst")? Then the question fits it as
    well as any other, whatever words its text uses."""
    title = fold(citation.title)
    if abbreviation is not None:
        return fold(abbreviation.text) in title.split()
    return any(w.startswith(body_stem) for w in title.split())


def _distinguishing(qualifier: str) -> str:
    """The word that tells one qualifier from another ("norra" in "Norra sjukvårdsregionen",
    "vast" in "RCC Väst"): its last word that is not a region word."""
    words = [w for w in fold(qualifier).split() if not w.startswith(("sjukvardsregion", "region"))]
    return words[-1] if words else ""


def _leans_to(query: Query, key: str) -> bool:
    """Does the question already say which one ("samverkansnämnden i norr", "cancercentrum
    Norr")? A word of the question that begins like the qualifier's distinguishing word."""
    return any(len(w) >= 3 and (key.startswith(w) or w.startswith(key)) for w in query.folded.split())


def _body_stem(query: Query) -> str:
    """The stem of the body word the question names ("samverkansnämnden" → its stem)."""
    for word in query.folded.split():
        word = word.strip(",.;:?!")
        if BODY_WORD.search(word) and len(word) > 5:
            return stem(word)
    return ""


def _qualifier(citation: Citation, abbreviation: Entity | None) -> str:
    """Which region or body a passage is about: from the title, the heading, or the text
    when it names exactly one."""
    for text, only_one in ((citation.title, False), (citation.heading, False), (citation.text, True)):
        names = _qualifiers_in(text, abbreviation)
        if names and (not only_one or len(names) == 1):
            return names[0]
    return ""


def _qualifiers_in(text: str, abbreviation: Entity | None) -> list[str]:
    entities = named_entities(text)
    if abbreviation is not None:
        prefix = fold(abbreviation.text)
        qualified = [e.text for e in entities if e.kind == "body" and fold(e.text).startswith(prefix + " ")]
        return list(dict.fromkeys(qualified))
    for kind in _PLACE_KINDS:
        places = [_place_label(text, e) for e in entities if e.kind == kind]
        if places:
            return list(dict.fromkeys(places))
    return []


def _place_label(text: str, entity: Entity) -> str:
    """A health-care region with its word ("Norra sjukvårdsregionen", "sjukvårdsregion
    Mellansverige"); a region by its canonical name ("Region Halland")."""
    if entity.kind == "region":
        return entity.name or entity.text
    words = text.split()
    folded = [fold(w).strip(",.;:–-") for w in words]
    target = fold(entity.text)
    for i, word in enumerate(folded):
        if word != target:
            continue
        if i + 1 < len(words) and folded[i + 1].startswith("sjukvardsregion"):
            return f"{words[i]} {words[i + 1].strip(',.;:')}"
        if i > 0 and folded[i - 1].startswith("sjukvardsregion"):
            return f"{words[i - 1]} {words[i].strip(',.;:')}"
        return words[i].strip(",.;:")
    return entity.text
