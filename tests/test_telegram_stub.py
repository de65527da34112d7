"""Bot behaviour the real corpus cannot provoke on demand, with a stub answerer and ingest.

Long answers, rate limits, allowed chats, group addressing, ingest failures:
the real `Application` still runs against the fake Telegram server, only the
answerer and ingest are replaced (build_application takes them as parameters).
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import settings as settings_module  # noqa: E402
from fake_telegram import Call, FakeTelegram, parse_telegram_html, running_bot  # noqa: E402

from answer import feedback  # noqa: E402
from answer.types import Answer, Citation, ContactCard  # noqa: E402
from bot.telegram_bot import build_application, run  # noqa: E402
from bot.telegram_format import tg_len  # noqa: E402
from index.archive import Archive  # noqa: E402

ADMIN, STAFF = 42, 7


class StubAnswerer:
    """Canned answers keyed on words in the question."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def ask(self, question: str) -> Answer:
        self.asked.append(question)
        if "okänt" in question:
            return Answer(question, "Det hittar jag inte i dokumenten.", True,
                          related=[Citation(1, "a.txt", "A", "1", "x")])
        if "lång" in question:
            text = " ".join(f"Mening {i} om samverkan & <vård> [1]." for i in range(700))
            return Answer(question, text, False, [Citation(1, "a.txt", "A", "1", "kort")])
        if "krasch" in question:
            raise RuntimeError("boom")
        return Answer(question, "Brysselkontoret bevakar EU-frågor [1] & <mer> [2].", False, [
            Citation(1, "a.txt", "Titel A", "1", "Text med < och & tecken", heading="Om <EU>"),
            Citation(2, "b.pdf", "Titel B", "3–4", "Andra källan"),
        ], latency_ms=12.0)

    def lookup_contacts(self, query: str, limit: int = 5) -> list[ContactCard]:
        if "halland" in query.casefold():
            return [ContactCard("Anna Andersson", "anna@regionhalland.se", "Region Halland", "samordnare",
                                "samarbete-for-battre-vard.txt", 1)]
        return []

    def documents(self) -> list[dict]:
        return [{"name": "a.txt", "title": "Titel A", "pages": 1, "passages": 3,
                 "ingested_at": "2025-01-02T10:00:00+00:00"}]

    def status(self) -> dict:
        return {"documents": 1, "passages": 3, "contacts": 1, "model": "stub", "last_ingest": "2025-01-02T10:00:00"}


class StubIngest:
    """Records calls, reports progress like ingest_corpus, fails when told to."""

    def __init__(self) -> None:
        self.calls = 0
        self.fail = False
        self.uploaders: list[str] = []

    def __call__(self, settings: Any, progress: Any = None, uploader: str = "") -> Any:
        self.calls += 1
        self.uploaders.append(uploader)
        names = sorted(p.name for p in settings.corpus_dir.iterdir())
        for i, name in enumerate(names):
            if progress:
                progress(name, i, len(names))
        if progress:
            progress("", len(names), len(names))
        if self.fail:
            raise RuntimeError("disk full")
        return SimpleNamespace(documents=len(names), pages=3, passages=10, contacts=1, seconds=0.1,
                               added=[], changed=[], removed=[], skipped=[], errors=[],
                               passages_added=4, passages_removed=1, contacts_changed=0)


def stub_validate(path: Path) -> None:
    """Accept PDFs that look like PDFs and any non-empty text."""
    data = path.read_bytes()
    if path.suffix == ".pdf" and not data.startswith(b"%PDF"):
        raise ValueError(f"{path.name}: filen är inte en läsbar PDF")
    if not data.strip():
        raise ValueError(f"{path.name}: filen är tom")


@pytest.fixture
def cfg(tmp_path: Path) -> settings_module.Settings:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("A", encoding="utf-8")
    return dataclasses.replace(settings_module.load(), data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus",
                               admin_ids=frozenset({ADMIN}), allowed_chats=frozenset(), rate_limit_per_minute=100,
                               log_questions=False)


def bot(cfg: settings_module.Settings, answerer: Any = None, ingest: Any = None):
    """running_bot(...) for these settings and stubs."""
    def build(token: str, url: str):
        return build_application(dataclasses.replace(cfg, telegram_token=token, telegram_api_url=url),
                                 answerer or StubAnswerer(), ingest_fn=ingest or StubIngest(),
                                 validate_fn=stub_validate)
    return running_bot(build)


def buttons(call: Call) -> list[tuple[str, str]]:
    return [(b["text"], b.get("callback_data", "")) for row in call.params["reply_markup"]["inline_keyboard"]
            for b in row]


