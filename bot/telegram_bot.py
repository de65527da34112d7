"""Telegram front-end: python-telegram-bot handlers around the answerer (`samverkan bot`).

The bot adds no retrieval logic: questions go to `Answerer.ask`, contact
lookups to `Answerer.lookup_contacts`, uploads to `ingest.load_document` (to
validate) and `index.build.ingest_corpus` (to re-index). Everything blocking
runs in worker threads so one slow answer or a long re-ingest never stalls
other chats. Interface text lives in prompts/telegram.toml.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import secrets
import shutil
import sys
import time
import tomllib
import uuid
from collections import defaultdict, deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from answer import feedback
from answer.types import Answer, ContactCard
from bot.telegram_format import Html, fill, format_when, render_answer, render_contacts, render_passage, split_html
from index.archive import Archive, safe_file_name
from ingest import size_error, supported_label
from settings import PROJECT_ROOT, Settings

log = logging.getLogger("samverkan.telegram")

TEXTS_PATH = PROJECT_ROOT / "prompts" / "telegram.toml"
STATE_KEY = "samverkan"
REMOVAL_TTL_S = 600


def load_texts(path: Path = TEXTS_PATH) -> dict[str, Any]:
    """Interface strings from prompts/telegram.toml (Swedish first)."""
    with open(path, "rb") as handle:
        return tomllib.load(handle)


_TOML = load_texts()
T: dict[str, str] = _TOML["text"]


class AnswererLike(Protocol):
    """What the bot needs from `answer.answerer.Answerer` (a stub in unit tests)."""

    def ask(self, question: str) -> Answer: ...
    def lookup_contacts(self, query: str, limit: int = 5) -> list[ContactCard]: ...
    def documents(self) -> list[dict]: ...
    def status(self) -> dict: ...


IngestFn = Callable[..., Any]  # ingest_corpus(settings, progress=..., uploader=...) -> IngestReport
ValidateFn = Callable[[Path], Any]  # load_document(path); raises with a clear message


def _default_ingest(settings: Settings, progress: Callable[[str, int, int], None] | None = None,
                    uploader: str = "") -> Any:
    """The real incremental re-ingest (imported lazily: it loads the embedding model)."""
    from index.build import ingest_corpus

    return ingest_corpus(settings, progress=progress, uploader=uploader)


def _default_validate(path: Path) -> Any:
    """Parse the upload with the real ingest so unreadable files never reach the corpus."""
    from ingest import load_document

    return load_document(path)


class RateLimiter:
    """Sliding one-minute window per user: friendly back-off instead of a queue of answers."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._hits: dict[int, deque[float]] = defaultdict(deque)

    def retry_after(self, user_id: int, now: float | None = None) -> float:
        """0 if the user may ask now (and count it), else seconds until they may."""
        if self.per_minute <= 0:
            return 0.0
        now = time.monotonic() if now is None else now
        hits = self._hits[user_id]
        while hits and now - hits[0] >= 60:
            hits.popleft()
        if len(hits) >= self.per_minute:
            return 60 - (now - hits[0])
        hits.append(now)
        return 0.0


@dataclass
class BotState:
    """Per-application state shared by the handlers (kept in `bot_data`)."""

    settings: Settings
    answerer: AnswererLike
    ingest_fn: IngestFn
    validate_fn: ValidateFn
    limiter: RateLimiter
    ingest_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    removals: dict[str, tuple[str, float]] = field(default_factory=dict)  # token -> (file name, time)


def _state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    return context.bot_data[STATE_KEY]


def _state_of(application: Application) -> BotState:
    return application.bot_data[STATE_KEY]


def _is_admin(state: BotState, update: Update) -> bool:
    return update.effective_user is not None and update.effective_user.id in state.settings.admin_ids


def uploader_of(update: Update) -> str:
    """How the archive credits an admin's upload or removal: `telegram:<id> @<username>`."""
    user = update.effective_user
    if user is None:
        return "telegram"
    return f"telegram:{user.id}" + (f" @{user.username}" if user.username else "")


