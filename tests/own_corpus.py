"""A module fixture helper: the real corpus plus the answer layer's own documents in other
layouts (eval/own: member lists of two years, minutes, an RCC contact table, an RPO page;
eval/near_topic: a Markdown plan, an agreement in paragraphs and an HTML FAQ page)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import settings as settings_module

OWN = Path(__file__).resolve().parent.parent / "eval" / "own"


NEAR_TOPIC = OWN.parent / "near_topic"


def own_answerer(base: Path, config: settings_module.Settings, source: Path = OWN, pattern: str = "*.txt"):
    """The real corpus plus the files of `source` that match `pattern`."""
    return _answerer_over(base, config, sorted(source.glob(pattern)))


def answerer_with(base: Path, config: settings_module.Settings, *folders: Path):
    """The real corpus plus every document (not README.md) of the given folders."""
    files = [p for folder in folders for p in sorted(folder.iterdir()) if p.is_file() and p.name != "README.md"]
    return _answerer_over(base, config, files)


def _answerer_over(base: Path, config: settings_module.Settings, files: list[Path]):
    """An answerer over the real corpus plus `files`, ingested into a data directory of its own
    (the session's embedding cache keeps it quick)."""
    from answer.answerer import Answerer
    from index.build import ingest_corpus
    from index.store import Store

    corpus = base / "corpus"
    shutil.copytree(config.corpus_dir, corpus)
    for path in files:
        shutil.copy2(path, corpus / path.name)
    data = base / "data"
    data.mkdir(parents=True)
    shutil.copy2(Store(config.data_dir).embedding_cache, Store(data).embedding_cache)
    settings = replace(config, data_dir=data, corpus_dir=corpus)
    ingest_corpus(settings)
    return Answerer(settings)
