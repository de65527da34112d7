"""Follow-ups that change only the period ("och 2024?", "och förra året?", "året innan
då?", "and the year before?", "what about next year?"): the previous question asked again
about the other year, so its role, body and attribute carry over.

A relative period counts from the year the previous question named ("förra året" after a
question about 2025 is 2024), else from the current year. Told by form: nothing is left of
the follow-up but the period and elliptic particles.
"""

from __future__ import annotations

import re
from datetime import date

from index.query import fold
from index.query_translation import looks_english

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Folded phrases of a year relative to the one in the conversation: (pattern, step in years).
_RELATIVE = (
    (r"forra aret|aret (?:innan|fore|dessforinnan|forut)|foregaende ar(?:et)?|i fjol|fjolaret"
     r"|(?:the )?(?:year before|previous year|prior year|year earlier)|last year|a year earlier", -1),
    (r"nasta ar|aret (?:efter|darpa)|kommande ar(?:et)?|(?:the )?(?:year after|following year)|next year", 1),
)
_PARTICLES = re.compile(
    r"\b(?:och|samt|men|da|i|for|under|ar|aret|om|and|what|how|about|in|for|during|then|the|year|of)\b|[?!.,]"
)


def period_of(question: str, previous_year: int | None) -> int | None:
    """The year a follow-up names, outright or relative to the previous question's year."""
    folded = fold(question)
    years = _YEAR.findall(folded)
    if len(years) == 1:
        return int(years[0])
    for pattern, step in _RELATIVE:
        if re.search(rf"\b(?:{pattern})\b", folded):
            return (previous_year or date.today().year) + step
    return None


def only_period(question: str) -> bool:
    """Is the follow-up nothing but a period with particles ("och förra året då?")?"""
    rest = fold(question)
    for pattern, _ in _RELATIVE:
        rest = re.sub(rf"\b(?:{pattern})\b", " ", rest)
    rest = _PARTICLES.sub(" ", _YEAR.sub(" ", rest))
    return not rest.split()


def with_period(question: str, previous: str) -> str | None:
    """The previous question about the follow-up's year (None when it is no period follow-up)."""
    if not only_period(question):
        return None
    earlier = [int(y) for y in _YEAR.findall(previous)]
    year = period_of(question, earlier[-1] if earlier else None)
    if year is None:
        return None
    if earlier:
        return _YEAR.sub(str(year), previous) if len(set(earlier)) == 1 else None
    into = "in" if looks_english(previous) else "år"
    return f"{previous.rstrip('?!. ')} {into} {year}?"