# ---- helpers ---------------------------------------------------------------------------------


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


def keep_in_archive(settings: Settings, path: Path) -> int:
    """Make sure the archive holds the corpus file about to be replaced or removed; its version.

    Normally a no-op: ingest archives every version it indexes. A file that never went
    through ingest (put there by hand) is archived here, so replacing it loses nothing.
    """
    import prompts

    return Archive(settings.data_dir).record(path, note=prompts.text("archive.note_saved_before_replace"))


def answer_keyboard(question_id: int, answer: Answer) -> InlineKeyboardMarkup:
    """One "Visa källa n" button per citation (rows of three) and a 👍/👎 row."""
    buttons = [InlineKeyboardButton(T["source_button"].format(n=c.n), callback_data=f"src:{question_id}:{c.n}")
               for c in answer.citations]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([InlineKeyboardButton(T["vote_up"], callback_data=f"vote:{question_id}:1"),
                 InlineKeyboardButton(T["vote_down"], callback_data=f"vote:{question_id}:-1")])
    return InlineKeyboardMarkup(rows)


async def reply_parts(message: Message, parts: list[str], markup: InlineKeyboardMarkup | None = None) -> None:
    """Send already-split HTML parts as replies; the keyboard goes under the last part."""
    for i, part in enumerate(parts):
        await message.reply_html(part, reply_markup=markup if i == len(parts) - 1 else None)


async def _edit(bot: Any, chat_id: int, message_id: int, text: str) -> None:
    """Edit a progress message, ignoring "not modified" and similar harmless failures."""
    with contextlib.suppress(TelegramError):
        await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)


def _corpus_names(settings: Settings) -> list[str]:
    if not settings.corpus_dir.is_dir():
        return []
    return sorted(p.name for p in settings.corpus_dir.iterdir() if p.is_file() and not p.name.startswith("."))


# ---- gate ------------------------------------------------------------------------------------


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Enforce SAMVERKAN_ALLOWED_CHATS before any other handler sees the update."""
    state = _state(context)
    allowed = state.settings.allowed_chats
    chat = update.effective_chat
    if not allowed or chat is None:
        return
    if chat.id in allowed or (chat.type == ChatType.PRIVATE and _is_admin(state, update)):
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


# ---- staff -----------------------------------------------------------------------------------


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet and explain what the bot knows (/start)."""
    await help_command(update, context)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the documents, when they were last updated, and the commands (/hjalp)."""
    state = _state(context)
    documents = await _documents(state)
    blocks = [T["start"]]
    if documents:
        updated = max((str(d.get("ingested_at") or "") for d in documents), default="")
        lines = [fill(T["help_documents"], count=len(documents), updated=format_when(updated))]
        lines += [fill(T["help_document_line"], title=d.get("title") or d["name"], name=d["name"]) for d in documents]
        blocks.append("\n".join(lines))
    else:
        blocks.append(fill(T["help_no_documents"]))
    blocks.append(fill(T["help_commands"], username=context.bot.username))
    if _is_admin(state, update):
        blocks.append(fill(T["help_admin"], supported=supported_label()))
    await reply_parts(update.effective_message, split_html("\n\n".join(blocks)))


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a text message with citations (in groups only when addressed)."""
    message = update.effective_message
    text = addressed_text(message, context.bot.id, context.bot.username)
    if text is None:
        return
    if not text:
        await message.reply_html(fill(T["empty_question"], username=context.bot.username))
        return
    await answer_question(update, context, text)


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Ask the answerer, store the question for feedback, reply with sources and buttons."""
    state, message, chat = _state(context), update.effective_message, update.effective_chat
    wait = state.limiter.retry_after(update.effective_user.id)
    if wait:
        await message.reply_html(fill(T["rate_limited"], seconds=max(1, round(wait))))
        return
    started = time.perf_counter()
    async with typing_indicator(context.bot, chat.id):
        answer = await asyncio.to_thread(state.answerer.ask, text)
    latency_ms = (time.perf_counter() - started) * 1000
    question_id = await asyncio.to_thread(feedback.record_question, state.settings, answer, "telegram", chat.type)
    log.info("question id=%s chat_type=%s latency_ms=%.0f abstained=%s citations=%d%s", question_id, chat.type,
             latency_ms, answer.abstained, len(answer.citations),
             f" text={text!r}" if state.settings.log_questions else "")
    await reply_parts(message, render_answer(answer, T), answer_keyboard(question_id, answer))


async def kontakt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Look up the contact directory by name, region or role (/kontakt <sökord>)."""
    state, message = _state(context), update.effective_message
    query = " ".join(context.args or []).strip()
    if not query:
        await message.reply_html(T["kontakt_usage"])
        return
    wait = state.limiter.retry_after(update.effective_user.id)
    if wait:
        await message.reply_html(fill(T["rate_limited"], seconds=max(1, round(wait))))
        return
    cards = await asyncio.to_thread(state.answerer.lookup_contacts, query, 5)
    log.info("kontakt hits=%d%s", len(cards), f" query={query!r}" if state.settings.log_questions else "")
    if not cards:
        await message.reply_html(fill(T["kontakt_none"], query=query))
        return
    html = fill(T["kontakt_heading"], query=query) + "\n\n" + render_contacts(cards, T)
    await reply_parts(message, split_html(html, max_parts=2))


