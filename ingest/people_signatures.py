"""People of a minutes' signature block: a label that always stands above the names it signs for.

Swedish minutes close with "Vid protokollet" (who kept them), "Justeras" / "Justerat" (who checked
them) and "Vid anteckningarna", each followed by the signers' names, one a line or several on one
line set apart by wide spaces ("Eva Lindqvist          Jesper Mårtensson"), with signature rules,
places and dates between. Unlike a member list, whose roles may stand under the names, these
labels read as the first half of a sentence ("At the minutes: NN"), so the names always follow.
"""

from __future__ import annotations

import re

from ingest.normalize import fold
from ingest.people_parts import person_name

# folded label (its colon and dots stripped) -> the role its signers hold
SIGNATURE_LABELS = {
    "vid protokollet": "sekreterare", "for protokollet": "sekreterare", "protokollforare": "sekreterare",
    "vid anteckningarna": "sekreterare", "antecknat av": "sekreterare", "antecknare": "sekreterare",
    "justeras": "justerare", "justerat": "justerare", "justerare": "justerare", "justeras av": "justerare",
}
_REACH = 6  # non-blank lines a label's signers may stand below it (rules, a place and date between)
_FILLER = re.compile(r"^[\s._…-]*$|^[^\W\d_]*[\s,]*\d{4}-\d{2}-\d{2}\s*$|^\d{4}-\d{2}-\d{2}")
_WIDE = re.compile(r"\s{3,}|\t+")


def signature_label(line: str) -> str:
    """The role a signature label line gives its signers ("Vid protokollet" -> sekreterare), or ""."""
    return SIGNATURE_LABELS.get(fold(line).strip(" :.").strip(), "")


def signers(lines: list[str], index: int) -> list[tuple[int, str]]:
    """(line index, name) of the people who sign under the label at `index`: the name lines that
    follow it, past rules, places and dates, up to the next label or other text."""
    found: list[tuple[int, str]] = []
    seen = 0
    for at in range(index + 1, len(lines)):
        line = lines[at].strip()
        if not line:
            continue
        seen += 1
        if seen > _REACH or signature_label(line):
            break
        if _FILLER.match(line):
            continue
        names = [person_name(cell, strict=False) for cell in _WIDE.split(line) if cell.strip()]
        if names and all(names):
            found += [(at, n) for n in names]
            continue
        if found:
            break  # a role or title under the names ends the block
    return found
