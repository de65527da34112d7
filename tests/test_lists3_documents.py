"""List questions on our own documents in six layouts nobody tuned for before (eval/lists3:
nested Markdown and Word lists, an HTML page with <ul>, <ol> and a member table between nav and
footer, a two-page PDF whose decisions run over the page break, a text agreement with numbered
section headings and lists inside sentences, a sheet of networks): the tune split's answers show
every item, as tools/list_recall reads the lists from the documents."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tools.list_recall import ListRecall, check

EVAL = Path(__file__).resolve().parents[1] / "eval"


@pytest.fixture(scope="module")
def lists3_answerer(tmp_path_factory: pytest.TempPathFactory, config, built_index):
    from answer.answerer import Answerer
    from index.build import ingest_corpus
    from index.store import Store

    base = tmp_path_factory.mktemp("lists3")
    corpus = base / "corpus"
    shutil.copytree(EVAL / "lists3", corpus)
    data = base / "data"
    data.mkdir()
    shutil.copy2(Store(config.data_dir).embedding_cache, Store(data).embedding_cache)
    own = replace(config, data_dir=data, corpus_dir=corpus)
    ingest_corpus(own)
    return Answerer(own)


def _questions(split: str) -> list[dict]:
    rows = [json.loads(line) for line in (EVAL / "lists3_qa.jsonl").read_text(encoding="utf-8").splitlines()]
    return [q for q in rows if q["split"] == split]


def test_tune_questions_show_every_item(lists3_answerer) -> None:
    tune = _questions("tune")
    assert len(tune) >= 10
    result = ListRecall()
    for q in tune:
        result.add("list", check(lists3_answerer.searcher.generation, q, lists3_answerer.ask(q["question"])))
    recall, _, total = result.recall("list")
    assert total >= 40 and recall >= 0.95, result.lines()


def test_nested_goals_come_with_their_sub_goals(lists3_answerer) -> None:
    answer = lists3_answerer.ask("Vilka strategiska mål har strategin för suicidprevention i Sörmland?")
    lines = answer.answer.splitlines()
    goal = lines.index("  – Bättre stöd till efterlevande")
    assert lines[goal + 1].strip() == "◦ Varje kommun utser en kontaktperson för efterlevandestöd"
    assert len(lines) <= 45


def test_a_member_table_answers_who_is_in_the_group(lists3_answerer) -> None:
    answer = lists3_answerer.ask("Vilka ingår i samverkansgruppen för ambulanssamverkan i Norrbotten?")
    first = answer.answer.splitlines()[:7]
    assert first[0].startswith("Samverkansgruppens ledamöter")
    assert all(name in "\n".join(first) for name in ("Karin Lindqvist", "Jonas Ylitalo", "Elin Sundström"))
    assert "Namn | Funktion" not in answer.answer
    for citation in answer.citations:  # every cited line is in the passage it cites
        assert all(s in citation.text for s in citation.sentences)