async def source_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the quoted passage behind a "Visa källa n" button, with document and page."""
    query = update.callback_query
    _, question_id, n = query.data.split(":")
    citations = await asyncio.to_thread(feedback.get_citations, _state(context).settings, int(question_id))
    citation = next((c for c in citations or [] if c.n == int(n)), None)
    if citation is None:
        await query.answer(T["source_gone"], show_alert=True)
        return
    await query.answer()
    reply_to = None
    if query.message is not None and query.message.is_accessible:
        reply_to = ReplyParameters(message_id=query.message.message_id, allow_sending_without_reply=True)
    for part in render_passage(citation, T):
        await context.bot.send_message(update.effective_chat.id, part, reply_parameters=reply_to)


async def vote_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Store a 👍/👎 vote for an answer (one per user and answer; the last one counts)."""
    query = update.callback_query
    _, question_id, vote = query.data.split(":")
    await asyncio.to_thread(feedback.record_vote, _state(context).settings, int(question_id),
                            update.effective_user.id, int(vote))
    log.info("vote id=%s vote=%s", question_id, vote)
    await query.answer(T["vote_thanks"])


# ---- admin -----------------------------------------------------------------------------------


async def upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Validate an admin's upload of any registered type (ingest.readers), then re-ingest in the background."""
    state, message = _state(context), update.effective_message
    if not _is_admin(state, update):
        log.info("upload refused user=%s", update.effective_user.id)
        await message.reply_html(fill(T["upload_refused"]))
        return
    document = message.document
    raw_name = document.file_name or ""
    name = safe_file_name(raw_name, document.mime_type)
    if name is None:
        await message.reply_html(fill(T["upload_bad_type"], name=raw_name or document.mime_type or "?", supported=supported_label()))
        return
    limit = state.settings.max_upload_bytes
    too_big = size_error(name, document.file_size or 0, limit)  # the same rule and message as ingest
    if too_big is not None:
        await message.reply_html(fill(T["upload_too_big"], name=name, reason=too_big.reason))
        return
    status = await message.reply_html(fill(T["upload_receiving"], name=name))
    tmp_dir = state.settings.data_dir / "uploads" / uuid.uuid4().hex
    tmp_dir.mkdir(parents=True, exist_ok=True)
    path = tmp_dir / name
    try:
        try:
            telegram_file = await document.get_file()
            await telegram_file.download_to_drive(path)
        except TelegramError as err:
            await _edit(context.bot, status.chat_id, status.message_id,
                        fill(T["upload_download_failed"], name=name, error=str(err)))
            return
        too_big = size_error(name, path.stat().st_size, limit)
        if too_big is not None:
            await _edit(context.bot, status.chat_id, status.message_id,
                        fill(T["upload_too_big"], name=name, reason=too_big.reason))
            return
        try:
            await asyncio.to_thread(state.validate_fn, path)
        except Exception as err:  # DocumentError in practice; anything else is just as unreadable
            log.info("upload invalid name=%s error=%s", name, type(err).__name__)
            await _edit(context.bot, status.chat_id, status.message_id,
                        fill(T["upload_invalid"], name=name, error=str(err)))
            return
        replaces = (state.settings.corpus_dir / name).exists()
        await _edit(context.bot, status.chat_id, status.message_id,
                    fill(T["upload_valid"], name=name, replaces=Html(T["upload_replaces"] if replaces else "")))
        staged = tmp_dir.with_name(tmp_dir.name + ".ready")
        tmp_dir.rename(staged)  # keep it out of the cleanup below; the background task owns it now
        context.application.create_task(
            ingest_upload(context, staged / name, status.chat_id, status.message_id, uploader_of(update)), update=update)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)


