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

from answer.query import BODY_WORD
from index.query import fold, is_stopword
from index.query_translation import looks_english

MAX_TURNS = 6  # older turns are dropped: state stays bounded
IDLE_SECONDS = 30 * 60  # a conversation left alone this long starts afresh
MAX_OWN_TERMS = 2  # a referring question with more known content words than this stands on its own
MAX_BARE_WORDS = 4  # a question of only a region/body name this short ("Blekinge då?") switches the last one

_ELLIPTIC_START = re.compile(
    r"^(?:och|samt|men|and|also|what about|how about|hur (?:ar|blir) det (?:med|i|for)|samma)\b|\b(?:da|then)$"
)
_PRONOUN = re.compile(
    r"\b(?:den|det|dess|denna|detta|dem|dessa|deras|dar|dit|hen|hon|han|henne|honom|hens|hans|hennes"
    r"|it|its|there|they|them|their|he|she|her|him|his)\b"
)
# "de"/"dom" (they) is also an article ("de fem regionerna"): a pronoun only at the end or before a function word.
_THEY = re.compile(r"\b(?:de|dom)\b(?=\s*$|\s+(?:i|pa|for|med|om|nu|da|har|ha|sig|sin|sina|ofta|nagon|nagot)\b)")
_PLACE_PRONOUN = {"dar", "dit", "there"}
_PERSON_PRONOUN = {"hen", "hon", "han", "henne", "honom", "he", "she", "her", "him", "his", "hens", "hans", "hennes"}
_POSSESSIVE = {"hens", "hans", "hennes", "his", "dess", "its", "deras", "their"}
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
    choices: list[str] = field(default_factory=list)  # what the answer offered to pick from
    choice_kind: str = ""  # person (a name: ask about them) | qualifier (a region or body for the same question)


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
    pronoun = bool(_PRONOUN.search(folded) or _THEY.search(folded))
    return pronoun and own_known_terms <= MAX_OWN_TERMS and not _dummy_subject(folded)


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
    if previous is None:
        return Resolution(question)
    picked = _picked(question, previous)
    if picked is not None:
        return Resolution(picked, [], previous.terms, True, previous.topic)
    head = _definite_head(question, previous) if not own_entities else None
    if head is not None:  # "hur ofta träffas gruppen?" after "ledningsgruppen för nära vård"
        return Resolution(head, list(previous.entities), previous.terms, True, previous.topic)
    bare = own_known_terms == 0 and _only_names(question, own_entities)
    if not bare and not is_referring(question, own_known_terms):  # "Blekinge?" alone switches too
        return Resolution(question)
    own_kinds = {kind for kind, _ in own_entities}
    carried = [(k, t) for k, t in previous.entities if k not in own_kinds]
    if own_entities and own_known_terms == 0 and _is_elliptic(question):
        text = _swap_entities(previous.resolved, previous.entities, own_entities)  # "och för Blekinge?"
    elif own_entities and own_known_terms > 0:
        text = question  # "och i Södra, vilka parter samarbetar där?": its own question, earlier terms as context
        if not own_kinds & {k for k, _ in previous.entities} and _has_place_pronoun(question):
            text = _replace_pronoun(question, previous)  # "kontaktperson för Blekinge där?": där is the earlier body
    else:
        text = _replace_pronoun(question, previous)
    return Resolution(text, carried, previous.terms, True, previous.topic)


_PARTICLES = {"och", "for", "i", "pa", "da", "region", "regionen", "and", "for", "in", "then", "the", "with", "med"}


def _only_names(question: str, entities: list[tuple[str, str]]) -> bool:
    """Is the question just a region or body name with particles ("Blekinge?", "Halland då?")?"""
    words = fold(question).rstrip("?!. ").split()
    if not entities or len(words) > MAX_BARE_WORDS:
        return False
    named = {w for _, text in entities for w in fold(text).split()}
    return all(w in named or w in _PARTICLES for w in words)


