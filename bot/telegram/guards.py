"""The checks every handler would otherwise repeat: allowed chats, admins, rate limit."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any, Concatenate, ParamSpec

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.telegram.replies import addressed_text
from bot.telegram.state import BotState, Context, bot_state
from bot.telegram.texts import T
from bot.telegram_format import fill

log = logging.getLogger("samverkan.telegram")

P = ParamSpec("P")
Handler = Callable[Concatenate[Update, Context, P], Coroutine[Any, Any, None]]

def is_admin(state: BotState, update: Update) -> bool:
    return update.effective_user is not None and update.effective_user.id in state.settings.admin_ids

async def gate(update: Update, context: Context) -> None:
    """Enforce SAMVERKAN_ALLOWED_CHATS before any other handler sees the update."""
    state = bot_state(context)
    allowed = state.settings.allowed_chats
    chat = update.effective_chat
    if not allowed or chat is None:
        return
    if chat.id in allowed or (chat.type == ChatType.PRIVATE and is_admin(state, update)):
        return
    log.info("refused chat=%s type=%s", chat.id, chat.type)
    if update.callback_query is not None:
        await update.callback_query.answer(T["not_allowed"], show_alert=True)
    elif update.message is not None:
        message = update.message
        is_command = bool(message.text and message.text.startswith("/"))
        if is_command or addressed_text(message, context.bot.id, context.bot.username) is not None:
            await message.reply_html(fill(T["not_allowed"]))
    raise ApplicationHandlerStop

def admin_only(refusal: str = "admin_only") -> Callable[[Handler[P]], Handler[P]]:
    """Run the handler for admins only; others get `T[refusal]` (an alert on a button)."""

    def decorate(handler: Handler[P]) -> Handler[P]:
        @functools.wraps(handler)
        async def wrapper(update: Update, context: Context, *args: P.args, **kwargs: P.kwargs) -> None:
            if is_admin(bot_state(context), update):
                await handler(update, context, *args, **kwargs)
                return
            log.info("admin only: refused user=%s handler=%s", _user_id(update), handler.__name__)
            if update.callback_query is not None:
                await update.callback_query.answer(T[refusal], show_alert=True)
            elif update.effective_message is not None:
                await update.effective_message.reply_html(fill(T[refusal]))

        return wrapper

    return decorate

def rate_limited(handler: Handler[P]) -> Handler[P]:
    """Count the request against the user's per-minute limit; over it, say so once per window."""

    @functools.wraps(handler)
    async def wrapper(update: Update, context: Context, *args: P.args, **kwargs: P.kwargs) -> None:
        wait, tell = bot_state(context).limiter.check(_user_id(update))
        if not wait:
            await handler(update, context, *args, **kwargs)
            return
        if tell and update.effective_message is not None:
            await update.effective_message.reply_html(fill(T["rate_limited"], seconds=max(1, round(wait))))

    return wrapper

def _user_id(update: Update) -> int:
    return update.effective_user.id if update.effective_user is not None else 0
