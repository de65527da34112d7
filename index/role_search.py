"""People found by role ("vem är ordförande i samverkansnämnden?") and names that are not in the
documents ("vem är Eva-Lena Aspetorp?").

A wrong person on a card is worse than none, so both are strict: a person answers a role question
only when they hold exactly that role (a compound of the asked base counts: "chef" finds
"verksamhetschef"; "vice ordförande" never answers "ordförande"), every distinctive body term is
found in their body, role, source line or document, and an asked organisation is theirs or their
body's. A name counts as known only when every word of it matches one person's name.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ingest.bodies import ANY_KIND as ANY_KIND  # re-exported for answer/
from ingest.bodies import HEALTH_REGION_WORDS as HEALTH_REGION_WORDS  # re-exported for answer/
from ingest.bodies import HEALTH_REGIONS, body_kinds, is_specific, kinds_match, place_within, places
from ingest.contacts import REGIONS, name_candidates
from ingest.model import Contact
from ingest.normalize import fold, fold_ocr, is_stopword, stem, stems
from ingest.person_names import is_first_name
from ingest.roles import ENGLISH_ROLE_NOUNS as ENGLISH_ROLE_NOUNS  # re-exported for answer/
from ingest.roles import KEY_ROLE_NOUNS as KEY_ROLE_NOUNS  # re-exported for answer/
from ingest.roles import LEAD_PHRASES, STAND_IN_ROLES, canonical_role, names_role, role_base, roles_match
from ingest.roles import ROLE_WORDS as ROLE_WORDS  # re-exported for answer/

# Who "leads" a body ("vem leder X?", "who heads X?"): one named as its leader, else its chair,
# else its convener, else its head of staff (a chef or direktör, not a deputy); the weight orders them.
_LEAD_ROLES = {"ledare": 1.0, "ordförande": 0.8, "sammankallande": 0.7, "chef": 0.6, "direktör": 0.4}
_CONVENED = ("grupp", "natverk", "forum")  # bodies a convener leads: working groups, networks
_HEAD_OF_STAFF = ("chef", "direktör")  # two words for who heads an organisation's staff
_DEPUTY = re.compile(r"^(?:vice|bitr|biträdande|ställföreträdande|tf|tillförordnad)\b")

_TOKEN = re.compile(r"[0-9a-z]+")
# Words of a body or organisation phrase that narrow nothing down, and words naming the source
# rather than the body ("vem skrev presentationen ...").
_WEAK = set(
    """
    region regionen regionens lan lans i for och the of in at presentation presentationen dokument dokumentet
    sida sidan sidor webbsida webbsidan rapport rapporten protokoll protokollet text texten page document
    report slides bilder bilderna
    """.split()
)
# Surname endings of Swedish and Nordic family names: evidence for a name when the first name is rare.
_SURNAME_ENDINGS = (
    "son", "sson", "sen", "berg", "borg", "strom", "lund", "qvist", "kvist", "gren", "dahl", "dal", "holm",
    "lin", "man", "ander", "stedt", "stad", "feldt", "ius", "back", "blad", "fors", "hammar", "mark", "ros",
    "ling", "stam", "sjo", "vall", "wall", "by", "nas", "ek", "en",
)
_REGION_KEYS = {word for keys in REGIONS.values() for key in keys for word in key.split()}


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold_ocr(text))


def _term_match(term: str, tokens: set[str]) -> bool:
    """A body term found among tokens: same word or stem, an inflection (shared prefix of 5+), or the
    last part of a compound ("nämnden" in "samverkansnämnden")."""
    term_stem = stem(term)
    for token in tokens:
        if token == term or stem(token) == term_stem:
            return True
        short, long_ = sorted((term, token), key=len)
        if len(short) >= 5 and long_.startswith(short) and len(long_) - len(short) <= 4:
            return True
        if len(term) >= 5 and token.endswith(term) or len(term) >= 6 and token.endswith(term_stem) and len(term_stem) >= 5:
            return True
    return False


def _content_terms(terms: list[str]) -> list[str]:
    words = [w for t in terms for w in _tokens(t)]
    return list(dict.fromkeys(w for w in words if len(w) > 1 and w not in _WEAK and not is_stopword(w)))


def _organisation_keys(organisation: str) -> list[str]:
    return [w for w in _tokens(organisation) if w not in _WEAK and not is_stopword(w)]


def _body_score(c: Contact, terms: list[str]) -> float | None:
    """1 per term in the body or role, 0.6 per term only in the source line or document name;
    None when a term is missing."""
    strong = set(_tokens(c.body + " " + c.role))
    weak = set(_tokens(c.quote + " " + c.document.rsplit(".", 1)[0].replace("-", " ")))
    score = 0.0
    for term in terms:
        if _term_match(term, strong):
            score += 1.0
        elif _term_match(term, weak):
            score += 0.6
        else:
            return None
    return score


def _organisation_match(c: Contact, keys: list[str]) -> bool:
    """The person's organisation names the asked one. A region asked for must be the person's own
    region when they have an organisation; another organisation (a sjukvårdsregion, an RCC) may
    also be named by their body or source line, and so may a region for a person without one."""
    if not keys:
        return True
    own = set(_tokens(c.organisation)) - _WEAK
    if own and all(_term_match(k, own) for k in keys):
        return True
    if own and not own & _REGION_KEYS and all(_term_match(t, set(keys)) for t in own):
        return True  # "Norra" (a sjukvårdsregion column) for "Norra sjukvårdsregionen"
    if own and set(keys) & _REGION_KEYS and not {"sjukvardsregion", "sjukvardsregionen", "sjukvardsregionens"} & set(keys):
        return False
    context = set(_tokens(c.body + " " + c.quote))
    return all(_term_match(k, context) for k in keys)


def _holds(asked: str, c: Contact) -> float:
    """How well the row holds the asked role (0: not at all). Anyone listed with an address is a
    contact person; a body's leader is its ledare, chair or head of staff."""
    if asked.endswith(" ledare") and _DEPUTY.match(asked):  # "och vem är biträdande?" after "vem leder X?"
        held = canonical_role(c.role)
        deputy = held.split(" ", 1)[1] if _DEPUTY.match(held) and " " in held else ""
        return 0.9 if deputy and (deputy == "ordförande" or role_base(deputy) in _LEAD_ROLES) else 0.0
    if asked == "ledare":  # a processledare leads a process, not the body
        held = canonical_role(c.role)
        base = held if held == "ledare" else role_base(held)
        return 0.0 if _DEPUTY.match(held) or base == "ledare" and held != "ledare" else _LEAD_ROLES.get(base, 0.0)
    if roles_match(asked, c.role):
        return 1.0
    held = canonical_role(c.role)
    stand_in = STAND_IN_ROLES.get((asked, held), 0.0)
    if stand_in and (asked != "ordförande" or any(k.endswith(_CONVENED) for k in body_of(c)[0])):
        return stand_in  # "ordförande i arbetsgruppen": its sammankallande (a nämnd's chair is never its convener)
    if asked in _HEAD_OF_STAFF and role_base(held) in _HEAD_OF_STAFF and not _DEPUTY.match(held):
        return 0.8  # "vem är chef för förbundet?": its förbundsdirektör heads it (and a director's chef the other way)
    return 1.0 if asked == "kontaktperson" and bool(c.email) and canonical_role(c.role) not in ("författare", "") else 0.0


