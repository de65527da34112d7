"""Passage and question embeddings: one model, one backend, cached by content hash.

Two backends run the same model: `onnx` (ONNX Runtime, `index/onnx_encoder.py`; the
default, and the only one an answering process loads, so it never imports torch) and
`torch` (sentence-transformers; kept as the bench's baseline and for models the export
cannot reproduce). The identity `<model>/<backend>-<precision>` is recorded with every
index and keys the cache: vectors of two backends or precisions are never mixed.

Questions may use another precision of the same ONNX export than the passages
(`Settings.query_precision`: int8 questions against fp32 passages by default; measured in
README, "Prestanda"). Their vectors are kept in a small in-process LRU keyed by the
question encoder's identity and the token ids the model reads, so a repeated question is
not embedded again and no vector ever crosses encoders. Ingest's embedding runs in a
thread of its own at a lower priority (`settings.lower_priority`), so questions asked
meanwhile are served first.

Each passage is one vector: its heading and text, which the bundled MiniLM reads
up to 256 tokens. Overlapping 40-word windows (4.5 vectors a passage) were tried
and measured no better on the dev set while costing twice the embedding time and
4.5 times the memory (README, "Utvärdering"). A vector is stored in `embeddings.db`
under the hash of the model identity and text, so unchanged text is never embedded again,
whichever generation or document it appears in.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

import prompts
import settings as settings_module
from errors import ConfigError
from index import onnx_export

if TYPE_CHECKING:
    from index.onnx_encoder import OnnxEncoder

BATCH_SIZE = 32

_lock = threading.Lock()
_models: dict[Path, object] = {}
_query_lock = threading.Lock()
_query_cache: OrderedDict[tuple, np.ndarray] = OrderedDict()  # (query identity, tokens) → vector
_ingest_pool: concurrent.futures.ThreadPoolExecutor | None = None


def _ingest_thread() -> concurrent.futures.ThreadPoolExecutor:
    """The one lower-priority thread ingest embeds in (and its ONNX Runtime threads under it)."""
    global _ingest_pool
    with _lock:
        if _ingest_pool is None:
            _ingest_pool = concurrent.futures.ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="ingest-embedding", initializer=settings_module.lower_priority
            )
        return _ingest_pool


def clear_query_cache() -> None:
    """Forget every cached question vector (tests, bench)."""
    with _query_lock:
        _query_cache.clear()


def embedding_text(heading: str, text: str) -> str:
    """What a passage's vector is computed from: its heading leads, as a reader sees it."""
    return f"{heading}: {text}" if heading else text


def require_model_dir(model_path: Path) -> Path:
    """`model_path` if it is a directory; else a ConfigError (a typo in SAMVERKAN_MODEL, not a
    hub name to download)."""
    if not model_path.is_dir():
        raise ConfigError(prompts.text("errors.model_missing", path=model_path))
    return model_path


def load_model(model_path: Path):
    """The SentenceTransformer at `model_path`, loaded once per process, offline."""
    with _lock:
        if model_path not in _models:
            require_model_dir(model_path)
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # no "Loading weights" bar in the chat

            _models[model_path] = SentenceTransformer(str(model_path), device="cpu")
        return _models[model_path]


