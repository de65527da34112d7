""""Visa originaltext": a source repaired at ingest can be shown as its file has it."""

from __future__ import annotations

import asyncio

from telegram_stubs import STAFF, bot, bot_message, buttons

import settings as settings_module


def test_repaired_source_offers_its_original_text(cfg: settings_module.Settings) -> None:
    async def scenario() -> None:
        async with bot(cfg) as (fake, _):
            mark = fake.mark()
            fake.message("Hur stor är den reparerade regionen?", user_id=STAFF)
            reply = await fake.wait_for(after=mark)
            mark = fake.mark()
            fake.press(bot_message(fake, reply), buttons(reply)[0][1], user_id=STAFF)
            source = await fake.wait_text("Källa 1", after=mark)
            assert "<b>Södra sjukvårdsregionen är stor.</b>" in source.params["text"]
            (label, data), = buttons(source)
            assert label == "Visa originaltext" and data.startswith("raw:")
            mark = fake.mark()
            fake.press(bot_message(fake, source), data, user_id=STAFF)
            original = await fake.wait_text("som den står i filen", after=mark)
            assert "S6dra sjukvardsregionen &amp;r stor." in original.params["text"]
            assert not fake.errors()

    asyncio.run(scenario())


def test_unrepaired_source_has_no_original_button(cfg: settings_module.Settings) -> None:
    async def scenario() -> None:
        async with bot(cfg) as (fake, _):
            mark = fake.mark()
            fake.message("Vad gör Brysselkontoret?", user_id=STAFF)
            reply = await fake.wait_for(after=mark)
            mark = fake.mark()
            fake.press(bot_message(fake, reply), buttons(reply)[0][1], user_id=STAFF)
            source = await fake.wait_text("Källa 1", after=mark)
            assert "reply_markup" not in source.params or not source.params["reply_markup"]

    asyncio.run(scenario())
