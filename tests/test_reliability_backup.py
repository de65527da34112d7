"""`samverkan backup FILE` / `samverkan restore FILE`: a round trip answers the same, and a
corrupt, tampered or hostile backup is refused before anything in the data directory changes."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import sqlite3
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS_FILES

import prompts
from answer import feedback
from bot.cli import main
from index.archive import Archive
from index.build import ingest_corpus
from index.store import DB_NAME, Store

TXT = "samarbete-for-battre-vard.txt"
HALSO = "sbhss-halsoplattform.txt"
QUESTIONS = ["Vem fastställer budgeten för Södra sjukvårdsregionen?", "Vad gör Brysselkontoret?",
             "När bildades SBHSS hälsoplattform?", "Vem är kontaktperson för Region Kronoberg?"]


def _env(config) -> dict[str, str]:
    return {"SAMVERKAN_DATA_DIR": str(config.data_dir), "SAMVERKAN_CORPUS_DIR": str(config.corpus_dir),
            "SAMVERKAN_MODEL": config.model}


def _tree(root: Path) -> dict[str, str]:
    """Every file under `root` with its sha256: 'unchanged' means exactly this."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != "ingest.lock"}  # a lock is not data


def _answers(config) -> list[tuple]:
    from answer.answerer import Answerer

    answerer = Answerer(config)
    return [(a.answer, a.abstained, [(c.document, c.page, c.text) for c in a.citations],
             [(c.name, c.email) for c in a.contacts]) for a in map(answerer.ask, QUESTIONS)]


@pytest.fixture
def backed_up(fresh_index_config, tmp_path: Path):
    """An index with history (a replaced document), a feedback row, and its backup file."""
    from answer.answerer import Answerer

    config = fresh_index_config("source")
    ingest_corpus(config, uploader="test:anna")
    with open(config.corpus_dir / TXT, "a", encoding="utf-8") as handle:
        handle.write("\n\nNytt stycke: regionerna samordnar vårdplatser över länsgränserna från 2027.\n")
    ingest_corpus(config, uploader="test:bertil")
    feedback.record_question(config, Answerer(config).ask(QUESTIONS[0]), "test", "private")
    target = tmp_path / "säkerhet" / "backup.tar.gz"
    result = CliRunner().invoke(main, ["backup", str(target)], env=_env(config))
    assert result.exit_code == 0, result.output
    return config, target, result


