"""Issue 17 items 3 and 4: a restore survives a kill at any point (the next command finishes
or rolls it back and says which), and refuses a backup whose generation does not open
completely or whose members are larger than the manifest says, before writing them."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from conftest import CORPUS_FILES, current_passages

import prompts
from index.archive import Archive
from index.backup import BackupError, create_backup
from index.build import ingest_corpus
from index.corpus import Corpus
from index.restore import JOURNAL, restore_backup
from index.store import Store, verify

ROOT = Path(__file__).resolve().parents[1]
HELPER = Path(__file__).with_name("crash_restore_helper.py")
HALSO = "sbhss-halsoplattform.txt"
MARKER_TIMEOUT_S = 120


@pytest.fixture
def two_states(fresh_index_config, tmp_path: Path):
    """A data directory in state B (HALSO removed) and a backup of state A (all five)."""
    config = fresh_index_config()
    ingest_corpus(config)
    backup = tmp_path / "a.tar.gz"
    create_backup(config, backup)
    (config.corpus_dir / HALSO).unlink()
    ingest_corpus(config)
    return config, backup


def _documents(config) -> set[str]:
    return {p["document"] for p in current_passages(config.data_dir)}


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != "ingest.lock"}


def _kill_at(point: str, config, backup: Path, tmp: Path) -> str:
    marker = tmp / f"reached-{point}"
    env = {**os.environ, "SAMVERKAN_DATA_DIR": str(config.data_dir), "SAMVERKAN_CORPUS_DIR": str(config.corpus_dir),
           "SAMVERKAN_MODEL": config.model}
    proc = subprocess.Popen([sys.executable, str(HELPER), point, str(marker), str(backup)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + MARKER_TIMEOUT_S
        while not marker.exists():
            if proc.poll() is not None:
                pytest.fail(f"restore exited ({proc.returncode}) before {point}: {proc.communicate()}")
            if time.monotonic() > deadline:
                pytest.fail(f"restore never reached {point}")
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    return marker.read_text(encoding="utf-8")


@pytest.mark.parametrize("point", ["rename-1", "rename-2", "rename-3", "rename-5", "pointer", "rename-6"])
def test_a_restore_killed_after_its_journal_is_finished_by_the_next_command(two_states, tmp_path: Path, point: str) -> None:
    config, backup = two_states
    _kill_at(point, config, backup, tmp_path)
    current = Store(config.data_dir).current()
    assert current is not None
    verify(current)  # readers always find a complete generation, even mid-switch
    assert (config.data_dir / JOURNAL).exists()

    message = Corpus(config).recover()
    journal_gen = Store(config.data_dir).current().name
    assert message == prompts.text("backup.recovered_forward", source=backup, generation=journal_gen)
    assert _documents(config) == set(CORPUS_FILES)  # state A, as in the backup
    assert [v.status for v in Archive(config.data_dir).history(HALSO)] == ["aktuell"]
    leftovers = [p.name for p in config.data_dir.iterdir() if p.name.startswith(".") or "JOURNAL" in p.name]
    assert leftovers == []
    [kept] = [p for p in config.data_dir.iterdir() if p.name.startswith("before-restore-")]
    assert [v.status for v in Archive(kept).history(HALSO)] == ["borttagen"]  # state B kept, announced
    assert Corpus(config).recover() is None  # nothing left to do


def test_a_restore_killed_before_its_journal_is_rolled_back(two_states, tmp_path: Path) -> None:
    config, backup = two_states
    before = _tree(config.data_dir)
    _kill_at("checked", config, backup, tmp_path)
    assert [p.name for p in config.data_dir.iterdir() if p.name.startswith(".restore-")]  # the staged copy
    assert Corpus(config).recover() == prompts.text("backup.recovered_back")
    assert _tree(config.data_dir) == before
    assert _documents(config) == set(CORPUS_FILES) - {HALSO}


def test_an_ingest_after_a_killed_restore_finishes_it_first(two_states, tmp_path: Path) -> None:
    config, backup = two_states
    _kill_at("rename-3", config, backup, tmp_path)
    generation = json.loads((config.data_dir / JOURNAL).read_text(encoding="utf-8"))["generation"]
    report = ingest_corpus(config)  # the corpus still lacks HALSO: the ingest removes it from state A
    assert report.notes == [prompts.text("backup.recovered_forward", source=backup, generation=generation)]
    assert report.removed == [HALSO]
    assert not (config.data_dir / JOURNAL).exists()


# -- item 4: what is restored is checked by opening it -----------------------------------------------
def _members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def _rewrite(members: dict[str, bytes], target: Path, sizes: dict[str, int] | None = None) -> Path:
    manifest = json.loads(members["manifest.json"])
    for name, data in members.items():
        if name != "manifest.json":
            manifest["files"][name.removeprefix("data/")] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    for name, size in (sizes or {}).items():
        manifest["files"][name.removeprefix("data/")]["size"] = size
    members = {**members, "manifest.json": json.dumps(manifest).encode()}
    with tarfile.open(target, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def test_a_backup_with_a_truncated_keyword_file_is_refused(two_states, tmp_path: Path) -> None:
    config, backup = two_states
    members = _members(backup)
    terms = next(n for n in members if n.endswith("/keyword-terms.txt"))
    members[terms] = members[terms][: len(members[terms]) // 2]
    broken = _rewrite(members, tmp_path / "trasig.tar.gz")
    before = _tree(config.data_dir)
    with pytest.raises(BackupError) as refused:
        restore_backup(config, broken)
    assert str(refused.value).startswith(prompts.text("backup.bad_generation", detail="keyword går inte att öppna (")[:-40])
    assert "keyword går inte att öppna (ValueError" in str(refused.value)
    assert _tree(config.data_dir) == before and not list(config.data_dir.glob(".restore-*"))


def test_a_member_larger_than_the_manifest_is_refused_before_it_is_written(two_states, tmp_path: Path, monkeypatch) -> None:
    config, backup = two_states
    members = _members(backup)
    members["data/embeddings.db"] = b"\0" * (64 * 2**20)  # compresses to almost nothing
    broken = _rewrite(members, tmp_path / "gles.tar.gz", sizes={"data/embeddings.db": 8192})
    written: list[str] = []
    real_open = open

    def spy(file, mode="r", *args, **kwargs):
        if "w" in str(mode) and str(file).endswith("embeddings.db"):
            written.append(str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spy)
    with pytest.raises(BackupError) as refused:
        restore_backup(config, broken)
    assert str(refused.value) == prompts.text("backup.too_big_member", member="data/embeddings.db",
                                              size=64 * 2**20, expected=8192)
    assert written == []
