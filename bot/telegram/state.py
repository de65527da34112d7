"""Typed state of the bot: one `BotState` per application, one `ChatState` per chat.

Per chat the bot remembers the answers it showed (so a "Visa källa" button resolves only
passages of that chat's own questions, by an unguessable token) and one `Conversation`
per user (so follow-ups in a group never mix two people). Both are bounded, and so is the
number of chats held: the least recently active chat is dropped first.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from telegram.ext import Application, CallbackContext, ExtBot

from answer.conversation import Conversation
from answer.types import Answer, ContactCard
from settings import Settings

MAX_CHATS = 2000  # chats whose state is held; the least recently active one is dropped first
MAX_ANSWERS_PER_CHAT = 50  # answers whose buttons still work in one chat
MAX_USERS_PER_CHAT = 200  # conversations held in one (group) chat
REMOVAL_TTL_S = 600  # a /ta_bort confirmation button expires after this long


class AnswererLike(Protocol):
    """What the bot needs from `answer.answerer.Answerer` (a stub in unit tests)."""

    def ask(self, question: str, conversation: Conversation | None = None) -> Answer: ...
    def lookup_contacts(self, query: str, limit: int = 5) -> list[ContactCard]: ...
    def documents(self) -> list[dict]: ...
    def status(self) -> dict: ...


class CorpusLike(Protocol):
    """What the admin handlers need from `index.corpus.Corpus`: the one admin service."""

    def check_name(self, name: str, mime_type: str | None = None) -> str: ...
    def validate(self, name: str, data: bytes) -> Any: ...
    def add_or_replace(self, name: str, data: bytes, uploader: str,
                       progress: Callable[[str, int, int], None] | None = None) -> Any: ...
    def remove(self, name: str, uploader: str, progress: Callable[[str, int, int], None] | None = None) -> Any: ...
    def files(self) -> list[Path]: ...


class RateLimiter:
    """Sliding one-minute window per user. A user over the limit is told once per window;
    the rest of a flood is dropped silently (180 "Lugn, lugn" replies help nobody)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._hits: dict[int, deque[float]] = {}
        self._told_until: dict[int, float] = {}

    def check(self, user_id: int, now: float | None = None) -> tuple[float, bool]:
        """(seconds to wait, whether to say so): (0, False) if the user may go ahead (counted)."""
        if self.per_minute <= 0:
            return 0.0, False
        now = time.monotonic() if now is None else now
        hits = self._hits.setdefault(user_id, deque())
        while hits and now - hits[0] >= 60:
            hits.popleft()
        if len(hits) < self.per_minute:
            hits.append(now)
            if len(self._hits) > 10 * MAX_CHATS:  # bounded: forget users idle for a minute
                self._hits = {u: h for u, h in self._hits.items() if h and now - h[-1] < 60}
                self._told_until = {u: t for u, t in self._told_until.items() if t > now}
            return 0.0, False
        wait = 60 - (now - hits[0])
        tell = now >= self._told_until.get(user_id, 0.0)
        if tell:
            self._told_until[user_id] = now + wait
        return wait, tell


@dataclass
class Shown:
    """An answer the bot showed in a chat: what its buttons refer to."""

    answer: Answer
    question_id: int | None  # the feedback row (None when the feedback store failed)
    user_id: int


@dataclass
class Talk:
    """One user's conversation in one chat; questions in it are answered one at a time."""

    conversation: Conversation = field(default_factory=Conversation)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class ChatState:
    """Everything the bot keeps about one chat (PTB creates one per chat as `chat_data`)."""

    def __init__(self) -> None:
        self.shown: OrderedDict[str, Shown] = OrderedDict()
        self.talks: OrderedDict[int, Talk] = OrderedDict()

    def remember(self, shown: Shown) -> str:
        """Keep an answer for its buttons; the unguessable token they carry."""
        token = secrets.token_hex(4)
        self.shown[token] = shown
        while len(self.shown) > MAX_ANSWERS_PER_CHAT:
            self.shown.popitem(last=False)
        return token

    def talk(self, user_id: int) -> Talk:
        """The user's conversation in this chat, started afresh after 30 minutes idle."""
        talk = self.talks.pop(user_id, None) or Talk()
        if talk.conversation.expired():
            talk.conversation.reset()
        self.talks[user_id] = talk
        while len(self.talks) > MAX_USERS_PER_CHAT:
            self.talks.popitem(last=False)
        return talk

    def new_conversation(self, user_id: int) -> None:
        """Forget the user's conversation in this chat (/ny)."""
        talk = self.talks.get(user_id)
        if talk is not None:
            talk.conversation.reset()


@dataclass
class BotState:
    """Per-application state shared by the handlers (kept in `bot_data`)."""

    settings: Settings
    answerer: AnswererLike
    corpus: CorpusLike
    limiter: RateLimiter
    ingest_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    removals: dict[str, tuple[str, float]] = field(default_factory=dict)  # token -> (file name, time)
    chats: OrderedDict[int, None] = field(default_factory=OrderedDict)  # chat ids, least recently active first


Context = CallbackContext[ExtBot[Any], dict[Any, Any], ChatState, dict[Any, Any]]  # user, chat, bot data
STATE_KEY = "samverkan"


def bot_state(context: Context) -> BotState:
    return context.bot_data[STATE_KEY]


def state_of(application: Application) -> BotState:
    return application.bot_data[STATE_KEY]


def chat_state(context: Context, chat_id: int) -> ChatState:
    """This chat's state, marking it recently active; the least recently active chat beyond
    `MAX_CHATS` is dropped (its buttons then say the source is gone)."""
    state = bot_state(context)
    state.chats.pop(chat_id, None)
    state.chats[chat_id] = None
    while len(state.chats) > MAX_CHATS:
        oldest, _ = state.chats.popitem(last=False)
        context.application.drop_chat_data(oldest)
    assert context.chat_data is not None, "chat_data exists for updates with a chat"
    return context.chat_data
