"""A body the question names by an abbreviation a document introduces ("förbundsdirektionen i
NRF", "ordförande i GNH"): read as the full name ("Norra sjukvårdsregionförbundet"), so the
person lookup compares kind, place and name words as if the question had written it out. The
abbreviation itself is rarely written beside a member list, so it is no word the holder's row
must carry."""

from __future__ import annotations

import re

from answer.query import Query
from index.query import fold
from index.role_search import kinds_in, places_in


def asked_kinds_places(query: Query) -> tuple[list[str], list[str]]:
    """The kinds and places of the asked body, with those of the abbreviations' full names; a place
    only when the names agree on one and the question names none itself."""
    kinds, where = list(query.bodies), list(query.places)
    for names in query.abbreviations.values():
        kinds += [k for name in names for k in kinds_in(name) if k not in kinds]
        named = {p for name in names for p in places_in(name)}
        if len(named) == 1 and not query.places:
            where += [p for p in named if p not in where]
    return kinds, where


def body_words(query: Query, words: list[str]) -> list[str]:
    """The words that name the asked body: an abbreviation with one known full name gives that
    name's words instead; one with several names gives none (its kinds and place still count)."""
    out: list[str] = []
    for word in words:
        names = query.abbreviations.get(word)
        if names is None:
            out.append(word)
        elif len(names) == 1:
            out += [w for w in re.findall(r"[\wåäöÅÄÖéü-]+", names[0]) if fold(w) not in ("for", "i", "och")]
    return list(dict.fromkeys(out))
