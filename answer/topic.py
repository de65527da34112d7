"""What a question is about, for a later "den", "det", "it", "där": the topic phrase a
follow-up's pronoun is replaced by. A named body when there is one ("RCC Syd"), else
the noun phrase of a body word with its attachments ("Södra regionvårdsnämnden", "den
regionala styrgruppen för kunskapsstyrning i Mellansverige"), else a region the question
ends with, else the question without its question words. By the form of the question,
never by lists of topics.
"""

from __future__ import annotations

from answer.query import BODY_WORD
from index.query import fold, is_stopword

# Words that open a question and are no part of its topic ("Finns det något", "Vad ska").
AUXILIARY = {
    "ska",
    "skall",
    "kan",
    "bor",
    "maste",
    "far",
    "will",
    "does",
    "do",
    "did",
    "is",
    "was",
    "are",
    "were",
    "should",
}


def topic_phrase(question: str, bodies: list[str], places: list[str] | None = None) -> str:
    """What a question is about, for a later "den/det/it": a named body ("RCC Syd") when
    there is one, else the noun phrase of a body word, else a region the question ends
    with ("Vilka regioner ingår i sjukvårdsregion Mellansverige?"), else the question
    without its opening question words (and without a closing verb after an auxiliary:
    "Vad ska X ersätta?" → "X")."""
    words = question.rstrip("?!. ").split()
    if bodies:
        return _with_head_noun(words, bodies[0])
    at = next((i for i, w in enumerate(words) if i > 0 and BODY_WORD.search(fold(w).strip(",.;:"))), None)
    if at is not None:  # "Vilka ledamöter har samverkansnämnden i Norra ..." → "samverkansnämnden i Norra ..."
        return " ".join(words[_noun_phrase_start(words, at) : _noun_phrase_end(words, at)])
    final_place = _final_place(words, places or [])
    if final_place:
        return final_place
    opening: list[str] = []
    while words and (is_stopword(fold(words[0])) or fold(words[0]) in _OPENERS):
        opening.append(fold(words.pop(0)))
    if any(w in AUXILIARY for w in opening) and len(words) >= 2:
        words = words[:-1]
    elif opening and opening[-1] in _VERB_SECOND and len(words) >= 3 and words[0][:1].islower():
        # Swedish verb-second: "Vad bygger handlingsplanen … på?" → "handlingsplanen …"
        words = words[1:]
        if fold(words[-1]) in _PARTICLES:
            words = words[:-1]
    return " ".join(words)


# Question words a Swedish finite verb follows ("vad bygger", "när gäller"), unlike "vilka regioner".
_VERB_SECOND = {"vad", "nar", "var", "varfor", "vem", "ofta", "lange"}
_PARTICLES = {"pa", "om", "av", "till", "med", "ut", "in", "upp", "for", "at"}


_DETERMINERS = {"den", "det", "de", "the"}
_ENGLISH_BODY_NOUNS = {"platform", "office", "network", "centre", "center", "council", "unit", "secretariat"}


def _with_head_noun(words: list[str], body: str) -> str:
    """A named body with the noun it modifies ("SBHSS hälsoplattform", "the SBHSS health
    platform"): the body name alone when no body noun follows within two words."""
    folded = [fold(w) for w in words]
    parts = fold(body).split()
    at = next((i for i in range(len(words)) if folded[i : i + len(parts)] == parts), None)
    if at is None or not words[at + len(parts) - 1][-1:].isalnum():
        return body
    end = at + len(parts)
    for i in range(end, min(end + 2, len(words))):
        if not words[i].isalpha():
            break
        if BODY_WORD.search(folded[i]) or folded[i] in _ENGLISH_BODY_NOUNS:
            start = at - 1 if at > 0 and folded[at - 1] in _DETERMINERS else at
            return " ".join(words[start : i + 1])
    return body
_PLACE_WORDS = ("sjukvardsregion", "region", "healthcare", "health", "lan", "lans", "county")


def _final_place(words: list[str], places: list[str]) -> str:
    """The region phrase a question ends with ("the Mellansverige healthcare region",
    "sjukvårdsregion Mellansverige", "Region Halland"), or ""."""
    folded = [fold(w).strip(",.;:") for w in words]
    for place in places:
        first = fold(place).split()[0] if place.split() else ""
        at = next((i for i, w in enumerate(folded) if w.startswith(first)), None) if first else None
        if at is None or not all(w.startswith(_PLACE_WORDS) for w in folded[at + len(place.split()) :]):
            continue
        while at > 0 and (folded[at - 1].startswith(_PLACE_WORDS) or folded[at - 1] == "the"):
            at -= 1
        return " ".join(words[at:])
    return ""
_PREPOSITIONS = {"i", "for", "inom", "pa", "vid", "in", "of", "at", "within"}


def _noun_phrase_end(words: list[str], head: int) -> int:
    """Where the noun phrase of a body word ends: its prepositional attachments stay ("i
    Norra sjukvårdsregionen", "för nära vård"); a closing verb does not ("What does the
    northern board do?", "Vad ska styrgruppen för kunskapsstyrning göra?")."""
    while head + 1 < len(words) and words[head + 1][:1].isupper():
        head += 1  # a name goes with it: "Forum Söder", "Ledningsgruppen Nära vård"
    if head + 1 < len(words) and fold(words[head + 1]) not in _PREPOSITIONS:
        return head + 1
    auxiliary = any(fold(w) in AUXILIARY for w in words[:head])
    last = words[-1] if len(words) > head + 2 else ""
    if auxiliary and last[:1].islower() and fold(last) not in _PREPOSITIONS:
        return len(words) - 1
    return len(words)


def _noun_phrase_start(words: list[str], head: int) -> int:
    """Where the noun phrase of a body word begins: back to a determiner within three words
    ("den regionala styrgruppen", "the regional healthcare board"), else over capitalised
    words ("Södra regionvårdsnämnden", "Västra sjukvårdsregionens regionvårdsnämnd")."""
    for i in range(head - 1, max(0, head - 4), -1):
        folded = fold(words[i])
        if folded in _DETERMINERS:
            return i
        if is_stopword(folded) or folded in _OPENERS or words[i][:1].isupper():
            break
    start = head
    while start > 1 and words[start - 1][:1].isupper():
        start -= 1
    return start


_OPENERS = {
    "vem",
    "vilka",
    "vilken",
    "vilket",
    "vad",
    "hur",
    "nar",
    "var",
    "finns",
    "manga",
    "who",
    "what",
    "which",
    "how",
    "when",
    "where",
    "why",
    "is",
    "are",
    "does",
    "do",
    "many",
    "much",
    "the",
    "ar",
    "gor",
}
