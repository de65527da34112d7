"""Person answers: contact and person-by-role questions answered from the people directory.

A card is given only when the person fits what the question names: the region (a
question about Östergötland gets no one from Kalmar), the kind of organisation (a
university's contact is not a region's), the role (vice ordförande is not
ordförande, via `people_by_role`). A name the documents do not contain gets "finns
inte i dokumenten", never someone else's card; an attribute the directory lacks (a
phone number) is declined by name.
"""

from __future__ import annotations

import re

import prompts
from answer import periods
from answer.asked_body import asked_body_first, asked_kinds_places, body_words
from answer.query import BODY_WORD, Query
from answer.sentence_people import phone_near
from answer.types import Answer, Citation, ContactCard
from index.contact_search import (
    Person,
    is_contact_question,
    mentions_known_name,
    people_by_role,
    search_people,
    unknown_person_name,
)
from index.query import fold, is_stopword, stems
from index.role_search import (
    HEALTH_REGIONS,
    body_of,
    body_place,
    canonical_role,
    is_specific,
    kinds_in,
    place_within,
    places_in,
    role_in_passage,
)
from index.search import Generation, Searcher

CARDS = 5
# A body named by abbreviation and what it is about: the words after "NPO", "RPO", "RCC", "NAG" up
# to a preposition or the end of the clause must be found in the holder's body.
# the programme areas (national, regional, local: NPO, RPO, LPO), their working groups and cancer centres
_QUALIFIED_BODY = re.compile(r"\b(?:[NRL]PO|NAG|RCC|[Pp]rogramområde(?:t|na)?)\s+([^?.,;:!()]{2,80})")
_QUALIFIER_END = {"i", "for", "inom", "pa", "vid", "hos", "och", "nu", "idag", "under", "in", "of", "at"}
_WHO = re.compile(r"\b(?:vem|vilka|who|whom)\b")
# Kinds of organisation a question may name; a person's organisation must be of the same kind.
_ORG_KINDS = {
    "university": re.compile(r"universit|larosat|hogskol|university|college"),
    "municipality": re.compile(r"kommun\b|kommunen|municipal"),
    "hospital": re.compile(r"sjukhus|hospital"),
    "office": re.compile(r"kontor|office|kansli"),
}
# Role words that only say "a person is wanted"; people_by_role is for real roles.
_GENERIC_ROLES = {"representant", "kontaktperson", "representative", "contact person"}


