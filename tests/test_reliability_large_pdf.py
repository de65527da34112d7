"""A PDF with thousands of pages: read page by page, headers and footers found, memory bounded."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from ingest import load_document

PAGES = 2000
SENTENCES = [
    "Regionala samverkansgruppen följer upp arbetet med vårdens kompetensförsörjning varje kvartal.",
    "Beredningsgruppen förbereder ärenden inför beslut i regionvårdsnämnden.",
    "Kansliet samordnar remisser och svarar för protokoll från mötena.",
]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(path: Path, pages: int) -> None:
    """A plain PDF with a running header, a page footer and one body sentence per page."""
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree (filled in last)
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")  # 3
    kids: list[int] = []
    for n in range(1, pages + 1):
        lines = ["Verksamhetsplan 2026", SENTENCES[n % len(SENTENCES)] + f" Punkt {n}.", f"Sida {n} av {pages}"]
        body = "".join(f"BT /F1 11 Tf 72 {760 - 340 * i} Td ({_escape(line)}) Tj ET\n" for i, line in enumerate(lines))
        stream = body.encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content)
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, b" ".join(b"%d 0 R" % k for k in kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


@pytest.mark.slow
def test_thousands_of_pages_are_read_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "lang-verksamhetsplan.pdf"
    write_pdf(path, PAGES)
    tracemalloc.start()
    try:
        document = load_document(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert document.pages == PAGES
    texts = [p.text for p in document.passages]
    assert sum("Punkt 1999." in t for t in texts) == 1
    assert sum("Punkt 1." in t for t in texts) == 1
    assert not any("Sida 17 av" in t for t in texts)  # the running footer is gone
    assert not any("Verksamhetsplan 2026" in t for t in texts)  # and so is the running header
    assert document.passages[-1].page_end == PAGES
    # every page's text is kept, but memory stays near 10 kB a page (pages are read one at a time)
    assert peak < 64 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"  # measured: 22 MB
