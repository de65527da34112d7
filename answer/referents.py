"""What a pronoun in a follow-up stands for: a person pronoun ("hon", "hans", "her") for a
person the previous answer gave, a place pronoun ("där") for its body or region, any other
("den", "dess", "it") for its topic; the question is rewritten with the referent in place.

Which person: an answer often gives several (a contact list, "Flera personer matchar", a
member list). The people come in the answer's order with those holding the asked role
first (see `ranked_people`), and a gendered pronoun skips a person whose first name is of
the other gender ("hur når jag henne?" after a man and a woman means the woman). When the
previous answer gave nobody, the person the previous question asked for ("lokal
samordnare i Norra Dalarna") stands in, never a place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from answer.pronouns import pronoun_positions
from answer.query import BODY_WORD
from answer.spans import role_in, spelled
from index.query import fold, is_stopword, name_candidates, words
from index.query_translation import looks_english

if TYPE_CHECKING:
    from answer.conversation import Turn
    from answer.types import ContactCard

PERSON_PRONOUN = {"hen", "hon", "han", "henne", "honom", "he", "she", "her", "him", "his", "hens", "hans", "hennes"}
_FEMININE = {"hon", "henne", "hennes", "she", "her"}
_MASCULINE = {"han", "honom", "hans", "he", "him", "his"}
_POSSESSIVE = {"hens", "hans", "hennes", "his", "dess", "its", "deras", "their"}
_PLACE_PRONOUN = {"dar", "dit", "there"}
_PLURAL_PERSON = {"de", "dem", "deras", "they", "them", "their"}  # also said of one person of unknown gender
_ENGLISH_POSSESSIVE = {"his", "her", "their"}
_PREPOSITIONS = {"i", "pa", "for", "vid", "hos", "inom", "in", "of", "at", "on", "within"}
# "hur når jag …" ("når" folds to "nar", like "när": only with "jag"), "reach", "contact"
_REACH = re.compile(r"\b(?:nar jag|na|kontakta|ringa|mejla|reach|contact|call)\b")
_CONTACT_ATTRIBUTE = re.compile(r"\b(?:telefon\w*|nummer|mobil\w*|e-?post\w*|mejl\w*|mail\w*|adress\w*|phone|e-?mail|address)\b")
_COPULA = {"ar", "var", "blir", "blev", "forblir", "varit"}
_ASKED_PERSON = re.compile(r"^(?:vem|vilka|who)\s+(?:ar|var|blir|blev|is|was|are|were)\s+(.+)$", re.IGNORECASE)
MAX_PEOPLE = 6  # people of one answer a later pronoun may refer to
MATCH_PREFIX = 5  # words compared by their first letters ("kompetensförsörjning" ~ "kompetensförsörjningen")


def ranked_people(cards: Iterable[ContactCard], role: str) -> list[str]:
    """The names of an answer's contact cards, those holding the asked role first (a
    "kontaktperson" question may list a member of the same body above the contact person)."""
    cards = list(cards)
    holding = [c for c in cards if role and fold(role) in fold(c.role)]
    names: list[str] = []
    for card in holding + cards:
        if card.name not in names:
            names.append(card.name)
    return names[:MAX_PEOPLE]


def named_people(answer_text: str, directory: set[str], question: str) -> list[str]:
    """People an answer's sentences name, those of the sentence sharing most words with the
    question first (after "och för kompetensförsörjning?" the line on that group, not the
    first line), else in reading order: names the contact directory knows, or a name in
    the line when it knows none ("För perioden 2025–2026 är Karin Ljung, …, ordförande")."""
    lines = [line.strip().lstrip("• ") for line in answer_text.splitlines()]
    lines = [line for line in lines if line and not line.endswith(":")]
    asked = {w[:MATCH_PREFIX] for w in words(question) if len(w) >= MATCH_PREFIX and not is_stopword(w)}
    shared = [len(asked & {w[:MATCH_PREFIX] for w in words(line)}) for line in lines]
    order = sorted(range(len(lines)), key=lambda i: (-shared[i], i))
    people: list[str] = []
    for i in order:
        line = lines[i]
        known = sorted((n for n in directory if n in line), key=line.find) or name_candidates(line)
        people.extend(n for n in known if n not in people)
    return people[:MAX_PEOPLE]


@lru_cache(maxsize=1)
def _gender_detector() -> Any:
    """gender-guesser's first-name table (loaded on the first gendered pronoun; None if absent)."""
    try:
        import gender_guesser.detector as detector
    except ImportError:  # pragma: no cover - a dependency of ingest, declared in pyproject.toml
        return None
    return detector.Detector(case_sensitive=False)


def _gender(name: str) -> str:
    """ "f", "m", or "" when the first name does not tell (unknown, or used for both)."""
    detector = _gender_detector()
    first = name.split()[0] if name.split() else ""
    if detector is None or not first:
        return ""
    guess = detector.get_gender(first.split("-")[0], "sweden")
    return "f" if guess in ("female", "mostly_female") else "m" if guess in ("male", "mostly_male") else ""


