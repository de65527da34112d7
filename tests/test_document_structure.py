"""Document structure at ingest: a Markdown file's headings, list items and table rows, and a
plain-text minutes file whose member and field lines are lines, not headings.

The documents are written here, in layouts of a region the corpus does not have (Gotland, a
fictitious "Öresundsrådet"), so the rules are checked on text nobody tuned on."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import load_document
from tests.own_corpus import answerer_with

MARKDOWN = """# Vårdsamverkan Gotland – handlingsplan 2026

Handlingsplanen beskriver hur Region Gotland och kommunala verksamheter samverkar kring
äldres hälsa. Den fastställdes av samverkansgruppen i mars 2026.

## Insatsområden

Samverkansgruppen har enats om fem insatsområden för 2026:

- trygg hemgång från sjukhuset i Visby
- gemensam läkemedelsgenomgång för boende på särskilt boende
- digitala vårdmöten med hemsjukvården i Slite
- fallprevention i ordinärt boende
- utbildning i palliativ vård för undersköterskor

## Gruppens sammansättning

| Roll | Namn | Verksamhet |
|---|---|---|
| Ordförande | Tove Hemmingsson | Region Gotland |
| Sekreterare | Leif Stenkvist | Socialförvaltningen |

## Uppföljning

Handlingsplanen följs upp två gånger per år. Resultaten redovisas för regionstyrelsen i december.
"""

MINUTES = """PROTOKOLL
Öresundsrådet för hälso- och sjukvård

Datum: 2026-02-12
Plats: Kronborgssalen, Helsingborg

Närvarande ledamöter
Birgit Sandahl (S), Region Skåne, ordförande
Olle Wernersson (M), Region Skåne, vice ordförande
Sara Nyquist (C), Region Halland

Justerare: Olle Wernersson

§ 4 Gemensam akutmottagning
Rådet beslutar att utreda en gemensam akutmottagning för barn i nordvästra Skåne.

§ 5 Nästa sammanträde
Nästa sammanträde hålls den 7 maj 2026 i Ängelholm.
"""


@pytest.fixture()
def markdown_file(tmp_path: Path) -> Path:
    path = tmp_path / "vardsamverkan-gotland-handlingsplan.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    return path


def test_markdown_headings_are_headings(markdown_file: Path) -> None:
    document = load_document(markdown_file)
    headings = [b.text for b in document.blocks if b.kind == "heading"]
    assert headings == [
        "Vårdsamverkan Gotland – handlingsplan 2026", "Insatsområden", "Gruppens sammansättning", "Uppföljning",
    ]
    assert document.title == "Vårdsamverkan Gotland – handlingsplan 2026"
    assert not any("#" in b.text for b in document.blocks)


def test_markdown_list_items_and_table_rows_are_one_a_line(markdown_file: Path) -> None:
    document = load_document(markdown_file)
    text = "\n".join(p.text for p in document.passages)
    lines = text.splitlines()
    assert "• trygg hemgång från sjukhuset i Visby" in lines
    assert "• utbildning i palliativ vård för undersköterskor" in lines
    assert "Ordförande | Tove Hemmingsson | Region Gotland" in lines
    assert "Sekreterare | Leif Stenkvist | Socialförvaltningen" in lines
    assert "|---" not in text
    lead_in = next(b for b in document.blocks if b.text.startswith("Samverkansgruppen har enats"))
    assert lead_in.text.count("\n• ") == 5  # the lead-in keeps its five items
    assert max(len(line) for line in lines) < 200  # nothing runs on into the next heading
    assert all(p.heading for p in document.passages)


def test_a_wrapped_markdown_paragraph_is_one_line(markdown_file: Path) -> None:
    document = load_document(markdown_file)
    first = next(b for b in document.blocks if b.kind == "text")
    assert first.text.startswith("Handlingsplanen beskriver hur Region Gotland och kommunala verksamheter samverkar kring äldres")


@pytest.fixture(scope="module")
def gotland(tmp_path_factory, config, built_index):
    folder = tmp_path_factory.mktemp("structure_docs")
    (folder / "vardsamverkan-gotland-handlingsplan.md").write_text(MARKDOWN, encoding="utf-8")
    return answerer_with(tmp_path_factory.mktemp("structure"), config, folder)


def test_an_answer_from_markdown_quotes_one_item_not_the_page(gotland) -> None:
    answer = gotland.ask("Vilka insatsområden har Vårdsamverkan Gotland för 2026?")
    assert not answer.abstained, answer.answer
    assert "trygg hemgång" in answer.answer
    for line in answer.answer.splitlines():
        assert not ("trygg hemgång" in line and "Tove Hemmingsson" in line), line  # no page run together
        assert "Gruppens sammansättning" not in line or len(line) < 60, line


def test_minutes_member_and_field_lines_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "protokoll-oresundsradet-2026-02.txt"
    path.write_text(MINUTES, encoding="utf-8")
    document = load_document(path)
    headings = [b.text for b in document.blocks if b.kind == "heading"]
    for line in ("Birgit Sandahl (S), Region Skåne, ordförande", "Datum: 2026-02-12", "Justerare: Olle Wernersson"):
        assert line not in headings
        assert any(line in b.text.splitlines() for b in document.blocks if b.kind == "text"), line  # a line of its own
    assert "Närvarande ledamöter" in headings
    assert document.title == "PROTOKOLL – Öresundsrådet för hälso- och sjukvård"
    text = "\n".join(p.text for p in document.passages)
    assert "Nästa sammanträde hålls den 7 maj 2026 i Ängelholm." in text.splitlines()


def test_a_hard_wrapped_text_sentence_is_joined(tmp_path: Path) -> None:
    path = tmp_path / "avtal.txt"
    path.write_text(
        "SAMVERKANSAVTAL\n\n§ 3 Kostnader\nKostnaderna fördelas mellan parterna efter befolkningsandel den 1 november\n"
        "året före budgetåret. Avtalet gäller till och med 2028.\n",
        encoding="utf-8",
    )
    text = "\n".join(p.text for p in load_document(path).passages)
    assert "den 1 november året före budgetåret." in text