def answer(query: Query, gen: Generation, searcher: Searcher) -> Answer | None:
    """A contact answer (cards), a person decline, or None when passages should answer."""
    contacts = gen.contacts
    unknown = unknown_person_name(query.text, contacts)
    if unknown and not gen.mentions(stems(unknown)):
        return _decline(query, "answer.contact_not_found", query=unknown)
    if unknown and query.attribute:  # named in the text but not in the directory: no address of theirs
        return _decline(query, f"answer.missing_{query.attribute}", name=unknown)
    if unknown:
        return None  # the text names them: its passages answer
    asks_contact = (
        is_contact_question(query.swedish) or bool(query.attribute) or mentions_known_name(query.text, contacts)
    )
    found: list[Person] = []
    by_role = False
    role_question = query.intent in ("person", "list", "other")
    kinds, where = asked_kinds_places(query)  # an abbreviation as the full name a document gives
    if role_question and query.role and fold(query.role) not in _GENERIC_ROLES:
        found = people_by_role(contacts, query.role, _body_terms(query), _organisation(query), limit=CARDS,
                               kinds=kinds, where=where, topic=query.terms)
        asks_contact = asks_contact or bool(found)
        by_role = bool(found)
        if not found and (query.bodies or query.places) and query.intent == "person":
            rows = gen.passages([h.passage_id for h in searcher.search(query.search_query(gen), CARDS, gen=gen)])
            qualifiers = [fold(w).strip("-")[:5] for w in _qualifier_words(query)]
            rows = [r for r in rows if all(q in fold(f"{r.get('title')} {r.get('heading')} {r.get('text')}") for q in qualifiers)]
            if not any(role_in_passage(query, r) for r in rows):  # nobody holds it there, by name or by office
                if canonical_role(query.role) == "ledare":
                    return _decline(query, "answer.no_leader", body=_body_words(query))
                return _decline(query, "answer.no_role_holder", role=_role_words(query), body=_body_words(query))
        if not found and query.intent == "person":
            return None  # no person holds the role there: the passages may name an office, or nothing
    elif role_question and canonical_role(query.role) == "kontaktperson" and query.bodies:
        # "who is the contact person for the X group?": someone the documents name as that body's
        # contact person answers first; anyone else with an address does not
        asked = canonical_role(query.role)
        found = [p for p in people_by_role(contacts, query.role, _body_terms(query), _organisation(query), limit=CARDS,
                                           kinds=kinds, where=where, topic=query.terms)
                 if canonical_role(p.sources[0].role.split(" – ")[0]) == asked]
        found = _fitting(query, found)  # the region and kind of organisation asked, as for any other lookup
        asks_contact = asks_contact or bool(found)
        by_role = bool(found)
    names_party = bool(query.of_kind("region")) or any(_is_org_name(e.text) for e in query.of_kind("name"))
    asks_contact = asks_contact or (query.intent == "person" and names_party) or fold(query.role) in _GENERIC_ROLES
    specific_role = bool(query.role) and fold(query.role) not in _GENERIC_ROLES and query.intent == "person"
    if not role_question and not query.attribute:
        asks_contact = asks_contact and query.intent not in ("date", "count", "place")
    if not asks_contact and not specific_role:
        return None
    hits = searcher.search(query.search_query(gen), CARDS, gen=gen)
    documents = list(dict.fromkeys(r["document"] for r in gen.passages([h.passage_id for h in hits])))
    if not found and specific_role:
        found = _by_role(query, contacts, documents)
        if not found and not asks_contact:
            return None  # the passages may name the role holder
    if not found:
        found = search_people(contacts, _lookup_text(query), limit=CARDS) or _by_context(query, contacts, documents)
    if not by_role:  # people_by_role checked body and place; other lookups are checked here
        found = asked_body_first(query, _fitting(query, found) or _fitting(query, _by_context(query, contacts, documents)))
    # among fitting people, those in the documents search finds for the question come first (people
    # found by role keep the order of how well they hold it)
    found.sort(
        key=lambda p: min(
            (documents.index(c.document) for c in p.sources if c.document in documents), default=len(documents)
        )
        if not by_role else 0
    )
    if _WHO.search(query.folded) and found and not found[0].name and not by_role:
        found = _person_beside_mailbox(found, contacts)
    dated = ""
    years = periods.asked_years(query.text) if query.role and found else None
    if years:  # the list whose period covers the asked years; none covers them: no answer
        found = [p for p in found if periods.covers(periods.list_period(gen, p.sources[0].document, p.name), years)]
        if not found:
            return _decline(query, "answer.no_role_holder", role=_role_words(query), body=_body_words(query))
    if query.role and found:
        found, dated = _newest_list(found, gen)
    if not found:
        named = [e.text for e in query.of_kind("region", "name") if e.kind == "region" or _is_org_name(e.text)]
        if named and is_contact_question(query.swedish) and not query.attribute:  # a body's phone: the passages
            return _decline(query, "answer.no_contact_for", entity=" ".join(named))
        return None
    if query.attribute == "phone" and not any(getattr(c, "phone", "") for p in found[:1] for c in p.sources):
        found[0].phone = found[0].phone or phone_near(gen, found[0].sources[0].document, found[0].name)
    if query.attribute == "phone" and not found[0].phone and not any(getattr(c, "phone", "") for c in found[0].sources):
        return _decline(query, "answer.missing_phone", name=found[0].name or found[0].email)
    if query.attribute == "email" and _asked_by_name(query, found[0].name) and not found[0].email:
        return _decline(query, "answer.missing_email", name=found[0].name)  # "Vilken e-post har X?": X's card has none
    cards = [card(p) for p in found]
    citations = _citations(query, found, gen, searcher)
    key = "answer.contacts_intro" if len(cards) == 1 else "answer.contacts_choose"
    lines = [prompts.text(key, lang=query.lang) + (f" ({prompts.text('answer.dated', date=dated)})" if dated else "")]
    for c in cards:
        n = next((x.n for x in citations if x.document == c.document and c.email and c.email in x.text), None)
        line = prompts.text(
            "answer.contact_line" if c.email else "answer.contact_line_no_email",
            lang=query.lang,
            name=c.name,
            role=c.role or "–",
            organisation=c.organisation or "–",
            email=c.email,
        )
        guessed = prompts.text("answer.contact_guessed", lang=query.lang) if c.name_guessed else ""
        guessed = (prompts.text("answer.contact_phone", lang=query.lang, phone=c.phone) if c.phone else "") + guessed
        lines.append(f"• {line}{guessed}" + (f" [{n}]" if n else ""))
    choices = [c.name for c in cards if c.name] if len(cards) > 1 else []
    return Answer(query.text, "\n".join(lines), False, citations, cards, kind="contacts", choices=choices)