def person_for(pronoun: str, people: list[str]) -> str:
    """The first person whose first name fits the pronoun's gender (the first of all when
    none does: the name table is not always right), "" when there is nobody."""
    wanted = "f" if pronoun in _FEMININE else "m" if pronoun in _MASCULINE else ""
    fitting = [p for p in people if not wanted or _gender(p) in (wanted, "")]
    return (fitting or people or [""])[0]


def _predicative_role(words: list[str], positions: set[int], previous: Turn) -> int | None:
    """Where a predicative "det" stands for the role of the person the last answer named
    ("är hon det", "hur länge var han det?"): after a copula and a person pronoun."""
    if not previous.people or not role_in(previous.resolved):
        return None
    for i in sorted(positions):
        if words[i] != "det" or i < 2:
            continue
        if words[i - 1] in PERSON_PRONOUN and words[i - 2] in _COPULA:
            return i
    return None


def _attached(topic: str) -> bool:
    """Does a topic phrase end in a prepositional attachment ("samverkansnämnden i Sydöstra"),
    so that a genitive -s cannot be put on it?"""
    return any(fold(w) in {"i", "for", "inom", "pa", "vid", "in", "of", "at"} for w in topic.split()[1:])


def _asked_person(previous: Turn) -> str:
    """The person the previous question asked for ("Vem är lokal samordnare i Norra
    Dalarna?" → "lokal samordnare i Norra Dalarna"), "" when it asked for none."""
    asked = previous.resolved.strip().rstrip("?!. ")
    match = _ASKED_PERSON.match(fold(asked))  # folding keeps lengths: the span holds in the original
    return asked[match.start(1) :] if match and role_in(match.group(1)) else ""


def _asks_for_contact(folded_words: list[str]) -> bool:
    """Does the question ask how to reach someone (an e-mail, a phone number, "reach", "nå")?"""
    text = " ".join(folded_words)
    return bool(_CONTACT_ATTRIBUTE.search(text) or _REACH.search(text))


def _genitive(name: str, pronoun: str) -> str:
    """A possessive pronoun's referent in the genitive ("Karin Mattssons", "Karl Wennberg's")."""
    if pronoun in _ENGLISH_POSSESSIVE:
        return f"{name}'s"
    return name if name.endswith(("s", "x", "z")) else f"{name}s"


def replace_pronoun(question: str, previous: Turn) -> str:
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
    positions = pronoun_positions(folded_words)
    role_of = _predicative_role(folded_words, positions, previous)
    if role_of is not None:  # "hur länge är hon det?": det is her role in the earlier body
        positions.discard(role_of)
        words[role_of] = f"{spelled(previous.resolved, role_in(previous.resolved))} i {topic}"
    people = [re.sub(r"\s*\([^)]*\)", "", p) for p in previous.people]  # "Birgitta Holm (M)": no party letters
    for i, folded in enumerate(folded_words):
        if i not in positions:
            continue
        person = (person_for(folded, people) or _asked_person(previous)) if folded in PERSON_PRONOUN else ""
        if not person and folded in _PLURAL_PERSON and people and _asks_for_contact(folded_words):
            person = people[0]  # "what is their e-mail?", "hur når jag dem?" after an answer giving a person
        if person:
            possessive = folded in _POSSESSIVE or (folded == "her" and i + 1 < len(words))  # "her e-mail"
            words[i] = _genitive(person, folded) if possessive else person
        elif folded in _PLACE_PRONOUN:
            words[i] = ("in " if folded == "there" else "i ") + place
        elif folded in ("dess", "deras") and _attached(topic):
            # "deras nästa möte" of "samverkansnämnden i Sydöstra": "nästa möte för samverkansnämnden i Sydöstra"
            del words[i]
            return " ".join(words) + " för " + topic + "?"
        elif folded in ("its", "their"):
            words[i] = f"{topic}'s"
        elif folded in ("dess", "deras"):
            words[i] = f"{topic}s"
        else:
            words[i] = topic
        return " ".join(words) + "?"
    own = re.sub(r"^(?:och|and|men|but)\s+", "", question.rstrip("?!. "), flags=re.IGNORECASE)
    english = looks_english(question)
    if people and _CONTACT_ATTRIBUTE.search(fold(question)):  # "och telefonnummer?" after a person
        return f"{own} {'of' if english else 'till'} {people[0]}?"
    joint = (" of " if english else " i ") if names_body else (" for " if english else " för ")
    if topic.split() and fold(topic.split()[0]) in _PREPOSITIONS:
        joint = " "  # the topic brings its own ("på läkemedelsrådets sammanträde …")
    return f"{own}{joint}{topic}?"  # "och vem är ordförande?" → "vem är ordförande i <nämnden>?"