async def ingest_upload(context: ContextTypes.DEFAULT_TYPE, path: Path, chat_id: int, status_id: int,
                        uploader: str = "telegram") -> None:
    """Move a validated upload into the corpus (replacing a same-named file) and re-ingest."""
    state = _state(context)
    target = state.settings.corpus_dir / path.name
    try:
        async with _ingest_turn(state, context.bot, chat_id, status_id):
            previous = await asyncio.to_thread(keep_in_archive, state.settings, target) if target.exists() else None
            state.settings.corpus_dir.mkdir(parents=True, exist_ok=True)
            shutil.move(str(path), str(target))
            try:
                report = await run_ingest(state, context.bot, chat_id, status_id, uploader)
            except Exception as err:
                log.exception("ingest failed after upload of %s", path.name)
                target.unlink(missing_ok=True)  # the corpus must match the index that is still served
                if previous is not None:  # the replaced version comes back from the archive
                    try:
                        await asyncio.to_thread(Archive(state.settings.data_dir).restore, target.name, previous,
                                                state.settings.corpus_dir, uploader)
                    except Exception:
                        log.exception("could not put back version %s of %s", previous, target.name)
                await context.bot.send_message(chat_id, fill(T["ingest_failed"], error=str(err) or type(err).__name__))
                return
        await _send_summary(context, state, chat_id, path.name, report, "ingest_done")
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)


@contextlib.asynccontextmanager
async def _ingest_turn(state: BotState, bot: Any, chat_id: int, status_id: int) -> AsyncIterator[None]:
    """One ingest at a time; a second upload says it is waiting instead of racing the first."""
    if state.ingest_lock.locked():
        await _edit(bot, chat_id, status_id, fill(T["upload_waiting"]))
    async with state.ingest_lock:
        yield


async def run_ingest(state: BotState, bot: Any, chat_id: int, status_id: int, uploader: str = "telegram") -> Any:
    """Run the ingest in a worker thread, mirroring its progress into one edited message."""
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
            pending.append(asyncio.run_coroutine_threadsafe(_edit(bot, chat_id, status_id, text), loop))
        except Exception:  # pragma: no cover - defensive
            log.exception("progress update failed")

    try:
        return await asyncio.to_thread(state.ingest_fn, state.settings, progress=progress, uploader=uploader)
    finally:  # let the last progress edits land before the summary is sent
        await asyncio.gather(*(asyncio.wrap_future(f) for f in pending), return_exceptions=True)


async def _send_summary(context: ContextTypes.DEFAULT_TYPE, state: BotState, chat_id: int, name: str,
                        report: Any, template: str) -> None:
    """Tell the admin what the ingest changed: pages, passages, contacts, warnings."""
    documents = await _documents(state)
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


