"""Handlers for staff: questions in a conversation, /ny, /kontakt, /hjalp, and the buttons
under an answer (sources, votes, clarifying choices).

Buttons carry an unguessable per-chat token, never a database id: a "Visa källa" button
resolves only an answer this chat was shown, and only while the index that answered is
the one being served, so a removed document is gone from every view.
"""

from __future__ import annotations

import asyncio
import logging
import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters, Update

from answer import feedback
from answer.question_text import clean_question
from answer.types import Answer, Citation
from bot.quoting import cited, cited_sentence
from bot.telegram.guards import is_admin, rate_limited
from bot.telegram.replies import addressed_text, reply_parts, typing_indicator
from bot.telegram.state import BotState, Context, Shown, bot_state, chat_state
from bot.telegram.texts import T
from bot.telegram_format import (
    TELEGRAM_LIMIT,
    fill,
    format_when,
    localized,
    render_answer,
    render_contacts,
    render_original,
    render_passage,
    source_button_label,
    split_html,
    tg_len,
)
from errors import SamverkanError
from ingest import supported_label
from settings import Settings

log = logging.getLogger("samverkan.telegram")

MAX_CHOICES = 8
CHOICE_LABEL_CHARS = 60


async def start(update: Update, context: Context) -> None:
    """Greet and explain what the bot knows (/start)."""
    await help_command(update, context)


@rate_limited
async def help_command(update: Update, context: Context) -> None:
    """List the documents, when they were last updated, and the commands (/hjalp)."""
    state = bot_state(context)
    documents = await indexed_documents(state)
    blocks = [T["start"]]
    if documents:
        updated = max((str(d.get("ingested_at") or "") for d in documents), default="")
        lines = [fill(T["help_documents"], count=len(documents), updated=format_when(updated))]
        lines += [fill(T["help_document_line"], title=d.get("title") or d["name"], name=d["name"]) for d in documents]
        blocks.append("\n".join(lines))
    else:
        blocks.append(fill(T["help_no_documents"]))
    blocks.append(fill(T["help_commands"], username=context.bot.username))
    if is_admin(state, update):
        blocks.append(fill(T["help_admin"], supported=supported_label()))
    if update.effective_message is not None:
        await reply_parts(update.effective_message, split_html("\n\n".join(blocks)))


async def indexed_documents(state: BotState) -> list[dict]:
    """The indexed documents, or none before the first ingest (so /hjalp still works)."""
    try:
        return await asyncio.to_thread(state.answerer.documents)
    except SamverkanError as err:
        log.warning("no documents to list: %s", err)
        return []


async def question(update: Update, context: Context) -> None:
    """Answer a text message in the user's conversation (in groups only when addressed)."""
    message = update.effective_message
    if message is None:
        return
    text = addressed_text(message, context.bot.id, context.bot.username)
    if text is None:
        return
    if not text:
        await message.reply_html(fill(T["empty_question"], username=context.bot.username))
        return
    await ask_and_reply(update, context, text)


async def new_conversation(update: Update, context: Context) -> None:
    """Start afresh: the next question does not refer back to earlier ones (/ny)."""
    if update.effective_chat is None or update.effective_user is None or update.effective_message is None:
        return
    chat_state(context, update.effective_chat.id).new_conversation(update.effective_user.id)
    await update.effective_message.reply_html(fill(T["new_conversation"]))


@rate_limited
async def ask_and_reply(update: Update, context: Context, text: str) -> None:
    """Ask the answerer in this user's conversation, store the question for feedback (never
    at the cost of the answer), reply with the answer, its sources and buttons."""
    state, message = bot_state(context), update.effective_message
    chat, user = update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    chat_data = chat_state(context, chat.id)
    talk = chat_data.talk(user.id)
    question_text = clean_question(text)
    started = time.perf_counter()
    async with talk.lock, typing_indicator(context.bot, chat.id):
        answer = await asyncio.to_thread(state.answerer.ask, question_text, talk.conversation)
    latency_ms = (time.perf_counter() - started) * 1000
    question_id = await asyncio.to_thread(record_question, state.settings, answer, chat.type)
    token = chat_data.remember(Shown(answer, question_id, user.id))
    log.info("question id=%s chat_type=%s latency_ms=%.0f abstained=%s citations=%d%s", question_id, chat.type,
             latency_ms, answer.abstained, len(answer.citations),
             f" text={question_text!r}" if state.settings.log_questions else "")
    await reply_parts(message, render_reply(answer), answer_keyboard(token, answer))


def record_question(settings: Settings, answer: Answer, chat_type: str) -> int | None:
    """The feedback row for the answer; None (logged) when the store fails (full or read-only
    disk, a locked database): feedback is worth less than the answer itself."""
    try:
        return feedback.record_question(settings, answer, "telegram", chat_type)
    except Exception:
        log.exception("feedback store failed; answering anyway")
        return None


def render_reply(answer: Answer) -> list[str]:
    """The answer as HTML parts, led by how the question was understood when that differs."""
    resolved = answer.resolved_question
    if not resolved or resolved.casefold() == answer.question.casefold():
        return render_answer(answer, T)
    lead = fill(localized(T, answer.lang)["resolved"], question=resolved) + "\n\n"
    parts = render_answer(answer, T, limit=TELEGRAM_LIMIT - tg_len(lead))
    return [lead + parts[0], *parts[1:]]


