"""Questions that leave out what they are about: "när är nästa möte?", "hur många ledamöter
finns?", "vem är sekreterare?" right after a turn about a body ask about that body, though
they have no pronoun. Told by their form: no region or body of their own, and nothing
asked but what every body has (its roles, members, meetings, term of office)."""

from __future__ import annotations

import re

from answer.query import BODY_WORD, ROLE_WORDS
from index.query import fold, is_stopword

# What any body has, so a question about only these is about the body in the conversation.
_BODY_ATTRIBUTE = re.compile(
    r"(?:mote|moten|motet|motena|motes|sammantrade\w*|sammantrad\w*|traff\w*|trafas|traffas|ledamot\w*|medlem\w*"
    r"|mandat\w*|period\w*|meeting\w*|meet|meets|members?|membership|term|convene\w*|chairs?|leads?|leder|leds)$"
)
_INFLECTION = "e|en|n|ns|s|ar|arna|er|erna|es|na|ns"
_ROLE_MODIFIERS = {"vice", "bitradande", "stallforetradande", "deputy", "assistant", "tf"}
# Words that ask how or which of an attribute, not what about.
_ASKING = set(
    """
    vem vilka vilken vilket vad hur nar var manga mycket ofta lange finns fanns har hade ar var blir nasta
    forra senaste kommande aktuell nuvarande nu antal lang langa who whom what which when where how many much often long
    next last upcoming current currently now there is are was were does do has have will the a of
    """.split()
)


def asks_body_attribute(question: str) -> bool:
    """Does the question ask only for something every body has (no topic of its own)?"""
    words = [w.strip(",.;:?!") for w in fold(question).split()]
    roles = {w for r in ROLE_WORDS for w in fold(r).split()} | _ROLE_MODIFIERS
    content = [w for w in words if w and w not in _ASKING and not is_stopword(w)]
    return bool(content) and all(_BODY_ATTRIBUTE.fullmatch(w) or _is_role(w, roles) for w in content)


def about_body(entities: list[tuple[str, str]], topic: str) -> bool:
    """Was a turn about a body (a named one, or a body noun in its topic)?"""
    words = [fold(w).strip(",.;:") for w in topic.split()]
    # a body in the genitive counts too ("läkemedelsrådets sammanträde")
    return any(k == "body" for k, _ in entities) or any(BODY_WORD.search(w) or BODY_WORD.search(w[:-1]) for w in words if w)


def the_body(question: str, entities: list[tuple[str, str]], topic: str) -> str | None:
    """ "the board", "the council" alone (English has no compound to match the earlier
    body's name against) refers to the body the earlier turn was about: the question with
    the topic in its place, else None."""
    words = question.rstrip("?!. ").split()
    if not about_body(entities, topic) or fold(topic).startswith("the "):
        return None
    for i in range(1, len(words) - 1):
        noun = fold(words[i + 1]).strip(",.;:")
        if fold(words[i]) == "the" and BODY_WORD.fullmatch(noun) and not fold(topic).endswith(noun):
            return " ".join(words[:i] + [topic] + words[i + 2 :]) + "?"
    return None


def _is_role(word: str, roles: set[str]) -> bool:
    return any(re.fullmatch(rf"{r}(?:{_INFLECTION})?", word) for r in roles)  # "chefsamråden" is no "chef"


_NOW = re.compile(r"\b(?:nu|numera|idag|i dag|nuvarande|aktuell\w*|now|currently|today|at present|current)\b")
_YEAR = re.compile(r"\s*\b(?:(?:i|in|ar|år|under|during|for|för)\s+)?(?:19|20)\d\d\b(?:\s*[-–]\s*(?:19|20)?\d\d\b)?")


def asks_about_now(question: str) -> bool:
    """ "and who is the secretary now?": an earlier year no longer holds."""
    return bool(_NOW.search(fold(question)))


def without_years(text: str) -> str:
    """A question or topic without its years ("… in 2020?" → "…?"): asked about now."""
    return re.sub(r"\s+([?!.,])", r"\1", _YEAR.sub("", text)).strip()
