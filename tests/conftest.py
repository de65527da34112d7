"""Shared fixtures: ONE index of a copy of the real corpus per test session, one Answerer.

Tests that need an index of their own (re-ingest, corrupt or changed files) get a fresh
data directory from `fresh_index_config`, seeded with the session's embedding cache so
nothing is embedded again.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Tests never read a developer's configuration: no .env file, no SAMVERKAN_*/TELEGRAM_* variables
# (subprocesses inherit this environment too).
for _name in [n for n in os.environ if n.startswith(("SAMVERKAN_", "TELEGRAM_"))]:
    del os.environ[_name]
os.environ["SAMVERKAN_DOTENV"] = "0"

import settings as settings_module  # noqa: E402  (after the environment is cleaned)

pytest_plugins = ["telegram_stubs"]  # the `cfg` fixture of the bot tests with stubs

CORPUS = ROOT / "corpus"
CORPUS_FILES = (
    "blekinge-samverkanskarta-2022.pdf",
    "samarbete-for-battre-vard.txt",
    "sbhss-halsoplattform.txt",
    "sodra-sjukvardsregionen-verksamhetsplan.pdf",
    "sydostra-sjukvardsregionen-fokusomraden.txt",
)


def _copy_corpus(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in CORPUS_FILES:
        shutil.copy2(CORPUS / name, target / name)
    return target


def current_passages(data_dir: Path) -> list[dict]:
    """Passage rows of the generation `CURRENT` names (helper for tests, not a fixture)."""
    from index.store import DB_NAME, Store

    current = Store(data_dir).current()
    assert current is not None, f"no published generation in {data_dir}"
    connection = sqlite3.connect(current / DB_NAME)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in connection.execute("select * from passages order by document, ordinal")]
    finally:
        connection.close()


def seeded_data_dir(config: settings_module.Settings, data: Path) -> Path:
    """A new data directory `data` holding a copy of the session index's embedding cache, so
    that ingesting the corpus (and known documents) there embeds nothing again."""
    from index.store import Store

    data.mkdir(parents=True)
    shutil.copy2(Store(config.data_dir).embedding_cache, Store(data).embedding_cache)
    return data


@pytest.fixture(scope="session")
def corpus_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the five real corpus documents."""
    return _copy_corpus(tmp_path_factory.mktemp("session") / "corpus")


@pytest.fixture(scope="session")
def config(corpus_copy: Path) -> settings_module.Settings:
    """Settings pointing at the session's corpus copy and a tmp data directory."""
    return replace(settings_module.load(), data_dir=corpus_copy.parent / "data", corpus_dir=corpus_copy)


@pytest.fixture(scope="session")
def built_index(config: settings_module.Settings):
    """The session index (built once, cold: the real model embeds the corpus); the IngestReport."""
    from index.build import ingest_corpus

    return ingest_corpus(config)


@pytest.fixture(scope="session")
def answerer(config: settings_module.Settings, built_index):
    """One Answerer (model and index loaded once) over the session index."""
    from answer.answerer import Answerer

    return Answerer(config)


@pytest.fixture(scope="session")
def session_passages(config: settings_module.Settings, built_index) -> list[dict]:
    """All passage rows of the session index, ordered by document and ordinal."""
    return current_passages(config.data_dir)


@pytest.fixture(scope="session")
def cli_env(config: settings_module.Settings, built_index) -> dict[str, str]:
    """Environment for click's CliRunner so `samverkan` commands use the session index."""
    return {
        "SAMVERKAN_DATA_DIR": str(config.data_dir),
        "SAMVERKAN_CORPUS_DIR": str(config.corpus_dir),
        "SAMVERKAN_MODEL": config.model,
    }


@pytest.fixture
def fresh_index_config(
    tmp_path: Path, config: settings_module.Settings, built_index
) -> Callable[[str], settings_module.Settings]:
    """Factory: settings for a new, empty index over a new copy of the corpus, with the
    session's embedding cache copied in (so re-ingesting embeds nothing). Not ingested yet."""

    def make(name: str = "fresh") -> settings_module.Settings:
        base = tmp_path / name
        corpus = _copy_corpus(base / "corpus")
        return replace(config, data_dir=seeded_data_dir(config, base / "data"), corpus_dir=corpus)

    return make


class HashEmbedder:
    """A deterministic stand-in for the sentence-transformers model: each word hashed into one of
    384 dimensions, normalised. For tests that are not about retrieval quality (no model load,
    no shared embedding cache)."""

    dimension = 384
    model_name = "test:hash-embedder"
    identity = "test:hash-embedder"  # recorded with the index, as Embedder.identity is
    cache_path = None

    def can_search(self, stored: str) -> bool:
        """Only its own index, as Embedder.can_search decides for a real model."""
        return stored == self.identity

    def __init__(self) -> None:
        self.embedded = 0

    def encode(self, texts: list[str], batch_size: int = 64):
        import hashlib
        import re

        import numpy as np

        vectors = np.zeros((len(texts), self.dimension), dtype="float32")
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.casefold()):
                vectors[row, int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big") % 384] += 1
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        self.embedded += len(texts)
        return vectors / np.where(norms == 0, 1, norms)

    def query(self, text: str):
        return self.encode([text])

    def embed_cached(self, texts, progress=None):
        texts = list(texts)
        if progress:
            progress(len(texts))
        return self.encode(texts)


@pytest.fixture
def fake_embedder() -> HashEmbedder:
    """A fresh deterministic `HashEmbedder` (pass it to `ingest_corpus(..., embedder=)` and `Searcher`)."""
    return HashEmbedder()
