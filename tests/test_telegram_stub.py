"""Bot behaviour the real corpus cannot provoke on demand, with a stub answerer and corpus service.

Long answers, rate limits, allowed chats, group addressing, conversations, forged buttons,
failing corpus changes: the real `Application` still runs against the fake Telegram server,
only the answerer and the corpus service are replaced (build_application takes them).
"""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from fake_telegram import parse_telegram_html
from telegram_stubs import ADMIN, STAFF, StubAnswerer, StubCorpus, bot, bot_message, buttons

import settings as settings_module
from answer import feedback
from bot.telegram import run
from bot.telegram_format import tg_len


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
            assert "Titel B, s. 3–4" in text
            labels = [t for t, _ in buttons(reply)]
            assert labels == ["Visa källa 1", "Visa källa 2", "👍", "👎"]

            mark = fake.mark()
            fake.press(bot_message(fake, reply), buttons(reply)[0][1], user_id=STAFF)
            source = await fake.wait_text("Källa 1", after=mark)
            assert "<blockquote><b>Text med &lt; och &amp; tecken</b></blockquote>" in source.params["text"]  # cited: bold
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
    corpus = StubCorpus(cfg.corpus_dir)

    async def scenario() -> None:
        async with bot(cfg, corpus=corpus) as (fake, _):
            fake.document(b"%PDF-1.4 data", "plan.pdf", user_id=STAFF)
            refusal = await fake.wait_for()
            assert "bara administratörer" in refusal.params["text"]
            assert not fake.sent("getFile") and not fake.downloads

    asyncio.run(scenario())
    assert corpus.changes == []
    assert sorted(p.name for p in cfg.corpus_dir.iterdir()) == ["a.txt"]


def test_upload_replace_progress_and_failure(cfg: settings_module.Settings) -> None:
    corpus = StubCorpus(cfg.corpus_dir)

    async def scenario() -> None:
        async with bot(cfg, corpus=corpus) as (fake, _):
            fake.document(b"ny text", "a.txt", "text/plain", user_id=ADMIN)
            await fake.wait_text("Inläsning klar")
            edits = [c.params["text"] for c in fake.sent("editMessageText")]
            assert any("ersätter den tidigare versionen" in t for t in edits)
            assert any("Läser in dokument" in t for t in edits)

            corpus.fail = True
            fake.document(b"ny igen", "b.txt", "text/plain", user_id=ADMIN)
            failed = await fake.wait_text("Inläsningen misslyckades")
            assert "disken är full" in failed.params["text"]

            fake.document(b"not a pdf", "trasig.pdf", user_id=ADMIN)
            await fake.wait_text("kunde inte läsas", method="editMessageText")
            fake.document(b"x", "virus.exe", "application/octet-stream", user_id=ADMIN)
            await fake.wait_text("Filtypen stöds inte")

    asyncio.run(scenario())
    assert (cfg.corpus_dir / "a.txt").read_text() == "ny text"
    assert corpus.changes == [("add", "a.txt", f"telegram:{ADMIN}"), ("add", "b.txt", f"telegram:{ADMIN}")]


def test_admin_commands_and_remove(cfg: settings_module.Settings) -> None:
    corpus = StubCorpus(cfg.corpus_dir)

    async def scenario() -> None:
        async with bot(cfg, corpus=corpus) as (fake, _):
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
    assert corpus.changes == [("remove", "a.txt", f"telegram:{ADMIN}")]


def test_run_without_token_explains(cfg: settings_module.Settings, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(dataclasses.replace(cfg, telegram_token=""))
    err = capsys.readouterr().err
    assert "TELEGRAM_BOT_TOKEN" in err and "samverkan chat" in err and "@BotFather" in err
