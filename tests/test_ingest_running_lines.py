"""Running headers and footers on PDFs of one and two pages, which repetition over
three pages cannot reveal: their position and form give them away. The PDFs are
written here (reportlab), in layouts of other regions' documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import load_document
from ingest.cleaning import remove_running_lines
from ingest.model import Page
from tests.written_pdf import pdf_with_running_lines

reportlab = pytest.importorskip("reportlab")

MINUTES = [
    "Protokoll från samverkansnämnden",
    "Närvarande: Eva Lindqvist (ordförande), Region Gävleborg, och Per Holm, Region Dalarna.",
    "Nämnden beslutade att förlänga avtalet om gemensam jour för barnpsykiatri till 2026.",
    "Nästa sammanträde hålls den 12 juni i Falun.",
]
PLAN_PAGES = [
    [
        "Handlingsplan för nära vård",
        "Regionerna i norra sjukvårdsregionen ska gemensamt utveckla den nära vården.",
        "Arbetet leds av en styrgrupp med en representant från varje region.",
    ],
    [
        "Uppföljning",
        "Styrgruppen följer upp handlingsplanen två gånger per år och rapporterar till nämnden.",
        "En samlad uppföljning redovisas för samverkansnämnden i december.",
    ],
]


def _all_text(path: Path) -> str:
    doc = load_document(path)
    return "\n".join(p.text for p in doc.passages)


def test_one_page_pdf_loses_header_and_page_number(tmp_path: Path) -> None:
    header = "Region Gävleborg · Samverkansnämnden · Protokoll 2024-05-13"
    path = pdf_with_running_lines(tmp_path / "protokoll.pdf", header, [MINUTES], "Sida {n} ({total})")
    text = _all_text(path)
    assert "Samverkansnämnden · Protokoll" not in text and "Region Gävleborg ·" not in text
    assert "Sida 1" not in text and "(1)" not in text
    assert "Nämnden beslutade att förlänga avtalet om gemensam jour för barnpsykiatri till 2026." in text
    assert "Region Gävleborg, och Per Holm" in text  # the same organisation inside a sentence stays


def test_two_page_pdf_loses_running_header_and_footer(tmp_path: Path) -> None:
    path = pdf_with_running_lines(tmp_path / "handlingsplan.pdf", "Norra sjukvårdsregionförbundet", PLAN_PAGES,
                                  "{n} av {total}")
    doc = load_document(path)
    text = "\n".join(p.text for p in doc.passages)
    assert "Norra sjukvårdsregionförbundet" not in text  # repeated at the top of both pages
    assert "1 av 2" not in text and "2 av 2" not in text
    assert "Styrgruppen följer upp handlingsplanen två gånger per år och rapporterar till nämnden." in text
    assert max(p.page_end for p in doc.passages) == 2


def test_a_line_on_one_page_only_is_kept() -> None:
    pages = [
        Page(1, "Bakgrund\nRegionerna samverkar sedan 2015.\nBilaga 1"),
        Page(2, "Beslut\nNämnden beslutade att godkänna planen.\n2"),
    ]
    cleaned = remove_running_lines(pages)
    assert "Bilaga 1" in cleaned[0].text  # not a page number, and not on both pages
    assert cleaned[1].text.splitlines()[-1] == "Nämnden beslutade att godkänna planen."  # bare "2" on page 2 goes
    assert "Regionerna samverkar sedan 2015." in cleaned[0].text
