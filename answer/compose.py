"""Answer selection and composition: which sentences answer, in which order, cited how.

The first line states the fact asked for, verbatim from a sentence that carries the
question's terms and an answer of the expected type; at most two supporting sentences
follow; a lead-in that introduces a list brings its items (answer.lists), and for a
list question an item found alone brings its lead-in and its sibling items. Sources are
numbered by first use and only used ones are cited. `Composer` is the seam for another
composer (chosen by `SAMVERKAN_COMPOSER`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

import prompts
from answer import lists
from answer.answerability import carries_type, counted_noun, states_total
from answer.query import Query
from answer.sentence_shape import (
    asks_frequency,
    carries_frequency,
    is_section_heading,
    names_holder,
    section_heading,
    split_paragraph_marks,
)
from answer.types import Citation
from index.query import char_grams, fold, split_sentences, stems

SUPPORTING = 2  # sentences after the fact
# a sentence of the asked type (a date for "när") that shares a question word leads even when
# the passage's other sentences carry more of the question's names (the title says which body)
TYPED_LEAD_SHARE = 0.2
LIST_ITEMS = 10  # items shown after a lead-in; the rest as "+N till"
LIST_LINES = 16  # item lines shown with their sub-items (two lists and their sources fit a 45-line screen)
LIST_SUPPORTING = 1  # a list is the answer: fewer supporting sentences after it
MIN_WORDS = 3  # a shorter fragment is a heading, not an answer
LABEL_ITEM_WORDS = 5  # a list item this short without a full stop is a label ("God och nära vård")
SUPPORT_SHARE = 0.6  # a supporting sentence scores at least this share of the best
TYPE_BONUS = 0.5  # a sentence carrying the expected answer type weighs this much more


@dataclass
class Chosen:
    """A sentence picked for the answer, with the citation it comes from."""

    citation: Citation
    position: int
    text: str
    score: float
    items: list[str]  # list items it introduces
    own: float = 0.0  # the sentence's own share of the question's terms (with its lead-in, no heading or title)


class Composer(Protocol):
    def choose(
        self, query: Query, citations: list[Citation], headings: lists.Headings | None = None
    ) -> list[Chosen]: ...


@lru_cache(maxsize=20_000)
def _sentences_cached(text: str) -> tuple[str, ...]:
    return tuple(_join_broken(text))


def sentences_of(text: str) -> list[str]:
    """Sentences of a passage (cached: passages repeat across answers)."""
    return list(_sentences_cached(text))


def _join_broken(text: str) -> list[str]:
    """Sentences of a passage, with a sentence cut by a line or page break joined again
    (a piece that does not end a sentence, followed by one that starts in lower case), and
    a list number split off its item ("1." / "Mål ett") put back. A numbered section heading
    on a line of its own ("3. Kommunernas ansvar") stays one line, not an item."""
    joined: list[str] = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _numbered_heading(lines, i) or lists.is_item(line):
            joined.append(line.strip())  # an item is one part, however many sentences it holds
            continue
        for part in split_paragraph_marks(split_sentences(line)):
            if joined and re.fullmatch(r"\(?\d{1,2}[.)]", joined[-1]):
                joined[-1] = f"{lists.ITEM_MARK} {part}"
            elif joined and not re.search(r"[.!?:;]$", joined[-1]) and part[:1].islower() and not lists.is_item(part) \
                    and not (i and _numbered_heading(lines, i - 1) and joined[-1] == lines[i - 1].strip()):
                joined[-1] = f"{joined[-1]} {part}"
            else:
                joined.append(part)
    return joined


# ingest writes numbered items as bullets, so a short numbered line left in a passage between
# lines that are no numbered items is a section heading ("3. Kommunernas ansvar")
_NUMBERED_HEADING = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.? [A-ZÅÄÖ][^.!?:;]{0,60}(?<![.!?:;,])")
_NUMBERED = re.compile(r"\s*\(?\d{1,2}[.)]")
NUMBERED_HEADING_WORDS = 6


def _numbered_heading(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    if len(line.split()) > NUMBERED_HEADING_WORDS or not _NUMBERED_HEADING.fullmatch(line):
        return False
    return not any(0 <= j < len(lines) and _NUMBERED.match(lines[j]) for j in (i - 1, i + 1))


@lru_cache(maxsize=50_000)
def _features(sentence: str) -> tuple[frozenset[str], frozenset[str]]:
    """A sentence's stems and character grams (sentences repeat across answers)."""
    return frozenset(stems(sentence)), frozenset(char_grams(sentence))