@lru_cache(maxsize=65536)
def _row_stems(body: str, quote: str, document: str) -> frozenset[str]:
    return frozenset(stems(f"{body} {quote} {document.rsplit('.', 1)[0].replace('-', ' ')}"))


def body_of(c: Contact) -> tuple[list[str], list[str]]:
    """(kinds, places) of the body a row's role is held in: its body, else its role phrase, else
    the document's name."""
    kinds = body_kinds(c.body) or body_kinds(c.role)
    if not any(is_specific(k) for k in kinds):  # "Ledning och kansli" on rcc-sydost-ledning.html
        kinds = kinds + body_kinds(c.document.rsplit(".", 1)[0].replace("-", " "))
    where = places(c.body) or places(c.document.rsplit(".", 1)[0].replace("-", " "))
    return kinds, where


kinds_in = body_kinds
places_in = places
_LEADS = re.compile(
    r"\b(?:leder|leds|ledd|ledda|ledare|leads|led by|headed|heads|chaired|chairs|ordforande|ordf|chair|sammankallande"
    r"|convenor|convener|" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in LEAD_PHRASES) + r")\b|chef\b|direktor"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\b\w\.)\s+|\n+")  # "v. ordf." is no sentence end


def role_in_passage(query: object, row: dict) -> bool:
    """Does a passage name the asked role in the asked body, by a person or an office ("Direktören
    på kansliet är ordförande i ledningsgruppen")? A sentence carries the role; it, the heading or
    the title carry the body's kind and place."""
    role = canonical_role(getattr(query, "role", ""))
    kinds, where = getattr(query, "bodies", []), getattr(query, "places", [])
    frame = f"{row.get('title') or ''} {row.get('heading') or ''}"
    for sentence in _SENTENCE_END.split(row.get("text") or ""):
        folded = fold(sentence)
        if role == "ledare":
            if not _LEADS.search(folded):
                continue
        elif not role or not names_role(role, sentence):  # in any form: "Ordf.", "chaired by"
            continue
        # lenient, for a decline needs evidence: the sentence may name the inner body only ("Arbetsgrupp
        # e-hälsa – sammankallande: NN" on the förbund's page) and a passage that names no place is
        # no evidence of another place
        text = f"{sentence} {frame}"
        if kinds and not any(kinds_match(k, h) for k in kinds for h in body_kinds(text)):
            continue
        named = places(text) or places(row.get("text") or "")
        if where and named and not _place_fits(where, named, ""):
            continue
        return True
    return False


