"""The body a person's role is held in, as a contact records it.

A role's body comes from the sentence or table row that names the person, else the heading of
their list, else the document's subject. What the line gives is not always a body: a table row
read as a heading ("| Anna Berg | Styrgruppen | Ordförande |"), a whole sentence, or a bare body
word ("Ledningsgruppen", "Gruppen", "the board") that means the body named in full a few lines
earlier ("Under beredningen finns Länsgemensam ledningsgrupp för vård och omsorg (LLVO).").
"""

from __future__ import annotations

import re

from ingest.normalize import fold
from ingest.people_parts import names_body, role_tail

# Labels and headings that introduce the members of a body, with the role their people hold.
_MEMBER_WORDS = {
    "ledamoter": "ledamot", "ledamot": "ledamot", "ordinarie ledamoter": "ledamot", "members": "ledamot",
    "medlemmar": "ledamot", "ersattare": "ersättare", "narvarande": "deltagare", "narvarande ledamoter": "ledamot",
    "narvarande ersattare": "ersättare", "ovriga narvarande": "deltagare", "deltagare": "deltagare",
    "participants": "deltagare", "present": "deltagare", "kontaktpersoner": "kontaktperson",
    "kontaktperson": "kontaktperson", "kontakt": "kontaktperson", "contact": "kontaktperson",
    "justerare": "justerare", "justeras av": "justerare", "sekreterare": "sekreterare",
}
# A body phrase in running text: the words before a body word and its "för/i/of ..." tail; the
# phrase starts after the last word that cannot be part of a body's name.
_FULL_MENTION = r"((?:[^\W\d_][\w-]*\s+){{0,4}}[\w-]*{key}[\w-]*(?:\s+(?:for|i|inom|of|for|on|in)\s+[^.,;:!?()\n]{{2,60}})?)"
_MENTION_STOP = re.compile(r"\s+(?:som|dar|med|which|who|that|with|is|are|ar|har|has|bestar|meets|mots|traffas|leds|led)\b.*$")
_NOT_IN_NAME = {
    "the", "a", "an", "en", "ett", "den", "det", "under", "finns", "there", "is", "its", "dess", "by", "av", "ar", "har",
    "has", "was", "var", "till", "to", "och", "and", "with", "med", "governed", "styrs", "heter", "called", "kallas",
    # verbs and places of a sentence that leads up to the body ("NN från X kommun leder direktionen")
    "leder", "leads", "chairs", "sitter", "fran", "from", "pa", "at", "vid",
}
_ANY_GROUP = ("grupp", "group", "the group")  # bare words that name the document's own body when nothing fuller came before
_SENTENCE_BODY_WORDS = 9  # a "body" of more words is a sentence the line gave, not a body


def contact_body(body: str, heading: str, title: str, earlier: str = "") -> str:
    """The body a contact's role is held in: the line's own body when it is one (a bare body word
    made specific by the title, heading or an earlier full mention), else the list's heading body."""
    body = _usable(body)
    return _specific_body(body, heading, title, earlier) if body else _heading_body(heading, title)


def _usable(body: str) -> str:
    """A body as the line gave it, or "" when it is a table row; a sentence gives the body it names."""
    if "|" in body or "\t" in body:
        return ""
    if len(body.split()) > _SENTENCE_BODY_WORDS or body.rstrip().endswith((".", "!", "?")):
        from ingest.bodies import body_mention  # bodies imports nothing of people: no cycle, only order

        return body_mention(body)
    return body


# A list item that leads with a term: "- **Förbundsdirektionen** – förbundets högsta organ … Ordf. NN".
_ITEM_LEAD = re.compile(r"^\s*(?:[-*•◦·]|\d+[.)])\s+([*_]{0,2})([^*_–—:|]{3,80}?)\1\s*(?:[–—:]|\s-)\s")


