"""Where a question refers back with a pronoun ("vem leder den?", "när träffas de?", "who
chairs it?"), told apart from an article ("det regionala cancercentrumet") and a dummy
subject ("Finns det …?", "Is there …?"), by the form of the question alone."""

from __future__ import annotations

import re

from answer.topic import AUXILIARY
from index.query import is_stopword

_PRONOUN = re.compile(
    r"\b(?:den|det|dess|denna|detta|dem|dessa|deras|dar|dit|hen|hon|han|henne|honom|hens|hans|hennes"
    r"|it|its|there|they|them|their|he|she|her|him|his)\b"
)
# "de"/"dom" (they) is also an article ("de fem regionerna"): a pronoun only at the end or before a function word.
_THEY = re.compile(r"\b(?:de|dom)\b(?=\s*$|\s+(?:i|pa|for|med|om|nu|da|har|ha|sig|sin|sina|ofta|nagon|nagot)\b)")


_ARTICLE_LIKE = {"den", "det", "denna", "detta", "dessa"}
# Finite verbs a subject follows in a question ("var brukar de träffas?", "när ska de ses?").
_VERB_BEFORE_SUBJECT = AUXILIARY | {"brukar", "brukade", "kommer", "kunde", "skulle", "ville", "fick", "har", "hade"}
_NUMBER_WORDS = {"tva", "tre", "fyra", "fem", "sex", "sju", "atta", "nio", "tio", "elva", "tolv", "alla", "olika", "bada"}


def _they_after_verb(words: list[str], i: int) -> bool:
    """ "de" as the subject after a finite verb, unless an article of a noun phrase follows
    ("har de fem regionerna", "kan de nya riktlinjerna")."""
    if i == 0 or words[i - 1].strip(",.;:?!") not in _VERB_BEFORE_SUBJECT:
        return False
    after = words[i + 1].strip(",.;:?!") if i + 1 < len(words) else ""
    noun_phrase = after.isdigit() or after in _NUMBER_WORDS or (after.endswith(("a", "e")) and i + 2 < len(words))
    return not noun_phrase


def pronoun_positions(words: list[str]) -> set[int]:
    """Where the (folded, split) question refers back with a pronoun. "den/det" before an
    adjective that is not after an auxiliary is an article ("det regionala cancercentrumet",
    "den nationella strategin"), not a pronoun ("ska den gälla" is one)."""
    found = set()
    for i, word in enumerate(words):
        word = word.strip(",.;:?!")
        if word in ("de", "dom"):
            if _THEY.search(" ".join(words[i:])) or _they_after_verb(words, i):
                found.add(i)
            continue
        if not _PRONOUN.fullmatch(word):
            continue
        after = words[i + 1].strip(",.;:?!") if i + 1 < len(words) else ""
        article = (
            word in _ARTICLE_LIKE
            and i + 2 < len(words)
            and after.endswith(("a", "e"))
            and not is_stopword(after)
            and (i == 0 or words[i - 1] not in AUXILIARY)
        )
        if not article:
            found.add(i)
    return found


def dummy_subject(folded: str) -> bool:
    """ "Finns det ...", "Vad är det som ...", "Is there ...": the pronoun refers to nothing."""
    if re.search(r"\b(?:finns|fanns) det\b|\bdet (?:finns|fanns)\b|^vad (?:ar|var) det (?:for|som)\b", folded):
        return len(folded.split()) > 2  # "Vilka möten finns det?", "Vad är det för skillnad ...?"
    return bool(re.match(r"^(?:ar det|is there|are there)\b", folded)) and len(folded.split()) > 4
