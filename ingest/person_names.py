"""Is a word a person's first name? From the first-name dictionary that PyPI package
`gender-guesser` ships (about 45 000 given names of 50 countries, Swedish ones included).

Why a list at all: in running prose ("enligt regiondirektör Åsa Bellander") two capitalised words
are as often a body or a place as a person. A known first name is the general evidence that
tells them apart; structured places (a table's name column, "Namn, roll") do not need it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ingest.normalize import fold

# Capitalised words that the name dictionary lists but that Swedish governance text uses as
# ordinary words at a sentence or line start; they never make a run a person by themselves.
_COMMON_WORDS = set(
    """
    region vid med mot om for till under over efter inom mellan sedan dag tid mars maj juni juli
    augusti april januari februari oktober november december vard halsa liv kraft nara ro tro sol
    ser sa ska kan har var den det de en ett och eller samt men som att all alla ny nya stora
    hej tack mvh ordforande ledamot chef kansli syd norr nord vast ost rcc npo rpo
    visa ge gor lista skriv sok hitta fraga mejla ring kara bra god glad are can tell hi show give find list
    who what how is does do will may please dear vice the and of
    """.split()
)


def _data_file() -> Path | None:
    try:
        import gender_guesser
    except ImportError:  # pragma: no cover - dependency declared in pyproject.toml
        return None
    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    return path if path.exists() else None


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Folded first names of the dictionary (loaded once, on first use)."""
    path = _data_file()
    if path is None:
        return frozenset()
    names: set[str] = set()
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if not line or line[0] in "#=" or len(line) < 4:
                continue
            parts = line[:30].split()
            if len(parts) < 2:
                continue
            for part in re.split(r"[+\-]", parts[1]):
                if len(part) >= 2:
                    names.add(fold(part))
    from ingest.contacts import (
        REGIONS,  # place names that are also given names ("Kalmar")
    )

    places = {word for keys in REGIONS.values() for key in keys for word in key.split()}
    return frozenset(names - _COMMON_WORDS - places)


def is_first_name(word: str) -> bool:
    """A given name ("Åsa", "Göran", "Eva-Lena": each part of a hyphenated name must be one)."""
    parts = [p for p in re.split(r"[-‐]", word) if p]
    names = first_names()
    return bool(parts) and all(fold(p) in names for p in parts)
