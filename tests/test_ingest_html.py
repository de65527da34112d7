"""HTML with omitted end tags (valid HTML5) keeps all its text (issue 17 item 6), and the
main-text walk stays linear on tens of thousands of unclosed tags."""

from __future__ import annotations

from pathlib import Path

from ingest import load_document
from ingest.readers import html_main_text


def test_unclosed_paragraphs_keep_every_paragraph() -> None:
    _, text = html_main_text("<body><p>Alfa stycke.<p>Beta stycke.<p>Gamma stycke.</body>")
    assert [line for line in text.split("\n") if line] == ["Alfa stycke.", "Beta stycke.", "Gamma stycke."]


def test_unclosed_list_items_keep_every_item() -> None:
    _, text = html_main_text("<main><h2>Uppdrag</h2><ul><li>Ett<li>Två<li>Tre</ul></main>")
    assert [line for line in text.split("\n") if line] == ["Uppdrag", "• Ett", "• Två", "• Tre"]


def test_unclosed_table_cells_keep_every_cell() -> None:
    html = "<table><tr><th>Region<th>Ledamot<tr><td>Region Kalmar län<td>Sara Holm<tr><td>Region Kronoberg<td>Ali Hassan</table>"
    _, text = html_main_text(html)
    assert text.split("\n") == ["Region | Ledamot", "Region Kalmar län | Sara Holm", "Region Kronoberg | Ali Hassan"]


def test_nested_unclosed_tags_and_inline_markup() -> None:
    html = "<div><p>Ett <b>fett</b> ord och en <a href='/x'>länk</a>.<div><p>Inre <i>stycke<p>Sista</div></div>"
    _, text = html_main_text(html)
    assert [line for line in text.split("\n") if line] == ["Ett fett ord och en länk.", "Inre stycke", "Sista"]


def test_many_unclosed_tags_keep_all_text(tmp_path: Path) -> None:
    paragraphs = 20_000
    path = tmp_path / "lang.html"
    path.write_text("<html><body>" + "".join(f"<p>Stycke {i} om vård." for i in range(paragraphs)), encoding="utf-8")
    _, text = html_main_text(path.read_text(encoding="utf-8"))
    assert text.count("om vård.") == paragraphs
    deep = "<div>" * 5000 + "<p>Djupt inne.<p>Längre ner." + "</div>" * 5000 + "<table><tr><td>a<td>b<tr><td>c<td>d</table>"
    lines = [line for line in html_main_text(deep)[1].split("\n") if line]
    assert lines == ["Djupt inne.", "Längre ner.", "a | b", "c | d"]  # past libxml2's depth limit: nothing lost


def test_html_file_with_omitted_end_tags_is_indexed_whole(tmp_path: Path) -> None:
    path = tmp_path / "namnd.html"
    path.write_text(
        "<!doctype html><title>Nämnden</title><h1>Samverkansnämnden i norr</h1>"
        "<p>Nämnden har åtta ledamöter.<p>Den sammanträder fyra gånger per år.<p>Kansliet finns i Umeå.",
        encoding="utf-8",
    )
    doc = load_document(path)
    text = " ".join(p.text for p in doc.passages)
    for sentence in ("Nämnden har åtta ledamöter.", "Den sammanträder fyra gånger per år.", "Kansliet finns i Umeå."):
        assert sentence in text
    assert doc.title == "Samverkansnämnden i norr"
