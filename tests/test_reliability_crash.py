"""A re-ingest killed with SIGKILL never loses the index.

The ingest runs in a subprocess (tests/crash_ingest_helper.py) that pauses at a kill
point by a monkeypatch, writes a marker file and waits; the test kills it there. Then:
CURRENT still names the previous generation, a known question is answered from it
(with the changed document's OLD content), and the next ingest succeeds, removes the
leftover `*.building` directory and answers from the new content.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT, _copy_corpus, seeded_data_dir

from index.build import ingest_corpus
from index.store import DB_NAME, Store

HELPER = Path(__file__).with_name("crash_ingest_helper.py")
KILL_POINTS = ("parse", "embed", "before_rename", "before_pointer")
MARKER_TIMEOUT_S = 240  # the machine has two cores shared with other test runs

DOC = "sbhss-halsoplattform.txt"
QUESTION = "När bildades SBHSS hälsoplattform?"  # eval/dev_qa.jsonl d04, evidence "formerades 2020"
OLD_FACT = "formerades 2020"
NEW_FACT = "formerades 2031"


def _change(corpus: Path) -> None:
    path = corpus / DOC
    text = path.read_text(encoding="utf-8")
    assert text.count(OLD_FACT) == 1
    path.write_text(text.replace(OLD_FACT, NEW_FACT), encoding="utf-8")


@pytest.fixture(scope="module")
def both_versions_cache(config, built_index, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedding cache holding the original corpus and the changed document, so the
    ingest subprocess never has to load the model."""
    base = tmp_path_factory.mktemp("crash-cache")
    corpus = _copy_corpus(base / "corpus")
    _change(corpus)
    data = seeded_data_dir(config, base / "data")
    ingest_corpus(replace(config, data_dir=data, corpus_dir=corpus))
    return Store(data).embedding_cache


def _kill_at(point: str, config, marker: Path, logs: Path) -> str:
    """Start the ingest subprocess, wait for it to reach `point`, SIGKILL it; the marker text."""
    env = {
        **os.environ,
        "SAMVERKAN_DATA_DIR": str(config.data_dir),
        "SAMVERKAN_CORPUS_DIR": str(config.corpus_dir),
        "SAMVERKAN_MODEL": config.model,
        "HF_HUB_OFFLINE": "1",
    }
    with open(logs / "stdout", "wb") as out, open(logs / "stderr", "wb") as err:
        proc = subprocess.Popen([sys.executable, str(HELPER), point, str(marker)], cwd=ROOT, env=env, stdout=out, stderr=err)
        try:
            deadline = time.monotonic() + MARKER_TIMEOUT_S
            while not marker.exists():
                if proc.poll() is not None:
                    pytest.fail(
                        f"ingest exited ({proc.returncode}) without reaching {point}:\n"
                        f"{(logs / 'stdout').read_text()}\n{(logs / 'stderr').read_text()[-3000:]}"
                    )
                if time.monotonic() > deadline:
                    pytest.fail(f"ingest did not reach {point} in {MARKER_TIMEOUT_S} s")
                time.sleep(0.05)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return marker.read_text(encoding="utf-8")


def _doc_texts(generation: Path) -> str:
    connection = sqlite3.connect(f"file:{generation / DB_NAME}?mode=ro", uri=True)
    try:
        return "\n".join(r[0] for r in connection.execute("select text from passages where document = ?", [DOC]))
    finally:
        connection.close()


def _assert_answers_from(answerer, generation: Path, fact: str, absent: str) -> None:
    """The known question is answered, citing `DOC` with `fact`, and the citations are rows
    of `generation` as they are stored there."""
    answer = answerer.ask(QUESTION)
    assert not answer.abstained, answer.answer
    cited = [c for c in answer.citations if c.document == DOC and fact in c.text]
    assert cited, [(c.document, c.text[:80]) for c in answer.citations]
    assert not any(absent in c.text for c in answer.citations)
    if answer.generation:  # set once Answerer.ask pins its generation
        assert answer.generation == generation.name
    connection = sqlite3.connect(f"file:{generation / DB_NAME}?mode=ro", uri=True)
    try:
        for c in answer.citations:
            row = connection.execute("select document, text from passages where id = ?", [c.passage_id]).fetchone()
            assert row == (c.document, c.text), f"citation {c.n} is not a row of {generation.name}"
    finally:
        connection.close()


@pytest.mark.parametrize("point", KILL_POINTS)
@pytest.mark.slow
def test_killed_ingest_keeps_the_previous_generation(point: str, fresh_index_config, both_versions_cache: Path, tmp_path: Path) -> None:
    from answer.answerer import Answerer

    config = fresh_index_config(f"crash-{point}")
    store = Store(config.data_dir)
    shutil.copy2(both_versions_cache, store.embedding_cache)
    first = ingest_corpus(config)
    previous = store.generations / first.generation
    assert store.current() == previous
    answerer = Answerer(config)  # one long-lived reader, as a chat or the bot holds
    _assert_answers_from(answerer, previous, OLD_FACT, NEW_FACT)

    _change(config.corpus_dir)
    detail = _kill_at(point, config, tmp_path / "reached", tmp_path)

    # what the killed ingest left behind
    building = sorted(p.name for p in store.generations.glob("*.building"))
    if point == "parse":
        assert detail == f"parse {DOC}"
    if point == "before_pointer":
        orphan = detail.split()[1]
        assert building == []
        assert (store.generations / orphan / DB_NAME).exists()  # renamed, complete, but never published
        assert orphan != first.generation
    else:
        assert len(building) == 1, building  # killed mid-build

    # CURRENT still names the previous generation, and it is answered from
    assert store.pointer.read_text(encoding="utf-8").strip() == first.generation
    assert store.current() == previous
    assert OLD_FACT in _doc_texts(previous) and NEW_FACT not in _doc_texts(previous)
    _assert_answers_from(answerer, previous, OLD_FACT, NEW_FACT)
    _assert_answers_from(Answerer(config), previous, OLD_FACT, NEW_FACT)  # and by a reader started after the crash

    # the next ingest succeeds, cleans up, and the new content is answered
    report = ingest_corpus(config)
    assert report.errors == []
    assert report.changed == [DOC]
    assert list(store.generations.glob("*.building")) == []
    assert store.pointer.read_text(encoding="utf-8").strip() == report.generation
    current = store.current()
    assert current is not None and current.name == report.generation != first.generation
    assert NEW_FACT in _doc_texts(current) and OLD_FACT not in _doc_texts(current)
    assert report.documents == first.documents and report.passages == first.passages
    _assert_answers_from(answerer, current, NEW_FACT, OLD_FACT)


@pytest.mark.slow
def test_recovery_after_a_kill_before_the_pointer_keeps_the_served_generation(
    fresh_index_config, both_versions_cache: Path, tmp_path: Path
) -> None:
    config = fresh_index_config("crash-orphan")
    store = Store(config.data_dir)
    shutil.copy2(both_versions_cache, store.embedding_cache)
    first = ingest_corpus(config)
    _change(config.corpus_dir)
    orphan = _kill_at("before_pointer", config, tmp_path / "reached", tmp_path).split()[1]
    report = ingest_corpus(config)
    kept = sorted(p.name for p in store.generations.iterdir())
    assert kept == sorted([first.generation, report.generation]), f"orphan {orphan} kept, served {first.generation} pruned"
