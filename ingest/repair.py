"""Repair of text layers that lost their Swedish letters (OCR or a bad PDF export).

A page is damaged when a noticeable share of its words are not Swedish word forms but
become one when å/ä/ö are restored or a common OCR confusion is undone (`S6dra`,
`Sédra`, `&r`, `sdker`, `6verenskommelse`). On such a page every word that is not a
word form is replaced by the closest variant that is one (fewest letters changed, the
more frequent first), and a word form is replaced only by a variant that is far more
frequent (`ar` → `är`). Pages that are not damaged are never touched, so clean documents
stay byte for byte as they were. What is a word form is the Hunspell Swedish
dictionary's decision (compounds included), see `ingest.lexicon`.

Why not hand lists of damaged words: hidden documents are damaged in their own words;
the lexicon knows them all.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import settings
from ingest import lexicon
from ingest.model import Document, Page
from ingest.person_names import is_first_name

# Confusions seen in Swedish text layers: (damaged, letter, cost). Lower case; case is
# restored. A lost diacritic costs 1; `d` or a letter pair read for ä costs 2 (the common
# misreading), `d` read for å/ö 3, so a plain restoration wins over a guess when both
# give word forms.
_RULES: tuple[tuple[str, str, int], ...] = (
    ("a", "å", 1), ("a", "ä", 1), ("o", "ö", 1), ("é", "ö", 1), ("é", "ä", 1), ("é", "e", 1),
    ("6", "ö", 1), ("0", "ö", 1), ("&", "ä", 1), ("oé", "ö", 1), ("éa", "ä", 1), ("i6", "lö", 1),
    ("d", "ä", 2), ("da", "ä", 2), ("ad", "ä", 2), ("d", "å", 3), ("d", "ö", 3),
    # letter shapes a scan or a bad font map runs together or splits: `1` for l, `m` for rn,
    # `h` for li (`Rikt1injen`, `bam`, `pohtisk`)
    ("1", "l", 1), ("m", "rn", 2), ("h", "li", 2),
    # a scan mistakes one Swedish letter for another (`ohålsa`)
    ("å", "ä", 1), ("ä", "å", 1),
)
_FORCED = set("6&0é1")  # characters that never belong inside a Swedish word
_DIGITS_IN_WORDS = "601"  # digits a misread letter can be (other digits mean a number: 2022, A4)
_MAX_CANDIDATES = 1500  # word forms tried per damaged word at most
_CHUNK = re.compile(r"\S+")
_TOKEN = re.compile(r"[\w&]+")
_SKIP_CHUNK = re.compile(r"@|://|^www\.|\.(?:se|com|org|nu|eu|pdf)\b", re.I)
_SWEDISH_LETTERS = frozenset("åäö")
_MAX_PARTS = 3  # parts of a word a scan split at spaces, at most
_MIN_JOINED = 8  # a rejoined word is at least this long: short joins are chance (`i nom`)
_ACRONYM_MAX = 5  # an all-capital word this short is an acronym (RCC, NHV), never repaired


def _eligible(token: str) -> bool:
    """A token that could be a (damaged) word: letters, perhaps a forced character inside."""
    letters = sum(ch.isalpha() or ch == "&" for ch in token)
    if letters < 2 or "_" in token:
        return False
    if any(ch.isdigit() and ch not in _DIGITS_IN_WORDS for ch in token):
        return False  # 2022, A4, covid19
    if token.isupper() and letters <= _ACRONYM_MAX:
        return False
    return not (token[0].isdigit() and token[1:].isdigit())


def _recase(word: str, like: str) -> str:
    """`word` in the case pattern of `like`: SODRA → SÖDRA, Sodra → Södra."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper() or (like[:1] in _FORCED and like[1:2].isupper()):
        return word[:1].upper() + word[1:]
    return word


