"""Repair of damaged text layers (ingest/repair.py) on the real corpus and on documents
written here, in layouts the corpus does not have."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest import load_document
from ingest.chunking import chunk
from ingest.cleaning import clean
from ingest.readers import read
from ingest.repair import fix, likelier, measure, repair_text

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "corpus" / "sodra-sjukvardsregionen-verksamhetsplan.pdf"
CLEAN = [
    "blekinge-samverkanskarta-2022.pdf",
    "samarbete-for-battre-vard.txt",
    "sbhss-halsoplattform.txt",
    "sydostra-sjukvardsregionen-fokusomraden.txt",
]
DAMAGED_FORMS = re.compile(r"\b(?:S6dra\w*|Sédra\w*|Sodra\w*|sdker|6verenskommelse\w*)\b|&r\b")


@pytest.fixture(scope="module")
def plan():
    return load_document(PLAN)


def test_verksamhetsplan_non_words_drop_below_three_percent(plan) -> None:
    before, after = plan.nonword_share
    assert before > 0.2, before  # the text layer as read: about a quarter are not word forms
    assert after < 0.03, after
    assert plan.repaired_words > 300


def test_verksamhetsplan_damaged_forms_are_gone_and_raw_kept(plan) -> None:
    text = "\n".join(p.text for p in plan.passages)
    assert not DAMAGED_FORMS.search(text), DAMAGED_FORMS.search(text)
    for word in ("Södra", " är ", "säker", "överenskommelse", "sjukvårdsregionen", "regionvårdsnämnden"):
        assert word in text, word
    raw = "\n".join(p.raw_text for p in plan.passages)
    assert "S6dra" in raw and "6verenskommelse" in raw and "sdker" in raw
    assert all(p.raw_text != p.text for p in plan.passages if p.raw_text)


@pytest.mark.parametrize("name", CLEAN)
def test_clean_documents_stay_byte_identical(name: str) -> None:
    path = ROOT / "corpus" / name
    raw = read(path)
    title = load_document(path).title
    expected = [p.text for p in chunk(clean(raw.pages), path.name, title)]
    doc = load_document(path)
    assert [p.text for p in doc.passages] == expected
    assert doc.repaired_words == 0 and not any(p.raw_text for p in doc.passages)
    assert doc.nonword_share[0] == doc.nonword_share[1] < 0.05


def test_word_repair_keeps_case_and_prefers_the_likelier_form() -> None:
    assert fix("sjukvardsregionen") == "sjukvårdsregionen"  # compound, not in the word list as such
    assert fix("S6dra") == "Södra"
    assert fix("Overgripande") == "Övergripande"
    assert fix("6verenskommelse") == "överenskommelse"
    assert fix("&r") == "är"
    assert fix("sdker") == "säker"
    assert fix("pagar") == "pågår"  # `pågar` is a word form too, but rare
    assert likelier("ar") == "är" and likelier("for") == "för" and likelier("dar") == "där"
    assert likelier("nod") is None  # `nod` is a real word: left alone
    assert fix("RCC") is None and fix("2022") is None


def test_links_addresses_and_acronyms_are_not_touched() -> None:
    text = "Skriv till anna.karlsson@regionvast.se eller se www.vardgivare.se/for-halsa (NHV, RSG)."
    assert repair_text(text) == (text, 0)


# A document of our own: minutes of a (made-up) collaboration board, exported so that
# å/ä/ö were lost, next to the same minutes written correctly.
_MINUTES = """Protokoll fran samverkansnamndens mote i Vasteras
Narvarande: ordforande Kerstin Ahlberg, Region Vastmanland, och ledamoter fran Region Orebro lan.
Namnden beslutade att godkanna arsredovisningen och att uppdra at kansliet att ta fram en
handlingsplan for battre tillganglighet inom psykiatrin. Nasta mote ar den 14 mars 2025 i Orebro.
Overenskommelsen om gemensam upphandling av lakemedel foljs upp av styrgruppen under varen.
"""
_MINUTES_CLEAN = """Protokoll från samverkansnämndens möte i Västerås
Närvarande: ordförande Kerstin Ahlberg, Region Västmanland, och ledamöter från Region Örebro län.
Nämnden beslutade att godkänna årsredovisningen och att uppdra åt kansliet att ta fram en
handlingsplan för bättre tillgänglighet inom psykiatrin. Nästa möte är den 14 mars 2025 i Örebro.
Överenskommelsen om gemensam upphandling av läkemedel följs upp av styrgruppen under våren.
"""


def test_minutes_of_our_own_are_repaired_and_the_clean_copy_is_not(tmp_path: Path) -> None:
    damaged = tmp_path / "protokoll-samverkansnamnd.txt"
    damaged.write_text(_MINUTES, encoding="utf-8")
    intact = tmp_path / "protokoll-korrekt.txt"
    intact.write_text(_MINUTES_CLEAN, encoding="utf-8")
    assert measure(_MINUTES).damaged and not measure(_MINUTES_CLEAN).damaged
    repaired = "\n".join(p.text for p in load_document(damaged).passages)
    for word in ("samverkansnämndens", "Närvarande", "ordförande", "ledamöter", "Örebro", "godkänna",
                 "årsredovisningen", "tillgänglighet", "Överenskommelsen", "läkemedel", "följs", "nästa".title()):
        assert word in repaired, word
    assert "Ahlberg" in repaired and "14 mars 2025" in repaired
    doc = load_document(intact)
    assert doc.repaired_words == 0 and "\n".join(p.text for p in doc.passages).count("ö") >= 5


def test_measure_counts_words_not_acronyms() -> None:
    damage = measure("RCC och NHV ar viktiga for Sodra sjukvardsregionen.")
    assert (damage.words, damage.nonwords, damage.repairable) == (6, 2, 2)  # `ar`, `for` are word forms


def test_english_text_and_a_clean_page_with_ascii_names_are_not_damaged() -> None:
    english = (
        "The South Sweden health platform coordinates work on the European arena. Contact the Brussels office "
        "for more information about funding calls, partner search and project development. Board meetings are "
        "held four times a year in Malmo, Vaxjo and Halmstad."
    )
    assert not measure(english).damaged  # most non-words are English, not Swedish with letters lost
    swedish = (
        "Kansliet för nära vård i Region Västernorrland består av fem medarbetare. Frågor om överenskommelsen "
        "besvaras av samordnaren Bo Nordstrom, Sundsvall, och av utvecklingsledaren Dan Ostlund, Härnösand. "
        "Arbetsgruppen träffas varannan vecka och rapporterar till styrgruppen för hälso- och sjukvård."
    )
    assert not measure(swedish).damaged  # the page has its å/ä/ö: two names are spelled their own way


def test_compound_ties_go_to_the_frequent_last_part_and_names_are_not_rewritten() -> None:
    assert fix("Sjukhusvagen") == "Sjukhusvägen"  # not `Sjukhusvågen`
    assert likelier("Dan") is None  # `Än` would need a guessed `da` → `ä`, never done to a word form
