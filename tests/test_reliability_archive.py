"""Nothing lost: every ingested version is archived, replaced and removed documents can be
brought back byte for byte (`samverkan dokument historik` / `aterstall`)."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS_FILES, current_passages

import prompts
from bot.cli import main
from index.archive import Archive, ArchiveError
from index.build import ingest_corpus

TXT = "samarbete-for-battre-vard.txt"
HALSO = "sbhss-halsoplattform.txt"
QUESTION = "När bildades SBHSS hälsoplattform?"
ADDED = "\n\nArkivtest: regionerna inför gemensam journalgranskning av remisser från och med 2027.\n"


def _env(config) -> dict[str, str]:
    return {"SAMVERKAN_DATA_DIR": str(config.data_dir), "SAMVERKAN_CORPUS_DIR": str(config.corpus_dir),
            "SAMVERKAN_MODEL": config.model}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_first_ingest_archives_every_document(fresh_index_config) -> None:
    config = fresh_index_config()
    report = ingest_corpus(config, uploader="test:anna")
    archive = Archive(config.data_dir)
    assert archive.names() == sorted(CORPUS_FILES)
    assert report.archived == dict.fromkeys(CORPUS_FILES, 1)
    for name in CORPUS_FILES:
        [v] = archive.history(name)
        data = (config.corpus_dir / name).read_bytes()
        assert (v.version, v.sha256, v.size, v.uploader, v.status) == (1, _sha(data), len(data), "test:anna", "aktuell")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", v.uploaded_at)
        blob = config.data_dir / "archive" / "blobs" / v.sha256[:2] / v.sha256
        assert blob.read_bytes() == data
    # unchanged re-ingest: no new versions, nothing written
    again = ingest_corpus(config, uploader="test:bertil")
    assert again.archived == {}
    assert [len(archive.history(n)) for n in CORPUS_FILES] == [1] * 5


def test_default_uploader_is_the_cli_user(fresh_index_config) -> None:
    config = fresh_index_config()
    ingest_corpus(config, [config.corpus_dir / TXT])
    [v] = Archive(config.data_dir).history(TXT)
    assert v.uploader.startswith("cli")


def test_replace_keeps_the_old_version_restorable_byte_identical(fresh_index_config) -> None:
    config = fresh_index_config()
    ingest_corpus(config)
    original = (config.corpus_dir / TXT).read_bytes()
    with open(config.corpus_dir / TXT, "a", encoding="utf-8") as handle:
        handle.write(ADDED)
    changed = (config.corpus_dir / TXT).read_bytes()
    report = ingest_corpus(config, uploader="test:cecilia")
    assert report.changed == [TXT] and report.archived == {TXT: 2}

    archive = Archive(config.data_dir)
    old, new = archive.history(TXT)
    assert (old.version, old.sha256, old.status) == (1, _sha(original), "ersatt")
    assert (new.version, new.sha256, new.status, new.uploader) == (2, _sha(changed), "aktuell", "test:cecilia")
    assert archive.read_blob(old.sha256) == original

    runner = CliRunner()
    shown = runner.invoke(main, ["dokument", "historik", TXT], env=_env(config))
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert lines[0] == prompts.text("archive.history_heading", name=TXT)
    assert lines[1].split() == ["version", "datum", "(UTC)", "storlek", "sha256", "uppladdad", "av", "status"]
    assert re.match(rf"^1\s+\d{{4}}-\d\d-\d\d \d\d:\d\d\s+2,9 kB\s+{old.sha256[:12]}\s+\S+\s+ersatt$", lines[2]), lines[2]
    assert re.match(rf"^2\s+.*{new.sha256[:12]}\s+test:cecilia\s+aktuell$", lines[3]), lines[3]

    restored = runner.invoke(main, ["dokument", "aterstall", TXT, "1"], env=_env(config))
    assert restored.exit_code == 0, restored.output
    assert prompts.text("archive.restored_done", name=TXT, version=1) in restored.stdout
    assert "nya: 0 · ändrade: 1 · borttagna: 0 · oförändrade: 4" in restored.stdout
    assert (config.corpus_dir / TXT).read_bytes() == original
    texts = " ".join(p["text"] for p in current_passages(config.data_dir) if p["document"] == TXT)
    assert "journalgranskning" not in texts
    third = archive.history(TXT)[-1]
    assert (third.version, third.sha256, third.note) == (3, _sha(original), "återställd från version 1")


def test_remove_then_restore_answers_again(fresh_index_config) -> None:
    from answer.answerer import Answerer

    config = fresh_index_config()
    ingest_corpus(config)
    answerer = Answerer(config)
    before = answerer.ask(QUESTION)
    assert not before.abstained and before.citations[0].document == HALSO

    original = (config.corpus_dir / HALSO).read_bytes()
    (config.corpus_dir / HALSO).unlink()
    report = ingest_corpus(config, uploader="test:david")
    assert report.removed == [HALSO]
    [v] = Archive(config.data_dir).history(HALSO)
    assert (v.status, v.removed_by) == ("borttagen", "test:david") and v.removed_at
    gone = answerer.ask(QUESTION)
    assert HALSO not in {c.document for c in gone.citations}

    runner = CliRunner()
    shown = runner.invoke(main, ["dokument", "historik", HALSO], env=_env(config))
    assert shown.exit_code == 0
    assert re.search(r"borttagen \d{4}-\d\d-\d\d \d\d:\d\d av test:david$", shown.stdout.splitlines()[2])

    result = runner.invoke(main, ["dokument", "aterstall", HALSO, "1"], env=_env(config))
    assert result.exit_code == 0, result.output
    assert "nya: 1 · ändrade: 0 · borttagna: 0 · oförändrade: 4" in result.stdout
    assert (config.corpus_dir / HALSO).read_bytes() == original
    again = answerer.ask(QUESTION)
    assert not again.abstained and again.citations[0].document == HALSO
    assert again.answer == before.answer  # the same document again: the same answer
    assert [(c.document, c.page, c.text) for c in again.citations] == [(c.document, c.page, c.text) for c in before.citations]
    first, second = Archive(config.data_dir).history(HALSO)
    assert (first.status, second.status, second.sha256) == ("borttagen", "aktuell", first.sha256)


def test_cli_errors_for_unknown_documents_and_versions(fresh_index_config) -> None:
    config = fresh_index_config()
    runner = CliRunner()
    empty = runner.invoke(main, ["dokument", "historik"], env=_env(config))
    assert empty.exit_code == 1 and empty.stderr.strip() == prompts.text("archive.no_documents")
    ingest_corpus(config)

    listing = runner.invoke(main, ["dokument", "historik"], env=_env(config))
    assert listing.exit_code == 0
    assert listing.stdout.splitlines()[0] == prompts.text("archive.list_heading", count=5)

    unknown = runner.invoke(main, ["dokument", "historik", "saknas.pdf"], env=_env(config))
    assert unknown.exit_code == 1
    assert unknown.stderr.strip() == prompts.text("archive.unknown_name", name="saknas.pdf")

    no_version = runner.invoke(main, ["dokument", "aterstall", TXT, "9"], env=_env(config))
    assert no_version.exit_code == 1
    assert no_version.stderr.strip() == prompts.text("archive.unknown_version", name=TXT, version=9, versions="1")

    for hostile in ("../x.txt", "/etc/passwd", ".."):
        refused = runner.invoke(main, ["dokument", "aterstall", hostile, "1"], env=_env(config))
        assert refused.exit_code == 1
        assert refused.stderr.strip() == prompts.text("archive.bad_name", name=hostile)
    assert sorted(p.name for p in config.corpus_dir.iterdir()) == sorted(CORPUS_FILES)


def test_restore_archives_a_hand_edited_file_first(fresh_index_config) -> None:
    config = fresh_index_config()
    ingest_corpus(config)
    edited = b"Handredigerad text som aldrig lastes in.\n"
    (config.corpus_dir / TXT).write_bytes(edited)  # never ingested
    archive = Archive(config.data_dir)
    archive.restore(TXT, 1, config.corpus_dir, by="test:eva")
    saved = next(v for v in archive.history(TXT) if v.sha256 == _sha(edited))
    assert saved.note == prompts.text("archive.note_saved_before_restore")
    assert archive.read_blob(saved.sha256) == edited
    assert not [p for p in config.corpus_dir.iterdir() if p.name.startswith(".")]  # no temp files left


def test_a_damaged_blob_is_refused_not_restored(fresh_index_config) -> None:
    config = fresh_index_config()
    ingest_corpus(config)
    archive = Archive(config.data_dir)
    [v] = archive.history(TXT)
    blob = archive.blob_path(v.sha256)
    blob.chmod(0o644)
    blob.write_bytes(b"trasig")
    (config.corpus_dir / TXT).unlink()
    with pytest.raises(ArchiveError) as err:
        archive.restore(TXT, 1, config.corpus_dir)
    assert str(err.value) == prompts.text("archive.blob_corrupt", sha256=v.sha256)
    assert not (config.corpus_dir / TXT).exists()


def test_versions_are_numbered_per_name_and_the_table_is_unique(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "data")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"ett")
    b.write_bytes(b"ett")
    assert archive.record(a, uploader="x") == 1
    assert archive.record(a, uploader="x") == 1  # same bytes: no new version
    assert archive.record(b, uploader="y") == 1
    a.write_bytes(b"tva")
    assert archive.record(a, uploader="x") == 2
    assert archive.names_with_sha(_sha(b"ett")) == ["a.txt", "b.txt"]
    assert len(list((tmp_path / "data" / "archive" / "blobs").rglob("*"))) == 2 + 2  # two dirs, two blobs
    assert archive.mark_removed("a.txt", by="z") == ["a.txt"]
    assert archive.mark_removed("a.txt", by="z") == []
    a.write_bytes(b"tva")
    assert archive.record(a, uploader="x") == 3  # re-added after removal: a new version
    db = sqlite3.connect(archive.db_path)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("insert into versions (name, version, sha256, size, uploaded_at) values ('a.txt', 1, 'x', 1, 'now')")
    db.close()
