"""Answer selection and composition: which sentences answer, in which order, cited how.

The first line states the fact asked for, verbatim from a sentence that carries the
question's terms and an answer of the expected type; at most two supporting sentences
follow; a lead-in that introduces a list brings its items. Sources are numbered by
first use and only used ones are cited. `Composer` is the seam for another composer
(chosen by `SAMVERKAN_COMPOSER`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

import prompts
from answer.answerability import ENUMERATION, carries_type, counted_noun
from answer.query import Query
from answer.types import Citation
from index.query import char_grams, fold, split_sentences, stems

SUPPORTING = 2  # sentences after the fact
LIST_ITEMS = 8  # items shown after a lead-in; the rest as "+N till"
MIN_WORDS = 3  # a shorter fragment is a heading, not an answer
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
    def choose(self, query: Query, citations: list[Citation]) -> list[Chosen]: ...


@lru_cache(maxsize=20_000)
def _sentences_cached(text: str) -> tuple[str, ...]:
    return tuple(_join_broken(text))


def sentences_of(text: str) -> list[str]:
    """Sentences of a passage (cached: passages repeat across answers)."""
    return list(_sentences_cached(text))


def _join_broken(text: str) -> list[str]:
    """Sentences of a passage, with a sentence cut by a line or page break joined again
    (a piece that does not end a sentence, followed by one that starts in lower case)."""
    joined: list[str] = []
    for part in split_sentences(text):
        if joined and not re.search(r"[.!?:;]$", joined[-1]) and part[:1].islower() and not part.startswith("•"):
            joined[-1] = f"{joined[-1]} {part}"
        else:
            joined.append(part)
    return joined


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
        if term in sentence_stems or any(s.startswith(term) for s in sentence_stems if len(term) >= 4):
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
    plain = sentence.strip("• ").rstrip()
    return (
        len(plain.split()) < MIN_WORDS
        or fold(plain) == fold(citation.heading)
        or fold(plain) == fold(citation.title)
        or plain.endswith("?")
    )


class ExtractiveComposer:
    """The default: the best-scoring sentences of the top passages, fact first."""

    def choose(self, query: Query, citations: list[Citation]) -> list[Chosen]:
        candidates: list[Chosen] = []
        for rank, citation in enumerate(citations):
            parts = sentences_of(citation.text)
            for position, sentence in enumerate(parts):
                if _is_heading_like(sentence, citation):
                    continue
                items = _items(parts, position)
                context = _context(parts, position)  # what the sentence is about when it does not say
                # a list question reads a lead-in with the items it brings: they are its answer
                text = f"{context} {sentence} {' '.join(items) if query.expected == 'list' else ''}"
                score = _score(query, f"{citation.heading} {citation.title} {text}")
                own = _score(query, f"{context} {sentence}")
                score += 0.5 * own
                if query.expected == "list" and (items or ENUMERATION.search(sentence)):
                    score *= 1 + TYPE_BONUS
                elif query.expected != "description" and carries_type(sentence, query.expected):
                    score *= 1 + TYPE_BONUS
                if query.role and _other_role(sentence, query):
                    score *= 0.3  # "Vice ordförande: X" does not answer "Vem är ordförande?"
                score /= (1 + rank) ** 0.5
                candidates.append(Chosen(citation, position, sentence, score, items, own))
        if not candidates:
            return []
        candidates.sort(key=lambda c: -c.score)
        typed = [c for c in candidates if query.expected != "description" and answers_as(c, query, query.expected)]
        if typed and typed[0] is not candidates[0] and typed[0].score >= 0.5 * candidates[0].score:
            candidates.remove(typed[0])
            candidates.insert(0, typed[0])  # the fact of the asked type leads
        fact = candidates[0]
        chosen = [fact]
        for candidate in candidates[1:]:
            if len(chosen) > SUPPORTING:
                break
            if candidate.score >= SUPPORT_SHARE * fact.score and not any(candidate.text in c.items for c in chosen):
                chosen.append(candidate)
        return chosen


def answers_as(chosen: Chosen, query: Query, expected: str) -> bool:
    """Does a chosen sentence answer with the expected type? It must share a word with the
    question itself: "Senast uppdaterad 2024-09-02" carries a date but answers no "när"."""
    return chosen.own > 0 and carries_type(chosen.text, expected, counted_noun(query))


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


_ANAPHORA = frozenset("detta det denna den dessa de this it these they".split())


def _context(parts: list[str], position: int) -> str:
    """The line a bullet item hangs under (the nearest earlier line that is no item), or the
    sentence before one that opens with a pronoun ("Detta regleras årligen")."""
    if not parts[position].startswith("•"):
        first = fold(parts[position]).split()[:1]
        return parts[position - 1] if position and first and first[0] in _ANAPHORA else ""
    for part in reversed(parts[:position]):
        if not part.startswith("•"):
            return part
    return ""




def _items(parts: list[str], position: int) -> list[str]:
    """The list items a lead-in introduces: bullets or short lines after a line ending with
    ':', or bullets right after a short line with no full stop ("Exempel på prioriteringar")."""
    line = parts[position].rstrip()
    followed_by_bullets = position + 1 < len(parts) and parts[position + 1].startswith("•")
    short_title = len(line.split()) <= 6 and not re.search(r"[.!?]$", line) and not line.startswith("•")
    colon = line.endswith(":")
    if not colon and not (followed_by_bullets and short_title):
        return []
    items = []
    for part in parts[position + 1 :]:
        if part.startswith("•") or (colon and len(part.split()) <= 12 and not part.rstrip().endswith(":")):
            items.append(part.lstrip("• ").strip())
        else:
            break
    return items


COMPOSERS: dict[str, type] = {"extractive": ExtractiveComposer}


def composer(name: str = "extractive") -> Composer:
    """The composer named in settings (unknown names fall back to the extractive one)."""
    return COMPOSERS.get(name, ExtractiveComposer)()


def render(chosen: list[Chosen]) -> tuple[list[str], list[Citation]]:
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
        lines.append(f"• {c.text.lstrip('• ')} [{citation.n}]")
        shown = c.items[:LIST_ITEMS]
        lines.extend(f"  – {item}" for item in shown)
        if len(c.items) > len(shown):
            lines.append("  – " + prompts.text("answer.more_items", n=len(c.items) - len(shown)))
        citation.sentences.extend(shown)
    return lines, list(used.values())
