"""What both front-ends show of a source: only the cited ones, and a quote window around
the cited sentence instead of the passage's first characters.

Pure text functions (no HTML, no terminal codes): the renderers mark the sentence
their own way (bold in Telegram, bold or reverse video in the terminal).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from answer.types import Answer, Citation

MARKER = re.compile(r"\[(\d{1,3})\]")
WINDOW_CONTEXT = 60  # characters of context on each side of the cited sentence
LONG_SENTENCE = 160  # a cited sentence this long gets less context: it is the evidence itself
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖÉ0-9\"“•(])|\n")


def clean_display(text: str) -> str:
    """Text from a document made safe to print: escape sequences and control characters
    (other than line breaks and tabs) removed, bidi overrides dropped."""
    text = _CONTROL.sub("", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf" or ch in "\u00ad")


def cited(answer: Answer) -> list[Citation]:
    """The citations the answer text refers to, in order of first use (all of them when the
    text has no markers, as for a contact answer built from cards)."""
    order = list(dict.fromkeys(int(n) for n in MARKER.findall(answer.answer)))
    by_n = {c.n: c for c in answer.citations}
    if not order:
        return list(answer.citations) if not answer.abstained else []
    return [by_n[n] for n in order if n in by_n]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def answer_lines(answer: Answer, n: int) -> list[str]:
    """The answer's lines that cite source `n`, without markers and bullets."""
    lines = []
    for line in answer.answer.splitlines():
        if f"[{n}]" in line:
            lines.append(MARKER.sub("", line).strip().lstrip("•-▪ ").strip())
    return [line for line in lines if line]


def cited_sentence(citation: Citation, answer: Answer | None = None) -> str:
    """The sentence of the passage the answer cites: the answerer's own choice when it
    gives one, else the passage sentence that best matches the answer's line(s)."""
    if citation.sentences:
        return citation.sentences[0]
    text = _flat(citation.text)
    lines = answer_lines(answer, citation.n) if answer is not None else []
    for line in lines:
        if _flat(line) and _flat(line) in text:
            return _flat(line)
    sentences = [_flat(s) for s in _SENTENCE.split(citation.text) if s.strip()]
    if not sentences:
        return ""
    if not lines:
        return sentences[0]
    target = _words(" ".join(lines))
    return max(sentences, key=lambda s: (len(_words(s) & target) / (len(_words(s)) ** 0.5 or 1)))


@dataclass
class Window:
    """A quote window: `before` + `sentence` + `after`, each already flattened."""

    before: str
    sentence: str
    after: str

    @property
    def text(self) -> str:
        return f"{self.before}{self.sentence}{self.after}"


def quote_window(text: str, sentence: str, context: int = WINDOW_CONTEXT) -> Window:
    """The cited sentence with up to `context` characters around it, cut at word boundaries
    and marked with `…` where the passage goes on."""
    flat = _flat(clean_display(text))
    sentence = _flat(clean_display(sentence))
    start = flat.find(sentence) if sentence else -1
    if start < 0:  # not verbatim in the passage: show the sentence itself
        return Window("", sentence or flat[: 2 * context], "")
    end = start + len(sentence)
    if len(sentence) > LONG_SENTENCE:
        context //= 3
    left = flat[max(0, start - context) : start]
    if start - context > 0:
        left = "…" + (left.split(" ", 1)[1] if " " in left else "")
    right = flat[end : end + context]
    if end + context < len(flat):
        right = (right.rsplit(" ", 1)[0] if " " in right.strip() else right) + "…"
    return Window(left, sentence, right)


def contact_rows(line: str) -> list[str]:
    """A line that runs several contacts together, split into one row per contact
    (cut after each e-mail address; table cells joined with ` · `)."""
    emails = list(_EMAIL.finditer(line))
    if len(emails) < 2:
        return [line]
    rows, last = [], 0
    for match in emails:
        rows.append(line[last : match.end()])
        last = match.end()
    tail = line[last:]
    if tail.strip(" ,;.|"):
        rows[-1] += tail
    return [" · ".join(cell.strip(" ,;") for cell in row.split(" | ") if cell.strip(" ,;")) for row in rows]


def answer_text_lines(text: str) -> list[str]:
    """The lines of an answer as the front-ends show them: a first line that is only a label
    ("Kontaktuppgifter ur dokumenten:") followed by one single bullet becomes one line, so the
    first line always states the fact; a label before a choice of several stays."""
    lines = text.strip().splitlines()
    if (len(lines) >= 2 and lines[0].rstrip().endswith(":") and not MARKER.search(lines[0])
            and lines[1].startswith("• ") and not any(line.startswith("• ") for line in lines[2:])):
        return [f"{lines[0].rstrip()} {lines[1][2:]}", *lines[2:]]
    return lines