def answer_keyboard(token: str, answer: Answer) -> InlineKeyboardMarkup:
    """Clarifying choices (one per row), "Visa källa n" buttons (rows of three), 👍/👎."""
    rows = [[InlineKeyboardButton(_label(choice), callback_data=f"ch:{token}:{i}")]
            for i, choice in enumerate(answer.choices[:MAX_CHOICES])]
    sources = [InlineKeyboardButton(source_button_label(c.n, answer.lang, T), callback_data=f"src:{token}:{c.n}")
               for c in cited(answer)]
    rows += [sources[i : i + 3] for i in range(0, len(sources), 3)]
    rows.append([InlineKeyboardButton(T["vote_up"], callback_data=f"vote:{token}:1"),
                 InlineKeyboardButton(T["vote_down"], callback_data=f"vote:{token}:-1")])
    return InlineKeyboardMarkup(rows)


def _label(choice: str) -> str:
    return choice if len(choice) <= CHOICE_LABEL_CHARS else choice[: CHOICE_LABEL_CHARS - 1] + "…"


def _shown(context: Context, update: Update) -> tuple[Shown, int] | None:
    """The answer a button under it refers to and the button's number, if the button is one
    this chat was shown (forged, foreign, expired or malformed data gives None)."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or not query.data:
        return None
    parts = query.data.split(":")
    if len(parts) != 3 or not parts[2].lstrip("-").isdigit() or len(parts[2]) > 3:
        return None
    shown = chat_state(context, chat.id).shown.get(parts[1])
    return (shown, int(parts[2])) if shown is not None else None


async def _shown_citation(update: Update, context: Context) -> tuple[Answer, Citation] | None:
    """The answer and citation a source button of this chat points at, answered with an alert
    instead when it is unknown, forged or from a generation that has since been replaced
    (a removed document is gone from every view, its text layer included)."""
    query = update.callback_query
    assert query is not None
    found = _shown(context, update)
    citation = next((c for c in found[0].answer.citations if c.n == found[1]), None) if found else None
    if found is None or citation is None:
        await query.answer(T["source_gone"], show_alert=True)
        return None
    current = await asyncio.to_thread(_current_generation, bot_state(context))
    if current != found[0].answer.generation:  # re-ingested since: the passage may be changed or removed
        await query.answer(T["source_changed"], show_alert=True)
        return None
    await query.answer()
    return found[0].answer, citation


async def source_button(update: Update, context: Context) -> None:
    """Show the quoted passage behind a "Visa källa n" button, with document and page."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None
    found = await _shown_citation(update, context)
    if found is None:
        return
    shown_answer, citation = found
    reply_to = None
    if query.message is not None and query.message.is_accessible:
        reply_to = ReplyParameters(message_id=query.message.message_id, allow_sending_without_reply=True)
    parts = render_passage(citation, T, lang=shown_answer.lang, sentence=cited_sentence(citation, shown_answer))
    original = None
    if citation.raw_text and citation.raw_text != citation.text:  # repaired at ingest: the file's own text on request
        label = localized(T, shown_answer.lang)["original_button"]
        raw_data = (query.data or "").replace("src:", "raw:", 1)
        original = InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=raw_data)]])
    for i, part in enumerate(parts):
        markup = original if i == len(parts) - 1 else None
        await context.bot.send_message(chat.id, part, reply_parameters=reply_to, reply_markup=markup)


async def original_button(update: Update, context: Context) -> None:
    """Show a repaired source as its file has it ("Visa originaltext")."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None
    found = await _shown_citation(update, context)
    if found is None:
        return
    shown_answer, citation = found
    for part in render_original(citation, T, lang=shown_answer.lang):
        await context.bot.send_message(chat.id, part)


def _current_generation(state: BotState) -> str | None:
    try:
        return str(state.answerer.status().get("generation", ""))
    except SamverkanError:
        return None


async def vote_button(update: Update, context: Context) -> None:
    """Store a 👍/👎 vote for an answer (one per user and answer; the last one counts)."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    found = _shown(context, update)
    if found is None:
        await query.answer(T["source_gone"], show_alert=True)
        return
    shown, vote = found
    if shown.question_id is not None:
        try:
            await asyncio.to_thread(feedback.record_vote, bot_state(context).settings, shown.question_id, user.id,
                                    1 if vote > 0 else -1)
        except Exception:
            log.exception("feedback store failed; vote not saved")
    log.info("vote id=%s vote=%s", shown.question_id, vote)
    await query.answer(T["vote_thanks"])


async def choice_button(update: Update, context: Context) -> None:
    """Ask the picked clarifying choice, in the conversation of the user who picked it."""
    query = update.callback_query
    assert query is not None
    found = _shown(context, update)
    choices = found[0].answer.choices if found else []
    if found is None or not 0 <= found[1] < len(choices):
        await query.answer(T["source_gone"], show_alert=True)
        return
    await query.answer()
    await ask_and_reply(update, context, choices[found[1]])


@rate_limited
async def kontakt(update: Update, context: Context) -> None:
    """Look up the contact directory by name, region or role (/kontakt <sökord>)."""
    state, message = bot_state(context), update.effective_message
    if message is None:
        return
    query = clean_question(" ".join(context.args or [])).strip()
    if not query:
        await message.reply_html(T["kontakt_usage"])
        return
    cards = await asyncio.to_thread(state.answerer.lookup_contacts, query, 5)
    log.info("kontakt hits=%d%s", len(cards), f" query={query!r}" if state.settings.log_questions else "")
    if not cards:
        await message.reply_html(fill(T["kontakt_none"], query=query))
        return
    html = fill(T["kontakt_heading"], query=query) + "\n\n" + render_contacts(cards, T)
    await reply_parts(message, split_html(html, max_parts=2))