def test_backup_holds_the_current_generation_archive_and_databases(backed_up) -> None:
    config, target, result = backed_up
    current = Store(config.data_dir).current()
    with tarfile.open(target, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
        for name in names[1:]:
            data = tar.extractfile(name).read()
            entry = manifest["files"][name.removeprefix("data/")]
            assert (hashlib.sha256(data).hexdigest(), len(data)) == (entry["sha256"], entry["size"])
    assert names[0] == "manifest.json"
    assert manifest["format"] == "samverkan-backup/1" and manifest["generation"] == current.name
    generations = {n.split("/")[2] for n in names if n.startswith("data/generations/")}
    assert generations == {current.name}  # only the generation being served
    assert {"data/CURRENT", "data/embeddings.db", "data/feedback.db", "data/archive/archive.db",
            f"data/generations/{current.name}/{DB_NAME}"} <= set(names)
    blobs = [n for n in names if n.startswith("data/archive/blobs/")]
    assert len(blobs) == 6  # five documents plus the replaced version of one
    assert manifest["versions"] == 6 and manifest["documents"] == 5
    assert result.stdout.splitlines()[0] == prompts.text("backup.writing", data_dir=config.data_dir)
    assert result.stdout.splitlines()[1].startswith(f"Säkerhetskopia sparad: {target} ({len(names) - 1} filer, ")
    assert [p.name for p in target.parent.iterdir()] == ["backup.tar.gz"]  # no temp files left


def test_restore_into_a_new_place_answers_the_same(backed_up, tmp_path: Path) -> None:
    config, target, _ = backed_up
    elsewhere = dataclasses.replace(config, data_dir=tmp_path / "ny" / "data")
    result = CliRunner().invoke(main, ["restore", str(target)], env=_env(elsewhere))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == prompts.text("backup.checking", path=target)
    generation = Store(config.data_dir).current().name
    assert lines[1].startswith(f"Återställt från {target}: generation {generation}, 5 dokument, ")
    assert lines[1].endswith(", 6 arkiverade versioner.")
    assert len(lines) == 2  # nothing was there before, so no old directory is kept
    assert _answers(elsewhere) == _answers(config)
    assert [v.sha256 for v in Archive(elsewhere.data_dir).history(TXT)] == [v.sha256 for v in Archive(config.data_dir).history(TXT)]
    old = Archive(elsewhere.data_dir).history(TXT)[0]
    assert Archive(elsewhere.data_dir).read_blob(old.sha256) == (Path(__file__).parents[1] / "corpus" / TXT).read_bytes()
    assert feedback.feedback_report(elsewhere) == feedback.feedback_report(config)
    assert sorted(p.name for p in elsewhere.data_dir.parent.iterdir()) == ["data"]


def test_restore_over_the_data_dir_keeps_the_old_one(backed_up) -> None:
    config, target, _ = backed_up
    before = _answers(config)
    (config.corpus_dir / HALSO).unlink()
    ingest_corpus(config)
    changed = _tree(config.data_dir)
    assert _answers(config) != before

    served = Store(config.data_dir).current().name
    result = CliRunner().invoke(main, ["restore", str(target)], env=_env(config))
    assert result.exit_code == 0, result.output
    # the data directory itself is never renamed (it may be a mount point): the old content
    # moves into data/before-restore-<stamp>/, announced, and nothing else is left behind
    kept = [p for p in config.data_dir.iterdir() if p.name.startswith("before-restore-")]
    assert len(kept) == 1
    assert result.stdout.splitlines()[-1] == prompts.text("backup.kept_old", old=kept[0])
    expected = {k: v for k, v in changed.items()
                if k.split("/")[0] in {"archive", "embeddings.db", "feedback.db", "CURRENT"}
                or k.startswith(f"generations/{served}/")}
    assert _tree(kept[0]) == expected  # the replaced content, untouched
    assert _answers(config) == before
    assert sorted(p.name for p in config.data_dir.parent.iterdir()) == ["corpus", "data"]
    assert not [p for p in config.data_dir.iterdir() if p.name.startswith(".") or "JOURNAL" in p.name]


# -- refused restores ----------------------------------------------------------------------------
def _members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def _write(path: Path, members: dict[str, bytes], extra: Callable[[tarfile.TarFile], None] | None = None) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        if extra:
            extra(tar)
    return path


def _fix_manifest(members: dict[str, bytes]) -> None:
    manifest = json.loads(members["manifest.json"])
    manifest["files"] = {n.removeprefix("data/"): {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                         for n, d in members.items() if n != "manifest.json"}
    members["manifest.json"] = json.dumps(manifest).encode()


def _link(name: str, target: str, kind: bytes = tarfile.SYMTYPE):
    def add(tar: tarfile.TarFile) -> None:
        info = tarfile.TarInfo(name)
        info.type = kind
        info.linkname = target
        tar.addfile(info)
    return add


def _bad_meta_count(members: dict[str, bytes], tmp: Path) -> None:
    name = next(n for n in members if n.endswith(f"/{DB_NAME}") and "/generations/" in n)
    db_file = tmp / "index.db"
    db_file.write_bytes(members[name])
    db = sqlite3.connect(db_file)
    db.execute("update meta set value = '9999' where key = 'passages'")
    db.commit()
    db.close()
    members[name] = db_file.read_bytes()
    _fix_manifest(members)


def _refusals(config, target: Path, tmp: Path) -> list[tuple[str, Path, str]]:
    """(case, bad backup file, the exact message or its start)."""
    members = _members(target)
    gen_db = next(n for n in members if n.endswith(f"/{DB_NAME}") and "/generations/" in n)
    raw = target.read_bytes()
    cases: list[tuple[str, Path, str]] = []

    truncated = tmp / "trunkerad.tar.gz"
    truncated.write_bytes(raw[: len(raw) // 2])
    cases.append(("truncated", truncated, "Säkerhetskopian går inte att läsa ("))
    garbage = tmp / "skräp.tar.gz"
    garbage.write_bytes(b"det har ar ingen sakerhetskopia\n" * 50)
    cases.append(("not a tar.gz", garbage, "Säkerhetskopian går inte att läsa ("))

    tampered = dict(members)
    tampered[gen_db] = tampered[gen_db][:-1] + bytes([tampered[gen_db][-1] ^ 1])
    cases.append(("tampered", _write(tmp / "andrad.tar.gz", tampered),
                  prompts.text("backup.hash_mismatch", member=gen_db)))

    for case, name, reason in [("parent", "data/../../utanfor.txt", "reason_parent"),
                               ("absolute", "/tmp/absolut-samverkan.txt", "reason_absolute"),
                               ("outside", "annat/fil.txt", "reason_outside")]:
        hostile = {**members, name: b"elak"}
        _fix_manifest(hostile)
        cases.append((case, _write(tmp / f"{case}.tar.gz", hostile),
                      prompts.text("backup.bad_member", member=name, reason=prompts.text(f"backup.{reason}"))))
    cases.append(("symlink", _write(tmp / "symlink.tar.gz", members, _link("data/CURRENT2", "/etc/passwd")),
                  prompts.text("backup.bad_member", member="data/CURRENT2", reason=prompts.text("backup.reason_link"))))
    cases.append(("hardlink", _write(tmp / "hardlink.tar.gz", members, _link("data/x", "/etc/passwd", tarfile.LNKTYPE)),
                  prompts.text("backup.bad_member", member="data/x", reason=prompts.text("backup.reason_link"))))

    no_manifest = {n: d for n, d in members.items() if n != "manifest.json"}
    cases.append(("no manifest", _write(tmp / "utan-manifest.tar.gz", no_manifest), prompts.text("backup.no_manifest")))
    extra = {**members, "data/extra.txt": b"x"}
    cases.append(("extra member", _write(tmp / "extra.tar.gz", extra),
                  prompts.text("backup.extra_member", member="data/extra.txt")))
    missing = {n: d for n, d in members.items() if n != "data/embeddings.db"}
    cases.append(("missing member", _write(tmp / "saknas.tar.gz", missing),
                  prompts.text("backup.missing_member", member="data/embeddings.db")))

    wrong_count = dict(members)
    _bad_meta_count(wrong_count, tmp)
    rows = json.loads(members["manifest.json"])["passages"]
    cases.append(("meta count", _write(tmp / "fel-antal.tar.gz", wrong_count),
                  prompts.text("backup.bad_generation", detail=prompts.text("store.count", meta=9999, rows=rows))))

    no_blob = {n: d for n, d in members.items() if not n.startswith("data/archive/blobs/")}
    _fix_manifest(no_blob)
    cases.append(("archive without blobs", _write(tmp / "utan-blobbar.tar.gz", no_blob),
                  "Dokumentarkivet i säkerhetskopian är inte användbart: Arkivet saknar innehållet"))
    cases.append(("missing file", tmp / "finns-inte.tar.gz", prompts.text("backup.not_found", path=tmp / "finns-inte.tar.gz")))
    return cases


def test_bad_backups_are_refused_and_nothing_changes(backed_up, tmp_path: Path) -> None:
    config, target, _ = backed_up
    work = tmp_path / "fall"
    work.mkdir()
    before = _tree(config.data_dir)
    answers = _answers(config)
    parent_before = sorted(p.name for p in config.data_dir.parent.iterdir())
    runner = CliRunner()
    for case, bad, message in _refusals(config, target, work):
        result = runner.invoke(main, ["restore", str(bad)], env=_env(config))
        assert result.exit_code == 1, (case, result.output)
        assert result.stderr.strip().startswith(message), (case, result.stderr)
        if case != "missing file":
            assert result.stderr.strip().endswith("Ingenting har ändrats."), (case, result.stderr)
        assert _tree(config.data_dir) == before, case
        assert sorted(p.name for p in config.data_dir.parent.iterdir()) == parent_before, case  # no temp dirs left
    assert not Path("/tmp/absolut-samverkan.txt").exists()
    assert not (tmp_path / "utanfor.txt").exists() and not (config.data_dir.parent / "utanfor.txt").exists()
    assert _answers(config) == answers


# -- backup command errors -----------------------------------------------------------------------
def test_backup_does_not_overwrite_unless_told(backed_up) -> None:
    config, target, _ = backed_up
    before = target.read_bytes()
    runner = CliRunner()
    refused = runner.invoke(main, ["backup", str(target)], env=_env(config))
    assert refused.exit_code == 1
    assert refused.stderr.strip() == prompts.text("backup.exists", path=target)
    assert target.read_bytes() == before
    again = runner.invoke(main, ["backup", str(target), "--skriv-over"], env=_env(config))
    assert again.exit_code == 0, again.output
    assert set(_members(target)) == set(_members_of_bytes(before))


def _members_of_bytes(data: bytes) -> list[str]:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        return tar.getnames()


def test_backup_without_an_index_says_so(tmp_path: Path, config) -> None:
    empty = dataclasses.replace(config, data_dir=tmp_path / "tom", corpus_dir=tmp_path / "korpus")
    result = CliRunner().invoke(main, ["backup", str(tmp_path / "b.tar.gz")], env=_env(empty))
    assert result.exit_code == 1
    assert result.stderr.strip() == prompts.text("backup.no_index", data_dir=empty.data_dir)
    assert not (tmp_path / "b.tar.gz").exists()


def test_corpus_files_are_not_needed_for_a_restore(backed_up, tmp_path: Path) -> None:
    """The archive in the backup is enough to get every document back into a new corpus."""
    config, target, _ = backed_up
    elsewhere = dataclasses.replace(config, data_dir=tmp_path / "annan" / "data", corpus_dir=tmp_path / "annan" / "korpus")
    assert CliRunner().invoke(main, ["restore", str(target)], env=_env(elsewhere)).exit_code == 0
    archive = Archive(elsewhere.data_dir)
    for name in CORPUS_FILES:
        latest = archive.history(name)[-1]
        archive.restore(name, latest.version, elsewhere.corpus_dir)
        assert (elsewhere.corpus_dir / name).read_bytes() == (config.corpus_dir / name).read_bytes()
