"""Issue 17: one bad file never stops an ingest, nothing grows without bound, links are not
followed. Each test is built from a reproduction in the issue and fails on the code before it."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import pytest
from conftest import CORPUS_FILES, current_passages
from hostile_files import bomb_pdf, encrypted_pdf, shared_page_pdf, text_pdf, write

import prompts
from index.archive import Archive
from index.build import MAX_CONTACTS_PER_DOCUMENT, ingest_corpus
from index.corpus import Corpus, IngestFailed, printable
from ingest.budget import load_document_budgeted
from ingest.chunking import MAX_PASSAGE_CHARS, MAX_TOKEN_CHARS
from ingest.errors import DocumentError

TXT = "samarbete-for-battre-vard.txt"
PLAN = ["Regionala planen for ogonsjukvard i Norrbotten galler fran 2027.", "Planen foljs upp varje host."]
SECRET = ["Halsovalsnamnden i Jamtland sammantrader sex ganger per ar."]


def _texts(config, name: str) -> list[str]:
    return [p["text"] for p in current_passages(config.data_dir) if p["document"] == name]


def _msg(name: str, key: str, **fields: object) -> str:
    return f"{name}: {prompts.text(f'ingest.{key}', **fields)}"


# -- 1. any reader exception is this file's problem only -------------------------------------------
def test_bomb_and_encrypted_pdfs_never_stop_the_ingest(fresh_index_config) -> None:
    config = fresh_index_config()
    write(config.corpus_dir, {
        "bomb.pdf": bomb_pdf(),
        "aes256.pdf": encrypted_pdf(PLAN),
        "losenord.pdf": encrypted_pdf(SECRET, user_password="hemligt"),
    })
    (config.corpus_dir / TXT).write_text((config.corpus_dir / TXT).read_text() + "\nTillägg om hörselvård.\n")
    report = ingest_corpus(config)
    assert sorted(report.errors) == sorted([
        _msg("bomb.pdf", "reader_failed", detail="LimitReachedError"),
        _msg("losenord.pdf", "encrypted_pdf"),
    ])
    assert sorted(report.added) == sorted([*CORPUS_FILES, "aes256.pdf"])  # AES-256 without a password is read
    assert _texts(config, "aes256.pdf") == [" ".join(PLAN)]
    assert "bomb.pdf" not in {p["document"] for p in current_passages(config.data_dir)}
    assert not list((config.data_dir / "generations").glob("*.building"))
    # the next ingest works too, and a removal from the bot/CLI really leaves the index
    Corpus(config).remove(TXT, uploader="t")
    assert _texts(config, TXT) == []


def test_budget_stops_a_slow_parse_and_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, {"langsam.pdf": shared_page_pdf(9_000)})["langsam.pdf"]
    with pytest.raises(DocumentError) as slow:
        load_document_budgeted(path, seconds=0.5)
    assert str(slow.value) == _msg("langsam.pdf", "too_slow", seconds="0.5")
    ok = write(tmp_path, {"plan.pdf": text_pdf(PLAN)})["plan.pdf"]
    assert load_document_budgeted(ok).passages[0].text == " ".join(PLAN)  # a fresh worker after the kill


# -- 5. linear-time text handling -------------------------------------------------------------------
def test_100k_pages_sharing_one_page_object_are_refused_quickly(tmp_path: Path) -> None:
    path = write(tmp_path, {"sidor.pdf": shared_page_pdf(100_000)})["sidor.pdf"]
    with pytest.raises(DocumentError) as many:
        load_document_budgeted(path)
    assert str(many.value) == _msg("sidor.pdf", "too_many_pages", pages=100_000, limit=10_000)


def test_a_1mb_question_is_capped_before_any_analysis(answerer, monkeypatch) -> None:
    import answer.answerer as module

    seen: list[int] = []
    real = module.is_contact_question
    monkeypatch.setattr(module, "is_contact_question", lambda q: seen.append(len(q)) or real(q))
    answer = answerer.ask("vem " + "x" * 1_000_000 + " kontakt")
    assert seen and max(seen) <= 2000
    assert len(answer.question) <= 2000


def test_no_regex_after_reading_sees_a_200kb_word(tmp_path: Path, monkeypatch) -> None:
    import ingest as module

    longest: list[int] = []
    real = module.extract_contacts

    def spy(name, title, pages):
        longest.append(max(len(w) for p in pages for w in p.text.split()))
        return real(name, title, pages)

    monkeypatch.setattr(module, "extract_contacts", spy)
    word = "a" * 200_000 + "@"
    path = write(tmp_path, {"ord.txt": f"Kontakt: anna.berg@regionkronoberg.se {word}\nMer text här.\n".encode()})["ord.txt"]
    doc = module.load_document(path)
    assert longest == [len("anna.berg@regionkronoberg.se")]
    assert [c.email for c in doc.contacts] == ["anna.berg@regionkronoberg.se"]


# -- 7. encodings --------------------------------------------------------------------------------------
TEXT = "Samverkansnämnden i Uppsala–Örebro möts i maj.\nOrdförande är Åsa Öberg, Region Värmland.\n"


def test_utf16_and_utf32_with_and_without_bom_read_as_text(fresh_index_config) -> None:
    config = fresh_index_config()
    write(config.corpus_dir, {
        "bom16.txt": TEXT.encode("utf-16"), "le16.txt": TEXT.encode("utf-16-le"), "be16.txt": TEXT.encode("utf-16-be"),
        "bom32.txt": TEXT.encode("utf-32"), "le32.txt": TEXT.encode("utf-32-le"),
    })
    report = ingest_corpus(config)
    assert report.errors == [] and report.warnings == []
    for name in ("bom16.txt", "le16.txt", "be16.txt", "bom32.txt", "le32.txt"):
        assert _texts(config, name) == [" ".join(TEXT.split("\n")).strip()], name


def test_binary_is_refused_and_a_stray_byte_is_reported_not_mojibake(fresh_index_config) -> None:
    config = fresh_index_config()
    binary = bytes(range(256)) * 4000 + os.urandom(50_000)
    stray = TEXT.encode() [:20] + b"\xff" + TEXT.encode()[20:]
    write(config.corpus_dir, {"bilaga.txt": binary, "stray.txt": stray})
    report = ingest_corpus(config)
    assert report.errors == [_msg("bilaga.txt", "binary")]
    assert report.warnings == [prompts.text("ingest.replaced_characters", name="stray.txt", count=1)]
    [text] = _texts(config, "stray.txt")
    assert "Åsa Öberg" in text and "Ã" not in text and text.count("\ufffd") == 1
    assert "bilaga.txt" not in Archive(config.data_dir).names()


# -- 8. hard bounds ------------------------------------------------------------------------------------
def test_text_without_sentences_is_cut_into_bounded_passages(fresh_index_config) -> None:
    config = fresh_index_config()
    lines = "\n".join(f"person{i}@region{i % 21}.se" for i in range(20_000))
    single = " ".join(["samverkan"] * 60_000)  # one line, no sentence punctuation
    write(config.corpus_dir, {"lista.txt": lines.encode(), "rad.txt": single.encode(), "ord.txt": b"x" * 5_000_000})
    report = ingest_corpus(config)
    assert report.errors == [_msg("ord.txt", "no_text")]
    assert report.warnings == [prompts.text("ingest.too_many_contacts", name="lista.txt", count=20_000,
                                            limit=MAX_CONTACTS_PER_DOCUMENT)]
    passages = current_passages(config.data_dir)
    assert max(len(p["text"]) for p in passages) <= MAX_PASSAGE_CHARS
    assert sum(len(p["text"]) for p in passages if p["document"] == "rad.txt") >= len(single) - 1000
    db = sqlite3.connect(Path(config.data_dir) / "generations" / report.generation / "index.db")
    assert db.execute("select count(*) from contacts where document = 'lista.txt'").fetchone()[0] == MAX_CONTACTS_PER_DOCUMENT
    assert db.execute("select max(length(heading)) from passages").fetchone()[0] <= MAX_TOKEN_CHARS


def test_stored_feedback_is_bounded(tmp_path: Path) -> None:
    from answer import feedback
    from answer.types import Answer, Citation
    from settings import load

    settings = load().__class__(data_dir=tmp_path, corpus_dir=tmp_path, model="m")
    huge = Citation(1, "a.txt", "A", "1", "x" * 7_000_000)
    qid = feedback.record_question(settings, Answer("q" * 1_000_000, "svar", False, citations=[huge]))
    row = sqlite3.connect(tmp_path / "feedback.db").execute("select question, citations from questions where id = ?", [qid]).fetchone()
    assert len(row[0]) == feedback.MAX_STORED_CHARS
    assert len(json.loads(row[1])[0]["text"]) == feedback.MAX_STORED_CHARS


# -- 10. links are never followed ------------------------------------------------------------------
def test_symlinks_in_the_corpus_are_skipped_with_a_message(fresh_index_config, tmp_path: Path) -> None:
    config = fresh_index_config()
    outside = write(tmp_path / "utanfor", {"hemlig.txt": b"Losenordet till servern ar hunter2 och det ar hemligt.\n"})
    (config.corpus_dir / "passwd.txt").symlink_to(outside["hemlig.txt"])
    (config.corpus_dir / "mapp").symlink_to(outside["hemlig.txt"].parent, target_is_directory=True)
    report = ingest_corpus(config)
    assert sorted(report.errors) == sorted([_msg("passwd.txt", "symlink"), _msg("mapp", "symlink")])
    assert not any("hunter2" in p["text"] for p in current_passages(config.data_dir))
    assert "passwd.txt" not in Archive(config.data_dir).names() and "hemlig.txt" not in Archive(config.data_dir).names()


# -- 12. leftovers and odd names -------------------------------------------------------------------
def test_half_written_blobs_of_a_killed_ingest_are_removed(fresh_index_config) -> None:
    config = fresh_index_config()
    ingest_corpus(config)
    blobs = Archive(config.data_dir).blobs
    dead = blobs / "ab" / ".tmp-999999999-x1"  # no such process
    old_style = blobs / "cd" / ".tmp-q8w2xk1z"  # written before temporary names carried a pid
    for tmp in (dead, old_style):
        tmp.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(b"halv")
    ingest_corpus(config)
    assert not dead.exists() and not old_style.exists()


def test_a_file_name_with_a_newline_prints_on_one_line(fresh_index_config) -> None:
    config = fresh_index_config()
    write(config.corpus_dir, {"plan\nB.txt": "Planen för regionen gäller 2027 och följs upp varje höst.\n".encode()})
    ingest_corpus(config)
    lines = Corpus(config).history_lines()
    assert "  plan\\nB.txt  (version 1, aktuell)" in lines
    assert all("\n" not in line for line in lines)
    assert Corpus(config).history_lines("plan\nB.txt")[0] == prompts.text("archive.history_heading", name="plan\\nB.txt")
    assert printable("a\x1b[31mb") == "a\\x1b[31mb"


@pytest.mark.parametrize(("code", "key"), [(errno.ENOSPC, "disk_full"), (errno.EROFS, "read_only"), (errno.EBUSY, "busy")])
def test_disk_errors_during_ingest_are_messages(fresh_index_config, monkeypatch, code: int, key: str) -> None:
    config = fresh_index_config()
    corpus = Corpus(config)
    corpus.ingest()
    where = str(config.data_dir / "generations")

    def refuse(*_args, **_kwargs):
        raise OSError(code, os.strerror(code), where)

    monkeypatch.setattr("index.build._build_vectors", refuse)
    with pytest.raises(IngestFailed) as failed:
        corpus.add_or_replace("ny.txt", "Ny plan för samverkan i regionen gäller från 2027.\n".encode(), uploader="t")
    assert str(failed.value) == prompts.text("corpus.ingest_failed",
                                             error=prompts.text(f"corpus.{key}", path=where, detail=os.strerror(code)))
    assert not (config.corpus_dir / "ny.txt").exists()
    assert not list((config.data_dir / "generations").glob("*.building"))
