"""Text-layer repair on documents nobody tuned the repair on (eval/repair2).

Each PDF there is made by `eval/repair2/make_documents.py` from a clean Swedish text of its
own (other regions and bodies than the sample corpus) with a damage of its own kind: all
å/ä/ö lost, `&`/`6` for ä/ö with soft hyphens, letter shapes (`1` for l, `m` for rn, `h`
for li, ligatures), a member list full of names, a poor scan that only OCR can read, and
clean minutes full of names, acronyms and English. The repair must bring each close to its
clean text and leave the clean ones byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import lexicon, load_document
from ingest.ocr import ocr_available
from ingest.repair import fix, repair_text
from tools.repair_eval import Score, evaluate, score

FOLDER = Path(__file__).resolve().parent.parent / "eval" / "repair2"
DAMAGED = [
    "tune_norrbotten_diacritics", "tune_jamtland_ampersand", "tune_gavleborg_shapes", "tune_dalarna_members",
    "tune_skane_a_only", "tune_halland_o_only",
]
CLEAN = ["tune_clean_names", "holdout_clean_acronyms"]

pytestmark = pytest.mark.skipif(not lexicon.available(), reason="no Swedish Hunspell dictionary")


def _score(name: str) -> Score:
    return score(FOLDER / "documents" / f"{name}.pdf", (FOLDER / "source" / f"{name}.txt").read_text(encoding="utf-8"))


def _shown(name: str) -> str:
    return "\n".join(p.text for p in load_document(FOLDER / "documents" / f"{name}.pdf").passages)


@pytest.mark.parametrize("name", DAMAGED)
def test_damaged_text_layers_come_back_close_to_their_clean_text(name: str) -> None:
    result = _score(name)
    assert result.nonword_before > 0.1, result  # the damage is real
    assert result.nonword_after < 0.03, result
    assert result.wer_after < 0.04, result
    assert result.wer_after < result.wer_before / 8, result


@pytest.mark.parametrize("name", CLEAN)
def test_clean_documents_with_names_acronyms_and_english_stay_byte_identical(name: str) -> None:
    result = _score(name)
    assert result.unchanged and result.repaired == 0, result
    assert result.wer_after == 0.0, result


def test_letter_shapes_ligatures_and_soft_hyphens_are_undone() -> None:
    text = _shown("tune_gavleborg_shapes") + _shown("tune_jamtland_ampersand")
    for good in ("Riktlinjen", "barn", "preliminärt", "gäller", "flera", "Politiskt", "Överenskommelsen", "länsgemensamma"):
        assert good in text, good
    for bad in ("\ufb02", "\ufb01", "\u00ad", "Rikt1injen", "bam ", "prehminart", "6ver"):
        assert bad not in text, bad


def test_a_damaged_first_letter_takes_the_case_of_its_place() -> None:
    assert repair_text("6verenskommelsen g&ller. 6verenskommelsen r6r alla")[0] == (
        "Överenskommelsen gäller. Överenskommelsen rör alla"
    )
    assert repair_text("Planen och 6verenskommelsen g&ller")[0] == "Planen och överenskommelsen gäller"


def test_a_surname_is_not_turned_into_a_common_word_but_a_known_name_is_restored() -> None:
    text = _shown("tune_dalarna_members")
    assert "Anders Hag" in text and "Håg" not in text
    assert "Björn Öhman" in text and "Nordström" in text
    assert fix("Hag") == "Håg"  # out of a name's place the word is repaired


def test_a_word_split_at_a_space_is_joined_only_when_a_part_is_no_word() -> None:
    assert repair_text("samarbetet med brukarorga nisationer i länet", word_forms_too=False)[0] == (
        "samarbetet med brukarorganisationer i länet"
    )
    assert repair_text("stöd till aldre personer", word_forms_too=False)[0] == "stöd till äldre personer"


@pytest.mark.slow
@pytest.mark.skipif(not ocr_available(), reason="no Tesseract with Swedish")
def test_a_poor_scan_is_read_and_its_lost_letters_restored() -> None:
    result = _score("tune_vastmanland_scan")
    assert result.repaired > 0, result
    assert result.nonword_after < result.nonword_before / 2, result
    assert result.wer_after < result.wer_before * 0.7, result


@pytest.mark.slow
def test_holdout_documents_improve_and_stay_clean() -> None:
    scores = {s.name: s for s in evaluate(FOLDER, "holdout")}
    mixed = scores["holdout_kalmar_mixed"]
    assert mixed.nonword_after < 0.03 and mixed.wer_after < mixed.wer_before / 4, mixed
    assert scores["holdout_clean_acronyms"].unchanged


def test_a_layer_that_lost_only_its_a_umlaut_is_damaged_although_å_and_ö_are_intact() -> None:
    text = _shown("tune_skane_a_only")
    assert "läkarmedverkan" in text and "lakarmedverkan" not in text
    assert "läkemedelsgenomgångar" in text  # the intact å stays