def _variants(lower: str) -> list[tuple[int, str]]:
    """(cost, variant) of a lower-case word, cheapest first (at most `_MAX_CANDIDATES`)."""
    slots = [(i, src, dst, cost) for src, dst, cost in _RULES for i in range(len(lower)) if lower.startswith(src, i)]
    out: list[tuple[int, str]] = []
    for size in range(1, min(settings.REPAIR_MAX_EDITS, len(slots)) + 1):
        for combo in itertools.combinations(slots, size):
            spans = sorted((i, i + len(src), dst) for i, src, dst, _ in combo)
            if any(a[1] > b[0] for a, b in zip(spans, spans[1:], strict=False)):
                continue  # overlapping edits
            parts, last = [], 0
            for start, end, dst in spans:
                parts += [lower[last:start], dst]
                last = end
            parts.append(lower[last:])
            out.append((sum(c[3] for c in combo), "".join(parts)))
            if len(out) >= _MAX_CANDIDATES:
                return sorted(out, key=lambda v: v[0])
    return sorted(out, key=lambda v: v[0])


def _tail_zipf(word: str) -> float:
    """Frequency of the longest known last part of a compound (`sjukhusvägen` → `vägen`):
    decides between two compounds the frequency list does not know as wholes."""
    for start in range(1, len(word) - 2):
        score = lexicon.zipf(word[start:])
        if score > 0:
            return score
    return 0.0


def _word_form(word: str) -> bool:
    """A word form, or the genitive of one (`Södras`: the dictionary lists few genitives
    of names)."""
    return lexicon.is_word(word) or (len(word) > 4 and word.endswith("s") and lexicon.is_word(word[:-1]))


@lru_cache(maxsize=200_000)
def fix(token: str, ellipsis: bool = False) -> str | None:
    """The word form a damaged non-word stands for (case kept), or None.

    `ellipsis`: the token ends a compound part (`halso- och sjukvård`), which the
    dictionary does not list alone; its frequency in running text decides instead."""
    if not _eligible(token) or _word_form(token):
        return None
    lower = token.lower()
    best: tuple[float, float, str] | None = None
    level = 0  # cost of the cheapest word form found
    for cost, variant in _variants(lower):
        if best is not None and cost > level + 1:
            break
        if any(ch in _FORCED for ch in variant):
            continue
        score = lexicon.zipf(variant)
        if best is not None and score < best[0] + (settings.REPAIR_FREQUENCY_GAP if cost > level else 0.0):
            continue  # the cheapest word forms win unless a costlier one is far more frequent
        cased = _recase(variant, token)
        if _word_form(cased) or (ellipsis and score >= 2.0):
            ranked = (score, _tail_zipf(variant))
            if best is None or ranked > best[0:2]:
                level = cost if best is None else level
                best = (*ranked, cased)
    return best[2] if best else None


@lru_cache(maxsize=200_000)
def likelier(token: str) -> str | None:
    """For a word form on a damaged page: a variant that is a word form and far more
    frequent in Swedish (`ar` → `är`, `for` → `för`), or None."""
    if not _eligible(token) or any(ch in _FORCED for ch in token):
        return None
    lower = token.lower()
    own = lexicon.zipf(lower)
    best: tuple[float, str] | None = None
    level = 1  # only a plain lost diacritic: `Dan` must not become `Än`
    for cost, variant in _variants(lower):
        if cost > level:
            break
        score = lexicon.zipf(variant)
        if score >= own + settings.REPAIR_FREQUENCY_GAP and (best is None or score > best[0]):
            cased = _recase(variant, token)
            if lexicon.is_word(cased):
                best, level = (score, cased), cost
    return best[1] if best else None