def _newest_list(found: list[Person], gen: Generation) -> tuple[list[Person], str]:
    """Of role holders listed for the same body (same kind and place; else the same title words)
    in documents of different dates (an older and a newer member list), only the newest
    document's holders; with its date when an older list was set aside."""
    from index.query import stems

    titles = {
        d["name"]: frozenset(t for t in stems(d.get("title") or "") if not t.isdigit()) for d in gen.document_rows
    }

    def signature(person: Person) -> frozenset[str]:
        source = person.sources[0]
        kinds, where = body_of(source)
        specific = [k for k in kinds if is_specific(k)]
        return frozenset(specific + where) if specific and where else titles.get(source.document, frozenset())

    newest: dict[frozenset[str], str] = {}
    for person in found:
        document = person.sources[0].document
        key = signature(person)
        if gen.document_date(document) > gen.document_date(newest.get(key, document)):
            newest[key] = document
        newest.setdefault(key, document)
    kept = [p for p in found if newest[signature(p)] == p.sources[0].document]
    if len(kept) == len(found):
        return found, ""
    return kept, gen.document_date(kept[0].sources[0].document)[:10]


def _person_beside_mailbox(found: list[Person], contacts: list) -> list[Person]:
    """Who to contact: a person before a function mailbox. A named person of the mailbox's document
    with an address of their own comes first; the mailbox follows as a card."""
    from index.contact_search import merge_people

    named = [p for p in found if p.name]
    if not named:
        document = found[0].sources[0].document
        named = [p for p in merge_people([c for c in contacts if c.document == document and c.name and c.email])][:1]
    return named + [p for p in found if not p.name]


def _by_role(query: Query, contacts: list, documents: list[str]) -> list[Person]:
    """People whose role starts with the asked role word (a modifier such as "vice" makes another
    role), in the documents search finds: for list questions and roles `people_by_role` leaves."""
    from index.contact_search import merge_people

    role = fold(query.role)
    pattern = re.compile(rf"^(?:{re.escape(role)})\b|[,–-]\s*{re.escape(role)}\b")
    matching = [c for c in contacts if c.document in documents[:2] and pattern.search(fold(c.role))]
    return merge_people(matching)[:CARDS]


def _by_context(query: Query, contacts: list, documents: list[str]) -> list[Person]:
    """People whose role line or source sentence shares at least two of the question's
    content words ("Vem skrev sidan om ...?" → "Författare/uppdaterat sidan"), in the
    documents search finds; only a single best match is returned."""
    from index.contact_search import merge_people
    from index.query import stems

    terms = set(query.terms)
    scored = []
    for person in merge_people([c for c in contacts if c.document in documents[:2]]):
        context = set(stems(" ".join(f"{c.role} {c.quote}" for c in person.sources)))
        scored.append((len(terms & context), person))
    scored.sort(key=lambda s: -s[0])
    if scored and scored[0][0] >= 2 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return [scored[0][1]]
    return []


def _body_terms(query: Query) -> list[str]:
    """The words that name the body the role is held in ("samverkansnämnden", "RCC Syd")."""
    words = [w for w in re.findall(r"[\wåäöÅÄÖéü-]+", query.swedish) if BODY_WORD.search(fold(w))]
    words += [w for e in query.of_kind("body") for w in e.text.split()]
    return body_words(query, list(dict.fromkeys(words + _qualifier_words(query))))


def _qualifier_words(query: Query) -> list[str]:
    """What an abbreviated body is about ("NPO endokrina sjukdomar" is not "NPO hjärt- och kärlsjukdomar")."""
    words: list[str] = []
    for m in _QUALIFIED_BODY.finditer(query.swedish):
        for w in re.findall(r"[\wåäöÅÄÖéü-]+", m.group(1)):
            if fold(w) == "och" and words and words[-1].endswith("-") or fold(w) in ("for", "inom", "om") and not words:
                continue  # "hjärt- och kärlsjukdomar", "NPO för endokrina sjukdomar"
            if fold(w) in _QUALIFIER_END or is_stopword(fold(w)) or len(words) >= 4:
                break
            if not places_in(w):
                words.append(w)
    return words


def _organisation(query: Query) -> str | None:
    """The region the question names, else its health-care region ("Norra sjukvårdsregionen")."""
    region = next((e.name for e in query.of_kind("region")), None)
    if region:
        return region
    health = next((e.text for e in query.of_kind("healthregion")), None)
    return f"{health} sjukvårdsregionen" if health else None


def _lookup_text(query: Query) -> str:
    """The question plus the conversation's carried topic words (they break ties between
    people in different documents)."""
    return " ".join([query.text, *query.context_terms])


def _is_org_name(text: str) -> bool:
    return any(p.search(fold(text)) for p in _ORG_KINDS.values())