def bot_message(fake: FakeTelegram, call: Call) -> dict:
    return fake.messages[(call.params["chat_id"], call.result["message_id"])]


def test_question_answer_buttons_source_and_vote(cfg: settings_module.Settings) -> None:
    async def scenario() -> None:
        async with bot(cfg) as (fake, _):
            mark = fake.mark()
            fake.message("Vad gör Brysselkontoret?", user_id=STAFF)
            reply = await fake.wait_for(after=mark)
            assert fake.sent("sendChatAction", after=mark)[0].params["action"] == "typing"
            text = reply.params["text"]
            assert reply.params["parse_mode"] == "HTML"
            assert "EU-frågor <b>[1]</b> &amp; &lt;mer&gt; <b>[2]</b>." in text
            assert "Titel B – <i>b.pdf</i>, s. 3–4" in text
            labels = [t for t, _ in buttons(reply)]
            assert labels == ["Visa källa 1", "Visa källa 2", "👍", "👎"]

            mark = fake.mark()
            fake.press(bot_message(fake, reply), buttons(reply)[0][1], user_id=STAFF)
            source = await fake.wait_text("Källa 1", after=mark)
            assert "<blockquote>Text med &lt; och &amp; tecken</blockquote>" in source.params["text"]
            assert "<i>a.txt</i>, sida 1" in source.params["text"] and "Om &lt;EU&gt;" in source.params["text"]
            assert fake.sent("answerCallbackQuery", after=mark)

            mark = fake.mark()
            fake.press(bot_message(fake, reply), buttons(reply)[3][1], user_id=STAFF)
            thanks = await fake.wait_for("answerCallbackQuery", after=mark)
            assert "Tack" in thanks.params["text"]
            fake.message("något okänt?", user_id=STAFF)
            await fake.wait_text("Det hittar jag inte", after=mark)
            assert not fake.errors()

    asyncio.run(scenario())
    report = feedback.feedback_report(cfg)
    assert [(r["question"], r["thumbs_down"], r["abstained"]) for r in report] == [
        ("Vad gör Brysselkontoret?", 1, 0), ("något okänt?", 0, 1)]
    assert report[0]["documents"] == ["a.txt", "b.pdf"]


def test_long_answer_is_split_with_keyboard_last(cfg: settings_module.Settings) -> None:
    async def scenario() -> None:
        async with bot(cfg) as (fake, _):
            fake.message("en lång fråga", user_id=STAFF)
            await fake.wait_for(where=lambda c: "reply_markup" in c.params)
            parts = fake.sent()
            assert len(parts) >= 2
            for part in parts:
                assert tg_len(parse_telegram_html(part.params["text"])) <= 4096
            assert all("reply_markup" not in p.params for p in parts[:-1])
            assert not fake.errors()

    asyncio.run(scenario())


def test_group_only_when_addressed(cfg: settings_module.Settings) -> None:
    answerer = StubAnswerer()

    async def scenario() -> None:
        async with bot(cfg, answerer) as (fake, _):
            fake.message("Vad gör Brysselkontoret?", user_id=STAFF, chat_id=-100, chat_type="supergroup")
            fake.message("@samverkan_test_bot Vad gör Brysselkontoret?", user_id=STAFF, chat_id=-100,
                         chat_type="supergroup")
            first = await fake.wait_for()
            fake.message("och mer?", user_id=STAFF, chat_id=-100, chat_type="supergroup",
                         reply_to=bot_message(fake, first))
            await fake.wait_for(where=lambda c: c is not first)
            mark = fake.mark()
            fake.message("/kontakt@samverkan_test_bot halland", user_id=STAFF, chat_id=-100, chat_type="supergroup")
            await fake.wait_text("Anna Andersson", after=mark)

    asyncio.run(scenario())
    assert answerer.asked == ["Vad gör Brysselkontoret?", "och mer?"]


def test_allowed_chats_and_rate_limit(cfg: settings_module.Settings) -> None:
    cfg = dataclasses.replace(cfg, allowed_chats=frozenset({STAFF}), rate_limit_per_minute=2)

    async def scenario() -> None:
        async with bot(cfg) as (fake, _):
            fake.message("Hej?", user_id=13)
            refusal = await fake.wait_for(where=lambda c: c.params["chat_id"] == 13)
            assert "inte öppen" in refusal.params["text"]
            for _ in range(3):
                fake.message("Vad gör Brysselkontoret?", user_id=STAFF)
            await fake.wait_text("Försök igen om", timeout=10)
            await fake.wait_for(where=lambda c: len(fake.sent(chat_id=STAFF)) >= 3)
            await asyncio.sleep(0.3)
            texts = [c.params["text"] for c in fake.sent(chat_id=STAFF)]
            assert len(texts) == 3 and sum("Försök igen om" in t for t in texts) == 1

    asyncio.run(scenario())


