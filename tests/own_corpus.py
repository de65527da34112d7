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
    from answer.answerer import Answerer
    from index.build import ingest_corpus
    from index.store import Store

    corpus = base / "corpus"
    shutil.copytree(config.corpus_dir, corpus)
    for path in source.glob(pattern):
        shutil.copy2(path, corpus / path.name)
    data = base / "data"
    data.mkdir(parents=True)
    shutil.copy2(Store(config.data_dir).embedding_cache, Store(data).embedding_cache)
    own = replace(config, data_dir=data, corpus_dir=corpus)
    ingest_corpus(own)
    return Answerer(own)


def answerer_with(base: Path, config: settings_module.Settings, *folders: Path):
    """The real corpus plus every document (not README.md) of the given folders, ingested into
    a data directory of its own (the session's embedding cache keeps it quick)."""
    from answer.answerer import Answerer
    from index.build import ingest_corpus
    from index.store import Store

    corpus = base / "corpus"
    shutil.copytree(config.corpus_dir, corpus)
    for folder in folders:
        for path in folder.iterdir():
            if path.is_file() and path.name != "README.md":
                shutil.copy2(path, corpus / path.name)
    data = base / "data"
    data.mkdir(parents=True)
    shutil.copy2(Store(config.data_dir).embedding_cache, Store(data).embedding_cache)
    settings = replace(config, data_dir=data, corpus_dir=corpus)
    ingest_corpus(settings)
    return Answerer(settings)
