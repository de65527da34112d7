"""The passages around a cited one in its own document, in order: the one place the answer
layer reads across a passage cut (a slide or section spanning two passages for prose lists,
the sections a lead-in announces for lists)."""

from __future__ import annotations

from answer.types import Citation
from index.search import Generation


def neighbours(gen: Generation, citation: Citation, before: int, after: int) -> list[dict]:
    """Up to `before` passages before the cited one, itself, and up to `after` after it, as far
    as they belong to the same document (rows of `Generation.passages`)."""
    ids = list(range(max(1, citation.passage_id - before), citation.passage_id + after + 1))
    rows = gen.passages(ids)
    at = next((i for i, r in enumerate(rows) if r["id"] == citation.passage_id), None)
    if at is None:
        return [r for r in rows if r["document"] == citation.document]
    start, end = at, at + 1
    while start > 0 and rows[start - 1]["document"] == citation.document:
        start -= 1
    while end < len(rows) and rows[end]["document"] == citation.document:
        end += 1
    return rows[start:end]
