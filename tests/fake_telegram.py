"""A small fake Telegram Bot API server on 127.0.0.1 for end-to-end bot tests.

The real python-telegram-bot `Application` talks to it over HTTP exactly as it
would to api.telegram.org (via `base_url`/`base_file_url`), so the tests cover
the real request encoding, update parsing and long polling. Tests push updates
in (`message`, `document`, `press`) and assert on the recorded calls.

Like the real API it rejects what Telegram would reject — malformed or
unsupported HTML, messages over 4096 characters, callback data over 64 bytes —
so a formatting bug fails a test instead of a production chat.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

# Parameters that are strings by nature; everything else arrives JSON-encoded in form posts.
_TEXT_FIELDS = {"text", "caption", "parse_mode", "callback_query_id", "action", "file_id", "url",
                "inline_message_id", "description", "name", "file_name", "secret_token"}
_ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
                 "a", "code", "pre", "blockquote", "tg-emoji"}
_HTML_TOKEN = re.compile(r"<(/?)([a-zA-Z][\w-]*)((?:\s[^<>]*)?)>|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[<>&]")


class ApiError(Exception):
    """A Telegram-style error response (HTTP status + description)."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


def parse_telegram_html(text: str) -> str:
    """Validate Telegram HTML like the real server and return the visible text.

    Raises ApiError(400, "Bad Request: can't parse entities: ...") on an
    unknown tag, an unescaped `<`/`&`, an unknown entity or unbalanced tags.
    """
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for m in _HTML_TOKEN.finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
        closing, tag, _attrs, entity = m.group(1), m.group(2), m.group(3), m.group(4)
        if tag:
            tag = tag.lower()
            if tag not in _ALLOWED_TAGS:
                raise ApiError(400, f"Bad Request: can't parse entities: unsupported start tag \"{tag}\"")
            if closing:
                if not stack or stack[-1] != tag:
                    raise ApiError(400, f"Bad Request: can't parse entities: unmatched end tag \"{tag}\"")
                stack.pop()
            else:
                stack.append(tag)
        elif entity:
            if entity.startswith("#") or entity in ("lt", "gt", "amp", "quot"):
                out.append(html.unescape(m.group(0)))
            else:
                raise ApiError(400, f"Bad Request: can't parse entities: unsupported entity &{entity};")
        elif m.group(0) == ">":
            out.append(">")
        else:
            raise ApiError(400, f"Bad Request: can't parse entities: unexpected {m.group(0)!r} at {m.start()}")
    out.append(text[pos:])
    if stack:
        raise ApiError(400, f"Bad Request: can't parse entities: can't find end tag \"{stack[-1]}\"")
    return "".join(out)


def _tg_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Call:
    """One API request the bot made: method name and decoded parameters."""

    method: str
    params: dict[str, Any]
    result: Any = None
    error: str = ""


