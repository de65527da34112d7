"""Contact lookup over the directory that ingest builds: pure Python, no database.

People type names without å/ä/ö, give only a first name, name a region in any
form ("Kronoberg", "kronobergs", "Jönköping"), ask in English or paste part of an
address. Matching is therefore on folded word tokens with prefix/suffix and
one-typo tolerance. A person is returned only when a distinctive query word hits
their name, address or organisation ("anchor" fields); words of their role and
source document only break ties. Words are weighted idf-like over the directory
itself, so a word many people share (a region, "län") counts for little.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace

from ingest.contacts import REGIONS, domain_organisation, name_candidates
from ingest.model import Contact

try:  # one folding for the whole project (ingest/normalize.py); a local copy keeps this module usable alone
    from ingest.normalize import fold, is_stopword
except ImportError:  # pragma: no cover
    import unicodedata

    def fold(text: str) -> str:
        """Lower-case, strip diacritics (å→a, é→e), collapse whitespace."""
        decomposed = unicodedata.normalize("NFKD", text.lower())
        return re.sub(r"\s+", " ", "".join(c for c in decomposed if not unicodedata.combining(c))).strip()

    def is_stopword(word: str) -> bool:
        return False


# Question and contact words: they say *that* a person is wanted, never *which* one.
_NOISE = set(
    """
    vem vilken vilket vilka ar kontakt kontakta kontaktperson kontaktpersonen kontaktpersoner kontaktuppgift
    kontaktuppgifter kontaktinfo mejl mejla mejladress mejladressen mail maila mailadress mailadressen e post
    epost epostadress epostadressen postadress adress adressen email emailadress address who whom contact
    contacts person people please give find me my jag man hitta ska kan bor vill nar na tel telefon
    telefonnummer nummer numret name named is the for of to in at i for till om pa hos med och eller
    fraga fragor
    """.split()
)
# Words that may tie-break on role/document but must never select a person by themselves.
_GENERIC = set(
    """
    region regionen regionens regioner regionerna lan lans kommun kommunen landsting se nu com eu org
    sverige sweden county council halsoplattform halsoplattformen sjukvardsregion sjukvardsregionen
    university universitet universitetet hogskola hogskolan sjukhus sjukhuset
    """.split()
)
_TOKEN = re.compile(r"[0-9a-z]+")
_EMAIL_FRAGMENT = re.compile(r"[\w.+-]*@[\w.-]*|[\w-]+(?:\.[\w-]+)+")
_REGION_WORDS = {name: " ".join(keys) for name, keys in REGIONS.items()}


@dataclass
class Person:
    """One person of the directory: every source row that names them, merged by e-mail address."""

    name: str
    email: str
    organisation: str
    roles: list[str]
    sources: list[Contact]
    name_guessed: bool
    phone: str = ""


def merge_people(contacts: list[Contact]) -> list[Person]:
    """Group contacts by e-mail (case-insensitive): the same person in several documents is one person
    with several roles. A name the documents spell out beats a guessed one; an empty organisation is
    filled from other people at the same mail domain when they all agree."""
    groups: dict[str, list[Contact]] = {}
    for c in contacts:
        if c.email:
            groups.setdefault(c.email.lower(), []).append(c)
    # a person named with a role but no address joins the one address person of the same name
    by_name: dict[str, set[str]] = {}
    for key, rows in groups.items():
        for c in rows:
            if c.name and not c.name_guessed:
                by_name.setdefault(fold(c.name), set()).add(key)
    # namesakes of different organisations stay apart; a row without one joins the name's only group
    orgs_by_name: dict[str, set[str]] = {}
    for c in contacts:
        if not c.email and c.organisation:
            orgs_by_name.setdefault(fold(c.name), set()).add(fold(c.organisation))
    for c in contacts:
        if not c.email:
            keys = by_name.get(fold(c.name), set())
            name_orgs = orgs_by_name.get(fold(c.name), set())
            organisation = fold(c.organisation) or (next(iter(name_orgs)) if len(name_orgs) == 1 else "")
            key = next(iter(keys)) if len(keys) == 1 else f"name:{fold(c.name)}|{organisation}"
            groups.setdefault(key, []).append(c)
    people = []
    for key, rows in groups.items():
        named = [c for c in rows if c.name and not c.name_guessed] or [c for c in rows if c.name]
        orgs = Counter(c.organisation for c in rows if c.organisation)
        roles = list(dict.fromkeys(c.role for c in rows if c.role))
        people.append(
            Person(
                name=named[0].name if named else "",
                email=next((c.email for c in rows if c.email), ""),
                organisation=orgs.most_common(1)[0][0] if orgs else "",
                roles=roles,
                sources=list(rows),
                name_guessed=bool(named) and all(c.name_guessed for c in named),
                phone=next((c.phone for c in rows if c.phone), ""),
            )
        )
    by_domain: dict[str, set[str]] = {}
    for p in people:
        if p.organisation:
            by_domain.setdefault(_domain(p.email), set()).add(p.organisation)
    for p in people:
        if not p.organisation and p.email:
            same_domain = by_domain.get(_domain(p.email), set())
            p.organisation = next(iter(same_domain)) if len(same_domain) == 1 else domain_organisation(_domain(p.email))
    return people


from index.role_search import people_by_role, unknown_person_name

__all__ = [
    "Person",
    "is_contact_question",
    "mentions_known_name",
    "merge_people",
    "people_by_role",
    "search_contacts",
    "search_people",
    "unknown_person_name",
]


def _domain(email: str) -> str:
    return email.lower().partition("@")[2]


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


@dataclass
class _Anchors:
    """The fields that may select a person: name, organisation (with its region key words), address."""

    name: set[str]
    organisation: set[str]
    email: set[str]

    @property
    def all(self) -> set[str]:
        return self.name | self.organisation | self.email


def _anchors(p: Person) -> _Anchors:
    organisation = {w for w in _tokens(p.organisation + " " + _REGION_WORDS.get(p.organisation, "")) if w not in _GENERIC}
    return _Anchors(set(_tokens(p.name)), organisation, set(_tokens(p.email.replace("@", " "))) - _GENERIC)


def _anchor_match(words: list[str], a: _Anchors) -> dict[str, float]:
    """Per query word: name match; organisation match scaled by how much of the organisation's name the
    query covers ("SBHSS" alone names half of "SBHSS Brysselkontor"); an address word counts half."""
    org_hits = {w: _best(w, a.organisation) for w in words}
    covered = sum(1 for t in a.organisation if any(_match(w, t) for w in words))
    coverage = max(covered / len(a.organisation), 1 / 3) if a.organisation else 0.0
    return {w: max(_best(w, a.name), org_hits[w] * coverage, 0.5 * _best(w, a.email)) for w in words}


def _context_tokens(c: Contact) -> set[str]:
    return set(_tokens(" ".join([c.role, c.quote, c.document.rsplit(".", 1)[0]])))


def _edit1(a: str, b: str) -> bool:
    """At most one insertion, deletion or substitution apart."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] if len(a) == len(b) else a[i:] == b[i + 1 :]


