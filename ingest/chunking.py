"""Chunking cleaned blocks into passages sized for retrieval.

A passage never mixes two headings unless both sections are small (slides,
short web sections), it keeps headings and list items verbatim, and it
remembers its page range. Long paragraphs are split between sentences.
"""

from __future__ import annotations

import re

from ingest.model import LEVEL_MARKS, Block, Passage

TARGET_WORDS = 150  # measured: 50–200 words tried, see README "Passagestorlek"
MAX_PASSAGE_CHARS = 3000  # hard upper bound: text without sentence breaks is cut anyway
MAX_TOKEN_CHARS = 300  # longer "words" (base64, a binary blob, a 5 MB run) are not words
_OVERLONG_TOKEN = re.compile(rf"(?<!\S)\S{{{MAX_TOKEN_CHARS + 1},}}")  # only at a run start: linear
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖÉ0-9\"“•◦▪(])|\n")


def drop_overlong_tokens(text: str) -> str:
    """`text` without runs of non-space characters longer than MAX_TOKEN_CHARS (linear time).

    Applied to raw page text before cleaning and contact extraction, so no later regex
    ever sees an unbounded word."""
    return _OVERLONG_TOKEN.sub(" ", text) if len(text) > MAX_TOKEN_CHARS else text


def cap_length(text: str, limit: int = MAX_PASSAGE_CHARS) -> list[str]:
    """`text` cut into pieces of at most `limit` characters: at the last line break, else
    the last space, within the piece; a piece with neither is cut hard."""
    pieces: list[str] = []
    start, end = 0, len(text)
    while end - start > limit:
        stop = start + limit
        cut = text.rfind("\n", start + limit // 2, stop + 1)
        if cut <= start:
            cut = text.rfind(" ", start + limit // 2, stop + 1)
        if cut <= start:
            cut = stop
        pieces.append(text[start:cut].strip())
        start = cut
    pieces.append(text[start:end].strip())
    return [p for p in pieces if p]


def split_sentences(text: str) -> list[str]:
    """Sentences and list items of a text (the answerer quotes these)."""
    return [part.strip() for part in _SENTENCE_BREAK.split(text) if part.strip()]


def _count(blocks: list[Block]) -> int:
    return sum(len(b.text.split()) for b in blocks)


def _sections(blocks: list[Block]) -> list[list[Block]]:
    """Split at headings; a run of headings stays with the text that follows it."""
    sections: list[list[Block]] = [[]]
    for block in blocks:
        current = sections[-1]
        if block.kind == "heading" and any(b.kind == "text" for b in current):
            sections.append([])
        sections[-1].append(block)
    return [s for s in sections if s]


def _split_evenly(section: list[Block], target: int) -> list[list[Block]]:
    """Cut a long section into parts of about equal size (no tiny tail), between sentences.

    A paragraph cut in two keeps its own line breaks: its sentences are re-joined
    within each part."""
    total = _count(section)
    if total <= target:
        return [section]
    units: list[tuple[int, Block]] = []
    for origin, block in enumerate(section):
        sentences = [block.text] if len(block.text.split()) <= target // 2 else split_sentences(block.text)
        units.extend((origin, Block(block.kind, text, block.page, block.heading)) for text in sentences)
    parts = -(-total // target)
    size = total / parts
    groups: list[list[tuple[int, Block]]] = [[]]
    for origin, unit in units:
        filled = sum(len(b.text.split()) for _, b in groups[-1])
        continues = bool(groups[-1]) and unit.text[:1].islower() and not re.search(r"[.!?:]$", groups[-1][-1][1].text.rstrip())
        if groups[-1] and filled + len(unit.text.split()) / 2 > size and len(groups) < parts and not continues:
            groups.append(_carried_list(groups[-1], unit, size))  # never inside a sentence broken over lines
        groups[-1].append((origin, unit))
    return [_rejoin(group, section) for group in groups]


def _is_item(text: str) -> bool:
    return text.lstrip().startswith(LEVEL_MARKS)


def _carried_list(group: list[tuple[int, Block]], unit: Block, size: float) -> list[tuple[int, Block]]:
    """The start of the next part: a cut before a list item takes the items above it and
    their lead-in along ("… ska säkerställa att" stays with its items), when they fit."""
    if not _is_item(unit.text):
        return []
    start = len(group)
    while start > 0 and _is_item(group[start - 1][1].text):
        start -= 1
    if start > 0 and not re.search(r"[.!?]$", group[start - 1][1].text.rstrip()):
        start -= 1  # the lead-in
    moved = group[start:]
    if start == 0 or sum(len(b.text.split()) for _, b in moved) > size:
        return []
    del group[start:]
    return moved


def _rejoin(group: list[tuple[int, Block]], section: list[Block]) -> list[Block]:
    """Merge consecutive sentences that came from the same block back into one block."""
    merged: list[Block] = []
    last_origin = -1
    for origin, block in group:
        if origin == last_origin:
            separator = "\n" if "\n" in section[origin].text else " "
            merged[-1].text = f"{merged[-1].text}{separator}{block.text}"
        else:
            merged.append(block)
        last_origin = origin
    return merged


def chunk(blocks: list[Block], document: str, title: str, target: int = TARGET_WORDS) -> list[Passage]:
    """Passages of about `target` words: a section each, long sections cut evenly,
    small neighbouring sections (slides, short web sections) merged."""
    groups: list[list[Block]] = []
    for section in _sections(blocks):
        for part in _split_evenly(section, target):
            whole_small = len(part) == len(section) and _count(part) < target // 2
            previous = groups[-1] if groups else None
            if whole_small and previous is not None and previous[0].kind == "heading" and _count(previous) + _count(part) <= target:
                previous.extend(part)
            else:
                groups.append(list(part))
    passages: list[Passage] = []
    for group in groups:
        if not any(b.kind == "text" for b in group):
            continue
        first = group[0]
        heading = first.text if first.kind == "heading" else first.heading
        for text in cap_length("\n".join(b.text for b in group)):
            passages.append(
                Passage(
                    document=document,
                    title=title,
                    page_start=min(b.page for b in group),
                    page_end=max(b.page for b in group),
                    heading=heading[:MAX_TOKEN_CHARS],
                    text=text,
                    ordinal=len(passages),
                )
            )
    return passages
