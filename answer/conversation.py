"""Conversation state for follow-up questions ("och för Blekinge?", "vem leder den?").

Front-ends hold one `Conversation` per chat (and per user in a group) and pass it to
`Answerer.ask`; the answer layer resolves an elliptic question against it. Kept here,
not in the front-ends, so the terminal, Telegram and the JSON batch behave the same.

Resolution is by the question's form, never by topic lists: a question that opens
elliptically ("och ...", "what about ...") or refers back with a pronoun and brings
little content of its own takes the previous turn's entities and topic; one that
names a new region/body swaps it in; any other question starts afresh.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from index.query import fold, is_stopword

MAX_TURNS = 6  # older turns are dropped: state stays bounded
IDLE_SECONDS = 30 * 60  # a conversation left alone this long starts afresh
MAX_OWN_TERMS = 2  # a referring question with more known content words than this stands on its own

_ELLIPTIC_START = re.compile(
    r"^(?:och|samt|men|and|also|what about|how about|hur (?:ar|blir) det (?:med|i|for)|samma)\b"
)
_PRONOUN = re.compile(
    r"\b(?:den|det|dess|denna|detta|dem|dessa|dar|dit|hen|hon|han|henne|honom|it|its|there|they|them|he|she|her|him|his)\b"
)
_PLACE_PRONOUN = {"dar", "dit", "there"}
_PERSON_PRONOUN = {"hen", "hon", "han", "henne", "honom", "he", "she", "her", "him", "his"}
# Words that open a question and are no part of its topic ("Finns det något", "Vad ska").
_AUXILIARY = {
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


@dataclass
class Turn:
    """One question as asked, as understood, and whether it was answered; with what it
    named (entities as (kind, text)), its topic phrase and content terms, and the people
    the answer gave, so a follow-up can refer to them."""

    question: str
    resolved: str
    answered: bool
    entities: list[tuple[str, str]] = field(default_factory=list)
    topic: str = ""
    terms: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)


@dataclass
class Conversation:
    """The last turns of one chat (bounded), with the time of the last question."""

    turns: list[Turn] = field(default_factory=list)
    last_active: float = field(default_factory=time.monotonic)

    def expired(self, now: float | None = None) -> bool:
        """True when the conversation has been idle longer than `IDLE_SECONDS`."""
        return ((now if now is not None else time.monotonic()) - self.last_active) > IDLE_SECONDS

    def reset(self) -> None:
        """Forget every turn (`/ny`, or after expiry)."""
        self.turns.clear()
        self.last_active = time.monotonic()

    def add(self, turn: Turn) -> None:
        """Remember a turn, keeping at most `MAX_TURNS`."""
        self.turns.append(turn)
        del self.turns[:-MAX_TURNS]
        self.last_active = time.monotonic()

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None


@dataclass
class Resolution:
    """A question as understood in its conversation: the full text, the entities carried
    over from earlier turns and the earlier topic's terms (weighed less in search)."""

    text: str
    carried: list[tuple[str, str]] = field(default_factory=list)
    context_terms: list[str] = field(default_factory=list)
    follow_up: bool = False
    topic: str = ""  # the earlier topic a follow-up keeps ("den" stays the same plan)


def is_referring(question: str, own_known_terms: int) -> bool:
    """Elliptic ("och i Halland?") or a pronoun with little content of its own ("vem leder den?")."""
    folded = fold(question).rstrip("?!. ")
    if _ELLIPTIC_START.search(folded):
        return True
    return bool(_PRONOUN.search(folded)) and own_known_terms <= MAX_OWN_TERMS and not _dummy_subject(folded)


def _dummy_subject(folded: str) -> bool:
    """ "Finns det ...", "Vad är det som ...", "Is there ...": the pronoun refers to nothing."""
    return (
        bool(re.match(r"^(?:finns det|fanns det|vad ar det som|ar det|is there|are there)\b", folded))
        and len(folded.split()) > 4
    )


def resolve(
    question: str, conversation: Conversation | None, own_entities: list[tuple[str, str]], own_known_terms: int
) -> Resolution:
    """The question made whole against the conversation's last turn (see module docstring)."""
    previous = conversation.last if conversation else None
    if previous is None or not is_referring(question, own_known_terms):
        return Resolution(question)
    own_kinds = {kind for kind, _ in own_entities}
    carried = [(k, t) for k, t in previous.entities if k not in own_kinds]
    if own_entities and own_known_terms == 0 and _is_elliptic(question):
        text = _swap_entities(previous.resolved, previous.entities, own_entities)  # "och för Blekinge?"
    elif own_entities and own_known_terms > 0:
        text = question  # "och i Södra, vilka parter samarbetar där?": its own question, earlier terms as context
    else:
        text = _replace_pronoun(question, previous)
    return Resolution(text, carried, previous.terms, True, previous.topic)


def _is_elliptic(question: str) -> bool:
    return bool(_ELLIPTIC_START.search(fold(question))) or len(question.split()) <= 4


def _swap_entities(previous: str, old: list[tuple[str, str]], new: list[tuple[str, str]]) -> str:
    """The previous question with its region/body replaced by the newly named one(s)."""
    text = previous
    swapped = False
    for kind, new_text in new:
        same = [t for k, t in old if k == kind] or [t for k, t in old if k in ("region", "healthregion", "body", "org")]
        for old_text in same[:1]:
            span = _find(text, old_text)
            if span:
                text = text[: span[0]] + new_text + text[span[1] :]
                swapped = True
    if not swapped:
        text = f"{previous.rstrip('?!. ')} – {' '.join(t for _, t in new)}?"
    return text


def _find(text: str, needle: str) -> tuple[int, int] | None:
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


def _replace_pronoun(question: str, previous: Turn) -> str:
    """The pronoun replaced by the previous turn's topic (a person pronoun by the person
    the previous answer named; "där" by "i <topic>")."""
    topic = previous.topic or previous.resolved.rstrip("?!. ")
    words = question.rstrip("?!. ").split()
    for i, word in enumerate(words):
        folded = fold(word).strip(",.;:")
        if not _PRONOUN.fullmatch(folded):
            continue
        if folded in _PERSON_PRONOUN and previous.people:
            words[i] = previous.people[0]
        elif folded in _PLACE_PRONOUN:
            words[i] = ("in " if folded == "there" else "i ") + topic
        elif folded == "its":
            words[i] = f"{topic}'s"
        elif folded == "dess":
            words[i] = f"{topic}s"
        else:
            words[i] = topic
        return " ".join(words) + "?"
    return f"{question.rstrip('?!. ')} ({topic})?"


def topic_phrase(question: str, bodies: list[str]) -> str:
    """What a question is about, for a later "den/det/it": a named body ("RCC Syd") when
    there is one, else the question without its opening question words (and without a
    closing verb after an auxiliary: "Vad ska X ersätta?" → "X")."""
    if bodies:
        return bodies[0]
    words = question.rstrip("?!. ").split()
    opening: list[str] = []
    while words and (is_stopword(fold(words[0])) or fold(words[0]) in _OPENERS):
        opening.append(fold(words.pop(0)))
    if any(w in _AUXILIARY for w in opening) and len(words) >= 2:
        words = words[:-1]
    return " ".join(words)


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
