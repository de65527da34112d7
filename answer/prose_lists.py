"""Lists whose items are prose: a list question ("Vilka utmaningar har …?") answered by the
sentences of the slide or section titled with the asked noun ("Utmaningar", "Blekinges
utmaningar", "Våra viktigaste utmaningar"), where each sentence states one item.

A presentation often draws a slide's title after its body, so the title line may close its
sentences instead of opening them: a title followed by prose takes the prose after it,
a title followed by labels or nothing takes the prose before it. The sentences are read
across the neighbouring passages of the same document (a slide can span two passages).
Used only when the composer found no list of bullets or labels for the question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from answer import lists
from answer.compose import Chosen, enumerates_asked, sentences_of
from answer.neighbours import neighbours
from answer.query import Query
from answer.types import Citation
from index.query import stem, stems, words
from index.query_translation import english_stems
from index.search import Generation

TITLE_WORDS = 4  # a slide or section title is this short and ends no sentence
PROSE_WORDS = 5  # a sentence stating an item is at least this long
MIN_PROSE = 2  # fewer sentences are one statement, not a list
ENTRY_WORDS = 15  # a longer line without a full stop is prose cut by a page break
MAX_PROSE = 12  # a longer run is a whole text, not one slide
WINDOW = 2  # neighbouring passages read on each side of a cited one
MIN_NOUN = 3  # a shorter stem is no noun ("are" from "areas" is one)
MIN_COMPOUND = 4  # a shorter stem matches too much inside compounds
DEFINITE = ("na", "en", "et")  # the definite forms: the things already spoken of
NOUN_OPENS = 3  # a sentence stating one X names it among this many first words

Window = Callable[[Citation], list[Citation]]
Part = tuple[Citation, str]


def document_window(gen: Generation, citation: Citation) -> list[Citation]:
    """The cited passage with up to WINDOW passages of the same document on each side, in order."""
    return [
        replace(citation, text=r["text"], passage_id=r["id"], page=r["page"], heading=r["heading"] or "", sentences=[])
        for r in neighbours(gen, citation, WINDOW, WINDOW)
    ]


def _names_noun(line: str, noun: str) -> bool:
    """Does a line name the asked noun, alone, inflected, in a genitive or a compound?"""
    return any(_matches(stem, noun) for stem in stems(line))


def _matches(stem: str, noun: str) -> bool:
    """The same stem, or a compound holding it when the stem is long enough to say so."""
    return stem == noun or (len(noun) >= MIN_COMPOUND and noun in stem)


def _is_title(part: str, nouns: list[str]) -> bool:
    plain = part.strip().rstrip(":")
    return (0 < len(plain.split()) <= TITLE_WORDS and not plain.endswith((".", "!", "?", ","))
            and not lists.is_item(part) and any(_names_noun(plain, noun) for noun in nouns))


def _is_prose(part: str) -> bool:
    plain = part.strip()
    return not lists.is_item(plain) and plain.endswith((".", "!")) and len(plain.split()) >= PROSE_WORDS


def _is_entry(part: str) -> bool:
    """A line of a member or contact list under a title: a name with its details, no sentence
    ("Per Ekström, socialchef, Arvika kommun", "Nätverket för demensvård | Eva Lund")."""
    plain = part.strip()
    return (not lists.is_item(plain) and not plain.endswith((".", "!", "?", ":"))
            and 2 <= len(plain.split()) <= ENTRY_WORDS and bool(re.search(r",|\s[|–]\s", plain)))


def _run(parts: list[Part], indices: range, kind: Callable[[str], bool] = _is_prose) -> list[Part]:
    run: list[Part] = []
    for i in indices:
        if not kind(parts[i][1]):
            break
        run.append(parts[i])
    return run


def titled_prose(parts: list[Part], nouns: list[str]) -> list[Chosen]:
    """The first section titled with an asked noun: its bullets under the title as one list,
    else its prose sentences or member-list entries, one line each ([] when there is none)."""
    for i, (citation, part) in enumerate(parts):
        if not _is_title(part, nouns):
            continue
        bullets = [p for c, p in _run(parts, range(i + 1, len(parts)), lists.is_item) if c is citation]
        if len(bullets) >= MIN_PROSE:
            return [Chosen(citation, i, part.strip(), 0.0, [lists.item_text(b) for b in bullets])]
        after = _run(parts, range(i + 1, len(parts)))
        if len(after) < MIN_PROSE:
            after = _run(parts, range(i + 1, len(parts)), _is_entry)
        before = _run(parts, range(i - 1, -1, -1))[::-1] if not after else []  # a title drawn last
        found = after if len(after) >= MIN_PROSE else before
        if MIN_PROSE <= len(found) <= MAX_PROSE:
            return [Chosen(source, 0, sentence, 0.0, []) for source, sentence in found]
    return []


def _parts(window: list[Citation]) -> list[Part]:
    return [(citation, part) for citation in window for part in sentences_of(citation.text)]


def asked_nouns(query: Query) -> list[str]:
    """The thing a list question asks for: its first content word ("utmaning"), with its
    other forms (an English question's word and its Swedish translation)."""
    first = query.terms[0] if query.terms else ""
    # a Swedish word's English glossary words find English pages, not titles of Swedish
    # sections ("ingår": "part" would title "Deltagande parter")
    english = set(english_stems(first)) if query.lang != "en" else set()
    return [n for n in dict.fromkeys([first, *query.alternatives.get(first, [])]) if len(n) >= MIN_NOUN and n not in english]


def _opens_with_noun(sentence: str, nouns: list[str]) -> bool:
    """A sentence that states one X: the noun itself (no compound: "Programområdet …" is one
    area spoken of again) among its first words ("Ett annat problem är att …", "En viktig
    princip är …", "Ledningsgruppen beslutade att …"), or a list item that opens with it
    ("• Arbetsgrupp e-hälsa – …" among the bodies of an organisation)."""
    stated = _is_prose(sentence) or (lists.is_item(sentence) and len(lists.item_text(sentence).split()) >= MIN_PROSE)
    opening = words(" ".join(lists.item_text(sentence).split()[:NOUN_OPENS]))
    # "Arbetsgrupperna bestämmer …", "Problemen …" speak of them all, "Utmaningen" of one named before
    return stated and any(stem(w) in nouns and not (w.endswith(DEFINITE) and len(w) > len(stem(w))) for w in opening)


def noun_sentences(parts: list[Part], nouns: list[str]) -> list[Chosen]:
    """The sentences of one document window that each open by naming the asked noun."""
    found = [Chosen(citation, 0, part, 0.0, []) for citation, part in parts if _opens_with_noun(part, nouns)]
    return found[:MAX_PROSE] if len(found) >= MIN_PROSE else []


def _names_asked(chosen: Chosen, nouns: list[str]) -> bool:
    """A list (a lead-in with items, or an enumeration) that names the asked noun itself."""
    return any(_names_noun(f"{chosen.citation.heading} {chosen.text}", noun) for noun in nouns)


def prose_list(query: Query, chosen: list[Chosen], citations: list[Citation], window: Window) -> list[Chosen]:
    """For a list question: the composer's list when it names the asked noun; else a section
    titled with the noun in a cited document or beside one (its bullets, its sentences);
    else, unless the composer found a list whose lead-in shares a word with the question or an
    enumeration of the noun, sentences that each open with the noun (a list under a bare label,
    "Nätverk" for "Vilka principer …", answers nothing). Otherwise the composer's answer."""
    nouns = asked_nouns(query)
    if not nouns or any(c.items and _names_asked(c, nouns) for c in chosen):
        return chosen
    windows = [_parts(window(c)) for c in citations]
    found = next((f for f in (titled_prose(w, nouns) for w in windows) if f), [])
    if not found and not any(c.items and c.own > 0 for c in chosen) and not (chosen and _names_asked(chosen[0], nouns)
                                                               and enumerates_asked(query, chosen[0].text)):
        found = next((f for f in (noun_sentences(w, nouns) for w in windows) if f), [])
    score = chosen[0].score if chosen else 1.0
    return [replace(f, score=score) for f in found] or chosen