async def documents_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the corpus with pages, passages and ingest dates (/dokument, admins)."""
    state = _state(context)
    if not _is_admin(state, update):
        await update.effective_message.reply_html(fill(T["admin_only"]))
        return
    documents = await _documents(state)
    lines = [fill(T["documents_heading"], count=len(documents))]
    lines += [fill(T["documents_line"], title=d.get("title") or d["name"], name=d["name"], pages=d.get("pages", "–"),
                   passages=d.get("passages", "–"), ingested_at=format_when(d.get("ingested_at")))
              for d in documents]
    await reply_parts(update.effective_message, split_html("\n".join(lines)))


def match_documents(state: BotState, query: str, documents: list[dict]) -> list[str]:
    """Corpus files that `query` names: exact file name, then stem, then part of name or title."""
    names = _corpus_names(state.settings)
    q = query.casefold().strip()
    exact = [n for n in names if n.casefold() == q]
    if exact:
        return exact
    stem = [n for n in names if n.rsplit(".", 1)[0].casefold() == q]
    if stem:
        return stem
    titles = {d["name"]: str(d.get("title") or "") for d in documents}
    return [n for n in names if q in n.casefold() or q in titles.get(n, "").casefold()]


async def remove_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask for confirmation before removing a document (/ta_bort <dokument>, admins)."""
    state, message = _state(context), update.effective_message
    if not _is_admin(state, update):
        await message.reply_html(fill(T["admin_only"]))
        return
    query = " ".join(context.args or []).strip()
    if not query:
        await message.reply_html(T["remove_usage"])
        return
    documents = await _documents(state)
    matches = match_documents(state, query, documents)
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


async def remove_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Carry out (or cancel) a confirmed removal; the file is backed up, then re-ingested."""
    state, query = _state(context), update.callback_query
    if not _is_admin(state, update):
        await query.answer(T["admin_only"], show_alert=True)
        return
    _, token, choice = query.data.split(":")
    await query.answer()
    pending = state.removals.pop(token, None)
    if pending is None or time.monotonic() - pending[1] > REMOVAL_TTL_S:
        await query.edit_message_text(fill(T["remove_expired"]))
        return
    if choice != "yes":
        await query.edit_message_text(fill(T["remove_cancelled"]))
        return
    name = pending[0]
    message = await query.edit_message_text(fill(T["remove_started"], name=name))
    context.application.create_task(
        remove_and_ingest(context, name, message.chat_id, message.message_id, uploader_of(update)), update=update)


async def remove_and_ingest(context: ContextTypes.DEFAULT_TYPE, name: str, chat_id: int, status_id: int,
                            uploader: str = "telegram") -> None:
    """Delete one corpus file (its bytes stay in the archive), then re-ingest so it leaves the index."""
    state = _state(context)
    path = state.settings.corpus_dir / name
    async with _ingest_turn(state, context.bot, chat_id, status_id):
        if path.exists():
            version = await asyncio.to_thread(keep_in_archive, state.settings, path)
            path.unlink()
            log.info("removed name=%s archived_version=%s", name, version)
        try:
            report = await run_ingest(state, context.bot, chat_id, status_id, uploader)
        except Exception as err:
            log.exception("ingest failed after removing %s", name)
            await context.bot.send_message(chat_id, fill(T["ingest_failed"], error=str(err) or type(err).__name__))
            return
    await _send_summary(context, state, chat_id, name, report, "remove_done")


async def status_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show index size, model and last ingest (/status, admins)."""
    state = _state(context)
    if not _is_admin(state, update):
        await update.effective_message.reply_html(fill(T["admin_only"]))
        return
    info = await asyncio.to_thread(state.answerer.status)
    await update.effective_message.reply_html(fill(
        T["status"], documents=info.get("documents", 0), passages=info.get("passages", 0),
        contacts=info.get("contacts", 0), model=info.get("model", state.settings.model),
        last_ingest=format_when(info.get("last_ingest")),
        busy=Html(T["status_busy"] if state.ingest_lock.locked() else "")))


def _user_facing(error: BaseException | None) -> str | None:
    """The answerer's own explanation for a known condition (no index yet, model mismatch)."""
    try:
        from index.search import IndexMissing, ModelMismatch
    except ImportError:  # pragma: no cover - the core is always installed with the bot
        return None
    return str(error) if isinstance(error, (IndexMissing, ModelMismatch)) else None


