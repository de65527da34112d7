"""Small talk ("hej", "tack", "vad kan du?"): a short help text with example questions
drawn from the indexed documents' own headings, so the examples always fit the corpus."""

from __future__ import annotations

import re

import prompts
from answer.smalltalk import is_help_request, is_thanks
from answer.types import Answer
from index.query import fold
from index.search import Generation

EXAMPLES = 3
_ASKS_HELP = re.compile(r"\b(?:vad kan|hjalpa mig|what can|help me)\b")  # "tack, vad kan du?" asks for the help text


def examples(gen: Generation, limit: int = EXAMPLES) -> list[str]:
    """One question per document (as many documents as needed): a heading that is a
    question is taken as it is, another heading of two to six words becomes "Vad säger
    dokumenten om …?". Headings with digits (dates, page furniture) are skipped."""
    picked: list[str] = []
    seen_titles: set[str] = set()
    for heading, title in gen.headings:
        heading = " ".join(heading.split())
        if title in seen_titles or not heading or re.search(r"\d|\(|\)", heading) or not 2 <= len(heading.split()) <= 6:
            continue
        seen_titles.add(title)
        picked.append(
            heading
            if heading.endswith("?")
            else prompts.text(
                "answer.help_example",
                topic=heading[0].lower() + heading[1:] if not heading.split()[0].isupper() else heading,
            )
        )
        if len(picked) == limit:
            break
    return picked


def help_answer(question: str, lang: str, gen: Generation) -> Answer:
    """The help text with examples; not an abstention (nothing was asked of the documents)."""
    thanked = is_thanks(fold(question)) and not (_ASKS_HELP.search(fold(question)) or is_help_request(fold(question)))
    opening = [prompts.text("answer.thanks", lang=lang)] if thanked else []
    lines = opening + [prompts.text("answer.help", lang=lang)] + [f"• {e}" for e in examples(gen)]
    return Answer(question, "\n".join(lines), False, kind="help")
