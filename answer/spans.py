"""Finding words of one text in another, compared folded (å/ä/ö and case ignored) but
returned as the text spells them: the conversation rewrites questions in place."""

from __future__ import annotations

import re

from answer.query import ROLE_WORDS
from index.query import fold
from index.role_search import canonical_role


def find_span(text: str, needle: str) -> tuple[int, int] | None:
    """Where `needle` occurs in `text`, compared folded (lengths survive folding); an
    inflected form ("Blekinges") is taken whole."""
    folded, target = fold(text), fold(needle)
    at = folded.find(target)
    if at < 0:
        return None
    end = at + len(target)
    while end < len(text) and text[end].isalpha():
        end += 1
    return at, end


def role_in(text: str) -> str:
    """The longest role word a text names, folded ("vice ordforande" before "ordforande"), else
    a role compound the role lexicon knows as it stands ("informationssäkerhetsansvarig")."""
    folded = fold(text)
    known = next((fold(r) for r in sorted(ROLE_WORDS, key=len, reverse=True) if re.search(rf"\b{fold(r)}", folded)), "")
    compound = fold(canonical_role(folded)) if not known else ""
    return known or (compound if compound and re.search(rf"\b{re.escape(compound)}\b", folded) else "")


def spelled(text: str, folded_word: str) -> str:
    """A folded word as the text spells it (with å/ä/ö)."""
    span = find_span(text, folded_word)
    return text[span[0] : span[1]] if span else folded_word