@lru_cache(maxsize=50_000)
def _term_grams(term: str) -> frozenset[str]:
    return frozenset(char_grams(term, sizes=(4,)))


def _score(query: Query, sentence: str) -> float:
    """Idf share of the question's terms (and, less, the carried context terms) in a sentence."""
    sentence_stems, grams = _features(sentence)
    total = found = 0.0
    for term in query.terms:
        weight = query.weights.get(term, 1.0)
        total += weight
        if any(
            alt in sentence_stems or any(s.startswith(alt) for s in sentence_stems if len(alt) >= 4)
            for alt in query.alternatives.get(term, [term])
        ):  # an English question's term is found by any of its words (a Swedish or an English sentence)
            found += weight
        elif len(term) >= 5:
            term_grams = _term_grams(term)
            share = len(term_grams & grams) / len(term_grams) if term_grams else 0.0
            if share >= 0.6:
                found += weight * share
    for term in query.context_terms:
        if term in sentence_stems:
            found += 0.3
            total += 0.3
    return found / total if total else 0.0


def _is_heading_like(sentence: str, citation: Citation) -> bool:
    plain = lists.item_text(sentence) if lists.is_item(sentence) else sentence.strip()
    return (
        len(plain.split()) < MIN_WORDS
        or fold(plain) == fold(citation.heading)
        or fold(plain) == fold(citation.title)
        or plain.endswith("?")
        or _numbered_heading([plain], 0)
        or lists.is_header_row(plain)
        or (lists.is_item(sentence) and len(plain.split()) < LABEL_ITEM_WORDS and not plain.endswith("."))
    )


_ENGLISH_SINGULAR = re.compile(r"\bwhich (?:\w+(?<!s) )?\w+(?<!s)\b (?:is|was|has|does|did|coordinates|leads|runs|\w+s)\b")


def asks_for_list(query: Query) -> bool:
    """A question that asks for several things ("Vilka …", "Which areas …"), not for one
    ("Which group coordinates …": an English "which" with a singular noun and verb)."""
    if query.lang == "en" and _ENGLISH_SINGULAR.search(query.folded):
        return False
    return query.intent == "list" or query.expected == "list"


_ENUMERATION = re.compile(r",[^,.;:]{1,80},?[^,.;:]{0,80}\b(?:och|samt|eller|and|or)\b")  # "A, B och C"


_NAME = r"[A-ZÅÄÖ][\w-]+(?: [A-ZÅÄÖ][\w-]+)?"
_NAMES = re.compile(rf"\b{_NAME}(?:, {_NAME}){{2,}},? (?:och|samt|and) {_NAME}")  # three names or more


def enumerates_asked(query: Query, sentence: str) -> bool:
    """An enumeration of the things asked for: "A, B och C" in a sentence that names the
    question's first content word ("Befintliga styrgrupper är …" for "Vilka styrgrupper …")."""
    if not query.terms or not _ENUMERATION.search(fold(sentence)):
        return False
    if _NAMES.search(sentence):
        return True  # "socialcheferna i Halmstad, Varberg, Kungsbacka och Hylte": the names are the things
    noun = query.terms[0]
    return any(s.startswith(noun) for s in _features(sentence)[0])


def _carries(query: Query, sentence: str, items: list[str]) -> bool:
    """Does a sentence carry an answer of the expected type? For a list question: a lead-in
    with its items, or an enumeration inside the sentence ("Blekinge, Halland och Skåne")."""
    if query.expected == "list" or query.intent == "list":
        return asks_for_list(query) and (bool(items) or enumerates_asked(query, sentence))
    if asks_frequency(query.folded):  # a year answers "när", not "hur ofta"
        return carries_frequency(sentence)
    if query.expected == "person" and names_holder(sentence):
        return True
    return query.expected != "description" and carries_type(sentence, query.expected)