def _tokens(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, token) of the word tokens outside e-mail addresses, links and file names."""
    for chunk in _CHUNK.finditer(text):
        if _SKIP_CHUNK.search(chunk.group()):
            continue
        for match in _TOKEN.finditer(chunk.group()):
            yield chunk.start() + match.start(), chunk.start() + match.end(), match.group()


_BEFORE_SURNAME = re.compile(r"([A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?)[ \u00a0]$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*)$")


def _cased_at(new: str, token: str, text: str, start: int) -> str:
    """A damaged first character (`6verenskommelse`) hides its case: at the start of a line or
    sentence the repaired word starts with a capital."""
    if token[:1] in _FORCED and _SENTENCE_START.search(text[max(0, start - 3) : start]):
        return new[:1].upper() + new[1:]
    return new


def _surname(token: str, text: str, start: int) -> bool:
    """A capitalised word right after a given name is a surname (`Anders Hag`, `Eva Mark`):
    the nearest common word (`Håg`) is another word; only a name the dictionary knows as a
    name (`Nordström`, lower case no word) may replace it."""
    if not token[:1].isupper() or token.isupper():
        return False
    before = _BEFORE_SURNAME.search(text[max(0, start - 40) : start])
    return before is not None and is_first_name(before.group(1))


def _ellipsis(text: str, end: int) -> bool:
    return text.startswith("- ", end) or text.startswith("-\n", end)


@dataclass
class Damage:
    """How damaged a text is: word tokens, those not word forms, those a repair would fix."""

    words: int = 0
    nonwords: int = 0
    repairable: int = 0
    intact: int = 0  # words that have å/ä/ö and are word forms: the letters were not lost here
    # per letter å/ä/ö: word forms that have it, and repairable words a repair gives it back to
    intact_by_letter: Counter[str] = field(default_factory=Counter)
    restored_by_letter: Counter[str] = field(default_factory=Counter)

    @property
    def share(self) -> float:
        """Share of words that a repair would fix."""
        return self.repairable / self.words if self.words else 0.0

    @property
    def nonword_share(self) -> float:
        """Share of words that are not Swedish word forms (acronyms excluded)."""
        return self.nonwords / self.words if self.words else 0.0

    @property
    def lost_letter(self) -> bool:
        """One of å/ä/ö is lost: more words want it back than have it (a layer may lose only
        its ä and keep å and ö, so the letters are counted one by one)."""
        return any(
            count >= settings.REPAIR_MIN_WORDS and count > self.intact_by_letter[letter]
            for letter, count in self.restored_by_letter.items()
        )

    @property
    def damaged(self) -> bool:
        """Lost letters, not another language (most non-words repairable) and not a clean
        text with a few names spelled without å/ä/ö (more repairable than intact words, or
        a letter lost)."""
        return (
            self.repairable >= settings.REPAIR_MIN_WORDS
            and self.share >= settings.REPAIR_MIN_SHARE
            and self.repairable >= settings.REPAIR_MIN_REPAIRABLE * self.nonwords
            and (self.repairable > self.intact or self.lost_letter)
        )


def measure(text: str) -> Damage:
    """Count word tokens, non-words and repairable non-words of a text."""
    damage = Damage()
    for _, end, token in _tokens(text):
        if not _eligible(token):
            continue
        damage.words += 1
        lower = token.lower()
        if lexicon.is_word(token):
            damage.intact += any(ch in _SWEDISH_LETTERS for ch in lower)
            damage.intact_by_letter.update(set(lower) & _SWEDISH_LETTERS)
            continue
        damage.nonwords += 1
        repaired = fix(token, _ellipsis(text, end))
        if repaired is not None:
            damage.repairable += 1
            damage.restored_by_letter.update(ch for ch in _SWEDISH_LETTERS if repaired.lower().count(ch) > lower.count(ch))
    return damage


def _rejoined(tokens: list[tuple[int, int, str]], i: int, text: str) -> tuple[int, str] | None:
    """A word a scan split at a space (`brukarorga nisationer`, `samverka nsorga net`): up to
    `_MAX_PARTS` tokens one space apart, one of them neither a word form nor repairable alone
    (`aldre personer` is two words), whose join is a word form (perhaps after a repair).
    Returns the index of the last part and the word."""
    best: tuple[int, str] | None = None
    for j in range(i + 1, min(i + _MAX_PARTS, len(tokens))):
        if text[tokens[j - 1][1] : tokens[j][0]] != " " or not tokens[j][2][:1].islower():
            break
        parts = [t for _, _, t in tokens[i : j + 1]]
        if all(_word_form(part) or fix(part) is not None for part in parts):
            continue
        joined = "".join(parts)
        word = joined if _word_form(joined) else fix(joined)
        if word is not None and len(joined) >= _MIN_JOINED:
            best = (j, word)
    return best


def _repaired(token: str, text: str, start: int, end: int, word_forms_too: bool) -> str | None:
    """The repair of one token in its place, or None."""
    if lexicon.is_word(token):
        new = likelier(token) if word_forms_too else None
    else:
        new = fix(token, _ellipsis(text, end))
    if new is not None and _surname(token, text, start) and lexicon.is_word(new.lower()):
        return None
    return new


def repair_text(text: str, word_forms_too: bool = True) -> tuple[str, int]:
    """The text with damaged words restored, and how many words changed.
    Only call this on text known to be damaged (see `measure`). Without `word_forms_too`
    only non-words are repaired (`ar` stays `ar`): for OCR output that lost some letters
    but not all, where a word form is most likely what was printed."""
    out: list[str] = []
    last = 0
    changed = 0
    tokens = [t for t in _tokens(text) if _eligible(t[2]) or t[2].isalpha()]
    i = 0
    while i < len(tokens):
        start, end, token = tokens[i]
        joined = _rejoined(tokens, i, text)
        new: str | None = None
        if joined is not None:
            i, new = joined
            end = tokens[i][1]
        elif _eligible(token):
            new = _repaired(token, text, start, end, word_forms_too)
        i += 1
        if new is not None and new != text[start:end]:
            out.append(text[last:start])
            out.append(_cased_at(new, token, text, start))
            last = end
            changed += 1
    if not changed:
        return text, 0
    out.append(text[last:])
    return "".join(out), changed


@dataclass
class RepairReport:
    """Per document: the pages repaired, words changed, non-word share before and after."""

    pages: list[int] = field(default_factory=list)
    words: int = 0
    nonword_before: float = 0.0
    nonword_after: float = 0.0


def damaged_pages(pages: Iterable[tuple[int, str]]) -> list[int]:
    """Numbers of the pages whose text layer lost its Swedish letters."""
    if not lexicon.available():
        return []
    return [number for number, text in pages if measure(text).damaged]


Repairer = Callable[[str], tuple[str, int]]


def _repairer(pages: set[int], damaged: set[int], ocr: set[int]) -> Repairer | None:
    """How text on `pages` is repaired: fully when one is damaged, non-words only when one is
    OCR output (a scan loses some letters, never all, so a page rarely looks damaged), else not."""
    if pages & damaged:
        return repair_text
    if pages & ocr:
        return lambda text: repair_text(text, word_forms_too=False)
    return None


def repair_document(document: Document, pages: list[Page]) -> RepairReport:
    """Repair the passages, headings, title and contacts of `document` that lie on damaged
    or OCR'd pages, in place; each changed passage keeps its text layer as it was in `raw_text`."""
    report = RepairReport(pages=damaged_pages((p.number, p.text) for p in pages))
    before = measure("\n".join(p.text for p in document.passages))
    report.nonword_before = report.nonword_after = before.nonword_share
    damaged = set(report.pages)
    ocr = {p.number for p in pages if p.ocr} if lexicon.available() else set()
    if not damaged and not ocr:
        return report
    for passage in document.passages:
        repair = _repairer(set(range(passage.page_start, passage.page_end + 1)), damaged, ocr)
        if repair is None:
            continue
        text, changed = repair(passage.text)
        if changed:
            passage.raw_text = passage.text
            passage.text = text
            report.words += changed
        passage.heading = repair(passage.heading)[0]
    for block in document.blocks:
        repair = _repairer({block.page}, damaged, ocr)
        if repair is not None:
            block.text = repair(block.text)[0]
            block.heading = repair(block.heading)[0]
    mostly = damaged if len(damaged) * 2 >= len(pages) else ocr if len(ocr) * 2 >= len(pages) else set()
    title_repair = _repairer(mostly, damaged, ocr)
    if title_repair is not None:  # the title belongs to a mostly damaged (or scanned) document
        document.title = title_repair(document.title)[0]
        for passage in document.passages:
            passage.title = document.title
    for contact in document.contacts:
        repair = _repairer({contact.page}, damaged, ocr)
        if repair is not None:
            for name in ("name", "organisation", "role", "body", "quote"):
                setattr(contact, name, repair(getattr(contact, name))[0])
    report.nonword_after = measure("\n".join(p.text for p in document.passages)).nonword_share
    return report
