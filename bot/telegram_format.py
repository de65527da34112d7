"""Telegram HTML rendering and splitting: pure functions, no network, easy to test.

Telegram rejects a whole message when its HTML is malformed or longer than
4096 characters, so everything user-visible goes through `escape` and the
tag-aware `split_html` here instead of ad-hoc f-strings in the handlers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from datetime import datetime

import prompts
from answer.types import Answer, Citation, ContactCard
from bot.quoting import MARKER, answer_text_lines, cited, cited_sentence, clean_display, contact_rows, quote_window

TELEGRAM_LIMIT = 4096
# Atomic units of Telegram HTML: a tag, an entity, a run of whitespace, a run of other text.
_UNIT = re.compile(r"<[^>]*>|&#?\w+;|\s+|[^\s<&]+")
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][\w-]*)[^>]*>")


def escape(text: object) -> str:
    """Escape `<`, `>` and `&` (all that Telegram's HTML parser requires); quotes stay readable."""
    return html.escape(str(text), quote=False)


def tg_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units), so emoji are not under-counted."""
    return len(text.encode("utf-16-le")) // 2


def fill(template: str, **values: object) -> str:
    """`template.format(...)` with every value HTML-escaped unless it is already `Html`."""
    return template.format(**{k: v if isinstance(v, Html) else escape(v) for k, v in values.items()})


class Html(str):
    """Marks a string as already-rendered Telegram HTML so `fill` does not escape it twice."""


def _opening(stack: list[tuple[str, str]]) -> str:
    return "".join(tag for _, tag in stack)


def _closing(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _units(text: str, limit: int) -> list[str]:
    """Tokenise HTML into units no piece of which is too long to fit in a message."""
    out: list[str] = []
    piece = max(1, limit // 4)
    for unit in _UNIT.findall(text):
        if unit.startswith("<") or unit.startswith("&") or tg_len(unit) <= piece:
            out.append(unit)
        else:  # a monster word (URL, table row): cut it between characters, never inside a tag
            out.extend(unit[i : i + piece] for i in range(0, len(unit), piece))
    return out


def split_html(text: str, limit: int = TELEGRAM_LIMIT, max_parts: int | None = None,
               more: str = "…") -> list[str]:
    """Split balanced Telegram HTML into messages of at most `limit` characters.

    Splits prefer a blank line, then a line break, then a space; tags open at
    a split are closed at the end of one part and reopened at the start of the
    next, so every part is valid on its own. With `max_parts`, the last part
    is shortened and ends with `more` instead of producing more messages.
    """
    if tg_len(text) <= limit:
        return [text] if text.strip() else []
    units = _units(text, limit)
    lengths = [tg_len(u) for u in units]
    # stacks[i] = open tags before units[i]
    stacks: list[list[tuple[str, str]]] = []
    stack: list[tuple[str, str]] = []
    for unit in units:
        stacks.append(list(stack))
        match = _TAG.fullmatch(unit)
        if match:
            closing, name = match.group(1) == "/", match.group(2).lower()
            if not closing:
                stack.append((name, unit))
            else:
                for k in range(len(stack) - 1, -1, -1):
                    if stack[k][0] == name:
                        del stack[k:]
                        break
    stacks.append(list(stack))

    parts: list[str] = []
    i, n = 0, len(units)
    while i < n:
        while i < n and units[i].isspace():
            i += 1
        if i >= n:
            break
        prefix = _opening(stacks[i])
        last = max_parts is not None and len(parts) == max_parts - 1
        budget = limit - tg_len(prefix) - (tg_len(more) + 1 if last else 0)
        used, j = 0, i
        breaks = {1: -1, 2: -1, 3: -1}  # rank -> last break position: space, line, blank line
        while j < n:
            closing_len = tg_len(_closing(stacks[j + 1]))
            if used + lengths[j] + closing_len > budget:
                break
            used += lengths[j]
            j += 1
            if units[j - 1].isspace():
                breaks[3 if "\n\n" in units[j - 1] else 2 if "\n" in units[j - 1] else 1] = j
        if j >= n:
            end = n
        else:  # the strongest break that still leaves the part at least a third full
            floor = i + (j - i) // 3
            end = next((breaks[r] for r in (3, 2, 1) if breaks[r] > floor), max(j, i + 1))
        body = "".join(units[i:end]).rstrip()
        if last and end < n:
            parts.append(prefix + body + " " + more + _closing(stacks[end]))
            break
        parts.append(prefix + body + _closing(stacks[end]))
        i = end
    return [p for p in parts if p.strip()]


def _page_label(page: object) -> str:
    return str(page).strip()


def localized(t: Mapping[str, str], lang: str) -> Mapping[str, str]:
    """The interface texts `t` in the asker's language: the `[en.text]` table of
    prompts/telegram.toml laid over the Swedish ones (missing keys stay Swedish)."""
    if lang == "sv":
        return t
    try:
        overlay = prompts.value(f"{lang}.text", "telegram")
    except KeyError:
        return t
    return {**t, **overlay} if isinstance(overlay, dict) else t


def source_button_label(n: int, lang: str = "sv", t: Mapping[str, str] | None = None) -> str:
    """The text of a "Visa källa n" button in the asker's language."""
    base = t if t is not None else prompts.value("text", "telegram")
    return localized(base, lang)["source_button"].format(n=n)  # type: ignore[arg-type]


def _answer_line(line: str) -> str:
    """One answer line: escaped, markers bold; several contacts run together become rows."""
    rows = contact_rows(line)
    if len(rows) > 1:
        return "\n".join("▪ " + _markers(row.lstrip("•▪- ")) for row in rows)
    return _markers(line)


def _markers(text: str) -> str:
    """Escape answer text and make citation markers bold so they stand out."""
    return MARKER.sub(r"<b>[\1]</b>", escape(clean_display(text)))


