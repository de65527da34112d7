"""Entity checks read from the keyword postings and per-passage rows (`index.mentions`) must
give what the old way gave: a term set for every passage, scanned one by one. The reference
below is that old way, written out plainly, over the real corpus."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest

from index.mentions import has_prefix
from index.search import Generation
from ingest.normalize import stems
from tests.own_corpus import ask_turns

ROOT = Path(__file__).resolve().parents[1]
DEV_FILES = (ROOT / "eval" / "dev_qa.jsonl", ROOT / "eval" / "dev_more.jsonl")


def _dev_chats() -> list[list[str]]:
    """Each dev question alone, each dev conversation as its turns."""
    lines = [line for path in DEV_FILES for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [[t["question"] for t in row["turns"]] if "turns" in row else [row["question"]] for row in map(json.loads, lines)]


def _dev_questions() -> list[str]:
    return [question for chat in _dev_chats() for question in chat]


@pytest.fixture(scope="module")
def reference(session_passages: list[dict]) -> dict[int, frozenset[str]]:
    """Every passage's terms: its stems column plus the stems of its title and heading."""
    return {
        p["id"]: frozenset(p["stems"].split()) | frozenset(stems(f"{p['title']} {p['heading']}"))
        for p in session_passages
    }


def _reference_mentions(reference: dict[int, frozenset[str]], entity: list[str], passage_id: int | None) -> bool:
    if not entity:
        return False
    pools = [reference.get(passage_id, frozenset())] if passage_id is not None else list(reference.values())
    return any(all(has_prefix(pool, e) for e in entity) for pool in pools)


@pytest.fixture(scope="module")
def dev_checks(answerer, monkeypatch_module) -> list[tuple[tuple[str, ...], int | None]]:
    """Every entity check answering the dev questions asks for, recorded."""
    calls: list[tuple[tuple[str, ...], int | None]] = []
    original = Generation.mentions

    def recording(self: Generation, entity: list[str], passage_id: int | None = None) -> bool:
        calls.append((tuple(entity), passage_id))
        return original(self, entity, passage_id)

    monkeypatch_module.setattr(Generation, "mentions", recording)
    for chat in _dev_chats():
        ask_turns(answerer, chat)
    monkeypatch_module.undo()
    return list(dict.fromkeys(calls))


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_passage_terms_equal_the_full_scan(answerer, reference) -> None:
    gen = answerer.searcher.generation
    assert reference
    for passage_id, terms in reference.items():
        assert gen.passage_terms(passage_id) == terms, passage_id
    assert gen.passage_terms(max(reference) + 1) == frozenset()


def test_dev_entity_checks_equal_the_full_scan(answerer, reference, dev_checks) -> None:
    gen = answerer.searcher.generation
    corpus_wide = [entity for entity, passage_id in dev_checks if passage_id is None]
    assert len(corpus_wide) >= 10 and len(dev_checks) > len(corpus_wide)  # both kinds were asked
    fresh = Generation(gen.path)  # nothing remembered from the recording run
    outcomes = set()
    for entity, passage_id in dev_checks:
        expected = _reference_mentions(reference, list(entity), passage_id)
        assert fresh.mentions(list(entity), passage_id) == expected, (entity, passage_id)
        outcomes.add(expected)
    assert outcomes == {True, False}


def test_question_stems_anywhere_equal_the_full_scan(answerer, reference) -> None:
    """Each stem of every dev question, and each neighbouring pair and triple, across the corpus."""
    gen = Generation(answerer.searcher.generation.path)
    entities: set[tuple[str, ...]] = set()
    for question in _dev_questions():
        terms = stems(question)
        entities |= {(t,) for t in terms} | set(pairwise(terms))
        entities |= {tuple(terms[i : i + 3]) for i in range(len(terms) - 2)}
    entities |= {("sk",), ("reg",), ("regi",), ("skan", "blek"), ("nosuchstem",)}  # short, prefix, absent
    results = {}
    for entity in sorted(entities):
        results[entity] = gen.mentions(list(entity))
        assert results[entity] == _reference_mentions(reference, list(entity), None), entity
    assert set(results.values()) == {True, False}
