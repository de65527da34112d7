"""Role words of collaboration bodies, normalised to one canonical lower-case Swedish form.

Documents and questions name the same role in many ways ("ordf.", "Ordförande", "chair",
"leder", "ledamöter", "suppleant"). Ingest stores the canonical form on each person so that a
question asked with any of these words finds them; "vice ordförande" is its own role and never
the same as "ordförande" (and the other way round).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.normalize import fold

# Canonical role -> folded surface forms (whole words or phrases). Order matters where one form
# contains another: the vice forms are tried before "ordförande".
_FORMS: dict[str, tuple[str, ...]] = {
    # ordinals make roles of their own: a question for the second vice chair is not answered by the first
    "förste vice ordförande": (
        "1:e vice ordforande", "forste vice ordforande", "forsta vice ordforande", "1:a vice ordforande",
        "1:e v. ordf", "1:e v ordf", "1:e vice ordf", "first vice chair", "first deputy chair", "first vice-chair",
    ),
    "andre vice ordförande": (
        "2:e vice ordforande", "andre vice ordforande", "andra vice ordforande", "2:a vice ordforande",
        "2:e v. ordf", "2:e v ordf", "2:e vice ordf", "second vice chair", "second deputy chair", "second vice-chair",
    ),
    "vice ordförande": (
        "vice ordforande", "vice ordf", "v. ordf", "v ordf", "vice ordf.", "vice chair", "vice-chair",
        "vice chairman", "vice chairperson", "deputy chair", "deputy chairman", "vice-ordforande",
        "deputy chairperson", "deputy chairwoman", "vice chairwoman", "vice-chairperson", "vice-chairwoman",
    ),
    "ordförande": ("ordforande", "ordf", "chair", "chairman", "chairperson", "chairwoman", "chaired", "chairs"),
    # who keeps the minutes is the secretary: "vid protokollet" (a signature block), "vem förde protokollet?"
    "sekreterare": (
        "sekreterare", "sekr", "secretary", "secretaries", "vid protokollet", "for protokollet", "forde protokollet",
        "protokollforare", "vid anteckningarna", "antecknat av", "antecknare", "for anteckningar", "forde anteckningar",
        "takes the minutes", "took the minutes", "minute taker", "minute-taker", "minutes secretary", "kept the minutes",
        "keeps the minutes", "recorded the minutes", "wrote the minutes",
    ),
    "ersättare": ("ersattare", "ersattarna", "suppleant", "suppleanter", "deputy member", "substitute", "alternate member",
                  "deputy members", "substitutes", "alternate members", "alternates"),
    "ledamot": ("ledamot", "ledamoter", "ledamoterna", "ordinarie ledamot", "ordinarie ledamoter", "member", "members", "board member"),
    "representant": ("representant", "representanter", "representerar", "representative", "representatives", "represents"),
    "kontaktperson": (
        "kontaktperson", "kontaktpersoner", "contact person", "contact persons", "contact people", "point of contact", "contact",
    ),
    "sammankallande": ("sammankallande", "convener", "convenor", "convenes", "sammankallar", "kallar samman"),
    "patientprocessledare": ("patientprocessledare", "patient process leader", "patient process leaders"),
    "processledare": ("processledare", "process leader", "process leaders"),
    "samordnare": (
        "samordnare", "koordinator", "coordinator", "co-ordinator", "coordinators", "co-ordinators", "samordnar", "samordnas av", "coordinates",
        "coordinated by", "co-ordinates",
    ),
    # who checked the minutes: "Justeras" above the signers, "NN valdes att justera protokollet", "vem justerade?"
    "justerare": (
        "justerare", "justeras", "justerat", "justeras av", "justeringsperson", "justeringsman", "justera protokollet",
        "justera dagens protokoll", "att justera", "justerade", "minutes checker", "minutes checkers", "minute checker",
        "checked the minutes", "checks the minutes", "verified the minutes", "approved the minutes",
    ),
    "adjungerad": ("adjungerad", "adjungerade", "co-opted"),
    "föredragande": ("foredragande",),
    "chef": ("chef", "head", "manager"),
    "direktör": ("direktor", "director", "direktoren"),
    "ledare": ("ledare", "leder", "leds", "ledd", "lead", "leads", "leader", "led by", "heads"),
    "författare": ("forfattare", "author", "skrev", "skrivit", "skriven av", "wrote", "written by"),
    "deltagare": ("deltagare", "narvarande", "participant", "participants", "present"),
}
# How a question asks who leads a body without a role noun ("vem håller i X?", "who runs X?",
# "who is in charge of X?"): its leader, chair, convener or head (index/role_search.py weighs them).
LEAD_PHRASES: tuple[str, ...] = (
    "leder", "leds av", "haller i", "haller ihop", "ansvarar for", "ledare for", "ledare i", "ledare av",
    "leads", "led by", "heads", "headed by", "head of", "leader of", "runs", "run by", "in charge of", "manages", "managed by",
)
# Roles held in a collaboration body (not job titles at an employer, not authorship or presence).
_BODY_ROLES = {
    "förste vice ordförande", "andre vice ordförande", "vice ordförande", "ordförande", "sekreterare", "ersättare", "ledamot",
    "representant", "kontaktperson", "sammankallande", "samordnare", "justerare", "adjungerad", "ledare", "processledare",
    "patientprocessledare",
}


def is_body_role(role: str) -> bool:
    """Is the role one held in a body ("sammankallande", "vice ordförande") rather than a job title
    ("socialchef", "hälso- och sjukvårdsdirektör")?"""
    return role in _BODY_ROLES


# Role nouns that also end compounds ("verksamhetschef", "regiondirektör", "processledare",
# "nämndsekreterare"): such a compound keeps its own form but answers a question for the base role.
COMPOUND_BASES = ("ordforande", "sekreterare", "samordnare", "chef", "direktor", "ledare", "strateg", "ansvarig")
_BASE_CANONICAL = {fold(c): c for c in _FORMS}
_BASE_CANONICAL.update({"strateg": "strateg", "ansvarig": "ansvarig"})

_FORM_CANONICAL = {re.sub(r"\s+", " ", form): canonical for canonical, forms in _FORMS.items() for form in forms}
# One alternation, longest forms first: the leftmost match wins, and at one position the longest form.
_ANY_FORM = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(_FORM_CANONICAL, key=len, reverse=True)) + r")(?![\w-])"
)
_COMPOUND = re.compile(r"\b([a-z]{3,}?(?:" + "|".join(COMPOUND_BASES) + r"))(?:en|n)?\b")


_ORDINALS = {"forste", "andre"}
_QUALIFIERS = {
    "bitradande": "biträdande", "bitr": "biträdande", "stallforetradande": "ställföreträdande", "tf": "tf",
    "tillforordnad": "tillförordnad", "deputy": "biträdande", "assistant": "biträdande", "acting": "tillförordnad",
}


@lru_cache(maxsize=65536)
def canonical_role(text: str) -> str:
    """The canonical role a text names ("Ordf." -> "ordförande", "verksamhetschef" -> itself),
    or "" when it names none. The first role in reading order wins; vice forms beat plain ones; a
    qualifier makes a role of its own ("biträdande verksamhetschef" is not "verksamhetschef")."""
    folded = fold(text)
    role, start = _first_role(folded, text)
    if role and " " not in role:
        before = re.findall(r"[a-z]+", folded[max(0, start - 24) : start])
        if before and before[-1] in _QUALIFIERS:
            return f"{_QUALIFIERS[before[-1]]} {role}"
    return role


def names_role(role: str, text: str) -> bool:
    """Does a text name a role in any of its forms ("chaired by" names ordförande, "Sekr." names
    sekreterare)? A vice form does not name the plain role."""
    canonical = canonical_role(role) or fold(role)
    folded = fold(text)
    for form in _FORMS.get(canonical, (fold(role),)):
        for match in re.finditer(r"(?<![\w-])" + re.escape(form).replace(r"\ ", r"\s+") + r"(?![\w-])", folded):
            if _FORM_CANONICAL.get(_longest_form_at(folded, match.start()), canonical) == canonical:
                return True
    return False


def _longest_form_at(folded: str, start: int) -> str:
    found = _ANY_FORM.search(folded, max(0, start - 24))
    while found and found.end() <= start:
        found = _ANY_FORM.search(folded, found.end())
    return re.sub(r"\s+", " ", found.group(1)) if found and found.start() <= start else ""


def _first_role(folded: str, text: str) -> tuple[str, int]:
    m = _ANY_FORM.search(folded)
    best = (m.start(), 0, _FORM_CANONICAL[re.sub(r"\s+", " ", m.group(1))]) if m else None
    compound = _COMPOUND.search(folded)
    if compound and (best is None or compound.start() < best[0]) and "vice" not in folded[max(0, compound.start() - 6) : compound.start()]:
        return _display(compound.group(1), text), compound.start()
    return (best[2], best[0]) if best else ("", -1)


def _display(folded_compound: str, text: str) -> str:
    """A compound title as the text writes it, lower-case ("Nämndsekreterare" -> "nämndsekreterare")."""
    for m in re.finditer(r"(?:([^\W\d_]+-\s+(?:och|eller)\s+))?([^\W\d_]+)", text.lower()):
        word = m.group(2)
        if fold(word).startswith(folded_compound):
            written = word[: len(folded_compound)] if len(fold(word)) == len(word) else word
            return (m.group(1) or "") + written  # "hälso- och sjukvårdsdirektör"
    for base in COMPOUND_BASES:
        if folded_compound.endswith(base):
            return folded_compound[: -len(base)] + _BASE_CANONICAL.get(base, base)
    return folded_compound


def role_base(role: str) -> str:
    """The base role of a canonical role: "verksamhetschef" -> "chef", "ordförande" -> itself."""
    folded = fold(role)
    if " " in folded:  # "vice ordförande": a role of its own
        return role
    for base in COMPOUND_BASES:
        if folded.endswith(base):
            return _BASE_CANONICAL.get(base, base)
    return role


def roles_match(asked: str, held: str) -> bool:
    """Does a person holding `held` answer a question for `asked`? Exact canonical role, or a
    compound of the asked base ("chef" finds "verksamhetschef"); never vice for plain or plain for vice."""
    a, h = fold(canonical_role(asked) or asked), fold(canonical_role(held) or held)
    if not a or not h:
        return False
    if a == h:
        return True
    if re.search(r"- (?:och|eller) ", h):  # "hälso- och sjukvårdsdirektör" is a direktör
        h = h.split()[-1]
    if " " in h and h.split(" ", 1)[0] in _ORDINALS and h.split(" ", 1)[1] == a:
        return True  # the first vice chair is a vice chair; a plain vice chair is no first one
    if " " in a or " " in h:
        return False
    return a in COMPOUND_BASES and h.endswith(a)


@lru_cache(maxsize=1)
def english_role_phrases() -> tuple[tuple[str, str], ...]:
    """(English phrase of several words, canonical Swedish role), longest first: "patient process
    leader" is one role (patientprocessledare), not a patient, a process and a leader."""
    heads = {
        "leader", "leaders", "chair", "chairman", "chairperson", "chairwoman", "member", "members", "person", "persons",
        "people", "checker", "checkers", "contact",
    }
    phrases = [(f, c) for f, c in _FORM_CANONICAL.items() if " " in f and heads & set(re.split(r"[ -]", f))]
    return tuple(sorted(phrases, key=lambda fc: -len(fc[0])))


