"""Small talk: a greeting, thanks or a question about the assistant itself, with no word
the documents use ("hej!", "Thanks, that was really helpful!", "vad kan du?"). A line that
also asks about the documents ("Hej, vem leder …?") is a question, not small talk."""

from __future__ import annotations

import re

from index.query import is_stopword, stem
from index.search import Generation

_GREETING = set(
    """
    hej hejsan hallå halla tjena tja hallo god morgon kvall dag tack tackar tusen bra hej da hejda
    hello hi hey thanks thank you good morning evening ok okej okay bye
    """.split()
)
# Evaluative and polite words of thanks ("tack, det var till stor hjälp", "really helpful"): no topic.
_POLITE = set(
    """
    stor stort bra jattebra superbra toppen perfekt snallt snall vanligt vanlig nyttigt nyttig anvandbart
    really very great helpful useful nice kind much lot so
    """.split()
)
_THANKS = re.compile(r"\b(?:tack\w*|thanks?|thx|tusen tack)\b")
_META = set("du dig you hjalp hjalpa help fungerar funkar assistent assistenten bot".split())

# A request for the help text closing a sentence ("Hejsan! Tack för senast, vad kan du svara på?"):
# small talk whatever greeting or words of the documents come before it.
_HELP_REQUEST = re.compile(
    r"(?:\bvad kan (?:du|ni) (?:svara pa|hjalpa (?:mig |oss )?(?:till )?med|gora|svara om|beratta om)"
    r"|\bvad kan (?:du|ni)|\bhur (?:fungerar|funkar) (?:du|ni|det har|den har tjansten)"
    r"|\bwhat (?:can|do) you (?:do|answer|help (?:me |us )?with|know)|\bwhat can you\b(?: help with)?"
    r"|\bhow do(?:es)? (?:you|this) work)\s*[?!.]*$"
)


def is_help_request(folded: str) -> bool:
    """Does the line end by asking what the assistant can do ("..., vad kan du svara på?")?"""
    return bool(_HELP_REQUEST.search(folded.strip()))


def is_smalltalk(folded: str, terms: list[str], generation: Generation) -> bool:
    """Greeting, thanks or a question about the assistant itself, with no word the documents use."""
    if is_help_request(folded):
        return True
    words = [
        w for w in re.findall(r"[a-z]+", folded)
        if (w in _GREETING or w in _META or not is_stopword(w)) and w not in _POLITE
    ]
    if not words or len(words) > 8:
        return False
    social = sum(w in _GREETING or w in _META for w in words)
    social_stems = {stem(w) for w in _GREETING | _META | _POLITE}
    topical = [t for t in terms if generation.knows(t) and stem(t) not in social_stems]
    # "Thanks, that was really helpful!": opened by a greeting or thanks, the polite rest asks nothing
    opens_socially = words[0] in _GREETING
    return social >= 1 and not topical and (social * 2 >= len(words) or opens_socially)


def is_thanks(folded: str) -> bool:
    """Does small talk thank (answered with "Varsågod", not only with the help text)?"""
    return bool(_THANKS.search(folded))