class Embedder:
    """Embeds texts with one model and backend, consulting and filling the content-hash cache."""

    def __init__(
        self,
        model_name: str,
        model_path: Path,
        cache_path: Path | None = None,
        *,
        backend: str = "onnx",
        precision: str = "fp32",
        export_dirs: list[Path] | None = None,
        query_precision: str | None = None,
    ) -> None:
        self.model_name = model_name
        self.model_path = model_path
        self.cache_path = cache_path
        self.backend = backend
        self.precision = "fp32" if backend == "torch" else precision
        self.query_precision = "fp32" if backend == "torch" else (query_precision or self.precision)
        self._exports: dict[str, onnx_export.Export] = {}
        self.export_dirs = export_dirs or onnx_export.export_dirs(model_path, cache_path.parent if cache_path else None)
        self.embedded = 0  # texts that really went through the model (for reports and tests)

    @classmethod
    def for_settings(cls, config: settings_module.Settings, cache_path: Path | None = None) -> Embedder:
        """The embedder `config` asks for (model, backend, precision)."""
        return cls(
            config.model,
            config.model_path,
            cache_path,
            backend=config.embedding_backend,
            precision=config.embedding_precision,
            query_precision=config.query_precision,
        )

    @property
    def identity(self) -> str:
        """`<model>/<backend>-<precision>`, as `Settings.model_identity` names it."""
        return f"{self.model_name}/{self.backend}-{self.precision}"

    def can_search(self, stored: str) -> bool:
        """Whether this embedder's questions may search an index recorded as `stored`: the
        same identity, or the same model's ONNX export at the other passage precision
        (fp32 and int8 passages of one export share one space, and questions are embedded
        by the query encoder either way: an index from before int8 passages keeps
        answering until the next ingest re-embeds it). Another model or backend never."""
        if stored == self.identity:
            return True
        model, _, encoding = stored.rpartition("/")
        backend, _, precision = encoding.partition("-")
        return (model, backend, self.backend) == (self.model_name, "onnx", "onnx") and precision in ("fp32", "int8")

    @property
    def query_identity(self) -> str:
        """The question encoder, as `Settings.query_identity` names it."""
        return f"{self.model_name}/{self.backend}-{self.query_precision}"

    @property
    def model(self):
        """The sentence-transformers model (torch backend only)."""
        return load_model(self.model_path)

    def _export(self, precision: str) -> onnx_export.Export:
        """The ONNX export of `precision`, made now if missing; looked up once per embedder
        (the lookup reads the model files' stat)."""
        export = self._exports.get(precision)
        if export is None:
            export = onnx_export.ensure_export(require_model_dir(self.model_path), precision, self.export_dirs)
            self._exports[precision] = export
        return export

    def _onnx(self, precision: str, threads: int, role: str) -> OnnxEncoder:
        from index.onnx_encoder import encoder

        return encoder(self._export(precision), threads, role, settings_module.threads().spin)

    def _query_encoder(self) -> OnnxEncoder:
        return self._onnx(self.query_precision, settings_module.threads().query, "query")

    @property
    def dimension(self) -> int:
        if self.backend == "onnx":
            return self._query_encoder().dimension
        model = self.model
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.identity}\0{text}".encode()).hexdigest()

    def encode(self, texts: list[str], batch_size: int = BATCH_SIZE, *, threads: int | None = None) -> np.ndarray:
        """Normalised float32 vectors of passages, straight from the model (no cache): in
        ingest's lower-priority thread with the ingest thread count (either backend, so
        the bench compares them alike), or in the calling thread when `threads` is given."""
        if threads is None:
            count = settings_module.threads().ingest
            vectors = _ingest_thread().submit(self._encode, list(texts), batch_size, count, "ingest").result()
        else:
            vectors = self._encode(list(texts), batch_size, threads, "query")
        self.embedded += len(texts)
        return vectors

    def _encode(self, texts: list[str], batch_size: int, threads: int, role: str) -> np.ndarray:
        if self.backend == "onnx":
            return self._onnx(self.precision, threads, role).encode(texts, batch_size)
        vectors = self.model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype="float32")

    def query(self, text: str, *, cached: bool = True) -> np.ndarray:
        """One question's vector, shape (1, dim): the question encoder in the calling thread
        with the query thread count, through the LRU unless `cached` is False (bench)."""
        if self.backend != "onnx":
            return self.encode([text], threads=settings_module.threads().query)
        encoder = self._query_encoder()
        key = (self.query_identity, encoder.token_ids(text))
        size = settings_module.query_cache_size()
        if cached and size:
            with _query_lock:
                hit = _query_cache.get(key)
                if hit is not None:
                    _query_cache.move_to_end(key)
                    return hit
        vector = encoder.encode_ids([list(key[1])])
        if not (cached and size):
            return vector
        vector.setflags(write=False)  # shared between callers through the cache
        with _query_lock:
            _query_cache[key] = vector
            while len(_query_cache) > size:
                _query_cache.popitem(last=False)
        return vector

    def embed_cached(self, texts: Iterable[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Vectors for `texts`, embedding only those not yet in the cache."""
        import sqlite_utils

        texts = list(texts)
        keys = [self._key(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        db = sqlite_utils.Database(self.cache_path) if self.cache_path else None
        if db is not None and db["vectors"].exists():
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, blob in db.execute(f"select key, vector from vectors where key in ({marks})", chunk):
                    found[key] = np.frombuffer(blob, dtype="float32")
        missing = [(k, t) for k, t in dict(zip(keys, texts, strict=False)).items() if k not in found]
        for start in range(0, len(missing), 256):
            batch = missing[start : start + 256]
            vectors = self.encode([t for _, t in batch])
            for (key, _), vector in zip(batch, vectors, strict=False):
                found[key] = vector
            if db is not None:
                db.table("vectors").insert_all(
                    ({"key": k, "vector": v.tobytes()} for (k, _), v in zip(batch, vectors, strict=False)), pk="key", replace=True
                )
            if progress:
                progress(len(batch))
        if db is not None:
            db.close()
        if self.backend == "onnx" and self.query_precision != self.precision:
            self._export(self.query_precision)  # ingest makes the question encoder's export too: no answering process waits for it
        if not texts:
            return np.zeros((0, self.dimension), dtype="float32")
        return np.vstack([found[k] for k in keys]).astype("float32")
