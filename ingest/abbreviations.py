"""Abbreviations a document introduces, with the full name they stand for.

Documents name a body once in full with its abbreviation ("Norra sjukvårdsregionförbundet (NRF)",
"Gemensamma nämnden för hjälpmedel (GNH)", "SVN (samverkansnämnden)") and afterwards by the
abbreviation alone; a question may use either. The full name is the shortest run of words
before the parenthesis whose letters spell the abbreviation in order, its first letter opening
a word (the method of Schwartz & Hearst, 2003): "NRF" is Norra + sjukvårds*r*egion*f*örbundet,
"RPO" *r*egionalt *p*rogram*o*mråde. Nothing here knows particular bodies.
"""

from __future__ import annotations

import re

from ingest.normalize import fold

# party letters after a member's name ("Anna Berg (KD)") abbreviate no name before them
PARTIES = frozenset({"S", "M", "C", "L", "V", "KD", "MP", "SD"})

_SHORT = r"[A-ZÅÄÖ]{2,6}"
# "Full name (ABBR)": the words before the parenthesis on the same clause
_FULL_THEN_SHORT = re.compile(rf"([^\W\d_][^().;:!?\n]{{1,160}}?)\s*\(\s*({_SHORT})\s*[,;)]")
# "ABBR (full name)": the name inside the parenthesis
_SHORT_THEN_FULL = re.compile(rf"\b({_SHORT})\s*\(\s*([^\W\d_][^()\n]{{2,90}}?)\s*\)")
_LETTERS = re.compile(r"[^\W\d_]")


def introduced_abbreviations(text: str) -> dict[str, str]:
    """{abbreviation: full name as written} for every abbreviation the text introduces; the first
    introduction of an abbreviation wins."""
    found: dict[str, str] = {}
    for m in _FULL_THEN_SHORT.finditer(text):
        short, words = m.group(2), m.group(1).split()
        full = long_form(short, words[-(min(len(short) + 5, 2 * len(short))) :])
        if full and short not in PARTIES:
            found.setdefault(short, full)
    for m in _SHORT_THEN_FULL.finditer(text):
        short, full = m.group(1), m.group(2).strip()
        if short not in found and short not in PARTIES and long_form(short, full.split()) == full:
            found[short] = full
    return found


def long_form(short: str, words: list[str]) -> str:
    """The shortest tail of `words` whose letters spell `short` in order, the first letter opening
    a word; "" when none does (the parenthesis holds no abbreviation of what precedes it)."""
    phrase = " ".join(words)
    text = fold(phrase)
    letters = fold(short)
    if len(text) != len(phrase) or len(words) < 1:
        return ""
    at = len(text) - 1
    for i in range(len(letters) - 1, -1, -1):
        letter = letters[i]
        while at >= 0 and (text[at] != letter or i == 0 and at > 0 and _LETTERS.match(text[at - 1])):
            at -= 1
        if at < 0:
            return ""
        at -= 1
    start = at + 1
    full = phrase[start:].strip(" ,–-")
    if re.search(r"[|\t@]", full) or len(full.split()) > len(short) + 2 or fold(full) == letters or len(full) <= len(short) + 2:
        return ""
    return full


def expand(text: str, known: dict[str, str]) -> str:
    """The text with each known abbreviation followed by its full name in parentheses ("i NRF" ->
    "i NRF (Norra sjukvårdsregionförbundet)"); an abbreviation already beside its name stays as it is."""
    if not known:
        return text

    def full(m: re.Match[str]) -> str:
        name = known.get(m.group(0), "")
        return f"{m.group(0)} ({name})" if name and fold(name) not in fold(text) else m.group(0)

    return re.sub(rf"\b{_SHORT}\b", full, text)


def abbreviated_body(text: str, known: dict[str, str]) -> str:
    """The full name of the first body a text names by an abbreviation the document introduced
    ("Sammankallande i BGH är …", "Enhetschef HMC"), or ""."""
    from ingest.bodies import body_kinds  # bodies reads no abbreviations: no cycle, only order

    for m in re.finditer(rf"\b{_SHORT}\b", text):
        name = known.get(m.group(0), "")
        if name and body_kinds(name):
            return name
    return ""