def _fitting(query: Query, found: list[Person]) -> list[Person]:
    """People whose organisation matches the region and kind of organisation the question names."""
    regions = query.of_kind("region")
    kinds = [k for k, p in _ORG_KINDS.items() if p.search(query.folded) or p.search(fold(query.swedish))]
    out = []
    for person in found:
        org = fold(" ".join([person.organisation, *(c.organisation for c in person.sources), person.email]))
        if regions and not all(
            any(s[:5] in org for s in e.stems) or fold(e.name).split()[-1][:5] in org for e in regions
        ):
            continue
        if kinds and not all(_ORG_KINDS[k].search(org) for k in kinds):
            continue
        if _elsewhere(query, person):
            continue  # a person of Dalarna's kansli for a question about Södra sjukvårdsregionen
        context = set(
            stems(
                " ".join(
                    f"{c.organisation} {c.role} {getattr(c, 'body', '')} {c.quote} {c.document}" for c in person.sources
                )
            )
        )
        if not all(all(any(t.startswith(s) for t in context) for s in e.stems) for e in query.of_kind("body")):
            continue  # the question names a body (RCC Norr) this person is not part of
        out.append(person)
    return out


def _elsewhere(query: Query, person: Person) -> bool:
    """Is everything known about where the person serves (body, organisation, document name)
    outside the health-care region the question names?"""
    asked = [a for a in query.places if a in HEALTH_REGIONS]  # an asked region is checked on the organisation
    if not asked:
        return False
    source = person.sources[0]
    held = places_in(f"{source.body} {source.organisation} {person.organisation} {source.document.rsplit('.', 1)[0].replace('-', ' ')}")
    return bool(held) and not any(place_within(a, h) or place_within(h, a) for a in asked for h in held)


def card(person: Person) -> ContactCard:
    source = person.sources[0]
    return ContactCard(
        name=person.name or person.email,  # a function mailbox has no person's name
        email=person.email,
        organisation=person.organisation or source.organisation,
        role="; ".join(dict.fromkeys(r for r in person.roles if r)) or source.role,
        document=source.document,
        page=source.page,
        quote=source.quote,
        name_guessed=person.name_guessed,
        body=source.body,
        region=body_place(source.body),
        phone=person.phone or next((c.phone for c in person.sources if c.phone), ""),
    )


def _asked_by_name(query: Query, name: str) -> bool:
    """Does the question name this person (not only a role whose holder search may get wrong)?"""
    return bool(name) and any(fold(e.text) == fold(name) for e in query.of_kind("name"))


def _citations(query: Query, found: list[Person], gen: Generation, searcher: Searcher) -> list[Citation]:
    """The passages that name each person first, then the best passages for the question."""
    ids: list[int] = []
    for person in found:
        source = person.sources[0]
        pid = (
            gen.passage_containing(source.document, person.email or person.name)
            if (person.email or person.name)
            else None
        )
        if pid is not None and pid not in ids:
            ids.append(pid)
    for hit in searcher.search(query.search_query(gen), CARDS, gen=gen):
        if hit.passage_id not in ids:
            ids.append(hit.passage_id)
    rows = gen.passages(ids[:CARDS])
    return [
        Citation(n=i, document=r["document"], title=r["title"], page=r["page"], text=r["text"], heading=r["heading"],
                 passage_id=r["id"], date=r.get("date") or "", url=r.get("url") or "", ocr=bool(r.get("ocr")))
        for i, r in enumerate(rows, start=1)
    ]


def _role_words(query: Query) -> str:
    """The question's own words for the role ("vice ordförande", "chair")."""
    folded = fold(query.text)
    for role in (query.role, canonical_role(query.role)):
        at = folded.find(fold(role))
        if role and at >= 0:
            return query.text[at : at + len(role)]
    return query.role


def _body_words(query: Query) -> str:
    """The question's own words for the body and place: from the first word that is needed to
    name them (or a capitalised one) to the end of the clause ("samverkansnämnden i
    Stockholm-Gotland", "RCC Norr", "Regional Cancer Centre North")."""
    words = re.findall(r"[\wåäöÅÄÖéü-]+|[,;]", query.text)

    def named(at: int) -> tuple[list[str], list[str]]:
        text = " ".join(words[at:])
        return kinds_in(text), places_in(text)

    whole = named(0)
    start = next((i for i in range(1, len(words)) if any(whole) and named(i) == whole
                  and (words[i][:1].isupper() or named(i + 1) != whole)), None)
    if start is None:
        return " ".join(e.text for e in query.of_kind("region", "healthregion", "body")) or query.text.rstrip("?!. ")
    start -= 1 if words[start - 1].lower() == "the" else 0
    out: list[str] = []
    for w in words[start:]:
        if w in (",", ";") or fold(w) in ("och", "and", "samt"):
            break
        out.append(w)
    return " ".join(out)


def _decline(asked: Query, key: str, **fields: str) -> Answer:
    text = prompts.text(key, lang=asked.lang, **fields)
    return Answer(asked.text, text, True, kind="decline")