def named_holder(sentence: str, role: str) -> str | None:
    """The one person-like name (a known first name and a surname) in a sentence that names the
    role in any of its forms, else None."""
    if not names_role(role, sentence):
        return None
    names = {c for c in name_candidates(sentence) if 2 <= len(c.split()) <= 3 and is_first_name(c.split()[0])}
    return names.pop() if len(names) == 1 else None


def asked_body(question: str) -> tuple[list[str], list[str]]:
    """(kinds, places) of the body a question names, in any language the lexicon knows."""
    return body_kinds(question), places(question)


def body_place(body: str) -> str:
    """The place a body is at, for the card ("Norra regionvårdsnämnden" -> "Norra sjukvårdsregionen")."""
    return next(iter(places(body)), "")


def _kind_fits(asked: list[str], held: list[str]) -> bool:
    return all(any(kinds_match(a, h) for h in held) for a in asked)


def _nested_fits(asked: list[str], held: list[str], document: str) -> bool:
    """A body inside another ("beredningsgruppen i förbundet", "the steering group of RCC X"): the
    row holds one asked kind, and the document's name names the others (the outer body)."""
    if not any(kinds_match(a, h) for a in asked for h in held):
        return False
    outer = body_kinds(document.rsplit(".", 1)[0].replace("-", " "))
    return _kind_fits(asked, held + outer)


def _place_fits(asked: list[str], held: list[str], organisation: str) -> bool:
    """Every asked place is the body's place (or contains it); a region asked may also be the
    person's own region (who represents it), a health-care region only when the body's is unknown."""
    own = places(organisation)
    for a in asked:
        if any(place_within(a, h) for h in held):
            continue
        if any(place_within(a, o) for o in own) and (not held or a not in HEALTH_REGIONS):
            continue
        return False
    return True


