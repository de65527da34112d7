"""The terminal front-end: plain-text answers and a chat loop made for people.

Line editing and history come from the standard `readline` module (GNU readline on
Linux; history in the data directory). An answer shows only the sources it cites, each
with a quote window around the cited sentence (bold on a terminal), and is cut to fit
a 45-line screen with `/mer` for the rest. Text from documents is stripped of control
characters before it is printed: a document must not be able to drive the terminal.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, cast

import click

import prompts
from answer.conversation import Conversation
from answer.types import Answer, Citation
from bot.quoting import answer_text_lines, cited, cited_sentence, clean_display, contact_rows, quote_window

SCREEN_LINES = 45  # an answer fits a screen of this height
MAX_WIDTH = 100
HISTORY_FILE = "chat-history"
HISTORY_LENGTH = 1000


class AnswererLike(Protocol):
    """What the chat needs from `answer.answerer.Answerer`."""

    def ask(self, question: str, conversation: Conversation | None = None) -> Answer: ...

    def status(self) -> dict: ...


def _width() -> int:
    return max(40, min(MAX_WIDTH, shutil.get_terminal_size((MAX_WIDTH, SCREEN_LINES)).columns))


def _wrap(text: str, width: int, indent: str = "", first: str | None = None) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=indent if first is None else first,
                         subsequent_indent=indent, break_on_hyphens=False) or [indent.rstrip()]


def _answer_lines(answer: Answer, width: int) -> list[str]:
    lines: list[str] = []
    for line in answer_text_lines(clean_display(answer.answer)):
        for row in contact_rows(line):
            if row is not line:
                row = "▪ " + row.lstrip("•▪- ")
            mark = next((m for m in ("• ", "▪ ", "  – ") if row.startswith(m)), "")
            lines.extend(_wrap(row, width, " " * len(mark), first=""))
    return lines


def _when(citation: Citation) -> str:
    date = str(getattr(citation, "date", "") or "").strip()
    return f" · {date[:4] if date[:4].isdigit() else date}" if date else ""


def _source_lines(citation: Citation, answer: Answer | None, width: int, lang: str) -> list[str]:
    """`[n] Titel, s. 8 · 2021`, the link when known, and the quote window with the cited
    sentence bold (click drops the styling when the output is not a terminal)."""
    title = clean_display(citation.title or citation.document)
    head = prompts.text("answer.source_line", lang=lang, n=citation.n, title=title,
                        page=citation.page) + _when(citation)
    lines = _wrap(head, width)
    url = str(getattr(citation, "url", "") or "")
    if url.startswith(("http://", "https://")):
        lines.append("    " + url)
    window = quote_window(citation.text, cited_sentence(citation, answer))
    marker = "\x00"  # wrap first, then style: styling codes must not count as width
    wrapped = _wrap(f"”{window.before}{marker}{window.sentence}{marker}{window.after}”", width, "    ")
    inside = False
    for line in wrapped:
        parts = line.split(marker)
        styled = []
        for i, part in enumerate(parts):
            if i:
                inside = not inside
            styled.append(click.style(part, bold=True) if inside and part else part)
        lines.append("".join(styled))
    return lines


def render_lines(answer: Answer, width: int | None = None) -> list[str]:
    """The answer as lines: the resolved question if it changed, the text, numbered
    choices, then the cited sources (or the "maybe related" ones of a decline)."""
    width = width or _width()
    lang = answer.lang
    lines: list[str] = []
    if answer.resolved_question and answer.resolved_question != answer.question:
        lines += _wrap(prompts.text("chat.resolved", lang=lang, question=answer.resolved_question), width) + [""]
    lines += _answer_lines(answer, width)
    if answer.choices:
        lines.append("")
        lines += [f"  {i}. {clean_display(choice)}" for i, choice in enumerate(answer.choices, start=1)]
        lines.append(prompts.text("chat.choose", lang=lang))
    sources = cited(answer)
    if sources and not answer.abstained:
        lines += ["", prompts.text("answer.sources_heading", lang=lang)]
        for citation in sources:
            lines += _source_lines(citation, answer, width, lang)
    if answer.related:
        lines += ["", prompts.text("answer.related_heading", lang=lang)]
        for citation in answer.related:
            title = clean_display(citation.title)
            lines += _wrap(prompts.text("answer.source_line", lang=lang, n=citation.n, title=title,
                                        page=citation.page), width)
    return lines


def render(answer: Answer, width: int | None = None) -> str:
    """The whole answer as text (`samverkan ask`)."""
    return "\n".join(render_lines(answer, width))


def paginate(lines: list[str], height: int = SCREEN_LINES) -> tuple[list[str], list[str]]:
    """What fits a screen of `height` lines (one kept for the prompt), and the rest."""
    room = height - 2
    if len(lines) <= room:
        return lines, []
    return lines[: room - 1], lines[room - 1 :]


def original_text(answer: Answer | None, n: int) -> str:
    """Source `n` of the last answer as its file has it (`/original n`): the text layer
    before repair, or the passage itself when nothing was repaired."""
    citation = next((c for c in (answer.citations if answer else []) if c.n == n), None)
    lang = answer.lang if answer else "sv"
    if citation is None:
        return prompts.text("chat.original_none", lang=lang, n=n)
    head = prompts.text("chat.original_heading", lang=lang, n=n, document=citation.document, page=citation.page)
    body = clean_display(citation.raw_text or citation.text)
    return head + "\n" + "\n".join(_wrap(" ".join(body.split()), _width(), "    "))


def _setup_history(data_dir: Path | None) -> Callable[[], None]:
    """Arrow keys and history through readline; returns the function that saves history."""
    try:
        import readline
    except ImportError:  # not on every platform: the chat still works without editing
        return lambda: None
    if data_dir is None:
        return lambda: None
    path = data_dir / HISTORY_FILE
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        if path.exists():
            readline.read_history_file(str(path))
    except OSError:
        return lambda: None
    readline.set_history_length(HISTORY_LENGTH)

    def save() -> None:
        try:
            readline.write_history_file(str(path))
        except OSError:
            pass

    return save


def _welcome(answerer: AnswererLike, corpus: str) -> str:
    status = answerer.status()
    examples = cast(list[str], prompts.value("chat.examples"))
    return prompts.text("chat.welcome", corpus=corpus, documents=status["documents"], passages=status["passages"],
                        example1=examples[0], example2=examples[1], example3=examples[2])


class ChatSession:
    """One person's chat: the conversation, the last answer (its choices and sources) and
    the part of it not yet shown. `handle` turns one input line into output text."""

    def __init__(self, answerer: AnswererLike, height: int = SCREEN_LINES) -> None:
        self.answerer = answerer
        self.conversation = Conversation()
        self.last: Answer | None = None
        self.pending: list[str] = []
        self.height = height

    def handle(self, line: str) -> str:
        text = line.strip()
        lang = self.last.lang if self.last else "sv"
        if not text:
            return ""
        command, _, rest = text.partition(" ")
        if command == "/ny":
            self.conversation.reset()
            self.last, self.pending = None, []
            return prompts.text("chat.new_conversation")
        if command == "/mer":
            return self._show(self.pending)
        if command == "/original":
            if rest.strip().isdigit():
                return original_text(self.last, int(rest))
            return prompts.text("chat.original_none", lang=lang, n=rest)
        if text.isdigit() and self.last is not None and 1 <= int(text) <= len(self.last.choices):
            text = self.last.choices[int(text) - 1]
        self.last = self.answerer.ask(text, conversation=self.conversation)
        return self._show(render_lines(self.last))

    def _show(self, lines: list[str]) -> str:
        shown, self.pending = paginate(lines, self.height)
        if self.pending:
            lang = self.last.lang if self.last else "sv"
            shown = shown + [prompts.text("chat.more_lines", lang=lang, lines=len(self.pending))]
        return "\n".join(shown)


def chat(answerer: AnswererLike, corpus: str, data_dir: Path | None = None) -> None:
    """Read questions from the terminal until the user quits."""
    save_history = _setup_history(data_dir)
    click.echo(_welcome(answerer, corpus))
    quit_words = set(cast(list[str], prompts.value("chat.quit_words")))
    session = ChatSession(answerer, min(SCREEN_LINES, shutil.get_terminal_size((80, SCREEN_LINES)).lines))
    try:
        while True:
            try:
                line = input(prompts.text("chat.prompt"))
            except (EOFError, KeyboardInterrupt):
                click.echo()
                break
            if line.strip().lower() in quit_words:
                break
            output = session.handle(line)
            if output:
                click.echo(output + "\n")
    finally:
        save_history()
    click.echo(prompts.text("chat.bye"))