def _match(q: str, t: str) -> float:
    """How well a query word matches a directory word: exact, inflected/compound, or one typo."""
    if q == t:
        return 1.0
    short, long_ = sorted((q, t), key=len)
    if len(short) >= 4 and long_.startswith(short):
        return 0.85 if len(long_) - len(short) <= 4 else 0.6
    if len(short) >= 5 and _edit1(q, t):
        return 0.7
    return 0.0


def _best(q: str, tokens: set[str]) -> float:
    return max((_match(q, t) for t in tokens), default=0.0)


@dataclass
class _Query:
    words: list[str]  # distinctive words (may select a person)
    context: list[str]  # every non-noise word (tie-breaks on role/document)
    fragments: list[str]  # e-mail fragments ("rjl.se", "henriks@")


def _parse(query: str) -> _Query:
    folded = fold(query).rstrip("?!. ")
    fragments = [f.strip(".") for f in _EMAIL_FRAGMENT.findall(folded) if len(f.strip(".@")) >= 3]
    rest = _EMAIL_FRAGMENT.sub(" ", folded) if fragments else folded
    words = [w for w in _TOKEN.findall(rest) if w not in _NOISE and not is_stopword(w) and len(w) > 1]
    return _Query([w for w in words if w not in _GENERIC], words, fragments)


