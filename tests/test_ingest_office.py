"""Word, PowerPoint and OpenDocument files the tests write themselves: headings, lists,
tables and slide numbers survive as structure; broken and password-protected files get one
clear message naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

import prompts
from ingest import DocumentError, load_document


def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = "Arbetsordning för Norra samverkansnämnden"
    document.add_heading("Norra samverkansnämnden", level=1)
    document.add_paragraph("Nämnden består av ledamöter från fyra regioner och sammanträder fyra gånger per år.")
    document.add_heading("Nämndens uppgifter", level=2)
    document.add_paragraph("Nämnden ska:")
    for item in ("följa upp avtalet om högspecialiserad vård", "bereda gemensamma prislistor", "utse styrgrupper"):
        document.add_paragraph(item, style="List Bullet")
    document.add_heading("Ledamöter", level=2)
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [("Region", "Ledamot", "Roll"), ("Region Jämtland Härjedalen", "Karin Lund", "ordförande"),
                                        ("Region Västerbotten", "Per Nyström", "vice ordförande")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_page_break()
    document.add_heading("Sekretariat", level=2)
    document.add_paragraph("Sekretariatet finns hos Region Västernorrland. Fastställd 2022-11-30.")
    document.save(str(path))
    return path


def test_docx_keeps_headings_lists_and_tables(tmp_path: Path) -> None:
    doc = load_document(_docx(tmp_path / "arbetsordning.docx"))
    assert doc.kind == "docx"
    assert doc.title == "Arbetsordning för Norra samverkansnämnden"
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings == ["Norra samverkansnämnden", "Nämndens uppgifter", "Ledamöter", "Sekretariat"]
    texts = [b.text for b in doc.blocks if b.kind == "text"]
    assert (
        "Nämnden ska:\n• följa upp avtalet om högspecialiserad vård\n• bereda gemensamma prislistor\n• utse styrgrupper"
    ) in texts
    assert "Region | Ledamot | Roll\nRegion Jämtland Härjedalen | Karin Lund | ordförande\n" \
        "Region Västerbotten | Per Nyström | vice ordförande" in texts
    members = next(p for p in doc.passages if "Karin Lund" in p.text)
    assert "Ledamöter\nRegion | Ledamot | Roll" in members.text
    assert next(b for b in doc.blocks if b.text.startswith("Sekretariatet")).page == 2  # after the page break
    assert doc.date == "2022-11-30" and doc.date_source == "text"


def _pptx(path: Path) -> Path:
    import pptx
    from pptx.util import Inches

    deck = pptx.Presentation()
    slides = [
        ("Regional cancersamverkan", ["Gemensam plan för 2024–2026"]),
        ("Prioriterade områden", ["Kortare väntetider till utredning", "Jämlik tillgång till rehabilitering"]),
        ("Uppföljning", ["Styrgruppen följer upp planen varje kvartal"]),
    ]
    for title, lines in slides:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = title
        body = slide.placeholders[1].text_frame
        body.text = lines[0]
        for line in lines[1:]:
            body.add_paragraph().text = line
    table_slide = deck.slides.add_slide(deck.slide_layouts[5])
    table_slide.shapes.title.text = "Kontaktpersoner"
    table = table_slide.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(6), Inches(1)).table
    for (r, c), text in {(0, 0): "Område", (0, 1): "Processledare", (1, 0): "Bröstcancer", (1, 1): "Lena Ek"}.items():
        table.cell(r, c).text = text
    deck.save(str(path))
    return path


def test_pptx_slide_numbers_are_pages(tmp_path: Path) -> None:
    doc = load_document(_pptx(tmp_path / "rcc.pptx"))
    assert doc.kind == "pptx"
    assert doc.pages == 4
    pages = {b.text: b.page for b in doc.blocks if b.kind == "heading"}
    assert pages == {"Regional cancersamverkan": 1, "Prioriterade områden": 2, "Uppföljning": 3, "Kontaktpersoner": 4}
    items = next(b for b in doc.blocks if b.page == 2 and b.kind == "text")
    assert items.text == "• Kortare väntetider till utredning\n• Jämlik tillgång till rehabilitering"
    table = next(b for b in doc.blocks if b.page == 4 and b.kind == "text")
    assert table.text == "Område | Processledare\nBröstcancer | Lena Ek"
    passage = next(p for p in doc.passages if "varje kvartal" in p.text)
    assert passage.page_start <= 3 <= passage.page_end


def test_odt_keeps_headings_and_lists(tmp_path: Path) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Samverkansavtal för ambulanssjukvård"))
    document.text.addElement(P(text="Avtalet gäller mellan tre regioner i mellersta Sverige."))
    items = List()
    for text in ("gemensam larmcentral", "delade ambulansstationer"):
        item = ListItem()
        item.addElement(P(text=text))
        items.addElement(item)
    document.text.addElement(items)
    path = tmp_path / "avtal.odt"
    document.save(str(path))
    doc = load_document(path)
    assert doc.kind == "odt"
    assert [b.text for b in doc.blocks] == [
        "Samverkansavtal för ambulanssjukvård",
        "Avtalet gäller mellan tre regioner i mellersta Sverige.",
        "• gemensam larmcentral\n• delade ambulansstationer",
    ]


@pytest.mark.parametrize("name", ["trasig.docx", "trasig.pptx", "trasig.xlsx", "trasig.odt"])
def test_corrupt_office_file_names_the_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)  # a zip header and nothing behind it
    with pytest.raises(DocumentError) as err:
        load_document(path)
    assert err.value.name == name
    kind = name.rsplit(".", 1)[1].upper()
    assert str(err.value).startswith(f"{name}: {kind}-filen är skadad eller ofullständig och kan inte läsas (")


def test_password_protected_office_file(tmp_path: Path) -> None:
    """Office encrypts a protected .docx/.xlsx into an OLE container: say so, in one line."""
    path = tmp_path / "hemlig.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500)
    with pytest.raises(DocumentError) as err:
        load_document(path)
    assert str(err.value) == f"hemlig.xlsx: {prompts.text('ingest.encrypted_office')}"
