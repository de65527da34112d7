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

from collections.abc import Callable
from dataclasses import replace

from answer import lists
from answer.compose import Chosen, sentences_of
from answer.query import Query
from answer.types import Citation
from index.query import stems
from index.search import Generation

TITLE_WORDS = 4  # a slide or section title is this short and ends no sentence
PROSE_WORDS = 5  # a sentence stating an item is at least this long
MIN_PROSE = 2  # fewer sentences are one statement, not a list
MAX_PROSE = 12  # a longer run is a whole text, not one slide
WINDOW = 2  # neighbouring passages read on each side of a cited one
MIN_NOUN = 4  # a shorter asked noun matches too much inside compounds

Window = Callable[[Citation], list[Citation]]
Part = tuple[Citation, str]


def document_window(gen: Generation, citation: Citation) -> list[Citation]:
    """The cited passage with up to WINDOW passages of the same document on each side, in order."""
    ids = list(range(max(1, citation.passage_id - WINDOW), citation.passage_id + WINDOW + 1))
    return [
        replace(citation, text=r["text"], passage_id=r["id"], page=r["page"], heading=r["heading"] or "", sentences=[])
        for r in gen.passages(ids)
        if r["document"] == citation.document
    ]


def _names_noun(line: str, noun: str) -> bool:
    """Does a line name the asked noun, alone, inflected, in a genitive or a compound?"""
    return any(noun in stem for stem in stems(line))


def _is_title(part: str, noun: str) -> bool:
    plain = part.strip().rstrip(":")
    return (0 < len(plain.split()) <= TITLE_WORDS and not plain.endswith((".", "!", "?", ","))
            and not lists.is_item(part) and _names_noun(plain, noun))


def _is_prose(part: str) -> bool:
    plain = part.strip()
    return not lists.is_item(plain) and plain.endswith((".", "!")) and len(plain.split()) >= PROSE_WORDS


def _run(parts: list[Part], indices: range) -> list[Part]:
    run: list[Part] = []
    for i in indices:
        if not _is_prose(parts[i][1]):
            break
        run.append(parts[i])
    return run


def titled_prose(parts: list[Part], noun: str) -> list[Part]:
    """The prose sentences of the first section titled with `noun` ([] when there is none)."""
    for i, (_, part) in enumerate(parts):
        if not _is_title(part, noun):
            continue
        after = _run(parts, range(i + 1, len(parts)))
        before = _run(parts, range(i - 1, -1, -1))[::-1] if len(after) < MIN_PROSE else []
        found = after if len(after) >= MIN_PROSE else before
        if MIN_PROSE <= len(found) <= MAX_PROSE:
            return found
    return []


def _parts(window: list[Citation]) -> list[Part]:
    return [(citation, part) for citation in window for part in sentences_of(citation.text)]


def asked_noun(query: Query) -> str:
    """The thing a list question asks for: its first content word ("utmaning")."""
    noun = query.terms[0] if query.terms else ""
    return noun if len(noun) >= MIN_NOUN else ""


def prose_list(query: Query, chosen: list[Chosen], citations: list[Citation], window: Window) -> list[Chosen]:
    """For a list question the composer answered without a list: the sentences of a section
    titled with the asked noun in a cited document, one cited line each (else `chosen`)."""
    noun = asked_noun(query)
    if not noun or any(c.items for c in chosen):
        return chosen
    for citation in citations:
        found = titled_prose(_parts(window(citation)), noun)
        if found:
            score = chosen[0].score if chosen else 1.0
            return [Chosen(source, 0, sentence, score, []) for source, sentence in found]
    return chosen
