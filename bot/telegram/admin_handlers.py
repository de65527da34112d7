"""Handlers for admins: upload a document, list, remove, status.

Every corpus change goes through `index.corpus.Corpus` (the same service as the CLI), which
validates once, changes the file under the cross-process ingest lock, re-ingests and puts
the file back if that fails. The bot only downloads, reports progress in one edited
message, and tells the admin what changed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import secrets
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.telegram.conversation_handlers import indexed_documents
from bot.telegram.guards import admin_only
from bot.telegram.replies import edit, reply_parts, uploader_of
from bot.telegram.state import REMOVAL_TTL_S, BotState, Context, bot_state
from bot.telegram.texts import T
from bot.telegram_format import Html, fill, format_when, split_html
from errors import SamverkanError, user_message
from ingest import size_error

log = logging.getLogger("samverkan.telegram")

Progress = Callable[[str, int, int], None]


@admin_only("upload_refused")
async def upload(update: Update, context: Context) -> None:
    """Check an admin's upload (name, size, content), then add it and re-ingest in the background."""
    state, message = bot_state(context), update.effective_message
    if message is None or message.document is None:
        return
    document = message.document
    try:
        name = state.corpus.check_name(document.file_name or "", document.mime_type)
    except SamverkanError as err:
        await message.reply_html(fill(T["upload_rejected"], error=str(err)))
        return
    too_big = size_error(name, document.file_size or 0, state.settings.max_upload_bytes)
    if too_big is not None:  # refused before downloading, with the same rule and words as ingest
        await message.reply_html(fill(T["upload_too_big"], name=name, reason=too_big.reason))
        return
    status = await message.reply_html(fill(T["upload_receiving"], name=name))
    try:
        telegram_file = await document.get_file()
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError as err:
        await edit(context.bot, status.chat_id, status.message_id,
                   fill(T["upload_download_failed"], name=name, error=str(err)))
        return
    try:
        await asyncio.to_thread(state.corpus.validate, name, data)
    except SamverkanError as err:
        log.info("upload invalid name=%s error=%s", name, type(err).__name__)
        await edit(context.bot, status.chat_id, status.message_id, fill(T["upload_invalid"], name=name, error=str(err)))
        return
    replaces = any(p.name == name for p in await asyncio.to_thread(state.corpus.files))
    await edit(context.bot, status.chat_id, status.message_id,
               fill(T["upload_valid"], name=name, replaces=Html(T["upload_replaces"] if replaces else "")))
    uploader = uploader_of(update)

    def change(progress: Progress) -> Any:
        return state.corpus.add_or_replace(name, data, uploader, progress)

    context.application.create_task(
        run_change(context, change, name, status.chat_id, status.message_id, "ingest_done"), update=update)


@admin_only()
async def documents_command(update: Update, context: Context) -> None:
    """List the corpus with pages, passages and ingest dates (/dokument)."""
    documents = await indexed_documents(bot_state(context))
    lines = [fill(T["documents_heading"], count=len(documents))]
    lines += [fill(T["documents_line"], title=d.get("title") or d["name"], name=d["name"], pages=d.get("pages", "–"),
                   passages=d.get("passages", "–"), ingested_at=format_when(d.get("ingested_at")))
              for d in documents]
    if update.effective_message is not None:
        await reply_parts(update.effective_message, split_html("\n".join(lines)))


def match_documents(names: list[str], query: str, documents: list[dict]) -> list[str]:
    """Corpus files that `query` names: exact file name, then stem, then part of name or title."""
    q = query.casefold().strip()
    exact = [n for n in names if n.casefold() == q]
    if exact:
        return exact
    stem = [n for n in names if n.rsplit(".", 1)[0].casefold() == q]
    if stem:
        return stem
    titles = {d["name"]: str(d.get("title") or "") for d in documents}
    return [n for n in names if q in n.casefold() or q in titles.get(n, "").casefold()]


@admin_only()
async def remove_command(update: Update, context: Context) -> None:
    """Ask for confirmation before removing a document (/ta_bort <dokument>)."""
    state, message = bot_state(context), update.effective_message
    if message is None:
        return
    query = " ".join(context.args or []).strip()
    if not query:
        await message.reply_html(T["remove_usage"])
        return
    names = sorted({p.name for p in await asyncio.to_thread(state.corpus.files)})
    matches = match_documents(names, query, await indexed_documents(state))
    if not matches:
        await message.reply_html(fill(T["remove_none"], query=query))
        return
    if len(matches) > 1:
        await message.reply_html(fill(T["remove_many"], query=query, names="\n".join(f"• {n}" for n in matches)))
        return
    token = secrets.token_hex(4)
    state.removals[token] = (matches[0], time.monotonic())
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(T["remove_yes"], callback_data=f"rm:{token}:yes"),
                                      InlineKeyboardButton(T["remove_no"], callback_data=f"rm:{token}:no")]])
    await message.reply_html(fill(T["remove_confirm"], name=matches[0]), reply_markup=keyboard)


