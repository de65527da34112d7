"""Ingest keeps a list's structure (lists3): a nested item stays under its parent ("◦", "▪")
in Markdown, Word, HTML and text/PDF layers (by a second glyph or a deeper indent); Word's and
PDF generators' bullet glyphs are bullets; a numbered section heading is a heading, not an
item (and never a document's title); a lead-in ending in a preposition is no heading; a letter
inside a wrapped sentence ("… slutenvård, / c) …") starts no item."""

from __future__ import annotations

from pathlib import Path

import docx

from ingest.cleaning import clean
from ingest.model import Page
from ingest.readers.html import read_html
from ingest.readers.markdown import markdown_blocks
from ingest.readers.office import read_docx


def _text(blocks) -> str:
    return "\n".join(b.text for b in blocks)


def test_markdown_nested_items_keep_their_level() -> None:
    text = _text(markdown_blocks("Mål:\n\n- Mål 1\n  - delmål a\n    - åtgärd x\n- Mål 2\n").blocks)
    assert text.splitlines() == ["Mål:", "• Mål 1", "◦ delmål a", "▪ åtgärd x", "• Mål 2"]


def test_word_list_levels_by_style(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Arbetet bedrivs i två arbetsgrupper:")
    document.add_paragraph("Arbetsgrupp barn", style="List Bullet")
    document.add_paragraph("Elevhälsan", style="List Bullet 2")
    document.add_paragraph("Arbetsgrupp vuxna", style="List Bullet")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    assert "• Arbetsgrupp barn\n◦ Elevhälsan\n• Arbetsgrupp vuxna" in _text(read_docx(path).blocks or [])


def test_html_nested_list(tmp_path: Path) -> None:
    path = tmp_path / "sida.html"
    path.write_text("<html><body><main><h1>Organisation</h1><ul><li>Styrgrupp<ul><li>Arbetsgrupp A</li>"
                    "<li>Arbetsgrupp B</li></ul></li><li>Kansli</li></ul></main></body></html>", encoding="utf-8")
    raw = read_html(path)
    assert "• Styrgrupp\n◦ Arbetsgrupp A\n◦ Arbetsgrupp B\n• Kansli" in _text(clean(raw.pages))


def test_word_symbol_bullets_and_a_second_glyph_in_a_pdf_layer() -> None:
    page = Page(1, "Gruppen beslutade att:\n\uf0b7 införa en blankett,\no för intyg om tandvård\n\uf0b7 flytta mötena.")
    assert _text(clean([page])).splitlines()[1:] == ["• införa en blankett,", "◦ för intyg om tandvård", "• flytta mötena."]


def test_indented_dash_is_a_sub_item_in_a_text_file() -> None:
    page = Page(1, "Mål för året:\n- Kortare väntetider\n    - inom två veckor\n- Fler hembesök")
    assert _text(clean([page])).splitlines()[1:] == ["• Kortare väntetider", "◦ inom två veckor", "• Fler hembesök"]


def test_numbered_section_headings_and_a_numbered_list() -> None:
    page = Page(1, "1. Syfte\nAvtalet ska ge en samordnad vård.\n2. Uppföljning\nStyrgruppen följer upp med indikatorerna:\n"
                   "1. Antal besök\n2. Andel med plan\nResultatet redovisas i december.")
    blocks = clean([page])
    assert [b.text for b in blocks if b.kind == "heading"] == ["1. Syfte", "2. Uppföljning"]
    assert "• Antal besök\n• Andel med plan" in _text(blocks)


def test_a_lead_in_ending_in_a_preposition_is_no_heading_but_a_pronoun_may_end_one() -> None:
    blocks = clean([Page(1, "Region Halland ansvarar för\n- avgiftning,\n- provtagning.\nSå arbetar vi\nVi möts varje månad.")])
    assert blocks[0].kind == "text" and blocks[0].text.startswith("Region Halland ansvarar för\n• avgiftning")
    assert ("heading", "Så arbetar vi") in [(b.kind, b.text) for b in blocks]


def test_a_letter_at_the_start_of_a_wrapped_line_starts_no_item() -> None:
    page = Page(1, "Parterna åtar sig att a) upprätta en plan, b) ha rutiner för utskrivning,\nc) utbilda personalen och d) följa upp.")
    assert "•" not in _text(clean([page]))


def test_a_numbered_section_heading_is_no_document_title(tmp_path: Path) -> None:
    from ingest import load_document

    path = tmp_path / "avtal-om-beroendevard.txt"
    path.write_text("1. Inledning\nAvtalet gäller hela länet.\n2. Syfte\nVården ska vara samordnad.\n", encoding="utf-8")
    document = load_document(path)
    assert document.title == "avtal om beroendevard"
    assert [b.text for b in document.blocks if b.kind == "heading"] == ["1. Inledning", "2. Syfte"]
