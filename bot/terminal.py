"""Plain-text rendering of answers and the terminal chat loop."""

from __future__ import annotations

import textwrap

import click

import prompts
from answer.types import Answer, Citation

QUOTE_CHARS = 400  # how much of a passage the terminal quotes under a source line


def _source(citation: Citation, width: int = 100) -> str:
    quote = " ".join(citation.text.split())
    if len(quote) > QUOTE_CHARS:
        quote = quote[: QUOTE_CHARS - 1].rsplit(" ", 1)[0] + " …"
    line = prompts.text("answer.source_line", n=citation.n, title=citation.title, page=citation.page)
    body = textwrap.fill(f"”{quote}”", width=width, initial_indent="    ", subsequent_indent="    ")
    return f"{line} ({citation.document})\n{body}"


def render(answer: Answer) -> str:
    """The answer, then its sources with document, page and the quoted passage."""
    parts = [answer.answer]
    if answer.citations and not answer.abstained:
        parts.append(prompts.text("answer.sources_heading"))
        parts.extend(_source(c) for c in answer.citations)
    if answer.related:
        parts.append(prompts.text("answer.related_heading"))
        parts.extend(_source(c) for c in answer.related)
    return "\n\n".join(parts)


def chat(answerer, corpus: str) -> None:
    """Read questions from the terminal until the user quits."""
    status = answerer.status()
    click.echo(prompts.text("chat.welcome", corpus=corpus, documents=status["documents"], passages=status["passages"]))
    quit_words = set(prompts.value("chat.quit_words"))
    while True:
        try:
            question = input(prompts.text("chat.prompt"))
        except (EOFError, KeyboardInterrupt):
            click.echo()
            break
        if question.strip().lower() in quit_words:
            break
        if question.strip():
            click.echo(render(answerer.ask(question)) + "\n")
    click.echo(prompts.text("chat.bye"))
