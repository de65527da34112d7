"""Search-side text normalisation: folding, OCR repair, tokens, stems and character grams.

Display text is never touched here; these functions produce the keys that the
keyword index and the eval compare on. The same functions run on questions and
passages, so any confusion folded here is folded symmetrically.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

# Characters that OCR of Swedish text puts where å/ä/ö/a/o should be. Folding both
# sides to the same letter makes `Sédra`, `S6dra` and `Södra` one key.
_OCR_LETTERS = str.maketrans({"é": "o", "è": "o", "ó": "o", "ò": "o", "ô": "o", "õ": "o"})
_OCR_DIGIT_IN_WORD = re.compile(r"(?<=[^\W\d_])[60](?=[^\W\d_])|\b[60](?=[^\W\d_]{2,})")
_OCR_AMPERSAND = re.compile(r"(?<![^\W\d_])&(?=[^\W\d_])")
_WORD = re.compile(r"[0-9a-z]+")
_SPACE = re.compile(r"\s+")

STOPWORDS_SV = frozenset(
    """
    alla allt att av blev bli blir blivit de dem den denna deras dess dessa det detta dig din dina ditt
    du där då efter ej eller en er era ert ett från för ha hade han hans har henne hennes hon honom hur
    här i icke ingen inom inte jag ju kan kunde man med mellan men mig min mina mitt mot mycket ni nu när
    någon något några och om oss på samma sedan sig sin sina sitta själv skulle som så sådan sådana
    sådant till under upp ut utan vad var vara varför varit varje vars vart vem vi vid vilka vilkas vilken
    vilket vår våra vårt än är åt över finns ska skall gör göra görs får få många
    """.split()
)
STOPWORDS_EN = frozenset(
    """
    a an and are as at be by do does for from has have how i in into is it its of on or that the their
    this to was were what when where which who whom why will with can should there these those
    """.split()
)


def strip_diacritics(text: str) -> str:
    """Remove combining marks (å→a, é→e) after NFKD decomposition.

    Only the distinct characters are tested, and each mark found is removed with one
    `str.replace`: answering folds passage texts many times per question, and a Python
    loop over every character was a fifth of an answer's time (held under the GIL)."""
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    for mark in [ch for ch in set(decomposed) if unicodedata.combining(ch)]:
        decomposed = decomposed.replace(mark, "")
    return decomposed


def fold(text: str) -> str:
    """Case, diacritic and whitespace folding: what eval and contact lookup compare on.
    Cached: answering folds the same passages and sentences for question after question
    (a sixth of an answer's Python time, all of it under the GIL)."""
    return _fold(text)


@lru_cache(maxsize=16_384)
def _fold(text: str) -> str:
    # lower again after decomposing: compatibility characters decompose to capitals (ℌ → H)
    return _SPACE.sub(" ", strip_diacritics(text.lower()).lower()).strip()


def fold_ocr(text: str) -> str:
    """`fold` plus the common OCR confusions of Swedish text layers (é/6/& for ö/o/ä)."""
    text = text.lower().translate(_OCR_LETTERS)
    text = _OCR_DIGIT_IN_WORD.sub("o", text)
    text = _OCR_AMPERSAND.sub("a", text)
    return fold(text)


def words(text: str) -> list[str]:
    """Folded word tokens (letters and digits) of a text."""
    return _WORD.findall(fold_ocr(text))


_STEMMERS = threading.local()  # a snowball stemmer keeps state while it works: one per thread


def _stemmer() -> snowballstemmer.stemmer:
    """This thread's Swedish stemmer (concurrent questions would corrupt a shared one)."""
    stemmer = getattr(_STEMMERS, "swedish", None)
    if stemmer is None:
        stemmer = _STEMMERS.swedish = snowballstemmer.stemmer("swedish")
    return stemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Swedish snowball stem of one folded word (cached: the vocabulary is small)."""
    return _stemmer().stemWord(word)


def is_stopword(word: str) -> bool:
    """Stop word in Swedish or English, compared folded."""
    return word in _FOLDED_STOPWORDS


_FOLDED_STOPWORDS = frozenset(fold(w) for w in STOPWORDS_SV | STOPWORDS_EN)


def stems(text: str) -> list[str]:
    """Content-word stems: the keyword side's terms."""
    return [stem(w) for w in words(text) if not is_stopword(w)]


def word_grams(word: str, sizes: tuple[int, ...] = (3, 4, 5)) -> list[str]:
    """Character n-grams of one folded word, padded with `_` (a word shorter than n is one gram)."""
    padded = f"_{word}_"
    grams: list[str] = []
    for n in sizes:
        if len(padded) <= n:
            grams.append(padded)
            break
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def char_grams(text: str, sizes: tuple[int, ...] = (3, 4, 5)) -> list[str]:
    """Character n-grams of each content word: robust to OCR damage and compounds."""
    return [g for word in words(text) if not is_stopword(word) for g in word_grams(word, sizes)]
