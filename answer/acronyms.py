"""Acronyms and the names they abbreviate, read from the documents themselves.

A question may name a body by its acronym when the documents spell it out ("VGR" for
"Västra Götalandsregionen"), or spell out what the documents abbreviate ("samordnade
individuella planer" for "SIP"). Either way the question is about something the documents
do say, so the acronym and its long form must count as the same key. The pairs come from
the text, never from a list: a definition "Samordnad individuell plan (SIP)", or, for an
acronym the documents never use, a capitalised phrase whose words (and compound parts)
begin with its letters, in order (after Schwartz & Hearst's long-form matching).
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from index.query import fold, is_stopword, stem
from index.search import Generation

if TYPE_CHECKING:
    from answer.query import Entity

_DEFINED = re.compile(r"((?:[\wåäöÅÄÖéü-]+\s+){1,6})\(([A-ZÅÄÖ]{2,6})\)")
_WORD = re.compile(r"[\wåäöÅÄÖéü-]+")
MIN_PART = 4  # a compound part that carries an inner letter is a word of its own ("regionen")

_TEXTS: weakref.WeakKeyDictionary[Generation, list[str]] = weakref.WeakKeyDictionary()
_DEFINITIONS: weakref.WeakKeyDictionary[Generation, dict[str, list[str]]] = weakref.WeakKeyDictionary()
_LONG_FORMS: weakref.WeakKeyDictionary[Generation, dict[str, list[str]]] = weakref.WeakKeyDictionary()


def with_long_forms(
    entities: list[Entity], groups: list[list[str]], gen: Generation
) -> tuple[list[Entity], list[list[str]]]:
    """The question's entities and term groups with acronyms joined to their long forms:
    a body named by an acronym the documents never use is looked for by its long form
    ("VGR" → västra götalandsregion), and a spelled-out phrase the documents abbreviate
    counts when a passage has only the acronym ("samordnade individuella planer" → sip)."""
    out = []
    for entity in entities:
        if entity.kind == "body" and entity.text.isupper() and " " not in entity.text and not gen.mentions(entity.stems):
            spelled = long_form(entity.text, gen)
            if spelled:
                groups = [g + [s for s in spelled if s not in g] if g[0] in entity.stems else g for g in groups]
                entity = replace(entity, stems=spelled)
        out.append(entity)
    terms = [g[0] for g in groups]
    for acronym in defined_acronyms(terms, gen):
        spelled = _definitions(gen)[acronym]
        groups = [g + [acronym] if any(_same(g[0], s) for s in spelled) and acronym not in g else g for g in groups]
    return out, groups


def _same(a: str, b: str) -> bool:
    """Two stems of one word (the stemmer leaves "samordnade" and "samordnad" apart at times)."""
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


def long_form(acronym: str, gen: Generation) -> list[str]:
    """Stems of the documents' most frequent long form of `acronym`, or [] when none is found."""
    forms = _LONG_FORMS.setdefault(gen, {})
    key = fold(acronym)
    if key not in forms:
        forms[key] = _find_long_form(key, gen)
    return forms[key]


def defined_acronyms(phrase_stems: list[str], gen: Generation) -> list[str]:
    """Acronyms the documents define for a phrase the question spells out: stems of
    "samordnade individuella planer" → ["sip"] when a text says "Samordnad individuell plan (SIP)"."""
    found = []
    for acronym, stems_ in _definitions(gen).items():
        if len(stems_) >= 2 and all(any(_same(s, w) for w in phrase_stems) for s in stems_):
            found.append(acronym)
    return found


def _texts(gen: Generation) -> list[str]:
    if gen not in _TEXTS:
        ids = [i for row in gen.document_rows for i in gen.document_passages(row["name"])]
        _TEXTS[gen] = [f"{r.get('title') or ''}\n{r.get('heading') or ''}\n{r['text']}" for r in gen.passages(ids)]
    return _TEXTS[gen]


def _definitions(gen: Generation) -> dict[str, list[str]]:
    """Acronym (folded) → stems of the phrase it is defined for in parentheses (read once
    per generation)."""
    if gen in _DEFINITIONS:
        return _DEFINITIONS[gen]
    out: dict[str, list[str]] = {}
    for text in _texts(gen):
        for match in _DEFINED.finditer(text):
            phrase = _WORD.findall(match.group(1))
            acronym = fold(match.group(2))
            for start in range(len(phrase)):
                if _spells(acronym, [fold(w) for w in phrase[start:]], gen):
                    out.setdefault(acronym, [stem(fold(w)) for w in phrase[start:] if not is_stopword(fold(w))])
                    break
    _DEFINITIONS[gen] = out  # whole, for a reader in another thread
    return out


def _find_long_form(acronym: str, gen: Generation) -> list[str]:
    defined = _definitions(gen).get(acronym)
    if defined:
        return defined
    counts: Counter[tuple[str, ...]] = Counter()
    for text in _texts(gen):
        tokens = _WORD.findall(text)
        for i, first in enumerate(tokens):
            if not first[:1].isupper() or fold(first)[:1] != acronym[:1] or first.isupper():
                continue
            for end in range(i + 1, min(i + len(acronym), len(tokens)) + 1):
                phrase = [fold(w) for w in tokens[i:end]]
                if _spells(acronym, phrase, gen):
                    counts[tuple(stem(w) for w in phrase if not is_stopword(w))] += 1
                    break
    return list(counts.most_common(1)[0][0]) if counts else []


def _spells(acronym: str, phrase: list[str], gen: Generation) -> bool:
    """Do the phrase's words spell the acronym: each content word gives its first letter,
    and may give more at the start of a compound part the documents know as a word
    ("Götalands|regionen"); stop words may be skipped; the letters run out with the words."""
    content = [w for w in phrase if not is_stopword(w)]
    if not content or len(content) > len(acronym) or phrase[-1] != content[-1]:
        return False
    return _consume(acronym, content, gen)


def _consume(letters: str, words_: list[str], gen: Generation) -> bool:
    if not words_:
        return not letters
    if not letters or words_[0][:1] != letters[0]:
        return False
    word, rest = words_[0], letters[1:]
    if _consume(rest, words_[1:], gen):
        return True
    # more letters from inner compound parts of this word, in order
    for taken in range(1, len(rest) + 1):
        if _inner_parts(word, rest[:taken], gen) and _consume(rest[taken:], words_[1:], gen):
            return True
    return False


def _inner_parts(word: str, letters: str, gen: Generation, start: int = 3) -> bool:
    if not letters:
        return True
    for at in range(start, len(word) - MIN_PART + 1):
        part = word[at:]
        if part[0] == letters[0] and gen.knows(stem(part)) and _inner_parts(word, letters[1:], gen, at + MIN_PART):
            return True
    return False