async def _documents(state: BotState) -> list[dict]:
    """The indexed documents, or none before the first ingest (so /hjalp still works)."""
    try:
        return await asyncio.to_thread(state.answerer.documents)
    except Exception as err:
        if _user_facing(err) is None:
            raise
        return []


async def error_handler(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception and tell the user what went wrong, instead of silence."""
    known = _user_facing(context.error)
    if known:
        log.warning("cannot answer: %s", known)
    else:
        log.error("handler failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        with contextlib.suppress(TelegramError):
            await update.effective_message.reply_html(fill(known) if known else fill(T["error"]))


# ---- wiring ----------------------------------------------------------------------------------


async def _post_init(application: Application) -> None:
    """Publish the command menu (only when run for real: `run_polling` calls this); admins see theirs too."""
    staff = [BotCommand(k, v) for k, v in _TOML["commands"].items()]
    await application.bot.set_my_commands(staff)
    admin = staff + [BotCommand(k, v) for k, v in _TOML["admin_commands"].items()]
    for admin_id in _state_of(application).settings.admin_ids:
        with contextlib.suppress(TelegramError):  # "chat not found" until the admin has opened the bot
            await application.bot.set_my_commands(admin, scope=BotCommandScopeChat(admin_id))


def build_application(settings: Settings, answerer: AnswererLike, ingest_fn: IngestFn | None = None,
                      validate_fn: ValidateFn | None = None) -> Application:
    """The bot with all handlers registered; `settings.telegram_api_url` selects a self-hosted Bot API."""
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .concurrent_updates(True)  # answers run in threads; don't make chat B wait for chat A
        .read_timeout(30)
        .write_timeout(30)
        .post_init(_post_init)
    )
    if settings.telegram_api_url:
        url = settings.telegram_api_url.rstrip("/")
        builder = builder.base_url(f"{url}/bot").base_file_url(f"{url}/file/bot")
    application = builder.build()
    application.bot_data[STATE_KEY] = BotState(
        settings=settings, answerer=answerer, ingest_fn=ingest_fn or _default_ingest,
        validate_fn=validate_fn or _default_validate, limiter=RateLimiter(settings.rate_limit_per_minute))

    new_messages = filters.UpdateType.MESSAGE
    application.add_handler(TypeHandler(Update, gate), group=-1)
    application.add_handler(CommandHandler("start", start, filters=new_messages))
    application.add_handler(CommandHandler(["hjalp", "help"], help_command, filters=new_messages))
    application.add_handler(CommandHandler("kontakt", kontakt, filters=new_messages))
    application.add_handler(CommandHandler("dokument", documents_command, filters=new_messages))
    application.add_handler(CommandHandler("ta_bort", remove_command, filters=new_messages))
    application.add_handler(CommandHandler("status", status_command, filters=new_messages))
    application.add_handler(MessageHandler(new_messages & filters.TEXT & ~filters.COMMAND, question))
    application.add_handler(MessageHandler(new_messages & filters.Document.ALL & filters.ChatType.PRIVATE, upload))
    application.add_handler(CallbackQueryHandler(source_button, pattern=r"^src:\d+:\d+$"))
    application.add_handler(CallbackQueryHandler(vote_button, pattern=r"^vote:\d+:-?1$"))
    application.add_handler(CallbackQueryHandler(remove_button, pattern=r"^rm:\w+:(yes|no)$"))
    application.add_error_handler(error_handler)
    return application


def run(settings: Settings) -> None:
    """Start the bot with long polling (`samverkan bot`); exits with help text if no token is set."""
    if not settings.telegram_token:
        print(T["no_token"].strip(), file=sys.stderr)
        raise SystemExit(2)
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines contain the bot token
    from answer.answerer import Answerer

    application = build_application(settings, Answerer(settings))
    log.info("starting bot api=%s admins=%d allowed_chats=%d", settings.telegram_api_url or "api.telegram.org",
             len(settings.admin_ids), len(settings.allowed_chats))
    application.run_polling(allowed_updates=Update.ALL_TYPES)