def _picked(question: str, previous: Turn) -> str | None:
    """The question made whole when it picks one of the previous answer's choices (by
    number or by its text): a person is asked about by name; a region or body is put into
    the previous question ("Vem leder samverkansnämnden i Norra sjukvårdsregionen?")."""
    if not previous.choices:
        return None
    text = question.strip().rstrip("?!. ")
    if text.isdigit() and 1 <= int(text) <= len(previous.choices):
        choice = previous.choices[int(text) - 1]
    else:
        typed = fold(text).split()
        fitting = [c for c in previous.choices if typed and _contains_words(fold(c).split(), typed)]
        choice = fitting[0] if len(fitting) == 1 else ""  # "Mellansverige" picks "sjukvårdsregion Mellansverige"
    if not choice:
        return None
    if previous.choice_kind != "qualifier":
        return choice
    span = next((_find(previous.resolved, t) for _, t in previous.entities if fold(choice).startswith(fold(t))), None)
    if span:  # "Vad gör RCC?" → "Vad gör RCC Väst?"
        return previous.resolved[: span[0]] + choice + previous.resolved[span[1] :]
    into = " in " if looks_english(previous.question) else " i "
    return previous.resolved.rstrip("?!. ") + into + choice + "?"


def _contains_words(words: list[str], part: list[str]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _definite_head(question: str, previous: Turn) -> str | None:
    """A definite body noun that is the head of the earlier topic's body ("gruppen" for
    "ledningsgruppen för nära vård", "nämnden" for "samverkansnämnden i Norra ...") refers
    to that body: the question with the noun replaced by the topic."""
    topic_words = [fold(w).strip(",.;:") for w in previous.topic.split()]
    bodies = [w for w in topic_words if BODY_WORD.search(w)]
    words = question.rstrip("?!. ").split()
    for i, word in enumerate(words):
        folded = fold(word).strip(",.;:")
        if i == 0 or not BODY_WORD.search(folded) or folded in topic_words:
            continue
        if any(b.endswith(folded) and len(b) > len(folded) for b in bodies):
            words[i] = previous.topic
            return " ".join(words) + "?"
    return None


def _has_place_pronoun(question: str) -> bool:
    return any(fold(w).strip(",.;:?!") in _PLACE_PRONOUN for w in question.split())


def _is_elliptic(question: str) -> bool:
    return bool(_ELLIPTIC_START.search(fold(question).rstrip("?!. "))) or len(question.split()) <= 4


def _swap_entities(previous: str, old: list[tuple[str, str]], new: list[tuple[str, str]]) -> str:
    """The previous question with its region/body replaced by the newly named one(s)."""
    text = previous
    swapped = False
    for kind, new_text in new:
        same = [t for k, t in old if k == kind] or [t for k, t in old if k in ("region", "healthregion", "body", "org")]
        for old_text in same[:1]:
            span = _find(text, old_text)
            if span:
                end = span[1]
                county = re.match(r" läns?\b", text[end:])  # "Jönköpings län" → "Halland", not "Halland län"
                if county and "län" not in new_text:
                    end += county.end()
                text = text[: span[0]] + new_text + text[end:]
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
    places = [t for k, t in previous.entities if k in ("region", "healthregion")]
    names_body = any(BODY_WORD.search(w.strip(",.;:")) for w in fold(topic).split()) or any(
        k == "body" for k, _ in previous.entities
    )
    place = topic if names_body or not places else places[0]
    words = question.rstrip("?!. ").split()
    folded_words = [fold(w).strip(",.;:") for w in words]
    for i, folded in enumerate(folded_words):
        they = folded in ("de", "dom") and bool(_THEY.search(" ".join(folded_words[i:])))
        if not _PRONOUN.fullmatch(folded) and not they:
            continue
        if folded in _PERSON_PRONOUN and previous.people:
            name = re.sub(r"\s*\([^)]*\)", "", previous.people[0])  # "Birgitta Holm (M)": no party letters
            words[i] = (f"{name}'s" if folded == "his" else f"{name}s") if folded in _POSSESSIVE else name
        elif folded in _PLACE_PRONOUN:
            words[i] = ("in " if folded == "there" else "i ") + place
        elif folded == "its":
            words[i] = f"{topic}'s"
        elif folded in ("dess", "deras"):
            words[i] = f"{topic}s"
        elif folded == "their":
            words[i] = f"{topic}'s"
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
    at = next((i for i, w in enumerate(words) if i > 0 and BODY_WORD.search(fold(w).strip(",.;:"))), None)
    if at is not None:  # "Vilka ledamöter har samverkansnämnden i Norra ..." → "samverkansnämnden i Norra ..."
        return " ".join(words[_noun_phrase_start(words, at) :])
    opening: list[str] = []
    while words and (is_stopword(fold(words[0])) or fold(words[0]) in _OPENERS):
        opening.append(fold(words.pop(0)))
    if any(w in _AUXILIARY for w in opening) and len(words) >= 2:
        words = words[:-1]
    return " ".join(words)


_DETERMINERS = {"den", "det", "de", "the"}


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
