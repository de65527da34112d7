"""What a sentence is about and what kind of answer it holds, beyond its own words.

Sentence choice (answer/compose.py) reads these: the section heading above a sentence
inside a passage that merged several short sections ("Hur ofta träffas gruppen?" above
"Gruppen möts varannan månad."), a frequency for "hur ofta" (a year answers "när", not
"hur ofta"), a holder named by a compound title ("hälso- och sjukvårdsdirektören") for
"till vem".
"""

from __future__ import annotations

import re

from answer import lists
from answer.answerability import ROLE_NOUNS
from index.query import fold

HEADING_WORDS = 10  # a line this short without a full stop is a section heading
QUESTION_HEADING_WORDS = 14  # an FAQ heading ends with "?"

_FREQUENCY_Q = re.compile(r"\bhur ofta\b|\bhow often\b")  # "hur många gånger under 2025" asks for a count
_FREQUENCY = re.compile(
    r"\b(?:\w+ )?gang(?:er)? (?:per|om|i|varje|under)\b|\bvar(?:annan|tannat|je|t|tredje|fjarde) (?:\w+ )?"
    r"(?:ar|manad|vecka|kvartal|termin|dag)\w*\b|\barlig\w*|\barsvis\b|\bmanadsvis\b|\bmanatlig\w*|\bkvartalsvis\b"
    r"|\bveckovis\b|\bdagligen\b|\bper (?:ar|manad|vecka|kvartal|termin)\b|\bom (?:aret|manaden|veckan)\b"
    r"|\btimes (?:a|per|each)\b|\b(?:once|twice) (?:a|per)\b|\bevery (?:\w+ )?(?:year|month|week|quarter)"
    r"|\b(?:annually|yearly|monthly|weekly|quarterly)\b"
)
# minutes and agreements: "… handlingarna. § 23 Budget 2026 …", "SAMVERKANSAVTAL 2023–2026 § 1 Parter …"
# (a reference inside a sentence, "enligt § 5 i avtalet", has no capitalised heading after it)
_PARAGRAPH_MARK = re.compile(r"(?<=[.!?])\s+(?=§\s*\d)|\s+(?=§\s*\d+\s+[A-ZÅÄÖ])")


def asks_frequency(folded_question: str) -> bool:
    """Does a (folded) question ask how often something happens?"""
    return bool(_FREQUENCY_Q.search(folded_question))


def carries_frequency(sentence: str) -> bool:
    """Does a sentence state how often ("fyra gånger per år", "varannan månad", "årligen")?"""
    return bool(_FREQUENCY.search(fold(sentence)))


def names_holder(sentence: str) -> bool:
    """Does a sentence name a role holder by a (compound) title: "sjukvårdsdirektören",
    "chefen", "ordföranden"? Such a holder answers "till vem" as a name does."""
    for word in fold(sentence).split():
        word = word.strip(".,;:()")
        if any(word.endswith((noun + "en", noun + "n")) for noun in ROLE_NOUNS):
            return True
    return False


def split_paragraph_marks(parts: list[str]) -> list[str]:
    """Minutes run their paragraphs together ("… handlingarna. § 23 Budget …"): each § its own sentence."""
    return [piece for part in parts for piece in _PARAGRAPH_MARK.split(part) if piece]


def is_section_heading(part: str) -> bool:
    """A short line without a full stop, or a short question line (an FAQ heading); a label
    line ("Ordförande: Erik Nyström", "Plats | Linköping") states a fact and is none."""
    plain = part.strip()
    words = len(plain.split())
    if not plain or lists.is_item(plain):
        return False
    if plain.endswith("?"):
        return words <= QUESTION_HEADING_WORDS
    return words <= HEADING_WORDS and not re.search(r"[.!:;,]$", plain) and not re.search(r"[:|]", plain)


def section_heading(parts: list[str], position: int) -> str:
    """The nearest section heading above a sentence inside its passage ("" when none)."""
    if is_section_heading(parts[position]):
        return ""
    for part in reversed(parts[:position]):
        if is_section_heading(part):
            return part
    return ""
