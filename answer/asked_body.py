"""The body a person question asks about, as the person lookup compares it.

A body the question names by an abbreviation a document introduces ("förbundsdirektionen i
NRF", "ordförande i GNH"): read as the full name ("Norra sjukvårdsregionförbundet"), so the
person lookup compares kind, place and name words as if the question had written it out. The
abbreviation itself is rarely written beside a member list, so it is no word the holder's row
must carry."""

from __future__ import annotations

import re

from answer.query import Query
from index.contact_search import Person
from index.query import fold
from index.role_search import body_of, is_specific, kinds_in, kinds_match, places_in


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


def asked_body_first(query: Query, found: list[Person]) -> list[Person]:
    """People whose row is in a body of the kind the question names first ("i arbetsgruppen för
    vårdhygien": the member of that group before a member of the reference group beside it), the
    order otherwise kept; a lookup by name or region alone does not compare bodies."""
    asked = [k for k in query.bodies if is_specific(k)]
    if not asked:
        return found

    def fits(person: Person) -> bool:
        held = body_of(person.sources[0])[0]
        return all(any(kinds_match(a, h) for h in held) for a in asked)

    return sorted(found, key=lambda p: not fits(p))
