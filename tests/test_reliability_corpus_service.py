"""The corpus service (`index/corpus.py`): the one place for admin changes of the corpus,
with the file rolled back whenever the re-ingest does not take it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS_FILES, current_passages

import prompts
from errors import SamverkanError
from index.archive import Archive
from index.corpus import Corpus, CorpusError, IngestFailed, InvalidUpload
from ingest import supported_label

TXT = "samarbete-for-battre-vard.txt"
NEW = "Regionala samverkansgruppen för hörselvård i Västerbotten möts fyra gånger per år och leds av Karin Lund.\n"


def _documents(config) -> set[str]:
    return {p["document"] for p in current_passages(config.data_dir)}


def test_add_replace_remove_and_restore_a_version(fresh_index_config) -> None:
    config = fresh_index_config()
    corpus = Corpus(config)
    corpus.ingest(uploader="test:anna")
    added = corpus.add_or_replace("hörsel.txt", NEW.encode(), uploader="telegram:1")
    assert (added.name, added.replaced, added.path) == ("hörsel.txt", False, config.corpus_dir / "hörsel.txt")
    assert added.report.added == ["hörsel.txt"]
    assert "hörsel.txt" in _documents(config)
    assert [v.uploader for v in corpus.history("hörsel.txt")] == ["telegram:1"]

    changed = NEW.replace("fyra", "sex").encode()
    replaced = corpus.add_or_replace("hörsel.txt", changed, uploader="telegram:2")
    assert replaced.replaced and replaced.previous_version == 1 and replaced.report.changed == ["hörsel.txt"]
    assert (config.corpus_dir / "hörsel.txt").read_bytes() == changed

    removed = corpus.remove("hörsel.txt", uploader="telegram:2")
    assert removed.report.removed == ["hörsel.txt"] and not (config.corpus_dir / "hörsel.txt").exists()
    assert "hörsel.txt" not in _documents(config)
    assert [v.status for v in corpus.history("hörsel.txt")] == ["ersatt", "borttagen"]

    back = corpus.restore_version("hörsel.txt", 1, uploader="cli:test")
    assert back.path.read_bytes() == NEW.encode() and "hörsel.txt" in _documents(config)
    latest = corpus.history(None)
    assert {v.name for v in latest} == {*CORPUS_FILES, "hörsel.txt"}


def test_errors_share_one_base_and_name_the_file(fresh_index_config) -> None:
    config = fresh_index_config()
    corpus = Corpus(config)
    corpus.ingest()
    with pytest.raises(InvalidUpload) as bad_type:
        corpus.add_or_replace("virus.exe", b"MZ", uploader="t")
    assert str(bad_type.value) == prompts.text("corpus.bad_type", name="virus.exe", supported=supported_label())
    with pytest.raises(InvalidUpload) as empty:
        corpus.add_or_replace("tom.txt", b"", uploader="t")
    assert str(empty.value) == f"tom.txt: {prompts.text('ingest.empty')}"
    with pytest.raises(CorpusError) as missing:
        corpus.remove("finns-inte.pdf", uploader="t")
    assert str(missing.value) == prompts.text("corpus.not_in_corpus", name="finns-inte.pdf")
    with pytest.raises(CorpusError) as unknown:
        corpus.history("finns-inte.pdf")
    for err in (bad_type.value, empty.value, missing.value, unknown.value):
        assert isinstance(err, SamverkanError)
    assert sorted(p.name for p in config.corpus_dir.iterdir()) == sorted(CORPUS_FILES)


def test_a_failed_ingest_puts_the_replaced_file_back(fresh_index_config, monkeypatch) -> None:
    config = fresh_index_config()
    corpus = Corpus(config)
    corpus.ingest()
    before = (config.corpus_dir / TXT).read_bytes()
    served = _documents(config)

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device", str(config.data_dir / "generations"))

    monkeypatch.setattr("index.build._build_vectors", disk_full)
    with pytest.raises(IngestFailed) as failed:
        corpus.add_or_replace(TXT, NEW.encode(), uploader="t")
    detail = prompts.text("errors.disk_full", path=config.data_dir / "generations")
    assert str(failed.value) == prompts.text("corpus.ingest_failed", error=detail)
    assert (config.corpus_dir / TXT).read_bytes() == before
    assert _documents(config) == served
    assert not list((config.data_dir / "generations").glob("*.building"))


def test_restore_of_a_version_in_a_subdirectory_goes_where_the_document_lies(fresh_index_config) -> None:
    config = fresh_index_config()
    sub = config.corpus_dir / "protokoll"
    sub.mkdir()
    (config.corpus_dir / TXT).rename(sub / TXT)
    corpus = Corpus(config)
    corpus.ingest()
    original = (sub / TXT).read_bytes()
    corpus.add_or_replace(TXT, NEW.encode(), uploader="t")  # replaces the file where it lies
    assert (sub / TXT).read_bytes() == NEW.encode() and not (config.corpus_dir / TXT).exists()
    result = corpus.restore_version(TXT, 1, uploader="t")
    assert result.path == sub / TXT and (sub / TXT).read_bytes() == original
    assert not (config.corpus_dir / TXT).exists()
    texts = [p["text"] for p in current_passages(config.data_dir) if p["document"] == TXT]
    assert not any("hörselvård" in t for t in texts) and texts
    assert [v.version for v in Archive(config.data_dir).history(TXT)] == [1, 2, 3]


def test_validated_upload_is_not_parsed_again(fresh_index_config, monkeypatch) -> None:
    config = fresh_index_config()
    corpus = Corpus(config)
    corpus.ingest()
    corpus.validate("hörsel.txt", NEW.encode())
    calls: list[Path] = []
    monkeypatch.setattr("index.build.load_document_budgeted", lambda path, **_: calls.append(path))
    corpus.add_or_replace("hörsel.txt", NEW.encode(), uploader="t")
    assert calls == [] and "hörsel.txt" in _documents(config)