# Folded role nouns of a question: a word that is one of them (inflected) or ends with one (a
# compound: regiondirektör, verksamhetschef) names the role a passage must carry (answer/keys.py).
KEY_ROLE_NOUNS: tuple[str, ...] = (
    "ordforande", "sekreterare", "direktor", "chef", "samordnare", "koordinator", "processledare",
    "ledamot", "ledamoter", "ersattare", "talesperson", "handlaggare", "utredare",
)
# English role nouns of a question that make a role key (each a form of a role above).
ENGLISH_ROLE_NOUNS = frozenset("chair chairman chairperson chairwoman secretary director coordinator head leader manager".split())


# Roles that stand in for one another when nobody holds the asked one in that body: a working
# group's convener chairs it, and a chair convenes; a process leader coordinates, and a coordinator
# leads the process. (asked, held) -> how well the held role answers (an exact holder scores 1.0).
STAND_IN_ROLES: dict[tuple[str, str], float] = {
    ("ordförande", "sammankallande"): 0.7, ("sammankallande", "ordförande"): 0.7,
    ("samordnare", "processledare"): 0.6, ("processledare", "samordnare"): 0.6,
}


def is_role_form(word: str) -> bool:
    """Is a folded word one of the surface forms a role is written in?"""
    return word in _FORM_CANONICAL


# The roles a question may ask for, in the order they are tried (the longer "vice ordförande"
# before "ordförande"); the conversation swaps the role of the last question by them.
ROLE_WORDS: tuple[str, ...] = (
    "vice ordförande", "ordförande", "sekreterare", "ledamot", "ersättare", "direktör", "chef",
    "samordnare", "koordinator", "patientprocessledare", "processledare", "sammankallande",
    "ansvarig", "representant", "kontaktperson", "verksamhetschef", "kanslichef", "chair",
    "secretary", "director", "coordinator", "representative", "contact person",
)
