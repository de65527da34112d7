"""Search-side folding: OCR confusions of the Swedish text layer fold to one key."""

from __future__ import annotations

import pytest

from ingest.normalize import char_grams, fold, fold_ocr, stems, words


def test_fold_ocr_makes_sodra_one_key() -> None:
    assert fold_ocr("Södra") == fold_ocr("Sodra") == fold_ocr("Sédra") == fold_ocr("S6dra") == "sodra"


@pytest.mark.parametrize(
    ("ocr", "clean"),
    [
        ("S6dra regionvardsnamnden", "Södra regionvårdsnämnden"),
        ("Sédra sjukvardsregionen", "Södra sjukvårdsregionen"),
        ("6verenskommelse", "överenskommelse"),
        pytest.param(
            "chefsamraden &r inforstadda",
            "chefsamråden är införstådda",
        ),
        ("hégspecialiserad", "högspecialiserad"),
    ],
)
def test_fold_ocr_matches_the_clean_spelling(ocr: str, clean: str) -> None:
    assert fold_ocr(ocr) == fold_ocr(clean)
    assert stems(ocr) == stems(clean)


@pytest.mark.parametrize("text", ["2022", "6 maj", "2023-2027", "RPO 60", "år 2006", "a & b"])
def test_fold_ocr_leaves_real_numbers_alone(text: str) -> None:
    assert fold_ocr(text) == fold(text)


def test_fold() -> None:
    assert fold("  Hälso-  och\nSJUKVÅRD ") == "halso- och sjukvard"


def test_words_and_stems() -> None:
    assert words("Södra regionvårdsnämnden, 2024!") == ["sodra", "regionvardsnamnden", "2024"]
    assert stems("Vem fastställer budgeten för Södra?") == ["faststall", "budget", "sodr"]


def test_char_grams_pad_words_and_skip_stopwords() -> None:
    assert char_grams("och RCC", sizes=(3,)) == ["_rc", "rcc", "cc_"]
    assert char_grams("ab", sizes=(3, 4, 5)) == ["_ab", "ab_", "_ab_"]  # a short word stops at its padded self


@pytest.mark.parametrize(
    "text",
    [
        "Södra sjukvårdsregionen, Överenskommelse",
        "Ångström café naïve façade Øresund ﬁnans ℌ",
        "Ǆ ǅ ẞ İ ı Ω Å (U+212B) ḁ̈ x\u0301\u0327y",
        "ascii only",
        "",
    ],
)
def test_strip_diacritics_removes_exactly_the_combining_marks(text: str) -> None:
    """The fast path (distinct characters, one replace per mark) gives what the definition
    gives: NFKD, then every character of a non-zero combining class dropped."""
    import unicodedata

    from ingest.normalize import strip_diacritics

    decomposed = unicodedata.normalize("NFKD", text)
    assert strip_diacritics(text) == "".join(ch for ch in decomposed if not unicodedata.combining(ch))
