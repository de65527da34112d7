"""Ingest into index generations: the report, idempotent re-ingest, changed / removed /
broken files, and keeping the last good version of a document."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CORPUS_FILES, current_passages

from index.build import corpus_files, ingest_corpus
from index.search import ModelMismatch, Searcher
from index.store import DB_NAME, Store

TXT = "samarbete-for-battre-vard.txt"
REMOVED = "sbhss-halsoplattform.txt"
PLAN = "sodra-sjukvardsregionen-verksamhetsplan.pdf"
NEW_PARAGRAPH = (
    "\n\nRegionerna inför en gemensam väntelistehantering för höftprotesoperationer "
    "från och med hösten 2026, samordnad av kansliet.\n"
)


def _texts(data_dir: Path) -> list[tuple[str, int, str, str]]:
    return [(p["document"], p["ordinal"], p["page"], p["text"]) for p in current_passages(data_dir)]


def _meta(data_dir: Path) -> dict[str, str]:
    db = sqlite3.connect(Store(data_dir).current() / DB_NAME)
    try:
        return dict(db.execute("select key, value from meta").fetchall())
    finally:
        db.close()


# -- the session build ---------------------------------------------------------------------
def test_session_build_report(built_index, config, session_passages) -> None:
    assert sorted(built_index.added) == sorted(CORPUS_FILES)
    assert built_index.changed == built_index.removed == built_index.skipped == built_index.errors == []
    assert built_index.documents == 5
    assert built_index.pages == 9 + 42 + 3  # two PDFs, three one-page text files
    assert built_index.passages == len(session_passages) == built_index.passages_added
    assert built_index.embedded > 0  # cold cache: the real model ran
    assert built_index.generation.startswith("gen-")
    assert Store(config.data_dir).current().name == built_index.generation
    meta = _meta(config.data_dir)
    assert meta["model"] == config.model_identity
    assert int(meta["passages"]) == built_index.passages
    assert int(meta["vectors"]) == built_index.passages  # one vector per passage


def test_every_document_has_ordered_passages_with_valid_pages(session_passages) -> None:
    pages = {"blekinge-samverkanskarta-2022.pdf": 42, PLAN: 9}
    for name in CORPUS_FILES:
        rows = [p for p in session_passages if p["document"] == name]
        assert rows, name
        assert [p["ordinal"] for p in rows] == list(range(len(rows)))
        for p in rows:
            assert 1 <= p["page_start"] <= p["page_end"] <= pages.get(name, 1)
            expected = str(p["page_start"]) if p["page_start"] == p["page_end"] else f"{p['page_start']}–{p['page_end']}"
            assert p["page"] == expected
            assert p["text"].strip() and p["stems"]


def test_corpus_files_skips_hidden_files(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text("x")
    (tmp_path / ".dold.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    assert corpus_files([tmp_path, tmp_path / "saknas.txt"]) == [tmp_path / "a.txt", tmp_path / "sub" / "b.txt"]


# -- idempotent re-ingest ---------------------------------------------------------------------
def test_second_ingest_does_no_work(fresh_index_config) -> None:
    config = fresh_index_config()
    first = ingest_corpus(config)
    assert sorted(first.added) == sorted(CORPUS_FILES)
    assert first.embedded == 0  # the copied cache already has every passage
    before = _texts(config.data_dir)

    second = ingest_corpus(config)
    assert sorted(second.skipped) == sorted(CORPUS_FILES)
    assert second.added == second.changed == second.removed == second.errors == []
    assert second.embedded == 0
    assert second.passages_added == second.passages_removed == 0
    assert (second.documents, second.pages, second.passages) == (first.documents, first.pages, first.passages)
    assert second.generation != first.generation
    assert Store(config.data_dir).current().name == second.generation
    assert _texts(config.data_dir) == before


def test_old_generations_are_pruned(fresh_index_config) -> None:
    config = fresh_index_config()
    names = [ingest_corpus(config).generation for _ in range(3)]
    kept = sorted(p.name for p in (config.data_dir / "generations").iterdir())
    assert kept == sorted(names[1:])  # the current one plus one older for readers still using it


def test_changed_file_replaces_its_passages(fresh_index_config) -> None:
    config = fresh_index_config()
    ingest_corpus(config)
    before = current_passages(config.data_dir)
    old = [p for p in before if p["document"] == TXT]
    others = [(p["document"], p["text"]) for p in before if p["document"] != TXT]

    with open(config.corpus_dir / TXT, "a", encoding="utf-8") as handle:
        handle.write(NEW_PARAGRAPH)
    report = ingest_corpus(config)

    assert report.changed == [TXT]
    assert sorted(report.skipped) == sorted(set(CORPUS_FILES) - {TXT})
    assert report.added == report.removed == report.errors == []
    after = current_passages(config.data_dir)
    new = [p for p in after if p["document"] == TXT]
    assert report.passages_removed == len(old)
    assert report.passages_added == len(new)
    assert report.passages == len(before) - len(old) + len(new) == len(after)
    assert [p["ordinal"] for p in new] == list(range(len(new)))
    assert sum("väntelistehantering för höftprotesoperationer" in p["text"] for p in new) == 1
    assert [(p["document"], p["text"]) for p in after if p["document"] != TXT] == others
    # the old text is still there exactly once (not duplicated by the re-ingest)
    first_sentence = "Inom Södra sjukvårdsregionen pågår ett utvecklingsarbete"
    assert sum(first_sentence in p["text"] for p in after) == 1
    assert 0 < report.embedded <= len(new)  # only passages of the changed file went through the model

    searcher = Searcher(config)
    hits = searcher.search("väntelistehantering höftprotesoperationer", k=3, mode="keyword")
    top = searcher.passages([h.passage_id for h in hits])[0]
    assert top["document"] == TXT
    assert "väntelistehantering för höftprotesoperationer" in top["text"]


def test_removed_file(fresh_index_config) -> None:
    config = fresh_index_config()
    ingest_corpus(config)
    old = [p for p in current_passages(config.data_dir) if p["document"] == REMOVED]
    (config.corpus_dir / REMOVED).unlink()
    report = ingest_corpus(config)
    assert report.removed == [REMOVED]
    assert sorted(report.skipped) == sorted(set(CORPUS_FILES) - {REMOVED})
    assert report.documents == 4
    assert report.passages_removed == len(old) > 0
    after = current_passages(config.data_dir)
    assert REMOVED not in {p["document"] for p in after}
    db = sqlite3.connect(Store(config.data_dir).current() / DB_NAME)
    try:
        assert db.execute("select count(*) from contacts where document = ?", [REMOVED]).fetchone()[0] == 0
        assert db.execute("select count(*) from documents where name = ?", [REMOVED]).fetchone()[0] == 0
    finally:
        db.close()


def test_ingest_given_paths_only(fresh_index_config) -> None:
    config = fresh_index_config()
    report = ingest_corpus(config, [config.corpus_dir / TXT])
    assert report.added == [TXT]
    assert report.documents == 1
    assert {p["document"] for p in current_passages(config.data_dir)} == {TXT}


# -- files that cannot be read ----------------------------------------------------------------
def test_broken_files_are_reported_and_the_rest_ingested(fresh_index_config) -> None:
    config = fresh_index_config()
    (config.corpus_dir / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (config.corpus_dir / "x.docx").write_bytes(b"PK\x03\x04")
    (config.corpus_dir / "x.xyz").write_bytes(b"data")
    (config.corpus_dir / "tom.txt").write_bytes(b"")
    report = ingest_corpus(config)

    assert report.documents == 5
    assert sorted(report.added) == sorted(CORPUS_FILES)
    assert len(report.errors) == 4
    errors = {e.split(":", 1)[0]: e for e in report.errors}
    assert set(errors) == {"broken.pdf", "x.docx", "x.xyz", "tom.txt"}
    assert errors["broken.pdf"].startswith("broken.pdf: PDF-filen är skadad eller ofullständig och kan inte läsas")
    assert errors["x.docx"].startswith("x.docx: DOCX-filen är skadad eller ofullständig och kan inte läsas")
    assert errors["x.xyz"].startswith("x.xyz: filtypen .xyz kan inte läsas (stöds: PDF, text, Markdown, HTML, Word")
    assert errors["tom.txt"] == "tom.txt: filen är tom"
    assert {p["document"] for p in current_passages(config.data_dir)} == set(CORPUS_FILES)


def test_a_corrupted_update_keeps_serving_the_last_good_version(fresh_index_config) -> None:
    config = fresh_index_config()
    ingest_corpus(config)
    before = [p["text"] for p in current_passages(config.data_dir) if p["document"] == PLAN]
    (config.corpus_dir / PLAN).write_bytes(b"%PDF-1.4 garbage")
    report = ingest_corpus(config)
    assert len(report.errors) == 1 and report.errors[0].startswith(f"{PLAN}: PDF-filen är skadad")
    assert report.documents == 5
    assert report.removed == [] and report.changed == []
    assert [p["text"] for p in current_passages(config.data_dir) if p["document"] == PLAN] == before


def test_two_files_with_the_same_name(fresh_index_config, tmp_path: Path) -> None:
    config = fresh_index_config()
    other = tmp_path / "annan"
    other.mkdir()
    shutil.copy2(config.corpus_dir / TXT, other / TXT)
    report = ingest_corpus(config, [config.corpus_dir, other])
    assert report.documents == 5
    assert len(report.errors) == 1 and TXT in report.errors[0] and "samma namn" in report.errors[0]


# -- embedding model recorded with the index ---------------------------------------------------
def test_model_mismatch_names_both_models(config, built_index) -> None:
    other = replace(config, model="/some/other/dir")
    with pytest.raises(ModelMismatch) as err:
        Searcher(other).search("budget")
    message = str(err.value)
    assert config.model in message
    assert "/some/other/dir" in message


@pytest.mark.slow
def test_reingest_with_another_model_resolves_the_mismatch(fresh_index_config, tmp_path: Path) -> None:
    """`samverkan ingest` with the new model rebuilds the vectors (unchanged files are still
    skipped) and records the new model; the old setting is then the mismatched one."""
    config = fresh_index_config()
    ingest_corpus(config)
    alias = tmp_path / "samma-modell"
    alias.symlink_to(config.model_path, target_is_directory=True)  # same weights, another model name
    moved = replace(config, model=str(alias))
    with pytest.raises(ModelMismatch):
        Searcher(moved).search("budget")

    report = ingest_corpus(moved)
    assert sorted(report.skipped) == sorted(CORPUS_FILES)
    assert report.embedded > 0  # the cache is keyed by model name: everything re-embedded
    assert _meta(moved.data_dir)["model"] == moved.model_identity
    assert Searcher(moved).search("Vem fastställer budgeten?", k=1)
    with pytest.raises(ModelMismatch):
        Searcher(config).search("budget")