@dataclass
class FakeTelegram:
    """The fake server: start it, point the bot at `.url`, push updates, inspect `.calls`."""

    token: str = "123456:TEST-token"
    bot_id: int = 999000
    bot_username: str = "samverkan_test_bot"
    calls: list[Call] = field(default_factory=list)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # file_id -> (path, bytes)
    downloads: list[str] = field(default_factory=list)
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._file_ids = itertools.count(1)
        self._chats: dict[int, dict[str, Any]] = {}
        self._changed = asyncio.Event()  # a call was recorded
        self._new_update = asyncio.Event()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ---- lifecycle -------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """Base address to give the bot, e.g. http://127.0.0.1:PORT."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        """Listen on 127.0.0.1 on a free port."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        # handler_cancellation: a pending long poll is cancelled when the client goes away
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        """Release pending long polls and shut the server down."""
        self._closing.set()
        self._new_update.set()
        if self._runner:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ---- building updates ------------------------------------------------------------------
    def user(self, user_id: int, first_name: str = "") -> dict[str, Any]:
        """A Telegram User object."""
        return {"id": user_id, "is_bot": False, "first_name": first_name or f"User{user_id}",
                "language_code": "sv"}

    def chat(self, chat_id: int, chat_type: str = "private", title: str = "") -> dict[str, Any]:
        """A Telegram Chat object (remembered so the bot's replies carry the same chat)."""
        chat = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = f"User{chat_id}"
        else:
            chat["title"] = title or f"Grupp {chat_id}"
        self._chats[chat_id] = chat
        return chat

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue a raw update (update_id is assigned) for the bot's next getUpdates."""
        update = {"update_id": next(self._update_ids), **update}
        self._updates.append(update)
        self._new_update.set()
        return update

    def message(self, text: str, *, user_id: int = 1, chat_id: int | None = None,
                chat_type: str = "private", reply_to: dict[str, Any] | None = None,
                entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """Push a text message; `/commands` and `@mentions` get their entities automatically."""
        chat_id = user_id if chat_id is None else chat_id
        msg: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()),
                               "chat": self.chat(chat_id, chat_type), "from": self.user(user_id),
                               "text": text}
        if entities is None:
            entities = []
            command = re.match(r"/\w+(@\w+)?", text)
            if command:
                entities.append({"type": "bot_command", "offset": 0, "length": _tg_len(command.group(0))})
            for m in re.finditer(r"(?<![\w/])@\w+", text):
                entities.append({"type": "mention", "offset": _tg_len(text[:m.start()]),
                                 "length": _tg_len(m.group(0))})
        if entities:
            msg["entities"] = entities
        if reply_to is not None:
            msg["reply_to_message"] = reply_to
        self.push_update({"message": msg})
        return msg

    def document(self, content: bytes, file_name: str, mime_type: str = "application/pdf", *,
                 user_id: int = 1, chat_id: int | None = None, caption: str | None = None) -> dict[str, Any]:
        """Push a message with an attached document; its bytes are served by getFile/download."""
        chat_id = user_id if chat_id is None else chat_id
        n = next(self._file_ids)
        file_id = f"FILE{n}"
        self.files[file_id] = (f"documents/file_{n}{_suffix(file_name)}", content)
        msg: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": self.chat(chat_id, "private" if chat_id == user_id else "group"),
            "from": self.user(user_id),
            "document": {"file_id": file_id, "file_unique_id": f"U{file_id}", "file_name": file_name,
                         "mime_type": mime_type, "file_size": len(content)},
        }
        if caption:
            msg["caption"] = caption
        self.push_update({"message": msg})
        return msg

    def press(self, message: dict[str, Any], data: str, *, user_id: int = 1) -> str:
        """Push a callback query: `user_id` pressed the button with `data` under a bot `message`."""
        query_id = f"CB{next(self._update_ids)}"
        self.push_update({"callback_query": {
            "id": query_id, "from": self.user(user_id), "chat_instance": "ci",
            "message": message, "data": data}})
        return query_id

    # ---- inspecting what the bot did -------------------------------------------------------
    def mark(self) -> int:
        """A cursor into `calls`: pass it as `after=` to look only at later calls."""
        return len(self.calls)

    def sent(self, method: str = "sendMessage", after: int = 0,
             chat_id: int | None = None) -> list[Call]:
        """Successful calls of `method` since the cursor `after`, optionally for one chat."""
        return [c for c in self.calls[after:] if c.method == method and not c.error
                and (chat_id is None or c.params.get("chat_id") == chat_id)]

    async def wait_for(self, method: str = "sendMessage", *, after: int = 0,
                       where: Callable[[Call], bool] = lambda c: True, timeout: float = 30.0) -> Call:
        """The first successful `method` call after `after` that satisfies `where`."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for c in self.calls[after:]:
                if c.method == method and not c.error and where(c):
                    return c
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                seen = [(c.method, str(c.params.get("text", ""))[:120], c.error) for c in self.calls[after:]]
                raise AssertionError(f"no {method} matching within {timeout}s; calls since: {seen}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.5))
            except TimeoutError:
                pass

    async def wait_text(self, contains: str, *, after: int = 0, method: str = "sendMessage",
                        timeout: float = 30.0) -> Call:
        """The first message (sent or edited) whose text contains `contains`."""
        return await self.wait_for(method, after=after, timeout=timeout,
                                   where=lambda c: contains in str(c.params.get("text", "")))

    def errors(self) -> list[Call]:
        """Calls the fake rejected (bad HTML, too long, unknown method …)."""
        return [c for c in self.calls if c.error]

    # ---- HTTP handlers ---------------------------------------------------------------------
    async def _params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.body_exists:
            if request.content_type == "application/json":
                return {**raw, **(await request.json())}
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    raw[key] = {"filename": value.filename, "content": value.file.read()}
                else:
                    raw[key] = value
        return {k: _decode(k, v) for k, v in raw.items()}

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"},
                                     status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        call = Call(method, params)
        handler = getattr(self, f"_m_{method}", None)
        if method != "getUpdates":
            self.calls.append(call)
        try:
            if handler is None:
                raise ApiError(404, f"Not Found: method {method}")
            call.result = await handler(params)
        except ApiError as err:
            call.error = err.description
            self._changed.set()
            return web.json_response({"ok": False, "error_code": err.status,
                                      "description": err.description}, status=err.status)
        self._changed.set()
        return web.json_response({"ok": True, "result": call.result})

    async def _file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        for file_path, content in self.files.values():
            if file_path == path:
                self.downloads.append(path)
                return web.Response(body=content, content_type="application/octet-stream")
        return web.Response(status=404)

    # ---- Bot API methods -------------------------------------------------------------------
    def _bot_user(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": "Samverkan",
                "username": self.bot_username, "can_join_groups": True,
                "can_read_all_group_messages": False, "supports_inline_queries": False}

    async def _m_getMe(self, p: dict[str, Any]) -> dict[str, Any]:
        return self._bot_user()

    async def _m_deleteWebhook(self, p: dict[str, Any]) -> bool:
        return True

    async def _m_setMyCommands(self, p: dict[str, Any]) -> bool:
        return True

    async def _m_getUpdates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(p.get("offset") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        timeout = float(p.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        while not self._updates and not self._closing.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), remaining)
            except TimeoutError:
                break
        limit = int(p.get("limit") or 100)
        return self._updates[:limit]

    def _check_markup(self, p: dict[str, Any]) -> None:
        markup = p.get("reply_markup")
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                if not button.get("text"):
                    raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    def _check_text(self, p: dict[str, Any]) -> None:
        text = p.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        visible = parse_telegram_html(text) if str(p.get("parse_mode", "")).upper() == "HTML" else text
        if not visible.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if _tg_len(visible) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        self._check_markup(p)

    def _chat(self, chat_id: Any) -> dict[str, Any]:
        if not isinstance(chat_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        return self._chats.get(chat_id) or self.chat(chat_id)

    async def _m_sendMessage(self, p: dict[str, Any]) -> dict[str, Any]:
        self._check_text(p)
        msg: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()),
                               "chat": self._chat(p.get("chat_id")), "from": self._bot_user(),
                               "text": p["text"]}
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        self.messages[(msg["chat"]["id"], msg["message_id"])] = msg
        return msg

    async def _m_editMessageText(self, p: dict[str, Any]) -> dict[str, Any]:
        self._check_text(p)
        key = (p.get("chat_id"), p.get("message_id"))
        msg = self.messages.get(key)  # type: ignore[arg-type]
        if msg is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if msg["text"] == p["text"] and msg.get("reply_markup") == p.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        msg["text"] = p["text"]
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        else:
            msg.pop("reply_markup", None)
        return msg

    async def _m_editMessageReplyMarkup(self, p: dict[str, Any]) -> dict[str, Any]:
        self._check_markup(p)
        msg = self.messages.get((p.get("chat_id"), p.get("message_id")))  # type: ignore[arg-type]
        if msg is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        else:
            msg.pop("reply_markup", None)
        return msg

    async def _m_sendChatAction(self, p: dict[str, Any]) -> bool:
        self._chat(p.get("chat_id"))
        return True

    async def _m_answerCallbackQuery(self, p: dict[str, Any]) -> bool:
        if len(str(p.get("text", ""))) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    async def _m_getFile(self, p: dict[str, Any]) -> dict[str, Any]:
        entry = self.files.get(str(p.get("file_id")))
        if entry is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, content = entry
        if len(content) > 20 * 1024 * 1024:
            raise ApiError(400, "Bad Request: file is too big")
        return {"file_id": p["file_id"], "file_unique_id": f"U{p['file_id']}",
                "file_size": len(content), "file_path": path}

    async def _m_sendDocument(self, p: dict[str, Any]) -> dict[str, Any]:
        doc = p.get("document")
        if not isinstance(doc, dict):
            raise ApiError(400, "Bad Request: there is no document in the request")
        msg = {"message_id": next(self._message_ids), "date": int(time.time()),
               "chat": self._chat(p.get("chat_id")), "from": self._bot_user(),
               "document": {"file_id": "SENT", "file_unique_id": "USENT", "file_name": doc["filename"]}}
        return msg


def _decode(key: str, value: Any) -> Any:
    """Form posts carry non-string parameters JSON-encoded; JSON posts carry them as-is."""
    if key in _TEXT_FIELDS or not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _suffix(name: str) -> str:
    m = re.search(r"\.[A-Za-z0-9]{1,5}$", name)
    return m.group(0).lower() if m else ""


@contextlib.asynccontextmanager
async def running_bot(build: Callable[[str, str], Any]) -> AsyncIterator[tuple[FakeTelegram, Any]]:
    """Start a fake server and the Application that `build(token, api_url)` returns, polling it.

    `run_polling()` cannot run inside the test's event loop, so this does what
    it does step by step: initialise, start, poll with a 1 s long-poll timeout,
    and on exit stop the updater and the application (pending background tasks
    such as a re-ingest are awaited by `Application.stop`).
    """
    async with FakeTelegram() as fake:
        application = build(fake.token, fake.url)
        async with application:
            await application.start()
            await application.updater.start_polling(poll_interval=0.0, timeout=1)
            try:
                yield fake, application
            finally:
                await application.updater.stop()
                await application.stop()
