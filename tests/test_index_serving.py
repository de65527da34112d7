"""Answers keep coming while a new generation is opened or an ONNX session is made
(`index/serving.py`, `index/onnx_encoder.encoder`), and the per-document tables built when a
generation opens (`index/document_tables.py`) equal the plain scans they replace.

Concurrency is checked with events, never with timings: a thread that would have to wait
for the slow part is asserted to finish while that part is still held up."""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from index import document_tables, onnx_encoder
from index.build import create_schema
from index.search import Searcher
from index.serving import GenerationSwitch
from index.store import DB_NAME, Store

WAIT_S = 30  # only a deadlock ever waits this long


@dataclass
class FakeGeneration:
    path: Path


class SlowOpen:
    """`open_` for a GenerationSwitch: the opening of `blocked` waits until `release` is set."""

    def __init__(self, blocked: Path) -> None:
        self.blocked = blocked
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self, path: Path) -> FakeGeneration:
        if path == self.blocked:
            self.entered.set()
            assert self.release.wait(WAIT_S)
        return FakeGeneration(path)


def _publish(pointer: Path, name: str) -> None:
    """As `Store.publish` does: CURRENT is replaced by a rename (a new inode)."""
    tmp = pointer.with_suffix(".tmp")
    tmp.write_text(name, encoding="utf-8")
    tmp.replace(pointer)


def test_a_new_generation_is_opened_by_one_thread_while_the_others_keep_answering(tmp_path: Path) -> None:
    pointer = tmp_path / "CURRENT"
    _publish(pointer, "gen-1")
    slow = SlowOpen(tmp_path / "gen-2")
    prepared: list[Path] = []
    switch: GenerationSwitch[FakeGeneration] = GenerationSwitch(
        pointer, lambda: tmp_path / pointer.read_text(encoding="utf-8"), slow, lambda g: prepared.append(g.path),
        missing=lambda: RuntimeError("no index"), retry=(OSError,),
    )
    assert switch.get().path == tmp_path / "gen-1"
    _publish(pointer, "gen-2")
    opened: list[Path] = []
    opener = threading.Thread(target=lambda: opened.append(switch.get().path))
    opener.start()
    assert slow.entered.wait(WAIT_S)
    # while gen-2 is being opened, another thread is answered from gen-1 at once
    assert switch.get().path == tmp_path / "gen-1"
    slow.release.set()
    opener.join(WAIT_S)
    assert opened == [tmp_path / "gen-2"]  # the thread that opened it answers from the new one
    assert switch.get().path == tmp_path / "gen-2"
    assert prepared == [tmp_path / "gen-1", tmp_path / "gen-2"]  # each warmed once, before it was served


def test_without_a_generation_every_thread_waits_for_the_first(tmp_path: Path) -> None:
    pointer = tmp_path / "CURRENT"
    _publish(pointer, "gen-1")
    slow = SlowOpen(tmp_path / "gen-1")
    switch: GenerationSwitch[FakeGeneration] = GenerationSwitch(
        pointer, lambda: tmp_path / pointer.read_text(encoding="utf-8"), slow, lambda g: None,
        missing=lambda: RuntimeError("no index"), retry=(OSError,),
    )
    got: list[Path] = []
    first = threading.Thread(target=lambda: got.append(switch.get().path))
    first.start()
    assert slow.entered.wait(WAIT_S)
    second = threading.Thread(target=lambda: got.append(switch.get().path))
    second.start()
    second.join(0.2)
    assert second.is_alive() and got == []  # nothing to answer from yet: it waits
    slow.release.set()
    first.join(WAIT_S)
    second.join(WAIT_S)
    assert got == [tmp_path / "gen-1"] * 2


def test_a_removed_index_is_reported_after_a_switch(tmp_path: Path) -> None:
    pointer = tmp_path / "CURRENT"
    _publish(pointer, "gen-1")
    switch: GenerationSwitch[FakeGeneration] = GenerationSwitch(
        pointer, lambda: tmp_path / pointer.read_text(encoding="utf-8") if pointer.exists() else None,
        FakeGeneration, lambda g: None, missing=lambda: LookupError("no index"), retry=(OSError,),
    )
    switch.get()
    pointer.unlink()
    with pytest.raises(LookupError):
        switch.get()