def _when(c: Citation) -> str:
    date = str(getattr(c, "date", "") or "").strip()
    return f" · {date[:4] if len(date) >= 4 and date[:4].isdigit() else date}" if date else ""


def _link(c: Citation) -> str:
    url = str(getattr(c, "url", "") or "").strip()
    if not url.startswith(("http://", "https://")):
        return ""
    return f'<a href="{html.escape(url, quote=True)}">{escape(url if len(url) <= 60 else url[:57] + "…")}</a>'


def render_window(c: Citation, answer: Answer | None = None) -> str:
    """The quote window of a source: context around the cited sentence, the sentence bold."""
    window = quote_window(c.text, cited_sentence(c, answer))
    return f"<i>{escape(window.before)}<b>{escape(window.sentence)}</b>{escape(window.after)}</i>"


def render_sources(citations: Iterable[Citation], t: Mapping[str, str], answer: Answer | None = None) -> str:
    """The cited sources: number, title, page (and year, link) and a quote window each."""
    lines = [fill(t["sources_heading"])]
    for c in citations:
        lines.append(fill(t["source_line"], n=c.n, title=c.title or c.document, document=c.document,
                          page=_page_label(c.page), when=_when(c)))
        link = _link(c)
        if link:
            lines.append(link)
        lines.append(render_window(c, answer))
    return "\n".join(lines)


def render_contact(card: ContactCard, t: Mapping[str, str]) -> str:
    """A contact card: name, role, organisation, e-mail and the document that names them."""
    lines = [fill("<b>{name}</b>", name=card.name)]
    detail = ", ".join(x for x in (card.role, card.organisation) if x)
    if detail:
        lines.append(escape(detail))
    if card.email:
        lines.append(escape(card.email))
    phone = getattr(card, "phone", "")
    if phone:
        lines.append(escape(phone))
    lines.append(fill(t["contact_source"], document=card.document, page=card.page))
    if card.name_guessed:
        lines.append(fill(t["contact_guessed"]))
    return "\n".join(lines)


def render_contacts(cards: Iterable[ContactCard], t: Mapping[str, str]) -> str:
    """Contact cards separated by blank lines."""
    return "\n\n".join(render_contact(c, t) for c in cards)


def render_answer(answer: Answer, t: Mapping[str, str], limit: int = TELEGRAM_LIMIT,
                  max_parts: int = 4) -> list[str]:
    """The messages for one answer: text with bold [n] markers, then only the sources it
    cites (in order of first use) with a quote window each, then contact cards. (The
    resolved question and the choices are the handlers' lead-in and buttons.)

    Fixed texts come in the asker's language (`answer.lang`). An abstention is shown as
    the answerer's plain text (with "maybe related" sources, if any) — it is an answer,
    not an error.
    """
    t = localized(t, answer.lang)
    blocks: list[str] = []
    if answer.abstained:
        blocks.append(escape(clean_display(answer.answer.strip()) or t["abstained"]))
        if answer.related:
            lines = [fill(t["related_heading"])]
            lines += [fill(t["related_line"], title=c.title or c.document, document=c.document,
                           page=_page_label(c.page)) for c in answer.related]
            blocks.append("\n".join(lines))
    else:
        blocks.append("\n".join(_answer_line(line) for line in answer_text_lines(answer.answer)))
        sources = cited(answer)
        if sources:
            blocks.append(render_sources(sources, t, answer))
    # The answerer already lists contacts in its text; add cards only for those it does not name.
    cards = [c for c in answer.contacts if not (c.email and c.email in answer.answer)]
    if cards:
        blocks.append(fill(t["contacts_heading"]) + "\n" + render_contacts(cards, t))
    return split_html("\n\n".join(blocks), limit, max_parts=max_parts, more=t.get("more", "…"))


def render_passage(c: Citation, t: Mapping[str, str], limit: int = TELEGRAM_LIMIT, lang: str = "sv",
                   sentence: str = "") -> list[str]:
    """The passage behind a source button: document, page, date and link when known, and
    the passage with the cited sentence bold."""
    t = localized(t, lang)
    head = fill(t["passage_head"], n=c.n, title=c.title or c.document, document=c.document,
                page=_page_label(c.page))
    date = str(getattr(c, "date", "") or "").strip()
    if date:
        head += "\n" + fill(t["passage_date"], date=date)
    link = _link(c)
    if link:
        head += "\n" + link
    if c.heading:
        head += "\n" + fill(t["passage_heading"], heading=c.heading)
    body = escape(clean_display(c.text.strip()))
    target = sentence or (c.sentences[0] if c.sentences else "")
    if target:
        marked = escape(clean_display(target.strip()))
        if marked and marked in body:
            body = body.replace(marked, f"<b>{marked}</b>", 1)
    return split_html(f"{head}\n\n<blockquote>{body}</blockquote>", limit, max_parts=3)


def render_original(c: Citation, t: Mapping[str, str], limit: int = TELEGRAM_LIMIT, lang: str = "sv") -> list[str]:
    """A repaired source as its file has it: the text layer before å/ä/ö were restored."""
    t = localized(t, lang)
    head = fill(t["original_head"], n=c.n, title=c.title or c.document, document=c.document, page=_page_label(c.page))
    body = escape(clean_display((c.raw_text or c.text).strip()))
    return split_html(f"{head}\n\n<blockquote>{body}</blockquote>", limit, max_parts=3)


def format_when(value: object) -> str:
    """A date for humans ('2025-01-31 14:05') from an ISO string, epoch seconds or datetime."""
    if value in (None, ""):
        return "–"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value).strftime("%Y-%m-%d %H:%M")
    text = str(value)
    try:
        return datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return text[:16].replace("T", " ")
