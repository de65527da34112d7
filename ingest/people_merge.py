"""Address contacts and role rows of the same person in one document, merged: the address
contact takes body, phone and role from the person's role rows, a role row takes the address."""

from __future__ import annotations

import re

from ingest.contacts import phone_in
from ingest.model import Contact
from ingest.normalize import fold
from ingest.roles import canonical_role

# Roles of a plain list entry: a row with one of them adds nothing to an address contact of the same line.
_PLAIN_ROLES = ("ledamot", "ersättare", "deltagare", "kontaktperson", "representant", "justerare")


def take_table_bodies(contacts: list[Contact], people: list[Contact]) -> None:
    """An address on a list or table row takes the body of the person's row from that same line when
    the body comes from the heading above it ("Arbetsgruppen för X" over its table, "Terapigrupper"
    over its items), not the body of the document: one person may sit in two groups' tables. A body
    the line names itself is a guess from its words ("The secretariat is run by …, and the
    coordinator is NN") and is left to the merge."""
    for c in contacts:
        row = next((p for p in people if not c.body and p.body and p.quote and p.quote in c.quote and not _named_in(p.body, p.quote)
                    and p.document == c.document and fold(p.name) == fold(c.name)), None)
        if row is not None:
            c.body = row.body


def _named_in(body: str, quote: str) -> bool:
    """Does the line itself name the body ("secretariat (Region X)" in "The secretariat is run by …")?"""
    bare = re.split(r" \(| – ", body)[0]
    return fold(bare) in fold(quote)


def merge_into(contacts: list[Contact], people: list[Contact]) -> list[Contact]:
    """Address contacts take body, phone and role from the same person's role rows; a role row of a
    person with an address gets the address. Role rows that add nothing are dropped."""
    by_name: dict[tuple[str, str], list[Contact]] = {}
    for c in contacts:
        if c.name and not c.name_guessed:
            by_name.setdefault((c.document, fold(c.name)), []).append(c)
    for c in contacts:  # a role taken from an earlier paragraph about someone else yields to this person's own
        own = [p for p in people if p.document == c.document and fold(p.name) == fold(c.name)] if c.name else []
        base, _, rest = c.role.partition(" – ")
        role = canonical_role(base)
        if own and role and role not in {p.role for p in own} and fold(role) not in fold(c.quote):
            label = "Kontaktperson" if re.search(r"kontakt|fr[aå]gor|contact|questions", c.quote, re.IGNORECASE) else own[0].role.capitalize()
            c.role = f"{label} – {rest}" if rest else label
    extra = []
    for p in people:
        same = by_name.get((p.document, fold(p.name)), [])
        for c in same:
            c.phone = c.phone or p.phone or (phone_in(c.quote) if c.quote.count("@") == 1 else "")
            if not c.body and canonical_role(c.role) in ("", p.role, "kontaktperson"):
                c.body = p.body
        # the same role, or a plain list role from the address line itself, adds nothing; another role
        # from that line does ("Nämndens sekreterare är utredare X, x@…": sekreterare beside utredare)
        if same and any(canonical_role(c.role) == p.role or (p.quote and p.quote in c.quote and p.role in _PLAIN_ROLES) for c in same):
            continue
        if same:
            p.email = p.email or same[0].email
            p.phone = p.phone or same[0].phone
            p.organisation = p.organisation or same[0].organisation
        extra.append(p)
    return contacts + extra