class ExtractiveComposer:
    """The default: the best-scoring sentences of the top passages, fact first."""

    def choose(
        self, query: Query, citations: list[Citation], headings: lists.Headings | None = None
    ) -> list[Chosen]:
        candidates: list[Chosen] = []
        leads: dict[tuple[int, int], Chosen] = {}  # (passage, position) → the lead-in with its items
        counted = counted_noun(query) if query.expected == "number" else []
        for rank, citation in enumerate(citations):
            parts = sentences_of(citation.text)
            for position, sentence in enumerate(parts):
                items = lists.items_after(parts, position)
                count = lists.announces_sections(parts, position) if not items and headings else 0
                if count and headings is not None:
                    items = headings(citation, count)
                lead = ""  # a list inside the sentence is shown as its lead and items
                if not items and asks_for_list(query):
                    lead, items = lists.inline_items(sentence)
                if _is_heading_like(sentence, citation) and not (items or (asks_for_list(query) and lists.is_item(sentence))):
                    continue  # a bare label or heading; a label with its list stays, an item may bring its list
                context = _context(parts, position)  # what the sentence is about when it does not say
                # a list question reads a lead-in with the items it brings: they are its answer
                unit = f"{context} {sentence} {' '.join(items) if asks_for_list(query) else ''}"
                section = section_heading(parts, position)  # a merged passage's inner heading
                score = _score(query, f"{citation.heading} {citation.title} {section} {unit}")
                own = _score(query, f"{context} {sentence}")
                score += 0.5 * own
                if _carries(query, sentence, items):
                    score *= 1 + TYPE_BONUS
                if query.expected == "number" and states_total(sentence, counted):
                    score *= 1 + TYPE_BONUS  # "Nämnden har sex ledamöter" before "Fyra ledamöter utses av …"
                if query.role and _other_role(sentence, query):
                    score *= 0.3  # "Vice ordförande: X" does not answer "Vem är ordförande?"
                score /= (1 + rank) ** 0.5
                found = Chosen(citation, position, lead or sentence, score, items, own)
                candidates.append(found)
                if items:
                    leads[(citation.passage_id, position)] = found
        if not candidates:
            return []
        if asks_for_list(query):
            candidates = [c for c in _items_to_lists(candidates, leads)
                          if c.items or not _is_heading_like(c.text, c.citation)]
            if not candidates:
                return []
        candidates.sort(key=lambda c: -c.score)
        typed = [c for c in candidates if _leads_as_typed(query, c)]
        if typed and typed[0] is not candidates[0] and typed[0].score >= TYPED_LEAD_SHARE * candidates[0].score:
            candidates.remove(typed[0])
            candidates.insert(0, typed[0])  # the fact of the asked type leads
        fact = candidates[0]
        chosen = [fact]
        supporting = LIST_SUPPORTING if fact.items else SUPPORTING
        for candidate in candidates[1:]:
            if len(chosen) > supporting:
                break
            shown = {lists.item_text(item) for c in chosen for item in c.items} | {lists.item_text(c.text) for c in chosen}
            label = not asks_for_list(query) and (
                _is_heading_like(candidate.text, candidate.citation) or _orphan_item(candidate)
            )
            if candidate.score >= SUPPORT_SHARE * fact.score and lists.item_text(candidate.text) not in shown and not (
                candidate.items and {lists.item_text(item) for item in candidate.items} & shown
            ) and not label:
                chosen.append(candidate)  # a labelled list supports only a question for a list
        return chosen


def _leads_as_typed(query: Query, candidate: Chosen) -> bool:
    """May a candidate lead as the fact of the asked type? A list question: a lead-in with its
    items or an enumeration; "hur ofta": a frequency; otherwise a sentence sharing a question
    word that carries the expected type (a holder by title counts for "vem")."""
    if asks_for_list(query):
        return _carries(query, candidate.text, candidate.items)
    if query.expected == "description" or candidate.own <= 0:
        return False
    if candidate.position == 0 and is_section_heading(candidate.text):
        return False  # a document's title line with its years ("Samverkansavtal 2023–2026") dates nothing asked
    if asks_frequency(query.folded) or (query.expected == "person" and names_holder(candidate.text)):
        return _carries(query, candidate.text, candidate.items)
    return answers_as(candidate, query, query.expected)


def _orphan_item(candidate: Chosen) -> bool:
    """A list item whose lead-in is not shown: no sentence to support an answer with
    ("• följs upp och ges stöd" without "Kansliet ska säkerställa att")."""
    parts = sentences_of(candidate.citation.text)
    if candidate.position >= len(parts):
        return False
    lead = lists.lead_in_of(parts, candidate.position)
    return lead is not None and not lists.is_item(parts[lead])  # an item under another item stands alone


