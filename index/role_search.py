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

from ingest.contacts import REGIONS, name_candidates
from ingest.model import Contact
from ingest.normalize import fold, fold_ocr, is_stopword, stem
from ingest.person_names import is_first_name
from ingest.roles import canonical_role, roles_match

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


def _holds(asked: str, c: Contact) -> bool:
    """Does the row hold the asked role? Anyone listed with an address is a contact person."""
    if roles_match(asked, c.role):
        return True
    return asked == "kontaktperson" and bool(c.email) and canonical_role(c.role) not in ("författare", "")


def people_by_role(
    contacts: list[Contact], role: str | None, body_terms: list[str], organisation: str | None, limit: int = 5
) -> list:
    """People holding `role` in a body matching `body_terms` in `organisation`, best first; empty when
    nobody fits. Each returned Person's `sources` start with the rows that matched."""
    from index.contact_search import merge_people

    asked = canonical_role(role) if role else ""
    if role and not asked:
        asked = fold(role)
    terms = _content_terms(body_terms)
    org_keys = _organisation_keys(organisation or "")
    if not (asked or terms):
        return []
    order = {id(c): i for i, c in enumerate(contacts)}
    ranked = []
    for person in merge_people(contacts):
        if not person.name:
            continue  # a function mailbox holds no role
        hits: list[tuple[float, Contact]] = []
        for c in person.sources:
            if asked and not _holds(asked, c):
                continue
            if not asked and not c.body:
                continue
            score = _body_score(c, terms)
            if score is None or not _organisation_match(c, org_keys):
                continue
            exact = fold(canonical_role(c.role)) == fold(asked) if asked else False
            hits.append((score + (0.5 if exact else 0.0) + (0.3 if c.email else 0.0) - (0.5 if c.name_guessed else 0.0), c))
        if hits:
            hits.sort(key=lambda h: -h[0])
            matched = [c for _, c in hits]
            rest = [c for c in person.sources if c not in matched]
            roles = list(dict.fromkeys([c.role for c in matched] + person.roles))
            ranked.append((hits[0][0], order.get(id(matched[0]), 0), replace(person, sources=matched + rest, roles=roles)))
    ranked.sort(key=lambda sp: (-sp[0], sp[1]))  # ties: in the documents' order (a list's first name first)
    return [p for _, _, p in ranked[:limit]]


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
