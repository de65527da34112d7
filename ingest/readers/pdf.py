"""PDF: the text layer page by page; pages without one are OCR'd when they hold an image."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ingest.model import Page
from ingest.readers.base import RawDocument, fail

MAX_PDF_PAGES = 10_000  # far beyond any real document; bounds the parse of a hostile one
MIN_LAYER_CHARS = 20  # fewer characters than this on a page with an image: a scan with a stray stamp
_PDF_DATE = re.compile(r"D?:?(\d{4})(\d{2})?(\d{2})?")


def _pdf_date(value: object) -> str:
    """`D:20210304120000+01'00'` → `2021-03-04` (month or day missing: what there is)."""
    match = _PDF_DATE.match(str(value or "").strip())
    if not match or not 1990 <= int(match.group(1)) <= 2100:
        return ""
    return "-".join(part for part in match.groups() if part)


def read_pdf(path: Path) -> RawDocument:
    """Pages keep their numbers (citations point at them); scanned pages are recognised by OCR."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    from ingest.ocr import image_pages, ocr_available, ocr_pdf_pages

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise fail(path, "encrypted_pdf")
        if len(reader.pages) > MAX_PDF_PAGES:  # 100k pages can be one shared page object in 600 kB
            raise fail(path, "too_many_pages", pages=len(reader.pages), limit=MAX_PDF_PAGES)
        meta: Mapping[str, Any] = reader.metadata or {}
        title = str(meta.get("/Title") or "").strip()
        date = _pdf_date(meta.get("/ModDate")) or _pdf_date(meta.get("/CreationDate"))
        pages = [Page(number, page.extract_text() or "") for number, page in enumerate(reader.pages, start=1)]
    except FileNotDecryptedError:
        raise fail(path, "encrypted_pdf") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as err:
        raise fail(path, "corrupt_pdf", detail=type(err).__name__) from None
    bare = [p.number for p in pages if len(p.text.strip()) < MIN_LAYER_CHARS]
    if bare:
        scanned = image_pages(path, bare)
        if scanned and not ocr_available():
            if not any(p.text.strip() for p in pages):
                raise fail(path, "no_text_layer")
        elif scanned:
            for number, text in ocr_pdf_pages(path, scanned).items():
                pages[number - 1] = Page(number, text, ocr=True)
    if not any(p.text.strip() for p in pages):
        raise fail(path, "no_text")
    return RawDocument("pdf", pages, title, date=date)