def test_answerer_error_is_reported_not_silent(cfg: settings_module.Settings) -> None:
    async def scenario() -> None:
        async with bot(cfg) as (fake, _):
            fake.message("krasch", user_id=STAFF)
            await fake.wait_text("Något gick fel")

    asyncio.run(scenario())


def test_upload_refused_for_non_admin(cfg: settings_module.Settings) -> None:
    ingest = StubIngest()

    async def scenario() -> None:
        async with bot(cfg, ingest=ingest) as (fake, _):
            fake.document(b"%PDF-1.4 data", "plan.pdf", user_id=STAFF)
            refusal = await fake.wait_for()
            assert "bara administratörer" in refusal.params["text"]
            assert not fake.sent("getFile") and not fake.downloads

    asyncio.run(scenario())
    assert ingest.calls == 0
    assert sorted(p.name for p in cfg.corpus_dir.iterdir()) == ["a.txt"]


def test_upload_replace_progress_and_failure_rollback(cfg: settings_module.Settings) -> None:
    ingest = StubIngest()

    async def scenario() -> None:
        async with bot(cfg, ingest=ingest) as (fake, _):
            fake.document(b"ny text", "a.txt", "text/plain", user_id=ADMIN)
            await fake.wait_text("Inläsning klar")
            edits = [c.params["text"] for c in fake.sent("editMessageText")]
            assert any("ersätter den tidigare versionen" in t for t in edits)
            assert any("Läser in dokument" in t for t in edits)

            ingest.fail = True
            fake.document(b"ny igen", "b.txt", "text/plain", user_id=ADMIN)
            await fake.wait_text("Inläsningen misslyckades")

            fake.document(b"not a pdf", "trasig.pdf", user_id=ADMIN)
            await fake.wait_text("kunde inte läsas", method="editMessageText")
            fake.document(b"x", "virus.exe", "application/octet-stream", user_id=ADMIN)
            await fake.wait_text("Filtypen stöds inte")

    asyncio.run(scenario())
    assert (cfg.corpus_dir / "a.txt").read_text() == "ny text"
    assert sorted(p.name for p in cfg.corpus_dir.iterdir()) == ["a.txt"]  # b.txt rolled back, trasig.pdf never in
    archive = Archive(cfg.data_dir)  # the replaced a.txt (never ingested by the stub) was archived first
    [kept] = archive.history("a.txt")
    assert archive.read_blob(kept.sha256) == b"A"
    assert archive.names() == ["a.txt"]
    assert not (cfg.data_dir / "removed").exists()
    assert ingest.calls == 2
    assert ingest.uploaders == [f"telegram:{ADMIN}"] * 2
    assert not any((cfg.data_dir / "uploads").iterdir())


def test_admin_commands_and_remove(cfg: settings_module.Settings) -> None:
    async def scenario() -> None:
        async with bot(cfg) as (fake, _):
            fake.message("/status", user_id=STAFF)
            await fake.wait_text("bara för administratörer")
            fake.message("/status", user_id=ADMIN)
            await fake.wait_text("Modell: <code>stub</code>")
            fake.message("/dokument", user_id=ADMIN)
            await fake.wait_text("Dokument i korpusen")
            fake.message("/hjalp", user_id=ADMIN)
            help_text = await fake.wait_text("Administratör")
            assert "2025-01-02" in help_text.params["text"]

            fake.message("/ta_bort a", user_id=ADMIN)
            confirm = await fake.wait_text("Ta bort <b>a.txt</b>")
            fake.press(bot_message(fake, confirm), buttons(confirm)[0][1], user_id=STAFF)
            await fake.wait_for("answerCallbackQuery", where=lambda c: "administratörer" in c.params.get("text", ""))
            assert (cfg.corpus_dir / "a.txt").exists()
            fake.press(bot_message(fake, confirm), buttons(confirm)[0][1], user_id=ADMIN)
            await fake.wait_text("Indexet är uppdaterat")
            assert not fake.errors()

    asyncio.run(scenario())
    assert not (cfg.corpus_dir / "a.txt").exists()
    [kept] = Archive(cfg.data_dir).history("a.txt")
    assert Archive(cfg.data_dir).read_blob(kept.sha256) == b"A"
    assert not (cfg.data_dir / "removed").exists()


def test_run_without_token_explains(cfg: settings_module.Settings, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(dataclasses.replace(cfg, telegram_token=""))
    err = capsys.readouterr().err
    assert "TELEGRAM_BOT_TOKEN" in err and "samverkan chat" in err and "@BotFather" in err
