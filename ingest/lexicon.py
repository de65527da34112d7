"""The Swedish lexicon that text repair and its measurements consult.

Word forms come from the Hunspell Swedish dictionary (PyPI `hunspell-sv`, or Debian's
`hunspell-sv` under /usr/share/hunspell) through the `chunspell` binding: Hunspell
applies the affix rules and Swedish compounding, so `sjukvårdsregionen` is a word form
although the dictionary lists only its parts. Word frequencies come from `wordfreq`
(shipped with the package, no download): they decide between two word forms when both
exist (`ar`/`är`, `for`/`för`).

Loaded once per process and cached per word: a document's repair is linear in its length.
"""

from __future__ import annotations

import logging
import sys
import sysconfig
import threading
from functools import lru_cache
from pathlib import Path

import settings

log = logging.getLogger(__name__)

_LOCK = threading.Lock()  # the Hunspell handle is not documented as thread-safe


def _dictionary_dirs() -> list[Path]:
    """Where the sv_SE files may be: the environment's data dir (pip), then the system's."""
    candidates = [
        Path(sysconfig.get_path("data")) / "share" / "hunspell",
        Path(sys.prefix) / "share" / "hunspell",
        Path(sys.base_prefix) / "share" / "hunspell",
        Path("/usr/share/hunspell"),
        Path("/usr/local/share/hunspell"),
    ]
    extra = settings.hunspell_dir()
    if extra is not None:
        candidates.insert(0, extra)
    return candidates


@lru_cache(maxsize=1)
def _hunspell() -> object | None:
    """The Hunspell sv_SE checker, or None (with a warning) when no dictionary is installed."""
    try:
        from hunspell import Hunspell  # chunspell
    except ImportError:
        log.warning("chunspell is not installed: damaged text layers are not repaired")
        return None
    for directory in _dictionary_dirs():
        if (directory / "sv_SE.dic").is_file() and (directory / "sv_SE.aff").is_file():
            return Hunspell("sv_SE", hunspell_data_dir=str(directory))
    log.warning("no Swedish Hunspell dictionary (sv_SE.dic) found: damaged text layers are not repaired")
    return None


def available() -> bool:
    """True when the Swedish dictionary could be loaded."""
    return _hunspell() is not None


@lru_cache(maxsize=500_000)
def is_word(word: str) -> bool:
    """Is `word` a Swedish word form (case as written: `Södra` and `södra` both are)?"""
    checker = _hunspell()
    if checker is None or not word:
        return False
    with _LOCK:
        return bool(checker.spell(word))  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    try:
        from wordfreq import get_frequency_dict
    except ImportError:
        return {}
    return get_frequency_dict("sv", wordlist="best")


@lru_cache(maxsize=500_000)
def zipf(word: str) -> float:
    """Zipf frequency of a lower-case word in Swedish text (0 when unknown)."""
    import math

    share = _frequencies().get(word, 0.0)
    return round(math.log10(share) + 9, 2) if share > 0 else 0.0
