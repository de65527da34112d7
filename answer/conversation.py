"""Conversation state for follow-up questions ("och för Blekinge?", "vem leder den?").

Front-ends hold one `Conversation` per chat (and per user in a group) and pass it to
`Answerer.ask`; the answer layer resolves an elliptic question against it. Kept here,
not in the front-ends, so the terminal, Telegram and the JSON batch behave the same.

Resolution is by the question's form, never by topic lists: a question that opens
elliptically ("och ...", "what about ...", "... då?"), is only a region or body name
("Blekinge?"), or refers back with a pronoun ("den", "de", "hennes", "it", "his") or a
definite head noun ("gruppen" after "ledningsgruppen ...") and brings little content of
its own takes the previous turn's topic (`answer.topic`); one that names a new region,
body or role swaps it in ("och vice ordförande?"); a pick of the previous answer's
choices (by number or text) continues that question; any other question starts afresh.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from answer.ellipsis import about_body, asks_about_now, asks_body_attribute, the_body, without_years
from answer.period_followup import with_period
from answer.pronouns import dummy_subject, pronoun_positions
from answer.query import BODY_WORD
from answer.referents import replace_pronoun
from answer.spans import find_span, role_in, spelled
from answer.topic import topic_phrase as topic_phrase  # re-exported: the answerer names the topic of a turn
from index.query import fold
from index.query_translation import looks_english

MAX_TURNS = 6  # older turns are dropped: state stays bounded
IDLE_SECONDS = 30 * 60  # a conversation left alone this long starts afresh
MAX_OWN_TERMS = 2  # a referring question with more known content words than this stands on its own
MAX_BARE_WORDS = 4  # a question of only a region/body name this short ("Blekinge då?") switches the last one

_ELLIPTIC_START = re.compile(
    r"^(?:och|samt|men|and|also|what about|how about|hur (?:ar|blir) det (?:med|i|for)|samma|same)\b|\b(?:da|then)$"
)
_PLACE_PRONOUN = {"dar", "dit", "there"}


@dataclass
class Turn:
    """One question as asked, as understood, and whether it was answered; with what it
    named (entities as (kind, text)), its topic phrase and content terms, the people the
    answer gave or named, and the choices it offered, so a follow-up can refer to them."""

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
    pronoun = bool(pronoun_positions(folded.split()))
    return pronoun and own_known_terms <= MAX_OWN_TERMS and not dummy_subject(folded)


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
    if (period := with_period(question, previous.resolved)) is not None:  # "och förra året?", "and in 2023?"
        return Resolution(period, list(previous.entities), [t for t in previous.terms if not t.isdigit()], True, previous.topic)
    head = (_definite_head(question, previous) or the_body(question, previous.entities, previous.topic)) if not own_entities else None
    if head is not None:  # "hur ofta träffas gruppen?" after "ledningsgruppen för nära vård"
        return Resolution(head, list(previous.entities), previous.terms, True, previous.topic)
    bare = own_known_terms == 0 and _only_names(question, own_entities)
    # "när är nästa möte?" after a turn about a body: about that body, though no pronoun says so
    attribute = not own_entities and about_body(previous.entities, previous.topic) and asks_body_attribute(question)
    if not bare and not attribute and not is_referring(question, own_known_terms):  # "Blekinge?" alone switches too
        return Resolution(question)
    own_kinds = {kind for kind, _ in own_entities}
    carried = [(k, t) for k, t in previous.entities if k not in own_kinds]
    context = previous
    topic = ""
    role_swapped = _swap_role(previous.resolved, question) if _ELLIPTIC_START.search(fold(question)) else None
    if role_swapped is not None:  # "och vice ordförande?", "och vem är biträdande?"
        text = _swap_entities(role_swapped, previous.entities, own_entities) if own_entities else role_swapped
    elif (switched := _switch_body(question, previous, own_entities)) is not None:  # "och i samverkansnämnden i Sydöstra?"
        text, topic = switched
    elif own_entities and (own_known_terms == 0 or _only_places(question, own_entities)) and _is_elliptic(question) and _is_fragment(question):
        context = _latest_with_place(conversation, own_kinds) or previous  # after "vilken mejl har han?" too
        place = _place_as_written(question, own_entities)
        text = _swap_entities(context.resolved, context.entities, place)  # "och för Blekinge?"
        topic = _swap_entities(context.topic, context.entities, place, append=False)
    elif own_entities:
        text = question  # "och i Södra, vilka parter samarbetar där?": its own question, earlier terms as context
        if not own_kinds & {k for k, _ in previous.entities} and _has_place_pronoun(question):
            text = replace_pronoun(question, previous)  # "kontaktperson för Blekinge där?": där is the earlier body
    else:
        text = replace_pronoun(question, previous)
    topic = topic or context.topic
    if asks_about_now(question):  # "and who is the secretary now?": the earlier year no longer holds
        text, topic = without_years(text), without_years(topic)
    return Resolution(text, carried, [t for t in context.terms if not t.isdigit()], True, topic)


_FRAGMENT_OPENING = re.compile(
    r"^(?:och|samt|men|and|also|what about|how about)\s+(?:(?:i|för|hos|inom|in|for|at|on|of)\s+)*", re.IGNORECASE
)
_FRAGMENT_CLOSING = re.compile(r"\s+(?:då|then)$", re.IGNORECASE)


def _switch_body(question: str, previous: Turn, own: list[tuple[str, str]]) -> tuple[str, str] | None:
    """An elliptic fragment naming a body phrase ("och i samverkansnämnden i Sydöstra?")
    put into the previous question in place of its topic, so the asked role or attribute
    carries over: (the new question, the new topic), else None."""
    if not _ELLIPTIC_START.search(fold(question)) or not _is_fragment(question) or not previous.topic:
        return None
    phrase = _FRAGMENT_CLOSING.sub("", _FRAGMENT_OPENING.sub("", question.strip().rstrip("?!. ,")))
    named = any(k == "body" and fold(t) in fold(phrase) for k, t in own)  # "och i RPO rörelseorganens sjukdomar?"
    if not named and not any(BODY_WORD.search(fold(w).strip(",.;:")) for w in phrase.split()):
        return None
    span = find_span(previous.resolved, previous.topic)
    if span is None or fold(phrase) == fold(previous.topic):
        return None
    return previous.resolved[: span[0]] + phrase + previous.resolved[span[1] :], phrase


_PARTICLES = {"och", "for", "i", "pa", "da", "region", "regionen", "and", "in", "then", "the", "with", "med"}


_ROLE_MODIFIERS = ("vice", "bitradande", "stallforetradande", "deputy", "assistant")


def _swap_role(previous: str, question: str) -> str | None:
    """An elliptic role ("och vice ordförande?") or role modifier ("och vem är
    biträdande?") put into the previous question in place of, or before, its role."""
    old, new = role_in(previous), role_in(question)
    span = find_span(previous, old) if old else None
    if span is None:
        return None
    if new and new != old:
        if not _is_fragment(question):  # "och vem är sekreterare där?" is a whole question of its own
            return None
        replacement = spelled(question, new)
        before = re.search(rf"\b({'|'.join(_ROLE_MODIFIERS)})\s+{re.escape(new)}", fold(question))
        if before and not new.startswith(before.group(1)):  # "and the vice chair?": the modifier goes along
            replacement = f"{spelled(question, before.group(1))} {replacement}"
    else:
        modifier = next((m for m in _ROLE_MODIFIERS if re.search(rf"\b{m}\b", fold(question))), "")
        if not modifier or modifier in fold(previous):
            return None
        replacement = f"{spelled(question, modifier)} {previous[span[0] : span[1]]}"
    return previous[: span[0]] + replacement + previous[span[1] :]


_SWAPPABLE = {"region", "healthregion", "body", "org"}


def _latest_with_place(conversation: Conversation | None, kinds: set[str]) -> Turn | None:
    """The latest turn that named a region or body a new one can take the place of."""
    for turn in reversed(conversation.turns if conversation else []):
        if any(k in kinds or k in _SWAPPABLE for k, _ in turn.entities):
            return turn
    return None


_PLACE_WORDS = {
    "region", "regions", "regionen", "healthcare", "sjukvardsregion", "sjukvardsregionen", "county", "lan", "about",
    "what", "how", "southern", "northern", "western", "eastern", "south", "north", "west", "east", "south-east",
}


def _place_as_written(question: str, entities: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The places of a fragment to put in: the fragment as the user wrote it when its places
    are several ("Stockholm-Gotland") or were inferred ("the southern region" → södra)."""
    phrase = _FRAGMENT_CLOSING.sub("", _FRAGMENT_OPENING.sub("", question.strip().rstrip("?!. ,")))
    places = [(k, t) for k, t in entities if k in ("region", "healthregion")]
    if len(places) > 1:
        return [("places", phrase)]  # takes the place of any earlier region or health-care region
    if any(find_span(question, text) is None for _, text in places):
        return [(places[0][0], phrase)]
    return entities


def _only_places(question: str, entities: list[tuple[str, str]]) -> bool:
    """Is an elliptic fragment nothing but places ("what about the southern region?")?"""
    named = {w for _, text in entities for w in fold(text).split()}
    words = [w.strip(",.;:?!") for w in fold(question).split()]
    return all(w in named or w in _PARTICLES or w in _PLACE_WORDS for w in words if w)


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
    span = next((find_span(previous.resolved, t) for _, t in previous.entities if fold(choice).startswith(fold(t))), None)
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


def _is_fragment(question: str) -> bool:
    """Is it a fragment ("och för Blekinge?", "hur är det i Sydöstra?") rather than a whole
    question that happens to open with "och" ("Och vad gör Brysselkontoret?")?"""
    folded, before = fold(question).rstrip("?!. "), ""
    while folded != before:  # "och hur är det i ..." opens twice
        before, folded = folded, _ELLIPTIC_START.sub("", folded).strip()
    return not any(w in _QUESTION_WORDS for w in folded.split())


_QUESTION_WORDS = {
    "vem", "vilka", "vilken", "vilket", "vad", "hur", "nar", "var", "varfor",
    "who", "whom", "what", "which", "when", "where", "why", "how",
}


def _is_elliptic(question: str) -> bool:
    return bool(_ELLIPTIC_START.search(fold(question).rstrip("?!. "))) or len(question.split()) <= 4


def _swap_entities(previous: str, old: list[tuple[str, str]], new: list[tuple[str, str]], append: bool = True) -> str:
    """The previous question (or topic) with its region/body replaced by the newly named
    one(s); named after it when it had none (unless `append` is off)."""
    text = previous
    swapped = False
    for kind, new_text in new:
        same = [t for k, t in old if k == kind] or [t for k, t in old if k in ("region", "healthregion", "body", "org")]
        for old_text in same[:1]:
            span = find_span(text, old_text)
            if span:
                end = span[1]
                county = re.match(r" läns?\b", text[end:])  # "Jönköpings län" → "Halland", not "Halland län"
                if county and "län" not in new_text:
                    end += county.end()
                start = span[0]
                if kind != "region" and re.search(r"\bregion $", text[:start], re.IGNORECASE):
                    start -= len("region ")  # "Region Norrbotten" → "the southern region", not "Region the …"
                text = text[:start] + new_text + text[end:]
                swapped = True
    if not swapped and append:
        into = "in" if looks_english(previous) else "i"
        text = f"{previous.rstrip('?!. ')} {into} {' '.join(t for _, t in new)}?"
    return text