def _items_to_lists(candidates: list[Chosen], leads: dict[tuple[int, int], Chosen]) -> list[Chosen]:
    """For a list question, an item found alone stands for its whole list: its lead-in with
    the items, scored as the better of the two (each list once)."""
    out: list[Chosen] = []
    seen: set[int] = set()
    for candidate in candidates:
        parts = sentences_of(candidate.citation.text)
        lead = lists.lead_in_of(parts, candidate.position) if candidate.position < len(parts) else None
        owner = leads.get((candidate.citation.passage_id, lead)) if lead is not None else None
        if owner is not None:
            owner.score = max(owner.score, candidate.score)
            candidate = owner
        if id(candidate) not in seen:
            seen.add(id(candidate))
            out.append(candidate)
    return out


def answers_as(chosen: Chosen, query: Query, expected: str) -> bool:
    """Does a chosen sentence answer with the expected type? It must share a word with the
    question itself: "Senast uppdaterad 2024-09-02" carries a date but answers no "när"."""
    return chosen.own > 0 and carries_type(chosen.text, expected, counted_noun(query))


_ANAPHORA = frozenset("detta det denna den dessa de this it these they".split())


def _context(parts: list[str], position: int) -> str:
    """The line a bullet item hangs under (the nearest earlier line that is no item), or the
    sentence before one that opens with a pronoun ("Detta regleras årligen")."""
    if not lists.is_item(parts[position]):
        first = fold(parts[position]).split()[:1]
        return parts[position - 1] if position and first and first[0] in _ANAPHORA else ""
    for part in reversed(parts[:position]):
        if not lists.is_item(part):
            return part
    return ""


_ROLE_MODIFIER = re.compile(r"\b(?:vice|bitradande|stallforetradande|deputy|vice-)\s*-?\s*$")


def _other_role(sentence: str, query: Query) -> bool:
    """The sentence names the asked role only with a modifier the question lacks."""
    folded, role = fold(sentence), fold(query.role)
    at = folded.find(role)
    if at < 0:
        return False
    return bool(_ROLE_MODIFIER.search(folded[:at])) and not _ROLE_MODIFIER.search(
        query.folded[: query.folded.find(role)] if role in query.folded else ""
    )


COMPOSERS: dict[str, type] = {"extractive": ExtractiveComposer}


def composer(name: str = "extractive") -> Composer:
    """The composer named in settings (unknown names fall back to the extractive one)."""
    return COMPOSERS.get(name, ExtractiveComposer)()


def _shown_items(items: list[str]) -> list[str]:
    """The first LIST_ITEMS items of a list's first level with their sub-items, at most LIST_LINES lines."""
    shown: list[str] = []
    for item in items[:LIST_LINES]:
        if not lists.is_sub_item(item) and len(lists.top_level(shown)) == LIST_ITEMS:
            break
        shown.append(item)
    return shown


def render(chosen: list[Chosen], lang: str = "sv") -> tuple[list[str], list[Citation]]:
    """Answer lines with [n] markers, and the used citations renumbered by first use,
    each with the sentences it is cited for."""
    used: dict[int, Citation] = {}
    lines: list[str] = []
    for c in chosen:
        citation = used.get(c.citation.passage_id)
        if citation is None:
            citation = replace(c.citation, n=len(used) + 1, sentences=[])  # keeps date, url, ocr
            used[c.citation.passage_id] = citation
        citation.sentences.append(c.text)
        bullet = "" if not lines else "• "  # the first line is the fact itself
        lines.append(f"{bullet}{lists.item_text(c.text) if lists.is_item(c.text) else c.text} [{citation.n}]")
        shown = _shown_items(c.items)
        lines.extend(f"{'    ' * lists.level(item)}  {item}" if lists.is_sub_item(item) else f"  – {item}" for item in shown)
        if len(c.items) > len(shown):
            hidden = len(lists.top_level(c.items)) - len(lists.top_level(shown)) or len(c.items) - len(shown)
            more = prompts.text("answer.more_items", lang=lang, n=hidden, source=citation.n)
            lines.append(f"  – {more}")
        citation.sentences.extend(lists.item_text(item) for item in shown)
    return lines, list(used.values())
