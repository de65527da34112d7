"""A list cut by a passage boundary: a long section is chunked into passages of about 150
words, so a lead-in's items may run on at the start of the next passage of its document. The
lead-in brings them too (as it brings the items of its own passage)."""

from __future__ import annotations

from answer import lists
from answer.compose import Chosen, sentences_of
from answer.neighbours import neighbours
from index.search import Generation

FOLLOWING = 2  # passages read after the cited one (a very long list spans three)


def _runs_to_the_end(chosen: Chosen) -> bool:
    """Do the chosen lead-in's items fill its passage to the end (so the list may go on)?"""
    parts = sentences_of(chosen.citation.text)
    at = chosen.position
    if not chosen.items or at + 1 >= len(parts) or parts[at] != chosen.text:
        return False
    count = lists.announced_count(chosen.text)
    if count and len(lists.top_level(chosen.items)) >= count:
        return False  # all the items it announced are there
    return all(lists.is_item(p) for p in parts[at + 1 :])


def continued(chosen: list[Chosen], gen: Generation) -> list[Chosen]:
    """The chosen sentences; a lead-in whose list runs to its passage's end also gets the items
    that open the passages after it in its document (a new section or sentence ends the list)."""
    for c in chosen:
        if not _runs_to_the_end(c):
            continue
        for row in [r for r in neighbours(gen, c.citation, 0, FOLLOWING) if r["id"] > c.citation.passage_id]:
            parts = sentences_of(row["text"])
            more = lists.item_run(parts, 0, base=0)
            c.items = c.items + more
            if not more or len(more) < len(parts):
                break  # the list ends in this passage
    return chosen
