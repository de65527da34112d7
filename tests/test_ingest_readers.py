"""Readers and load_document: HTML main text, encodings, and the Swedish errors that name
the file for unsupported, empty, corrupt and text-less input."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS

import prompts
from ingest import DocumentError, load_document
from ingest.readers import decode, html_main_text, read

HTML = (
    "<html><head><title>Sidans titel</title></head><body>"
    "<nav>menu</nav><main><h1>Titel</h1><p>Text om RCC Syd.</p></main><footer>sidfot</footer>"
    "</body></html>"
)


def test_html_main_text_only(tmp_path: Path) -> None:
    path = tmp_path / "rcc.html"
    path.write_text(HTML, encoding="utf-8")
    doc = load_document(path)
    assert doc.kind == "html"
    assert doc.title == "Titel"
    assert doc.pages == 1
    assert len(doc.passages) == 1
    passage = doc.passages[0]
    assert "Text om RCC Syd" in passage.text
    assert "menu" not in passage.text
    assert "sidfot" not in passage.text
    assert (passage.page_start, passage.page_end, passage.heading) == (1, 1, "Titel")


def test_html_drops_scripts_headers_and_asides() -> None:
    title, text = html_main_text(
        "<body><header>Logga</header><script>var x = 1;</script><article><h2>Om oss</h2>"
        "<ul><li>Första punkten</li><li>Andra punkten</li></ul><aside>Reklam</aside>"
        "<p>Brödtext här.</p></article></body>"
    )
    assert title == ""
    assert text.split("\n\n") == ["Om oss", "• Första punkten", "• Andra punkten", "Brödtext här.\n"]
    for chrome in ("Logga", "var x", "Reklam"):
        assert chrome not in text


def test_html_without_main_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "tom.html"
    path.write_text("<html><body><nav>menu</nav><footer>sidfot</footer></body></html>", encoding="utf-8")
    with pytest.raises(DocumentError) as err:
        load_document(path)
    assert err.value.name == "tom.html"
    assert str(err.value) == f"tom.html: {prompts.text('ingest.no_text')}"


def test_utf8_with_bom_and_plain_utf8() -> None:
    assert decode("\ufeffHälsa och vård".encode("utf-8")) == "Hälsa och vård"
    assert decode("Hälsa och vård".encode()) == "Hälsa och vård"


@pytest.mark.parametrize("text", ["Hälsa och vård", "Hälsa och vård är viktigt för alla i Blekinge.\n"])
def test_latin1_is_decoded(text: str) -> None:
    assert decode(text.encode("latin-1")) == text


def test_cp1252_text_file_gives_the_same_passages_as_utf8(tmp_path: Path) -> None:
    text = (CORPUS / "samarbete-for-battre-vard.txt").read_text(encoding="utf-8")
    utf8 = tmp_path / "utf8.txt"
    latin1 = tmp_path / "cp1252.txt"
    utf8.write_text(text, encoding="utf-8")
    latin1.write_bytes(text.encode("cp1252"))  # Windows' latin-1 (it also has '•' and '–')
    expected = [p.text for p in load_document(utf8).passages]
    assert any("å" in t for t in expected)  # guard: the document has Swedish letters
    assert [p.text for p in load_document(latin1).passages] == expected


def test_unsupported_type_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0 an old binary Word file")
    with pytest.raises(DocumentError) as err:
        load_document(path)
    assert err.value.name == "x.doc"
    assert str(err.value) == (
        "x.doc: filtypen .doc kan inte läsas (stöds: PDF, text, Markdown, HTML, Word, PowerPoint, "
        "OpenDocument-text, Excel, OpenDocument-kalkyl, CSV)"
    )


def test_file_without_suffix_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "README"
    path.write_text("Hej.", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"^README: filtypen \(ingen filändelse\) kan inte läsas"):
        load_document(path)


def test_empty_text_file(tmp_path: Path) -> None:
    path = tmp_path / "tom.txt"
    path.write_bytes(b"")
    with pytest.raises(DocumentError) as err:
        load_document(path)
    assert str(err.value) == "tom.txt: filen är tom"


def test_whitespace_only_text_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.md"
    path.write_text("  \n\n\t\n", encoding="utf-8")
    with pytest.raises(DocumentError) as err:
        load_document(path)
    assert str(err.value) == "blank.md: filen innehåller ingen läsbar text"


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(DocumentError) as err:
        load_document(path)
    assert err.value.name == "broken.pdf"
    assert str(err.value).startswith("broken.pdf: PDF-filen är skadad eller ofullständig och kan inte läsas (")


def test_truncated_real_pdf_is_a_document_error(tmp_path: Path) -> None:
    data = (CORPUS / "sodra-sjukvardsregionen-verksamhetsplan.pdf").read_bytes()
    path = tmp_path / "halv.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(DocumentError) as err:
        load_document(path)
    assert err.value.name == "halv.pdf"
    assert str(err.value).startswith("halv.pdf: PDF-filen är skadad eller ofullständig")


def test_encrypted_pdf(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=CORPUS / "sodra-sjukvardsregionen-verksamhetsplan.pdf")
    writer.encrypt("hemligt")
    path = tmp_path / "last.pdf"
    writer.write(path)
    with pytest.raises(DocumentError) as err:
        load_document(path)
    assert str(err.value) == f"last.pdf: {prompts.text('ingest.encrypted_pdf')}"


def test_blank_pdf_has_no_text(tmp_path: Path) -> None:
    """A page without text layer and without an image has nothing to OCR either."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    path = tmp_path / "skannad.pdf"
    writer.write(path)
    with pytest.raises(DocumentError) as err:
        load_document(path)
    assert str(err.value) == f"skannad.pdf: {prompts.text('ingest.no_text')}"


def test_pdf_reader_keeps_page_numbers_and_title() -> None:
    raw = read(CORPUS / "sodra-sjukvardsregionen-verksamhetsplan.pdf")
    assert raw.kind == "pdf"
    assert raw.title == "Södra sjukvårdsregionen – Verksamhetsplan"
    assert [p.number for p in raw.pages] == list(range(1, 10))
    assert "Budget faststalls" in raw.pages[7].text


def test_text_document_is_one_page_with_first_heading_as_title() -> None:
    doc = load_document(CORPUS / "sbhss-halsoplattform.txt")
    assert (doc.kind, doc.pages) == ("text", 1)
    assert doc.title == "Småland Blekinge Halland South Sweden's Hälsoplattform"
    assert {p.page_start for p in doc.passages} == {1}
    assert [p.ordinal for p in doc.passages] == list(range(len(doc.passages)))
