"""Bad input gets a clear error and the rest goes on: files over the size limit, the same
content under another name, hostile upload names (ingest, CLI and the Telegram bot)."""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import CORPUS_FILES, current_passages
from fake_telegram import running_bot

import prompts
from bot.cli import main
from bot.telegram.app import build_application
from index.archive import Archive
from index.build import ingest_corpus
from ingest import DocumentError, load_document, size_error

TXT = "samarbete-for-battre-vard.txt"
HALSO = "sbhss-halsoplattform.txt"
ADMIN = 42
BIG = int(1.5 * 2**20)
TOO_LARGE = "filen är för stor: 1,5 MB, gränsen är 1 MB"


def _env(config, **extra: str) -> dict[str, str]:
    return {"SAMVERKAN_DATA_DIR": str(config.data_dir), "SAMVERKAN_CORPUS_DIR": str(config.corpus_dir),
            "SAMVERKAN_MODEL": config.model, **extra}


def _big_text(size: int = BIG) -> bytes:
    line = "Samverkan mellan regionerna kring vårdplatser och remisser.\n".encode()
    return (line * (size // len(line) + 1))[:size]


def _documents(config) -> set[str]:
    return {p["document"] for p in current_passages(config.data_dir)}


# -- size limit -----------------------------------------------------------------------------------
def test_size_error_message_is_exact() -> None:
    assert size_error("a.pdf", 2**20, 2**20) is None
    err = size_error("a.pdf", BIG, 2**20)
    assert isinstance(err, DocumentError)
    assert str(err) == f"a.pdf: {TOO_LARGE}"
    assert err.reason == TOO_LARGE
    just_over = size_error("b.pdf", 2**20 + 1, 2**20)
    assert just_over is not None and just_over.reason == "filen är för stor: 1,1 MB, gränsen är 1 MB"
    assert size_error("c.pdf", 61 * 2**20, 50 * 2**20).reason == "filen är för stor: 61,0 MB, gränsen är 50 MB"


@pytest.mark.slow
def test_load_document_refuses_a_file_over_max_bytes_unread(tmp_path: Path) -> None:
    big = tmp_path / "stor.txt"
    big.write_bytes(_big_text())
    try:
        load_document(big, max_bytes=2**20)
    except DocumentError as err:
        assert str(err) == f"stor.txt: {TOO_LARGE}"
    else:
        raise AssertionError("no DocumentError")
    assert load_document(big).passages  # without a limit the same file is fine


def test_oversize_file_is_reported_and_the_rest_indexed(fresh_index_config) -> None:
    config = dataclasses.replace(fresh_index_config(), max_upload_mb=1)
    (config.corpus_dir / "stor.txt").write_bytes(_big_text())
    report = ingest_corpus(config)
    assert report.errors == [f"stor.txt: {TOO_LARGE}"]
    assert sorted(report.added) == sorted(CORPUS_FILES) and report.documents == 5
    assert _documents(config) == set(CORPUS_FILES)
    assert "stor.txt" not in Archive(config.data_dir).names()  # never ingested, never archived


def test_oversize_update_keeps_serving_the_last_good_version(fresh_index_config) -> None:
    config = dataclasses.replace(fresh_index_config(), max_upload_mb=1)
    ingest_corpus(config)
    before = [p["text"] for p in current_passages(config.data_dir) if p["document"] == TXT]
    (config.corpus_dir / TXT).write_bytes(_big_text())
    report = ingest_corpus(config)
    assert report.errors == [f"{TXT}: {TOO_LARGE}"]
    assert report.changed == report.removed == [] and report.documents == 5
    assert [p["text"] for p in current_passages(config.data_dir) if p["document"] == TXT] == before
    assert len(Archive(config.data_dir).history(TXT)) == 1


def test_cli_uses_the_configured_limit(fresh_index_config) -> None:
    config = fresh_index_config()
    (config.corpus_dir / "stor.txt").write_bytes(_big_text())
    result = CliRunner().invoke(main, ["ingest"], env=_env(config, SAMVERKAN_MAX_UPLOAD_MB="1"))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == prompts.text("ingest.error_line", error=f"stor.txt: {TOO_LARGE}")
    assert "nya: 5 · ändrade: 0 · borttagna: 0 · oförändrade: 0" in result.stdout
    assert _documents(config) == set(CORPUS_FILES)


# -- the same content under another name ----------------------------------------------------------
def test_duplicate_in_one_ingest_is_reported_and_indexed_once(fresh_index_config, session_passages) -> None:
    config = fresh_index_config()
    shutil.copy2(config.corpus_dir / HALSO, config.corpus_dir / "x-kopia-halsoplattform.txt")
    report = ingest_corpus(config)
    assert report.duplicates == [prompts.text("ingest.duplicate", name="x-kopia-halsoplattform.txt", original=HALSO)]
    assert report.duplicates[0] == ("x-kopia-halsoplattform.txt: samma innehåll som sbhss-halsoplattform.txt, "
                                    "som redan är inläst; filen läses inte in en gång till")  # first in order is kept
    assert report.errors == [] and report.documents == 5
    assert len(current_passages(config.data_dir)) == len(session_passages)  # passages not doubled
    assert _documents(config) == set(CORPUS_FILES)
    assert "x-kopia-halsoplattform.txt" not in Archive(config.data_dir).names()


def test_duplicate_under_a_name_sorting_first_keeps_the_indexed_one(fresh_index_config) -> None:
    config = fresh_index_config()
    ingest_corpus(config)
    before = current_passages(config.data_dir)
    shutil.copy2(config.corpus_dir / HALSO, config.corpus_dir / "0-kopia.txt")  # sorts before the original
    report = ingest_corpus(config)
    assert report.duplicates == [prompts.text("ingest.duplicate", name="0-kopia.txt", original=HALSO)]
    assert report.added == report.removed == [] and sorted(report.skipped) == sorted(CORPUS_FILES)
    rows = [(p["document"], p["ordinal"], p["text"]) for p in current_passages(config.data_dir)]
    assert rows == [(p["document"], p["ordinal"], p["text"]) for p in before]


def test_two_new_identical_files_index_the_first(fresh_index_config, tmp_path: Path) -> None:
    config = fresh_index_config()
    docs = tmp_path / "nya"
    docs.mkdir()
    text = "Regionerna samordnar tolkstöd.\n\nTolkstöd bokas av vårdenheten och betalas av regionen.\n"
    (docs / "a.txt").write_text(text, encoding="utf-8")
    (docs / "b.md").write_text(text, encoding="utf-8")
    report = ingest_corpus(config, [docs])
    assert report.added == ["a.txt"]
    assert report.duplicates == [prompts.text("ingest.duplicate", name="b.md", original="a.txt")]
    assert _documents(config) == {"a.txt"}


def test_cli_prints_duplicates(fresh_index_config) -> None:
    config = fresh_index_config()
    shutil.copy2(config.corpus_dir / TXT, config.corpus_dir / "zz-kopia.txt")
    result = CliRunner().invoke(main, ["ingest"], env=_env(config))
    assert result.exit_code == 0, result.output
    message = prompts.text("ingest.duplicate", name="zz-kopia.txt", original=TXT)
    assert prompts.text("ingest.duplicate_line", duplicate=message) in result.stderr.splitlines()
    assert "5 dokument, 54 sidor" in result.stdout


# -- the Telegram bot: same limit, duplicates in the summary, hostile names -----------------------
class _Stub:
    def ask(self, question: str) -> Any:  # pragma: no cover - not asked here
        raise AssertionError(question)

    def lookup_contacts(self, query: str, limit: int = 5) -> list:
        return []

    def documents(self) -> list[dict]:
        return []

    def status(self) -> dict:
        return {}


def _quick_corpus(cfg: Any, report: dict[str, Any] | None = None) -> Any:
    """The real corpus service (names, sizes, archive, lock) with the re-ingest stubbed out."""
    from index.corpus import Corpus

    class QuickCorpus(Corpus):
        calls: list[str] = []

        def ingest(self, paths: Any = None, uploader: str = "", progress: Any = None) -> Any:
            self.calls.append(uploader)
            names = [p.name for p in self.files()]
            return SimpleNamespace(documents=len(names), pages=1, passages=1, contacts=0, seconds=0.1, added=names,
                                   changed=[], removed=[], skipped=[], errors=[], duplicates=[], passages_added=0,
                                   passages_removed=0, contacts_changed=0, **(report or {}))

    return QuickCorpus(cfg)


def _bot(cfg, answerer: Any = None, corpus: Any = None):
    def build(token: str, url: str):
        return build_application(dataclasses.replace(cfg, telegram_token=token, telegram_api_url=url),
                                 answerer or _Stub(), corpus or _quick_corpus(cfg))
    return running_bot(build)


def _bot_config(config_factory_or_cfg):
    return dataclasses.replace(config_factory_or_cfg, admin_ids=frozenset({ADMIN}), allowed_chats=frozenset(),
                               rate_limit_per_minute=1000, log_questions=False)


def test_bot_refuses_an_oversize_upload_with_the_ingest_message(tmp_path: Path, config) -> None:
    cfg = _bot_config(dataclasses.replace(config, data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus",
                                          max_upload_mb=1))
    corpus = _quick_corpus(cfg)

    async def scenario() -> None:
        async with _bot(cfg, corpus=corpus) as (fake, _):
            fake.document(_big_text(), "stor.txt", "text/plain", user_id=ADMIN)
            reply = await fake.wait_text("för stor")
            assert reply.params["text"] == f"❌ <b>stor.txt</b> har inte lagts till: {TOO_LARGE}."
            assert not fake.sent("getFile")

    asyncio.run(scenario())
    assert corpus.calls == []
    assert not (tmp_path / "corpus" / "stor.txt").exists()


def test_hostile_upload_names_never_leave_the_corpus(tmp_path: Path, config) -> None:
    cfg = _bot_config(dataclasses.replace(config, data_dir=tmp_path / "srv" / "data",
                                          corpus_dir=tmp_path / "srv" / "corpus"))
    cfg.corpus_dir.mkdir(parents=True)
    hostile = {
        "../../utanfor.txt": "utanfor.txt",
        "/etc/absolut.txt": "absolut.txt",
        "..\\..\\windows.txt": "windows.txt",
        "nul\x00byte.txt": "nulbyte.txt",
        ".dold.txt": "dold.txt",
        "x" * 300 + ".txt": "x" * 96 + ".txt",
    }

    async def scenario() -> None:
        async with _bot(cfg) as (fake, _):
            for raw in hostile:
                mark = fake.mark()
                fake.document(b"Text om samverkan.\n", raw, "text/plain", user_id=ADMIN)
                await fake.wait_text("Inläsning klar", after=mark)

    asyncio.run(scenario())
    assert sorted(p.name for p in cfg.corpus_dir.iterdir()) == sorted(hostile.values())
    outside = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")
                     if p.is_file() and cfg.corpus_dir not in p.parents and cfg.data_dir not in p.parents)
    assert outside == []


def test_bot_summary_reports_a_duplicate_upload(fresh_index_config) -> None:
    from answer.answerer import Answerer

    cfg = _bot_config(fresh_index_config())
    ingest_corpus(cfg)
    answerer = Answerer(cfg)
    passages = len(current_passages(cfg.data_dir))
    content = (cfg.corpus_dir / HALSO).read_bytes()

    def build(token: str, url: str):
        return build_application(dataclasses.replace(cfg, telegram_token=token, telegram_api_url=url), answerer)

    async def scenario() -> None:
        async with running_bot(build) as (fake, _):
            fake.document(content, "halsoplattformen-kopia.txt", "text/plain", user_id=ADMIN)
            done = await fake.wait_text("Inläsning klar", timeout=120)
            text = done.params["text"]
            assert "<b>Dubbletter</b> (inlästa en gång):" in text
            assert ("• halsoplattformen-kopia.txt: samma innehåll som sbhss-halsoplattform.txt, som redan är inläst; "
                    "filen läses inte in en gång till") in text
            assert not fake.errors()

    asyncio.run(scenario())
    assert len(current_passages(cfg.data_dir)) == passages
    assert "halsoplattformen-kopia.txt" not in {d["name"] for d in answerer.documents()}


# -- SQL is data ------------------------------------------------------------------------------------
SQL_NAME = "x'); DROP TABLE passages;--.txt"


def test_sql_in_names_text_and_questions_is_data(fresh_index_config) -> None:
    from answer.answerer import Answerer

    config = fresh_index_config("sql")
    (config.corpus_dir / SQL_NAME).write_text(
        "Robert'); DROP TABLE contacts;-- leder beredningsgruppen för remisshantering i regionerna.\n"
        "Kontakt: robert.tables@regionhalland.se\n",
        encoding="utf-8",
    )
    report = ingest_corpus(config)
    assert SQL_NAME in report.added and report.errors == []
    answerer = Answerer(config)
    answer = answerer.ask("Vem leder beredningsgruppen för remisshantering? ' OR 1=1; DROP TABLE passages;--")
    assert not answer.abstained
    assert answer.citations[0].document == SQL_NAME
    assert "DROP TABLE contacts" in answer.citations[0].text  # quoted verbatim, never executed
    assert SQL_NAME in {d["name"] for d in answerer.documents()}
    assert any(c.email == "robert.tables@regionhalland.se" for c in answerer.lookup_contacts("robert.tables"))
    assert answerer.lookup_contacts("'; DELETE FROM contacts;--") == []
    assert answerer.status()["documents"] == 6  # every table still there
    assert [v.version for v in Archive(config.data_dir).history(SQL_NAME)] == [1]
