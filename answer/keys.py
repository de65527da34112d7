"""The question's key terms: what a passage must carry before its sentences may answer.

A question about "samverkansnämnden i Norra sjukvårdsregionen" is not answered by a
passage about Norra regionvårdsnämnden, nor "regiondirektör i Region Skåne" by a
passage about Skåne that names no regiondirektör, nor "budget 2024" by a sentence about
the budget in general. So besides the idf coverage of all its words, a question's
regions and bodies (its entities), the bodies it names by a common noun (…nämnden,
…gruppen, …rådet), the role it asks about (ordförande, …direktör) and the years it
names must each be carried by the passage itself, its heading or its document's title.
English questions are judged on the Swedish words their terms map to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from answer.answerability import ROLE_NOUNS, Verdict, asks_for_point
from answer.periods import SINGLE_YEAR, YEAR
from answer.query import BODY_WORD, Query, rivals_of
from answer.types import Citation
from index.query import fold, is_stopword, stem, words
from index.query_translation import english_stems, glossary, with_swedish_roles
from index.role_search import ENGLISH_ROLE_NOUNS, names_role
from index.search import Generation

EN_BODY_NOUNS = frozenset(
    "committee committees board boards council councils group groups office secretariat centre center forum"
    " platform network".split()
)
EN_ROLE_NOUNS = ENGLISH_ROLE_NOUNS  # the role vocabulary lives in ingest/roles.py
_YEAR_RANGE = re.compile(rf"\b({YEAR})\s*[-–—/]\s*({YEAR})\b")  # written ranges, "/" too (not "till")
_FEDERATION = re.compile(r"forbund(?:et)?$")  # a kommunalförbund or regionförbund is a body too
MIN_BODY_WORD = 6  # shorter nouns ending like a body ("grad") are not bodies


@dataclass
class Key:
    """One thing a passage must carry: any of `alternatives` (stems) will do."""

    kind: str  # entity | body | role | year
    text: str  # the question's own word(s), for the decline message
    alternatives: list[str]
    rivals: list[list[str]] = field(default_factory=list)  # a region's or health-care region's rivals


def question_keys(query: Query) -> list[Key]:
    """The keys of a question, entities first."""
    keys = [Key("entity", e.text, e.stems, rivals_of(e)) for e in query.of_kind("region", "healthregion", "body")]
    entity_stems = {s for k in keys for s in k.alternatives}
    seen: set[str] = set()
    for kind, text, group in _nouns(query):
        if seen & set(group) or any(t.startswith(s) or s.startswith(t) for t in group for s in entity_stems):
            continue
        seen.update(group)
        keys.append(Key(kind, text, group))
    for year in dict.fromkeys(SINGLE_YEAR.findall(query.text)):
        keys.append(Key("year", year, [year]))
    return keys


def _nouns(query: Query) -> list[tuple[str, str, list[str]]]:
    """(kind, the question's word, stems any of which counts) for each body or role noun.
    An English noun is judged as English (management is no body) and matched by the
    stems of its Swedish glossary words."""
    if query.lang == "en":
        table = glossary()
        out = []
        for word in re.findall(r"[a-zåäö]+", with_swedish_roles(query.text).lower()):  # "process leader": one role
            if word not in table and _noun_kind(fold(word)) == "role":  # a role put in Swedish ("processledare")
                out.append(("role", word, [stem(fold(word))]))
                continue
            kind = "body" if word in EN_BODY_NOUNS else "role" if word in EN_ROLE_NOUNS else ""
            group = [stem(w) for sw in table.get(word, []) for w in words(sw) if not is_stopword(w)]
            if kind and group:  # an English document says "council" itself
                out.append((kind, word, list(dict.fromkeys([*group, stem(word)]))))
        return out
    # an English page says "steering committee" for styrgruppen
    return [(kind, _original(query, stem(w)), [stem(w), *english_stems(stem(w))]) for w in words(query.text) if (kind := _noun_kind(w))]


def _noun_kind(word: str) -> str:
    # the role noun ends the word, give or take an inflection: regiondirektörerna, ordföranden
    if any(0 <= word.rfind(r) and len(word) - word.rfind(r) - len(r) <= 4 for r in ROLE_NOUNS):
        # a genitive ("ledamöternas resor") names whose thing is asked about, not a role holder
        return "" if word.endswith("s") and not word.endswith(("ss", "us")) else "role"
    # a genitive names the body whose thing is asked ("Norra sjukvårdsregionförbundets budget")
    body = _body_base(word)
    if len(body) >= MIN_BODY_WORD and (BODY_WORD.search(body) or _FEDERATION.search(body)):
        return "body"
    return ""


def _body_base(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith(("ss", "us")) else word


def missing(keys: list[Key], gen: Generation, citation: Citation) -> list[Key]:
    """The keys a passage (with its heading and title) does not carry."""
    pool = gen.passage_terms(citation.passage_id)
    text = f"{citation.title} {citation.heading} {citation.text}"
    out = []
    for key in keys:
        if key.kind == "entity":
            ok = (
                gen.mentions(key.alternatives, citation.passage_id)
                or _document_about(key, gen, citation)
                or _titled(key, gen, citation)
            )
        elif key.kind == "year":
            ok = _has_year(key.text, text)
        elif key.kind == "role":  # any form of the role carries it: "Ordf." and "chaired by" name ordförande
            ok = any(_compound_match(alt, pool) for alt in key.alternatives) or names_role(key.text, text)
        else:
            ok = any(_compound_match(alt, pool) for alt in key.alternatives) or _named_by_head(key, gen, citation, pool)
        if not ok:
            out.append(key)
    return out


def _named_by_head(key: Key, gen: Generation, citation: Citation, pool: frozenset[str]) -> bool:
    """A body named once in full and then by its head noun: a section of the minutes of
    "Samverkansnämnden i Sydöstra" says "Nämnden sammanträder …". The passage carries the head
    and another passage of its document names the body in full."""
    if key.kind != "body" or " " in key.text:
        return False
    base = _body_base(fold(key.text))
    head = BODY_WORD.search(base) or _FEDERATION.search(base)
    if not head or head.start() < 3:
        return False
    # the head itself, or a shorter compound of it: "Styrgruppen" in a section about "Länsstyrgruppen"
    shorter = {p for p in pool if len(p) > len(stem(head.group(0))) + 2 and any(a.endswith(p) for a in key.alternatives)}
    if stem(head.group(0)) not in pool and not shorter:
        return False
    named = [a for a in key.alternatives if a not in english_stems(key.alternatives[0])]  # the body's own words
    return any(gen.mentions(named, i) for i in gen.document_passages(citation.document))


def _document_about(key: Key, gen: Generation, citation: Citation) -> bool:
    """A passage that names no rival, in a document about the entity: the document names it
    in at least as many passages as any rival (a section of Sydöstra's plan need not repeat
    "Sydöstra")."""
    if not key.rivals or any(gen.mentions(r, citation.passage_id) for r in key.rivals):
        return False
    ids = gen.document_passages(citation.document)
    own = sum(gen.mentions(key.alternatives, i) for i in ids)
    return own > 0 and all(sum(gen.mentions(r, i) for i in ids) <= own for r in key.rivals)


# Endings the stemmer leaves on a noun ("kansliet", "kommittén"): the bare noun carries the key.
_DEFINITE = ("et", "en", "n", "t", "na", "erna", "arna")


TITLE_LINES = 3  # a document's title and subtitle lines: "BESLUT I KORTHET – Delregionalt politiskt samråd (DPS) 2025"


def _titled(key: Key, gen: Generation, citation: Citation) -> bool:
    """A section of a document whose title lines name the entity, when the section names no
    rival: the decisions of "DPS" listed under a date heading are the DPS's decisions."""
    if any(gen.mentions(r, citation.passage_id) for r in key.rivals):
        return False
    first = gen.document_passages(citation.document)[:1]
    if not first or first[0] == citation.passage_id:
        return False
    rows = gen.passages(first)
    lines = " ".join([citation.title, *(rows[0]["text"].splitlines()[:TITLE_LINES] if rows else [])])
    title_words = words(lines)
    return all(any(w.startswith(a) for w in title_words) for a in key.alternatives)


def _compound_match(term: str, pool: frozenset[str]) -> bool:
    """A passage term is the key inflected (begins with it), a compound ending with it, or
    the key without a definite ending ("kansli" for "kansliet")."""
    bare = {term[: -len(e)] for e in _DEFINITE if term.endswith(e) and len(term) - len(e) >= 5}
    return any(p.startswith(term) or (len(term) >= 4 and term in p) or p in bare for p in pool)


# Where a fact sentence splits into the clauses a year belongs to: after a full stop, a
# semicolon or a colon, and before a § (minutes whose items ingest joined into one line).
_CLAUSE = re.compile(r"(?<=[.;:])\s+|\s+(?=§)")


def of_asked_year(sentence: str, keys: list[Key], carries: Callable[[str], bool] = bool) -> bool:
    """A fact sentence that names years names an asked one in the clause that carries the
    fact (`carries`): "Styrgruppens budget för 2025 uppgår till 1,4 miljoner" does not give the
    budget for 2026 (the passage may name 2026 elsewhere). A clause that names no year takes
    its year from the passage."""
    asked = [k.text for k in keys if k.kind == "year"]
    if not asked:
        return True
    clauses = [c for c in _CLAUSE.split(sentence) if carries(c)] or [sentence]
    for clause in clauses:
        if not (SINGLE_YEAR.findall(clause) or _YEAR_RANGE.findall(clause)):
            return True
        if any(_has_year(year, clause) for year in asked):
            return True
    return False


def _has_year(year: str, text: str) -> bool:
    if year in SINGLE_YEAR.findall(text):
        return True
    return any(int(a) <= int(year) <= int(b) for a, b in _YEAR_RANGE.findall(text))


def _original(query: Query, term: str) -> str:
    """The question's own word for a stem (the decline names it as asked)."""
    for word in re.findall(r"[\wåäöÅÄÖéü-]+", query.text):
        if stem(fold(word)) == term:
            return word
    return term


def expected_type(query: Query, keys: list[Key]) -> str:
    """The answer type a chosen sentence must carry: a person's name when a role is asked
    ("Vem är ordförande …?" is not answered by "… leds av en ordförande"); an asked-for
    phone number or e-mail is checked on the fact itself, so it gets no bonus here."""
    if query.attribute:
        return "description"
    if query.expected == "person" and any(k.kind == "role" for k in keys):
        return "name"
    if query.expected == "date" and asks_for_point(query):
        return asks_for_point(query)
    return query.expected


def subject(query: Query, keys: list[Key], absent: list[Key] | None = None) -> str:
    """What the question is about, in its own words: the span from its first to its last
    carried key ("RCC Syds kansli"), else the keys' words."""
    present = [k for k in keys if k not in (absent or []) and k.kind != "role"]
    names = [e.text for e in query.of_kind("name") if any(k.text.lower() in e.text.lower() for k in present)]
    spans = []
    for text in [k.text for k in present] + names:  # "Region Skåne", not just "Skåne"
        at = query.text.lower().find(text.lower())
        if at >= 0:
            spans.append((at, at + len(text)))
    if spans:
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        while end < len(query.text) and query.text[end].isalpha():
            end += 1
        follows = re.match(r"\s+(sjukvårdsregion\w*|län)\b", query.text[end:], re.IGNORECASE)
        end += follows.end() if follows else 0  # "Västra sjukvårdsregionen", "Örebro län"
        text = query.text[start:end]
        if len(text.split()) <= 6:
            return text
    return " ".join(k.text for k in present)


def missing_reason(query: Query, keys: list[Key], absent: list[Key], topic: str = "") -> Verdict:
    """The decline's message: the asked-for attribute when there is one ("Dokumenten nämner
    inget telefonnummer till RCC Syds kansli"), else the missing key terms, else the
    question's word (`topic`) the best passage lacks."""
    about = subject(query, keys, absent)
    if query.attribute:
        return Verdict(False, f"answer.missing_{query.attribute}", {"name": about or query.text})
    if not absent and not topic:
        return Verdict(False)
    what = " ".join(k.text for k in absent) or topic
    if about:
        return Verdict(False, "answer.missing_key_for", {"what": what, "subject": about})
    return Verdict(False, "answer.missing_key", {"what": what})
