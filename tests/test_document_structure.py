"""Document structure at ingest: a Markdown file's headings, list items and table rows.

The document is written here, about a region the corpus does not have (Gotland), so the
rules are checked on text nobody tuned on."""

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
