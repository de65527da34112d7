"""Small Telegram helpers the handlers share: typing indicator, addressing, replies, edits."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError


@contextlib.asynccontextmanager
async def typing_indicator(bot: Any, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" while answering; Telegram drops it after ~5 s, so it is repeated."""

    async def repeat() -> None:
        while True:
            await asyncio.sleep(4.5)
            with contextlib.suppress(TelegramError):
                await bot.send_chat_action(chat_id, ChatAction.TYPING)

    with contextlib.suppress(TelegramError):
        await bot.send_chat_action(chat_id, ChatAction.TYPING)
    task = asyncio.create_task(repeat())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def addressed_text(message: Message, bot_id: int, bot_username: str) -> str | None:
    """The question in `message` if it is meant for the bot, else None.

    Private chats: every text. Groups: only when the bot is @mentioned (the
    mention is removed from the question) or the message replies to the bot.
    """
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return text.strip()
    mention = f"@{bot_username}".casefold()
    for entity, value in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if value.casefold() == mention or (entity.user is not None and entity.user.id == bot_id):
            return text.replace(value, " ").strip(" ,:\n\t")
    reply = message.reply_to_message
    if reply is not None and reply.from_user is not None and reply.from_user.id == bot_id:
        return text.strip()
    return None


def uploader_of(update: Update) -> str:
    """How the archive credits an admin's upload or removal: `telegram:<id> @<username>`."""
    user = update.effective_user
    if user is None:
        return "telegram"
    return f"telegram:{user.id}" + (f" @{user.username}" if user.username else "")


async def reply_parts(message: Message, parts: list[str], markup: Any = None) -> None:
    """Send already-split HTML parts as replies; the keyboard goes under the last part."""
    for i, part in enumerate(parts):
        await message.reply_html(part, reply_markup=markup if i == len(parts) - 1 else None)


async def edit(bot: Any, chat_id: int, message_id: int, text: str) -> None:
    """Edit a progress message, ignoring "not modified" and similar harmless failures."""
    with contextlib.suppress(TelegramError):
        await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)