def people_by_role(
    contacts: list[Contact], role: str | None, body_terms: list[str], organisation: str | None, limit: int = 5,
    kinds: list[str] | None = None, where: list[str] | None = None, topic: list[str] | None = None,
) -> list:
    """People holding `role` in a body matching `body_terms` in `organisation`, best first; empty when
    nobody fits. The body is compared as (kind, place): `kinds` and `where` as the question names
    them, else read from the terms and organisation; terms that name neither must be found in the
    row; the question's other content stems (`topic`) break ties ("RPO rörelseorganens sjukdomar").
    Each returned Person's `sources` start with the rows that matched."""
    from index.contact_search import merge_people

    asked = canonical_role(role) if role else ""
    if role and not asked:
        asked = fold(role)
    named = " ".join([*body_terms, organisation or ""])
    kinds = body_kinds(" ".join(body_terms)) if kinds is None else kinds
    where = places(named) if where is None else where
    terms = _content_terms([w for t in body_terms for w in t.split() if not body_kinds(w) and not places(w)])
    org_keys = [] if where else _organisation_keys(organisation or "")
    if not (asked or terms or kinds) or (asked == "ledare" and not (terms or kinds)):
        return []  # nothing asked; or who leads, without the body they would lead
    order = {id(c): i for i, c in enumerate(contacts)}
    ranked = []
    holders: set[int] = set()  # people who hold the asked role, not only a stand-in for it
    for person in merge_people(contacts):
        if not person.name:
            continue  # a function mailbox holds no role
        hits: list[tuple[float, Contact]] = []
        for c in person.sources:
            holds = _holds(asked, c) if asked else 1.0
            if not holds or (not asked and not c.body):
                continue
            held_kinds, held_places = body_of(c)
            if kinds and not _kind_fits(kinds, held_kinds) and not _nested_fits(kinds, held_kinds, c.document):
                continue
            if where and not _place_fits(where, held_places, c.organisation or person.organisation):
                continue
            score = _body_score(c, terms)
            if score is None or not _organisation_match(c, org_keys):
                continue
            exact = fold(canonical_role(c.role)) == fold(asked) if asked else False
            bonus = (0.5 if exact else 0.0) + (0.3 if c.email else 0.0) - (0.5 if c.name_guessed else 0.0)
            # a body inside the one asked ("styrgruppen för RCC Syd" for RCC Syd) answers only when no one closer does
            bonus -= 0.5 * sum(1 for h in held_kinds if kinds and is_specific(h) and not any(kinds_match(a, h) for a in kinds))
            bonus += 0.1 * len(set(topic or ()) & _row_stems(c.body, c.quote, c.document))
            hits.append((score + holds + bonus, c))
        if hits:
            hits.sort(key=lambda h: -h[0])
            matched = [c for _, c in hits]
            rest = [c for c in person.sources if c not in matched]
            roles = list(dict.fromkeys([c.role for c in matched] + person.roles))
            ranked.append((hits[0][0], order.get(id(matched[0]), 0), replace(person, sources=matched + rest, roles=roles)))
            if asked and not any(_stands_in(asked, c.role) for c in matched):
                holders.add(id(ranked[-1][2]))
    if holders:  # someone holds the asked role itself: no stand-in beside them
        ranked = [r for r in ranked if id(r[2]) in holders]
    ranked.sort(key=lambda sp: (-sp[0], sp[1]))  # ties: in the documents' order (a list's first name first)
    return [p for _, _, p in ranked[:limit]]


def _stands_in(asked: str, role: str) -> bool:
    """Does a row answer the asked role only as a stand-in (a convener for a chair, a direktör for a chef)?"""
    held = canonical_role(role)
    return (asked, held) in STAND_IN_ROLES or asked in _HEAD_OF_STAFF and role_base(held) in _HEAD_OF_STAFF and not roles_match(asked, held)


def _looks_like_person(words: list[str]) -> bool:
    """Two or three capitalised words read as a person: a known first name, or a typical surname
    ending after a capitalised first word."""
    if not 2 <= len(words) <= 4:
        return False
    folded = [fold(w) for w in words]
    if any(f in _REGION_KEYS for f in folded):
        return False
    if is_first_name(words[0]):
        return True
    return len(words) == 2 and folded[1].endswith(_SURNAME_ENDINGS) and len(folded[1]) >= 5 and len(folded[0]) >= 3


def unknown_person_name(question: str, contacts: list[Contact]) -> str | None:
    """A person-like name in the question that no one in the directory has ("Eva-Lena Aspetorp"),
    so that the answer can say the documents do not name them instead of showing someone else."""
    from index.contact_search import _best  # one matching rule for names everywhere

    people = [set(_tokens(c.name)) for c in contacts if c.name]
    for candidate in name_candidates(question):
        words = candidate.split()
        while len(words) > 2 and not is_first_name(words[0]):  # "Är Eva Berg ...": a capitalised verb first
            words = words[1:]
        if not _looks_like_person(words):
            continue
        candidate = " ".join(words)
        tokens = [t for w in words for t in _tokens(w)]
        known = any(all(_best(t, name) >= 0.7 for t in tokens) for name in people)
        if not known:
            return candidate
    return None


def people_in_sentence(sentence: str) -> list[tuple[str, str, str, str, str]]:
    """(name, canonical role, organisation, body, phone) of each person a sentence names with a
    role ("För perioden 2025–2026 är NN (S), Region Gotland, ordförande"): the answer's own
    evidence for a card when the directory has none."""
    from ingest.contacts import phone_in
    from ingest.people_prose import prose_people

    return [(e.name, e.role, e.organisation, body, e.phone or phone_in(sentence)) for e, body in prose_people(sentence)]
