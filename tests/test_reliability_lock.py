"""Issue 17 item 2: one ingest at a time across processes. A second ingest waits for the
first (bounded) or says who holds the lock; nobody deletes another live process's build."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import current_passages

import prompts
from index.build import ingest_corpus
from index.corpus import Corpus
from index.lock import LOCK_NAME, IngestBusy, holder, ingest_lock, is_locked
from index.store import Store

ROOT = Path(__file__).resolve().parents[1]
HOLD = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from index.lock import ingest_lock
data = Path(sys.argv[1])
with ingest_lock(data, "inläsning"):
    building = data / "generations" / f"gen-1-{{__import__('os').getpid()}}.building"
    building.mkdir(parents=True)
    (building / "index.db").write_text("pågår")
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder(data: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD.format(root=str(ROOT)), str(data), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_ingest_says_who_holds_the_lock_and_leaves_its_build(fresh_index_config) -> None:
    config = fresh_index_config()
    proc = _holder(config.data_dir, 60)
    try:
        building = config.data_dir / "generations" / f"gen-1-{proc.pid}.building"
        assert is_locked(config.data_dir)
        info = holder(config.data_dir)
        assert info["pid"] == proc.pid and info["what"] == "inläsning"
        with pytest.raises(IngestBusy) as busy:
            ingest_corpus(config, lock_wait_s=0.5)
        assert str(busy.value) == prompts.text("lock.busy", pid=proc.pid, started=info["started"][11:16], what="inläsning")
        with pytest.raises(IngestBusy):
            Corpus(config, wait_s=0.3).add_or_replace("ny.txt", "Ny plan för regionen från 2027.\n".encode(), "t")
        assert not (config.corpus_dir / "ny.txt").exists()
        Store(config.data_dir).remove_orphans()  # what a lock-less cleanup did before: now it spares a live build
        assert (building / "index.db").read_bytes() == "pågår".encode()
    finally:
        proc.kill()
        proc.wait()
    # the holder is gone: its build is an orphan, the kernel released the lock
    assert not is_locked(config.data_dir)
    report = ingest_corpus(config, lock_wait_s=0)
    assert report.documents == 5 and not building.exists()


def test_a_second_ingest_waits_for_the_first(fresh_index_config) -> None:
    config = fresh_index_config()
    proc = _holder(config.data_dir, 1.5)
    try:
        report = ingest_corpus(config, lock_wait_s=60)
    finally:
        proc.wait()
    assert proc.returncode == 0 and report.documents == 5
    assert len(current_passages(config.data_dir)) == report.passages


def test_threads_of_one_process_take_turns(tmp_path: Path) -> None:
    order: list[str] = []

    def work(name: str) -> None:
        with ingest_lock(tmp_path, name, wait_s=30):
            order.append(f"{name}+")
            time.sleep(0.2)
            with ingest_lock(tmp_path, name, wait_s=0):  # re-entrant: a change that re-ingests
                order.append(f"{name}=")
            order.append(f"{name}-")

    threads = [threading.Thread(target=work, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert order in (["a+", "a=", "a-", "b+", "b=", "b-"], ["b+", "b=", "b-", "a+", "a=", "a-"])
    assert holder(tmp_path)["pid"] == os.getpid() and (tmp_path / LOCK_NAME).exists()
    assert not is_locked(tmp_path)
