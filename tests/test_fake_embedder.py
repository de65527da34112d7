"""The fake embedder builds and searches an index of a document this test writes, without the model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from index.build import ingest_corpus
from index.search import Searcher


def test_ingest_and_search_with_the_fake_embedder(tmp_path: Path, config, fake_embedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "halland.txt").write_text(
        "Regionala samverkansgruppen i Halland\n\nGruppen samordnar vårdplatser mellan sjukhusen i Halmstad "
        "och Varberg och möts varannan vecka.\n\nStyrgruppen för e-hälsa beslutar om gemensamma journalsystem.\n",
        encoding="utf-8")
    cfg = replace(config, data_dir=tmp_path / "data", corpus_dir=corpus)
    report = ingest_corpus(cfg, embedder=fake_embedder)
    assert report.errors == [] and report.documents == 1
    assert fake_embedder.embedded > 0
    searcher = Searcher(cfg, embedder=fake_embedder)
    hits = searcher.search("Vem samordnar vårdplatser i Halmstad?", 3)
    assert hits
    [top] = searcher.generation.passages([hits[0].passage_id])
    assert "vårdplatser" in top["text"]
