"""Scanned PDFs: pages that are only a picture are read by Tesseract (Swedish), page numbers
kept and every OCR'd passage marked; a PDF with a text layer is never OCR'd."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS

from ingest import load_document
from ingest.ocr import ocr_available, write_scanned_pdf
from ingest.readers import read

pytestmark = pytest.mark.skipif(not ocr_available(), reason="tesseract with Swedish data is installed by install.sh")

PAGE_1 = [
    "Protokoll från Norra samverkansnämnden",
    "Sammanträde den 12 oktober 2023 i Umeå.",
    "Närvarande: ledamöter från fyra regioner.",
    "Paragraf 1. Mötets öppnande",
    "Ordföranden hälsade alla välkomna och förklarade",
    "sammanträdet öppnat. Dagordningen godkändes utan",
    "ändringar och två justerare utsågs bland ledamöterna.",
    "Paragraf 2. Ekonomisk uppföljning",
    "Förvaltningen redovisade utfallet för årets första",
    "åtta månader. Kostnaderna för den gemensamma",
    "utbildningen blev lägre än beräknat eftersom flera",
    "kurser genomfördes digitalt. Nämnden godkände",
    "redovisningen och lade den till handlingarna.",
    "Paragraf 3. Rapporter från arbetsgrupperna",
    "Arbetsgrupperna för läkemedel och för psykiatri",
    "rapporterade muntligt om sitt arbete under hösten.",
    "Läkemedelsgruppen har tagit fram gemensamma",
    "rekommendationer för antibiotika i primärvården som",
    "ska spridas till alla vårdcentraler under våren.",
    "Psykiatrigruppen arbetar vidare med en gemensam",
    "vårdprocess för unga vuxna med ätstörningar.",
    "Nämnden tackade för rapporterna och beslutade att",
    "arbetsgrupperna ska lämna skriftliga rapporter",
    "till nästa sammanträde i december.",
]
PAGE_2 = [
    "Paragraf 7. Palliativ vård",
    "Nämnden beslutade att inrätta en arbetsgrupp för",
    "palliativ vård i glesbygd med två representanter",
    "från varje region.",
    "Justerat 2023-10-20",
]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_scanned_pdf(tmp_path_factory.mktemp("ocr") / "protokoll-skannat.pdf", [PAGE_1, PAGE_2])


def test_scan_has_no_text_layer(scanned: Path) -> None:
    from pypdf import PdfReader

    assert all(not (page.extract_text() or "").strip() for page in PdfReader(scanned).pages)


@pytest.mark.slow
def test_scanned_pages_are_recognised_with_their_numbers(scanned: Path) -> None:
    doc = load_document(scanned)
    assert doc.ocr_pages == 2
    decision = next(p for p in doc.passages if "inrätta en arbetsgrupp" in p.text)
    assert "beslutade att inrätta en arbetsgrupp för palliativ vård" in " ".join(decision.text.split())
    assert decision.page_end == 2 and decision.ocr
    assert all(p.ocr for p in doc.passages)


def test_text_layer_pdf_is_not_ocrd() -> None:
    raw = read(CORPUS / "sodra-sjukvardsregionen-verksamhetsplan.pdf")
    assert raw.pages and not any(page.ocr for page in raw.pages)


@pytest.mark.slow
def test_scanned_sentence_is_found_and_cited_with_its_page(fresh_index_config, scanned: Path) -> None:
    import shutil

    from answer.answerer import Answerer
    from index.build import ingest_corpus

    config = fresh_index_config("ocr")
    shutil.copy2(scanned, config.corpus_dir / scanned.name)
    report = ingest_corpus(config)
    assert report.added == [scanned.name] or scanned.name in report.added, report
    answer = Answerer(config).ask("Vad beslutade nämnden om palliativ vård i glesbygd?")
    cited = [c for c in answer.citations if c.document == scanned.name and "inrätta en arbetsgrupp" in c.text]
    assert cited, answer.answer
    assert "palliativ vård" in answer.answer
    assert cited[0].page == "2" and cited[0].ocr
    assert cited[0].date == "2023-10-20"  # the minutes' "Justerat" line
    assert "palliativ vård" in cited[0].text


@pytest.mark.slow
def test_bench_measures_ocr_throughput(tmp_path: Path) -> None:
    from ingest.ocr import ocr_pages_per_second
    from tools.bench import render

    rate = ocr_pages_per_second(tmp_path, pages=1)
    assert rate is not None and rate > 0
    assert (tmp_path / "ocr-bench.pdf").exists()
    ingest_fig = {
        "documents": 1, "pages": 1, "passages": 1, "model_load_s": 1.0, "ocr_pages_per_s": round(rate, 3),
        "cold": {"seconds": 1.0, "pages_per_s": 1.0, "passages_per_s": 1.0, "embedded": 1},
        "embedding": {"passages_per_s": {}, "ingest_passages_per_s": 1.0}, "reingest": {"seconds": 0.1, "embedded": 0},
    }
    assert "OCR, scanned A4 page" in render({"ingest": ingest_fig})