@admin_only()
async def remove_button(update: Update, context: Context) -> None:
    """Carry out (or cancel) a confirmed removal: the file leaves the corpus and the index."""
    state, query = bot_state(context), update.callback_query
    assert query is not None and query.data is not None
    _, token, choice = query.data.split(":")
    await query.answer()
    pending = state.removals.pop(token, None)
    if pending is None or time.monotonic() - pending[1] > REMOVAL_TTL_S:
        await query.edit_message_text(fill(T["remove_expired"]))
        return
    if choice != "yes":
        await query.edit_message_text(fill(T["remove_cancelled"]))
        return
    name, uploader = pending[0], uploader_of(update)
    message = await query.edit_message_text(fill(T["remove_started"], name=name))
    assert not isinstance(message, bool)

    def change(progress: Progress) -> Any:
        return state.corpus.remove(name, uploader, progress)

    context.application.create_task(
        run_change(context, change, name, message.chat_id, message.message_id, "remove_done"), update=update)


@admin_only()
async def status_command(update: Update, context: Context) -> None:
    """Show index size, model and last ingest (/status)."""
    state = bot_state(context)
    info = await asyncio.to_thread(state.answerer.status)
    if update.effective_message is not None:
        await update.effective_message.reply_html(fill(
            T["status"], documents=info.get("documents", 0), passages=info.get("passages", 0),
            contacts=info.get("contacts", 0), model=info.get("model", state.settings.model),
            last_ingest=format_when(info.get("last_ingest")),
            busy=Html(T["status_busy"] if state.ingest_lock.locked() else "")))


async def run_change(context: Context, change: Callable[[Progress], Any], name: str, chat_id: int, status_id: int,
                     template: str) -> None:
    """Run one corpus change in a worker thread (one at a time in this bot), mirroring its
    progress into the status message; then the summary, or why it failed (nothing changed)."""
    state = bot_state(context)
    async with _ingest_turn(state, context.bot, chat_id, status_id):
        try:
            result = await _with_progress(context.bot, chat_id, status_id, change)
        except (SamverkanError, OSError) as err:
            log.warning("corpus change failed name=%s: %s", name, err)
            await context.bot.send_message(chat_id, fill(T["ingest_failed"], error=user_message(err)))
            return
        except Exception as err:
            log.exception("corpus change failed name=%s", name)
            await context.bot.send_message(chat_id, fill(T["ingest_failed"], error=type(err).__name__))
            return
    await _send_summary(context, state, chat_id, name, result.report, template)


@contextlib.asynccontextmanager
async def _ingest_turn(state: BotState, bot: Any, chat_id: int, status_id: int) -> AsyncIterator[None]:
    """One change at a time; a second upload says it is waiting instead of racing the first."""
    if state.ingest_lock.locked():
        await edit(bot, chat_id, status_id, fill(T["upload_waiting"]))
    async with state.ingest_lock:
        yield


async def _with_progress(bot: Any, chat_id: int, status_id: int, change: Callable[[Progress], Any]) -> Any:
    """`change(progress)` in a worker thread; progress edits the status message at most once a second."""
    loop = asyncio.get_running_loop()
    pending: list[concurrent.futures.Future[None]] = []
    last = [0.0]

    def progress(document: str, done: int, total: int) -> None:
        try:  # called in the ingest thread: a progress hiccup must never break the ingest
            now = time.monotonic()
            if now - last[0] < 1.0 and done < total:
                return
            last[0] = now
            text = (fill(T["ingest_progress"], done=done + 1, total=total, document=document) if document
                    else fill(T["ingest_indexing"], total=total))
            pending.append(asyncio.run_coroutine_threadsafe(edit(bot, chat_id, status_id, text), loop))
        except Exception:  # pragma: no cover - defensive
            log.exception("progress update failed")

    try:
        return await asyncio.to_thread(change, progress)
    finally:  # let the last progress edits land before the summary is sent
        await asyncio.gather(*(asyncio.wrap_future(f) for f in pending), return_exceptions=True)


async def _send_summary(context: Context, state: BotState, chat_id: int, name: str, report: Any,
                        template: str) -> None:
    """Tell the admin what the ingest changed: pages, passages, contacts, warnings."""
    documents = await indexed_documents(state)
    doc = next((d for d in documents if d.get("name") == name), {})
    html = fill(T[template], seconds=f"{report.seconds:.1f}", name=name, pages=doc.get("pages", "–"),
                passages=doc.get("passages", "–"), added=report.passages_added, removed=report.passages_removed,
                contacts=report.contacts_changed, total_documents=report.documents, total_passages=report.passages)
    if report.errors:
        html += "\n\n" + fill(T["ingest_errors"], errors="\n".join(f"• {e}" for e in report.errors))
    duplicates = getattr(report, "duplicates", None) or []
    if duplicates:
        html += "\n\n" + fill(T["ingest_duplicates"], duplicates="\n".join(f"• {d}" for d in duplicates))
    log.info("ingest done name=%s seconds=%.1f added=%d removed=%d errors=%d", name, report.seconds,
             report.passages_added, report.passages_removed, len(report.errors))
    for part in split_html(html, max_parts=2):
        await context.bot.send_message(chat_id, part)
