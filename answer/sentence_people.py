"""The person a passage answer's chosen sentence names with the asked role, as the answer's
first card: when extraction missed a person ("För perioden 2025–2026 är NN (S), Region Gotland,
ordförande" in a paragraph) the answer's first card is still the one who holds the role."""

from __future__ import annotations

import re

from answer.query import Query
from answer.types import Answer, ContactCard
from index.contact_search import merge_people
from index.query import fold
from index.role_search import (
    ANY_KIND,
    body_place,
    canonical_role,
    kinds_in,
    kinds_match,
    named_holder,
    people_in_sentence,
    roles_match,
)
from index.search import Generation

_MARKER = re.compile(r"\s*\[\d+\]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def with_first_card(query: Query, answer: Answer, gen: Generation) -> Answer:
    """The answer with the person its first line names in the asked role as its first card."""
    if answer.abstained or answer.contacts or query.expected != "person" or not answer.citations:
        return answer
    first = _MARKER.sub("", answer.answer.splitlines()[0]).lstrip("• ").strip()
    source = answer.citations[0]
    asked = canonical_role(query.role) if query.role else ""
    rows = [c for c in gen.contacts if c.document == source.document]
    found = _named(first, asked) or _listed(first, asked, rows) or _mentioned(first, asked)
    if not found:
        return answer
    name, role, organisation, body, phone = found
    if not _body_fits(query, f"{body} {source.title} {first} {source.document.rsplit('.', 1)[0].replace('-', ' ')}"):
        return answer  # the sentence is about another body than the one asked ("samverkansnämnden" for a förbund)
    known = [p for p in merge_people([c for c in gen.contacts if c.document == source.document and fold(c.name) == fold(name)])]
    email = next((p.email for p in known if p.email), "") or next(iter(_EMAIL.findall(first)), "")
    organisation = organisation or next((p.organisation for p in known if p.organisation), "")
    phone = phone or next((p.phone for p in known if p.phone), "")
    body = body or source.title
    page = int(m.group(0)) if (m := re.match(r"\d+", str(source.page))) else 1
    card = ContactCard(name=name, email=email, organisation=organisation, role=role, document=source.document,
                       page=page, quote=first, body=body, region=body_place(body), phone=phone)
    answer.contacts = [card]
    return answer


def _body_fits(query: Query, context: str) -> bool:
    """Every specific body kind the question names is named by the card's body, title, sentence or
    document name."""
    held = kinds_in(context)
    return all(any(kinds_match(a, h) for h in held) for a in query.bodies if a != ANY_KIND)


def _named(sentence: str, asked: str) -> tuple[str, str, str, str, str] | None:
    """The one person the sentence names in the asked role (any role when none is asked)."""
    people = [p for p in people_in_sentence(sentence) if not asked or roles_match(asked, p[1])]
    names = {p[0] for p in people}
    return people[0] if len(names) == 1 else None


def _listed(sentence: str, asked: str, rows: list) -> tuple[str, str, str, str, str] | None:
    """The one directory person of the cited document the sentence names, holding the asked role."""
    held = [c for c in rows if c.name and c.name in sentence and (not asked or roles_match(asked, c.role))]
    names = {c.name for c in held}
    if len(names) != 1:
        return None
    c = held[0]
    return c.name, c.role, c.organisation, c.body, c.phone


def _mentioned(sentence: str, asked: str) -> tuple[str, str, str, str, str] | None:
    """The one person a sentence names beside the asked role in any form ("Som sekreterare
    fungerar NN, …", "The group is chaired by NN")."""
    name = named_holder(sentence, asked) if asked else None
    return (name, asked, "", "", "") if name else None


_LABELLED_PHONE = re.compile(r"\b(?:tel|telefon|tfn|mobil|mobile|phone)\b\.?(?:\s+\w+){0,2}?\s*:?\s*((?:\+46|0)[\d\s–-]{6,16}\d)", re.IGNORECASE)


def phone_near(gen: Generation, document: str, name: str) -> str:
    """A phone number the source gives right after a person's name ("NN, kanslichef. Telefon:
    08-123 456 70"), labelled as one, for a person whose directory row has none."""
    pid = gen.passage_containing(document, name) if name else None
    if pid is None:
        return ""
    for row in gen.passages([pid]):
        text = row.get("text") or ""
        at = text.lower().find(name.lower())
        m = _LABELLED_PHONE.search(text[at + len(name) : at + len(name) + 120]) if at >= 0 else None
        if m and 8 <= len(re.sub(r"\D", "", m.group(1))) <= 10:
            return m.group(1).strip()
    return ""
