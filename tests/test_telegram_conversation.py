"""Conversations in Telegram: per chat and per user, /ny and expiry, clarifying choices, and
buttons that resolve only what this chat was shown in the index being served."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

from telegram_stubs import ADMIN, STAFF, StubAnswerer, bot, bot_message, buttons

import settings as settings_module
from answer.conversation import IDLE_SECONDS

OTHER = 8
GROUP = -100
MENTION = "@samverkan_test_bot "


def _texts(fake, chat_id: int, after: int = 0) -> list[str]:
    return [c.params["text"] for c in fake.sent(chat_id=chat_id, after=after)]


def test_follow_up_is_resolved_in_its_own_chat_only(cfg: settings_module.Settings) -> None:
    async def scenario() -> None:
        async with bot(cfg) as (fake, _):
            fake.message("Kontakt för Kronoberg?", user_id=STAFF)
            await fake.wait_for(where=lambda c: c.params["chat_id"] == STAFF)
            fake.message("Kontakt för Blekinge?", user_id=OTHER)
            await fake.wait_for(where=lambda c: c.params["chat_id"] == OTHER)
            mark = fake.mark()
            fake.message("och vem leder den?", user_id=STAFF)
            reply = await fake.wait_for(after=mark, where=lambda c: c.params["chat_id"] == STAFF)
            assert reply.params["text"].startswith(
                "<i>Jag tolkar frågan som:</i> Kontakt för Kronoberg? / och vem leder den?")
            assert "Blekinge" not in reply.params["text"]
            fake.message("och i Halland?", user_id=OTHER)
            other = await fake.wait_for(after=mark, where=lambda c: c.params["chat_id"] == OTHER)
            assert "Kontakt för Blekinge? / och i Halland?" in other.params["text"]
            assert "Kronoberg" not in other.params["text"]

    asyncio.run(scenario())


def test_a_group_keeps_one_conversation_per_user(cfg: settings_module.Settings) -> None:
    async def scenario() -> None:
        async with bot(cfg) as (fake, _):
            for user, text in ((STAFF, "Kontakt för Kronoberg?"), (OTHER, "Kontakt för Blekinge?")):
                mark = fake.mark()
                fake.message(MENTION + text, user_id=user, chat_id=GROUP, chat_type="supergroup")
                await fake.wait_for(after=mark)
            mark = fake.mark()
            fake.message(MENTION + "och vem leder den?", user_id=STAFF, chat_id=GROUP, chat_type="supergroup")
            reply = await fake.wait_for(after=mark)
            assert "Kontakt för Kronoberg? / och vem leder den?" in reply.params["text"]
            mark = fake.mark()
            fake.message(MENTION + "och vem leder den?", user_id=OTHER, chat_id=GROUP, chat_type="supergroup")
            reply = await fake.wait_for(after=mark)
            assert "Kontakt för Blekinge? / och vem leder den?" in reply.params["text"]

    asyncio.run(scenario())


def test_new_command_and_idle_expiry_start_afresh(cfg: settings_module.Settings) -> None:
    async def scenario() -> None:
        async with bot(cfg) as (fake, application):
            fake.message("Kontakt för Kronoberg?", user_id=STAFF)
            await fake.wait_for()
            mark = fake.mark()
            fake.message("/ny", user_id=STAFF)
            await fake.wait_text("Ny konversation", after=mark)
            mark = fake.mark()
            fake.message("och i Halland?", user_id=STAFF)
            reply = await fake.wait_for(after=mark)
            assert "tolkar frågan" not in reply.params["text"]

            fake.message("Kontakt för Blekinge?", user_id=STAFF)
            await fake.wait_for(after=mark, where=lambda c: c is not reply)
            talk = application.chat_data[STAFF].talks[STAFF]
            talk.conversation.last_active -= IDLE_SECONDS + 1  # half an hour without a question
            mark = fake.mark()
            fake.message("och i Halland?", user_id=STAFF)
            reply = await fake.wait_for(after=mark)
            assert "tolkar frågan" not in reply.params["text"]

    asyncio.run(scenario())


def test_choices_are_buttons_that_continue_the_conversation(cfg: settings_module.Settings) -> None:
    answerer = StubAnswerer()

    async def scenario() -> None:
        async with bot(cfg, answerer) as (fake, _):
            fake.message("vilken region?", user_id=STAFF)
            reply = await fake.wait_for()
            choice_buttons = [(t, d) for t, d in buttons(reply) if d.startswith("ch:")]
            assert [t for t, _ in choice_buttons] == ["Region Kronoberg", "Region Blekinge"]
            mark = fake.mark()
            fake.press(bot_message(fake, reply), choice_buttons[1][1], user_id=STAFF)
            await fake.wait_for(after=mark)

    asyncio.run(scenario())
    assert answerer.asked == ["vilken region?", "Region Blekinge"]


def test_source_buttons_resolve_only_this_chats_answers_of_the_served_index(cfg: settings_module.Settings) -> None:
    answerer = StubAnswerer()

    async def scenario() -> None:
        async with bot(cfg, answerer) as (fake, _):
            fake.message("Vad gör Brysselkontoret?", user_id=STAFF)
            reply = await fake.wait_for()
            source = buttons(reply)[0][1]
            token = source.split(":")[1]
            forged = [f"src:{token}:99", "src:00000000:1", "src:1:99999999999999999999999999", "src:x",
                      "vote:123456789012345678901234567890:1", "ch:deadbeef:0"]
            for data in forged:
                mark = fake.mark()
                fake.press(bot_message(fake, reply), data, user_id=STAFF)
                alert = await fake.wait_for("answerCallbackQuery", after=mark)
                assert "finns inte längre" in alert.params["text"], data
            # the same token pressed from another chat: that chat was never shown the answer
            mark = fake.mark()
            foreign = {**bot_message(fake, reply), "chat": fake.chat(OTHER)}
            fake.press(foreign, source, user_id=OTHER)
            alert = await fake.wait_for("answerCallbackQuery", after=mark)
            assert "finns inte längre" in alert.params["text"]
            # a re-ingest (a removed document) since the answer: the passage is not shown
            answerer.generation = "gen-2"
            mark = fake.mark()
            fake.press(bot_message(fake, reply), source, user_id=STAFF)
            alert = await fake.wait_for("answerCallbackQuery", after=mark)
            assert "uppdaterats" in alert.params["text"]
            assert not fake.sent(after=mark)
            assert not fake.errors()

    asyncio.run(scenario())


def test_a_failing_feedback_store_never_stops_an_answer(cfg: settings_module.Settings, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the data directory should be")
    cfg = dataclasses.replace(cfg, data_dir=blocked / "data")  # every feedback write fails

    async def scenario() -> None:
        async with bot(cfg) as (fake, _):
            fake.message("Vad gör Brysselkontoret?", user_id=STAFF)
            reply = await fake.wait_for()
            assert "EU-frågor" in reply.params["text"]
            mark = fake.mark()
            fake.press(bot_message(fake, reply), buttons(reply)[-1][1], user_id=STAFF)
            thanks = await fake.wait_for("answerCallbackQuery", after=mark)
            assert "Tack" in thanks.params["text"]

    asyncio.run(scenario())


def test_a_flood_gets_one_slow_down_reply_and_help_counts_too(cfg: settings_module.Settings) -> None:
    cfg = dataclasses.replace(cfg, rate_limit_per_minute=3)
    answerer = StubAnswerer()

    async def scenario() -> None:
        async with bot(cfg, answerer) as (fake, _):
            fake.message("/hjalp", user_id=ADMIN)
            await fake.wait_text("Kommandon")
            for _ in range(40):
                fake.message("Vad gör Brysselkontoret?", user_id=ADMIN)
            fake.message("/hjalp", user_id=ADMIN)
            await fake.wait_text("Lugn, lugn")
            await asyncio.sleep(1.0)
            texts = _texts(fake, ADMIN)
            assert sum("Lugn, lugn" in t for t in texts) == 1
            assert sum("Kommandon" in t for t in texts) == 1

    asyncio.run(scenario())
    assert len(answerer.asked) == 2


def test_state_is_bounded_in_chats_and_answers(cfg: settings_module.Settings, monkeypatch) -> None:
    from bot.telegram import state

    monkeypatch.setattr(state, "MAX_CHATS", 2)
    monkeypatch.setattr(state, "MAX_ANSWERS_PER_CHAT", 3)

    async def scenario() -> None:
        async with bot(cfg) as (fake, application):
            for chat in (101, 102, 103):
                mark = fake.mark()
                fake.message("Vad gör Brysselkontoret?", user_id=chat)
                await fake.wait_for(after=mark)
            assert set(application.chat_data) == {102, 103}  # the least recently active chat was dropped
            for _ in range(5):
                mark = fake.mark()
                fake.message("Vad gör Brysselkontoret?", user_id=103)
                await fake.wait_for(after=mark)
            assert len(application.chat_data[103].shown) == 3

    asyncio.run(scenario())