def search_people(contacts: list[Contact], query: str, limit: int = 5) -> list[Person]:
    """Matching people, best first, each with `sources` sorted most relevant first."""
    people = merge_people(contacts)
    q = _parse(query)
    if not people or not (q.words or q.fragments):
        return []
    anchors = [_anchors(p) for p in people]
    if _names_unknown_person(query, [a.all for a in anchors]):
        return []
    n = len(people)
    per_person = [_anchor_match(q.words, a) for a in anchors]
    anchor_hits = {w: [m[w] for m in per_person] for w in q.words}
    fragment_hits = {f: [1.0 if f in p.email.lower() else 0.0 for p in people] for f in q.fragments}
    contexts = [[_context_tokens(c) for c in p.sources] for p in people]
    context_hits = {w: [max(_best(w, t) for t in ctx) for ctx in contexts] for w in q.context}

    def idf(hits: list[float]) -> float:
        df = sum(1 for h in hits if h > 0)
        return math.log(1 + n / df) if df else 0.0

    anchor_score = [0.0] * n
    for hits in list(anchor_hits.values()) + list(fragment_hits.values()):
        weight = idf(hits)
        for i, h in enumerate(hits):
            anchor_score[i] += weight * h
    context_score = [0.0] * n
    for hits in context_hits.values():
        weight = idf(hits)
        for i, h in enumerate(hits):
            context_score[i] += weight * h
    top = max(anchor_score)
    if top <= 0:
        return []

    def preference(i: int) -> float:
        """A function mailbox (no name) yields to a person with the same score; so does a person
        named only with a role (no address) unless the query names them."""
        if not people[i].name:
            return 0.9
        if not people[i].email and not any(per_person[i].get(w, 0) >= 0.7 and _best(w, anchors[i].name) >= 0.7 for w in q.words):
            return 0.8
        return 1.0

    ranked = sorted(
        (i for i in range(n) if anchor_score[i] >= 0.6 * top),
        key=lambda i: (-(3 * anchor_score[i] + context_score[i]) * preference(i), people[i].name),
    )
    result = []
    for i in ranked[:limit]:
        person = people[i]
        person.sources.sort(key=lambda c: -sum(_best(w, _context_tokens(c)) for w in q.context))
        result.append(person)
    return result


def search_contacts(contacts: list[Contact], query: str, limit: int = 5) -> list[Contact]:
    """Matching contacts, best first, one per person: the person's most relevant source row, carrying
    the merged name and organisation. Other roles: `merge_people` / `search_people`."""
    return [
        replace(p.sources[0], name=p.name, organisation=p.organisation or p.sources[0].organisation,
                name_guessed=p.name_guessed)
        for p in search_people(contacts, query, limit)
    ]


def _names_unknown_person(query: str, anchors: list[set[str]]) -> bool:
    """The query spells out a full name (two capitalised words) that no one in the directory has:
    answer nothing rather than someone else from the same region."""
    vocabulary = set().union(*anchors)
    for candidate in name_candidates(query):
        words = [w for w in _tokens(candidate) if w not in _NOISE]
        if len(words) >= 2 and not any(_best(w, vocabulary) >= 0.7 for w in words):
            return True
    return False


_CONTACT_QUESTION = re.compile(
    r"\bkontaktperson|\bkontaktuppgift|\bkontaktinfo|\bkontakta\b|^kontakt\b|\bvem\b.*\bkontakt\b"
    r"|\bkontakt (?:for|till|pa|hos|i|inom)\b"
    r"|\b(?:mejl|mejla|mail|maila|e-?post|e-?mail)\w*"
    r"|\bvem (?:ska|kan|bor) (?:jag|man|vi) (?:vanda (?:mig|oss|sig)|prata med|ringa|fraga|hora av)"
    r"|\bhur nar (?:jag|man|vi)\b|\btelefonnummer\b"
    r"|\bcontact\b|\bwho (?:should|can|do) i (?:ask|call|write)\b|\bhow (?:do|can) i reach\b"
)


def is_contact_question(question: str) -> bool:
    """Does the question ask for a person, an e-mail address or a contact (Swedish or English)?
    Role questions ("Vem leder ...", "Vem är ordförande ...") are not: passages answer those."""
    return bool(_CONTACT_QUESTION.search(fold(question)))


def mentions_known_name(question: str, contacts: list[Contact]) -> bool:
    """Is the question essentially a directory person's name ("Stefan Lönn", "Lonn?", "Vem är Kristiina")?"""
    names = {w for c in contacts for w in _tokens(c.name) if len(w) >= 3}
    words = [w for w in _tokens(question) if w not in _NOISE and not is_stopword(w)]
    matched = sum(1 for w in words if _best(w, names) >= 0.7)
    return matched >= 1 and 2 * matched > len(words)
