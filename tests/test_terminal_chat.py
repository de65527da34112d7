"""The terminal chat for people (bot/terminal.py): welcome, conversation, numbered
choices, a 45-line screen, history, and document text that cannot drive the terminal."""

from __future__ import annotations

from pathlib import Path

import click

from answer.conversation import Conversation
from answer.types import Answer, Citation
from bot import terminal
from bot.terminal import SCREEN_LINES, ChatSession, render, render_lines


class _Recorder:
    """An answerer stand-in that records what it was asked and with which conversation."""

    def __init__(self, answers: list[Answer]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, Conversation | None]] = []

    def ask(self, question: str, conversation: Conversation | None = None) -> Answer:
        self.calls.append((question, conversation))
        return self.answers.pop(0)

    def status(self) -> dict:
        return {"documents": 5, "passages": 41}


def test_welcome_names_three_example_questions(answerer) -> None:
    welcome = terminal._welcome(answerer, "corpus")
    assert welcome.count("  • ") == 3 and "5 dokument" in welcome


def test_conversation_is_held_and_resolved_question_printed(answerer) -> None:
    session = ChatSession(answerer)
    first = session.handle("Vilka regioner ingår i SBHSS?")
    assert "SBHSS" in first and "Källor:" in first
    conversation = session.conversation
    session.handle("vem är kontaktperson för Kalmar där?")
    assert session.conversation is conversation and len(conversation.turns) == 2
    session.handle("/ny")
    assert conversation.turns == []


def test_resolved_question_and_numbered_choice() -> None:
    choice = Answer("vem leder den?", "Menar du Ledningsgruppen eller Styrgruppen?", True,
                    choices=["Vem leder Ledningsgruppen?", "Vem leder Styrgruppen?"],
                    resolved_question="vem leder den?")
    final = Answer("Vem leder Styrgruppen?", "Styrgruppen leds av direktören. [1]", False,
                   [Citation(1, "p.pdf", "Plan", "3", "Styrgruppen leds av direktören.")],
                   resolved_question="Vem leder Styrgruppen för kunskapsstyrning?")
    recorder = _Recorder([choice, final])
    session = ChatSession(recorder)
    shown = session.handle("vem leder den?")
    assert "  1. Vem leder Ledningsgruppen?" in shown and "  2. Vem leder Styrgruppen?" in shown
    shown = session.handle("2")
    assert recorder.calls[1][0] == "Vem leder Styrgruppen?"  # the number asks the choice's text
    assert recorder.calls[0][1] is recorder.calls[1][1] is session.conversation
    assert "Jag tolkar frågan som: Vem leder Styrgruppen för kunskapsstyrning?" in shown


def test_answer_fits_a_45_line_screen_and_the_rest_follows_on_request() -> None:
    lines = "\n".join(f"• Punkt {i} i en lång lista. [1]" for i in range(80))
    source = Citation(1, "l.txt", "Lista", "1", "Punkt 3 i en lång lista.")
    long = Answer("q", "Enligt dokumenten:\n" + lines, False, [source])
    session = ChatSession(_Recorder([long]))
    shown = session.handle("Vilka punkter finns?")
    assert len(shown.splitlines()) <= SCREEN_LINES - 1 and "/mer" in shown
    rest = session.handle("/mer")
    assert "Punkt 79" in rest and "Källor:" in rest


def test_escape_sequences_from_documents_are_not_printed() -> None:
    evil = "Ordförande \x1b[2J\x1b]0;hacked\x07är Anna\x08\x08 Berg.\u202e"
    answer = Answer("q", f"{evil} [1]", False, [Citation(1, "x.txt", "X\x1b[31m", "1", evil)])
    text = click.unstyle(render(answer))
    assert "\x1b" not in text and "\x07" not in text and "\x08" not in text and "\u202e" not in text
    assert "Ordförande" in text and "Berg." in text


def test_cited_sentence_is_marked_in_the_quote() -> None:
    passage = "Inledning om regionerna. " * 10 + "Nämnden fastställer budgeten. " + "Avslutning. " * 10
    source = Citation(1, "p.pdf", "Plan", "2", passage)
    answer = Answer("q", "Enligt dokumenten:\n• Nämnden fastställer budgeten. [1]", False, [source])
    lines = render_lines(answer, width=200)
    quote = next(line for line in lines if "Nämnden fastställer" in line and line.startswith("    "))
    assert click.style("Nämnden fastställer budgeten.", bold=True) in quote
    assert quote.lstrip().startswith("”…")  # a window, not the passage's start


def test_original_text_shows_the_text_layer_as_read() -> None:
    citation = Citation(1, "plan.pdf", "Plan", "3", "Södra sjukvårdsregionen är stor.",
                        raw_text="S6dra sjukvardsregionen &r stor.")
    session = ChatSession(_Recorder([Answer("q", "Södra sjukvårdsregionen är stor. [1]", False, [citation])]))
    session.handle("Hur stor är regionen?")
    assert "S6dra sjukvardsregionen &r stor." in session.handle("/original 1")


def test_history_is_kept_in_the_data_dir(tmp_path: Path) -> None:
    import readline

    save = terminal._setup_history(tmp_path)
    readline.add_history("Vem leder RCC Syd?")
    save()
    assert "Vem leder RCC Syd?" in (tmp_path / terminal.HISTORY_FILE).read_text(encoding="utf-8")