def test_making_one_onnx_session_does_not_hold_up_questions(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Ingest makes its session (0.2-0.7 s) in its own thread; a question's session, made
    before, must be returned meanwhile (a process-wide lock stopped every question)."""
    entered, release = threading.Event(), threading.Event()

    class FakeEncoder:
        def __init__(self, export, threads: int, spin: bool = False) -> None:
            if threads == 0:  # the ingest session in this test
                entered.set()
                assert release.wait(WAIT_S)
            self.threads = threads

    @dataclass
    class FakeExport:
        onnx: Path

    monkeypatch.setattr(onnx_encoder, "OnnxEncoder", FakeEncoder)
    monkeypatch.setattr(onnx_encoder, "_sessions", {})
    monkeypatch.setattr(onnx_encoder, "_making", {})
    export = FakeExport(tmp_path / "model-int8.onnx")
    query = onnx_encoder.encoder(export, 1, "query")  # type: ignore[arg-type]
    ingest = threading.Thread(target=lambda: onnx_encoder.encoder(export, 0, "ingest"))  # type: ignore[arg-type]
    ingest.start()
    assert entered.wait(WAIT_S)
    asked: list[object] = []
    question = threading.Thread(target=lambda: asked.append(onnx_encoder.encoder(export, 1, "query")))  # type: ignore[arg-type]
    question.start()
    question.join(WAIT_S)
    assert asked == [query]  # returned while the ingest session is still being made
    assert ingest.is_alive()
    release.set()
    ingest.join(WAIT_S)
    assert onnx_encoder.encoder(export, 0, "ingest").threads == 0  # type: ignore[arg-type]


def test_a_served_generation_is_warm(config, built_index) -> None:
    gen = Searcher(config).generation
    assert {"contacts", "_document_passages", "_document_dates"} <= set(vars(gen))
    assert "_sorted_terms" in vars(gen._mentions)


# -- the per-document tables ------------------------------------------------------------------
_OLD_ISO_DATE = re.compile(r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b")


def _old_tables(conn: sqlite3.Connection) -> tuple[dict[str, list[int]], dict[str, str]]:
    """What `Generation` computed before: every passage read, sorted by SQLite."""
    passages: dict[str, list[int]] = {}
    for pid, document in conn.execute("select id, document from passages order by document, ordinal"):
        passages.setdefault(document, []).append(pid)
    dates = {name: str(date or "") for name, date in conn.execute("select name, date from documents order by name")}
    undated = {name for name, date in dates.items() if not date}
    for document, text in conn.execute("select document, text from passages"):
        if document in undated:
            dates[document] = max([dates[document], *_OLD_ISO_DATE.findall(text)])
    return passages, dates


def _documents(conn: sqlite3.Connection) -> list[dict]:
    return [{"name": n, "date": d} for n, d in conn.execute("select name, date from documents order by name")]


def test_document_tables_equal_the_full_scans_on_a_corpus_without_dates(tmp_path: Path) -> None:
    """Documents without a date of their own, passages stored out of reading order, dates in
    text, in headings only, ranges and non-dates."""
    import sqlite_utils

    db = sqlite_utils.Database(tmp_path / "index.db")
    create_schema(db)
    texts = {
        "protokoll-2023.txt": ["Mötet hölls 2023-03-14 i Växjö.", "Nästa möte 2023-09-01 – 2023-09-02.", "Inget datum här."],
        "plan.txt": ["Planen gäller 2024–2026.", "Telefon 0470-58 30 00, ärende 2019-1234."],
        "odaterad.txt": ["Samverkansnämnden leder arbetet.", "Uppdaterad 2021-12-20 och 1999-01-31."],
        "daterad.txt": ["Beslut 2020-01-01."],
    }
    db["documents"].insert_all(
        {"name": name, "title": name, "date": "2025-05-05" if name == "daterad.txt" else ""} for name in texts
    )
    rows = [(name, ordinal, text) for name, parts in texts.items() for ordinal, text in enumerate(parts)]
    rows.reverse()  # ids no longer in reading order
    db["passages"].insert_all(
        {"id": pid, "document": name, "ordinal": ordinal, "text": text, "title": name, "heading": "", "stems": ""}
        for pid, (name, ordinal, text) in enumerate(rows, start=1)
    )
    db.conn.commit()
    conn = db.conn
    passages, dates = _old_tables(conn)
    assert document_tables.document_passages(conn) == passages
    assert document_tables.document_dates(conn, _documents(conn)) == dates
    assert dates["protokoll-2023.txt"] == "2023-09-02" and dates["odaterad.txt"] == "2021-12-20"
    assert dates["plan.txt"] == "" and dates["daterad.txt"] == "2025-05-05"


def test_document_tables_equal_the_full_scans_on_the_real_corpus(config, built_index) -> None:
    conn = sqlite3.connect(f"file:{Store(config.data_dir).current() / DB_NAME}?mode=ro", uri=True)
    passages, dates = _old_tables(conn)
    assert document_tables.document_passages(conn) == passages
    assert document_tables.document_dates(conn, _documents(conn)) == dates
    undated = [{**d, "date": ""} for d in _documents(conn)]  # as if ingest had found no date: the text scan decides
    assert document_tables.document_dates(conn, undated) == {
        d["name"]: max([""] + [m for (t,) in conn.execute("select text from passages where document = ?", [d["name"]])
                               for m in _OLD_ISO_DATE.findall(t)])
        for d in undated
    }
