"""English questions against Swedish documents: add Swedish equivalents of the
question's English words from a small domain glossary (data, `en_sv_glossary.tsv`).

The bundled MiniLM is English-only and the keyword side is Swedish, so an
English question would otherwise share almost no terms with the passages.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ingest.normalize import STOPWORDS_EN, STOPWORDS_SV, fold, stem
from ingest.roles import english_role_phrases

_GLOSSARY = Path(__file__).with_name("en_sv_glossary.tsv")
_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def glossary() -> dict[str, list[str]]:
    """English word → Swedish words."""
    table: dict[str, list[str]] = {}
    for line in _GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, _, swedish = line.partition("\t")
        table.setdefault(english.strip(), []).extend(swedish.split())
    return table


def english_stems(swedish_stem: str) -> list[str]:
    """Stems of the English words the glossary maps to a Swedish word of this stem: a Swedish
    question over an English page ("styrgruppen" → "steering", "träffas" → "meet")."""
    return _english_by_swedish().get(swedish_stem, [])


@lru_cache(maxsize=1)
def _english_by_swedish() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for english, swedish in glossary().items():
        for word in swedish:
            out.setdefault(stem(fold(word)), [])
            if stem(english) not in out[stem(fold(word))]:
                out[stem(fold(word))].append(stem(english))
    return out


def looks_english(question: str) -> bool:
    """At least a quarter of the words are English function words, and more of them than
    Swedish ones (a Swedish name such as "Jönköping" does not make a question Swedish)."""
    words = re.findall(r"[a-zåäöéü]+", question.lower())
    if not words:
        return False
    english = sum(w in STOPWORDS_EN for w in words)
    swedish = sum(w in STOPWORDS_SV for w in words)
    return english * 4 >= len(words) and english > swedish


def translate(question: str, alternatives: bool = True) -> str:
    """An English question with its glossary words replaced by Swedish (all alternatives,
    or only the first for measuring coverage); other words, such as names, are kept.
    A Swedish question is returned unchanged."""
    if not looks_english(question):
        return question
    table = glossary()
    out: list[str] = []
    for word in re.findall(r"\w+", with_swedish_roles(question)):
        swedish = table.get(word.lower())
        out.extend((swedish if alternatives else swedish[:1]) if swedish else [word])
    return " ".join(out)


def with_swedish_roles(question: str) -> str:
    """An English question with its multi-word role phrases in Swedish ("process leader" →
    "processledare", "deputy chair" → "vice ordförande"): one role, not two loose words
    ("leader" alone is any ledare) that a passage must both carry."""
    for phrase, role in english_role_phrases():
        question = re.sub(rf"\b{re.escape(phrase)}s?\b", role, question, flags=re.IGNORECASE)
    return question
