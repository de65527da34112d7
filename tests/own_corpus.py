"""Module fixture helpers: an answerer over the real corpus plus documents of other layouts
(eval/own: member lists of two years, minutes, an RCC contact table, an RPO page;
eval/near_topic: a Markdown plan, an agreement in paragraphs and an HTML FAQ page; any eval
folder or files), or over a folder's documents alone; and `ask_turns` for the turns of one
conversation."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import settings as settings_module

if TYPE_CHECKING:
    from answer.types import Answer

OWN = Path(__file__).resolve().parent.parent / "eval" / "own"


NEAR_TOPIC = OWN.parent / "near_topic"


def own_answerer(base: Path, config: settings_module.Settings, source: Path = OWN, pattern: str = "*.txt"):
    """The real corpus plus the files of `source` that match `pattern`."""
    return answerer_with_files(base, config, sorted(source.glob(pattern)))


def answerer_with(base: Path, config: settings_module.Settings, *folders: Path):
    """The real corpus plus every document (not README.md) of the given folders."""
    return answerer_with_files(base, config, _documents(folders))


def answerer_of(base: Path, config: settings_module.Settings, *folders: Path):
    """Only the documents (not README.md) of the given folders, without the real corpus."""
    return answerer_with_files(base, config, _documents(folders), real_corpus=False)


def _documents(folders: Iterable[Path]) -> list[Path]:
    return [p for folder in folders for p in sorted(folder.iterdir()) if p.is_file() and p.name != "README.md"]


def answerer_with_files(base: Path, config: settings_module.Settings, files: Iterable[Path], real_corpus: bool = True):
    """An answerer over the real corpus (unless `real_corpus` is false) plus `files`, ingested
    into a data directory of its own (the session's embedding cache keeps it quick)."""
    from conftest import seeded_data_dir

    from answer.answerer import Answerer
    from index.build import ingest_corpus

    corpus = base / "corpus"
    if real_corpus:
        shutil.copytree(config.corpus_dir, corpus)
    else:
        corpus.mkdir(parents=True)
    for path in files:
        shutil.copy2(path, corpus / path.name)
    settings = replace(config, data_dir=seeded_data_dir(config, base / "data"), corpus_dir=corpus)
    ingest_corpus(settings)
    return Answerer(settings)


def ask_turns(answerer, turns: Sequence[str]) -> list[Answer]:
    """Ask `turns` in order in one new conversation; the answers, one a turn."""
    from answer.conversation import Conversation

    conversation = Conversation()
    return [answerer.ask(turn, conversation) for turn in turns]