def list_item_body(line: str) -> str:
    """The body a list item's leading term names, or "": people in the item hold their roles there
    when their sentence names no body."""
    m = _ITEM_LEAD.match(line)
    return m.group(2).strip() if m and names_body(m.group(2)) else ""


def with_item_body(mention: str, line: str) -> str:
    """The body a line's sentence names, or its list item's leading term when that names the same
    body more fully ("Arbetsgrupp" in "- *Arbetsgrupp e-hälsa* – sammankallande: NN") or none was named."""
    item = list_item_body(line)
    return item if item and (not mention or fold(mention) in fold(item)) else mention


def _earlier_mention(key: str, earlier: str, bare: str) -> str:
    """The last fuller phrase in the earlier text that names the body word `key` (folded), as written."""
    folded = fold(earlier)
    if len(folded) != len(earlier):
        return ""
    found = ""
    for m in re.finditer(_FULL_MENTION.format(key=re.escape(key)), folded):
        tail = _MENTION_STOP.sub("", folded[m.start(1) : m.end(1)]).rstrip()
        words = tail.split()
        head = next((i for i, w in enumerate(words) if key in w), 0)
        at = max((i + 1 for i, w in enumerate(words[:head]) if w in _NOT_IN_NAME), default=0)
        kept = len(" ".join(words[at:]))
        phrase = earlier[m.start(1) + len(tail) - kept : m.start(1) + len(tail)].strip()
        fuller = len(phrase.split()) > len(bare.split()) or len(phrase) > len(bare) and fold(phrase).endswith(fold(bare))
        if fuller and names_body(phrase):  # "styrgruppen för e-hälsa", "Förbundsdirektionen" for "direktionen"
            found = phrase
    return found


def _body_phrase(heading: str) -> str:
    """The body a heading names, without member words ("Members of the steering committee" ->
    "steering committee"); "" when it names none."""
    words = heading.split()
    for size in (2, 1):
        if len(words) > size + 1 and fold(" ".join(words[:size])) in _MEMBER_WORDS and fold(words[size]) in ("of", "i", "for", "in", "till"):
            words = words[size + 1 :]
            break
    phrase = re.sub(r"^(?:the|det|den)\s+", "", " ".join(words), flags=re.IGNORECASE)
    return phrase if names_body(phrase) else ""


def _heading_body(heading: str, title: str) -> str:
    """The body a list's people belong to: the heading when it names a body that the title does
    not already name more fully, else the document title."""
    phrase = _body_phrase(heading) if heading else ""
    if phrase and fold(phrase) not in fold(title):
        if len(phrase.split()) <= 2 and names_body(title):  # "Presidium" of the body the title names
            return f"{phrase.strip()} – {title.strip()}"
        return phrase.strip()
    return title.strip() or phrase


def _specific_body(body: str, heading: str, title: str, earlier: str = "") -> str:
    """A bare body word ("nämnden", "styrgruppen") means the body the heading or title names in full."""
    words = re.findall(r"[^\W\d_]+", fold(body))
    if len(words) > 2 or not words:
        return body
    if not names_body(words[-1]):
        return body  # "RCC Norr": a body named with its place, not a bare body word
    key = words[-1][:-2] if words[-1].endswith(("en", "et")) else words[-1]
    for fuller in (title, _body_phrase(heading) if heading else ""):
        if fuller and key in fold(fuller) and len(fuller) > len(body):
            return fuller.strip()
    earlier_full = _earlier_mention(key, earlier, body)
    if not earlier_full and key in _ANY_GROUP and names_body(title):
        return title.strip()  # "Gruppen leds av NN" in a document about one group (an RPO's report)
    return earlier_full or body



def role_body(role: str, title: str) -> str:
    """The body an address contact's role phrase names ("Representant i arbetsgruppen"), placed in
    the document's context; else the document title."""
    body = role_tail(role)[0]
    if body and fold(body) not in fold(title):
        specific = _specific_body(body, "", title)
        return specific if specific != body else f"{body[:1].upper()}{body[1:]} ({title.strip()})"
    return title.strip()
