"""The FAISS side: one vector per passage, FAISS ids = passage ids, index type by size.

Exact inner-product search (`IndexFlatIP`) up to `FLAT_MAX` vectors, where one query
still takes a few milliseconds on two cores; above it HNSW over fp16 vectors, which
halves the memory of the vectors and keeps recall@10 against exact search at 0.95 or
better with `EF_SEARCH` (measured by `samverkan bench`, README "Prestanda").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

FLAT_MAX = 200_000
HNSW_M = 32
EF_CONSTRUCTION = 80
EF_SEARCH = 512
SEARCH_THREADS = 1  # default of SAMVERKAN_FAISS_THREADS (settings.Threads): one query at a time


def index_kind(count: int) -> str:
    """"flat" (exact) while it is fast enough, "hnsw" above."""
    return "hnsw" if count > FLAT_MAX else "flat"


def build_index(vectors: np.ndarray, ids: np.ndarray, dimension: int, kind: str | None = None):
    """An index with `ids` as FAISS ids, of `kind` (default: chosen by the number of vectors;
    the bench builds the other kind too, for comparison)."""
    import faiss

    if (kind or index_kind(len(vectors))) == "hnsw":
        inner = faiss.IndexHNSWSQ(dimension, faiss.ScalarQuantizer.QT_fp16, HNSW_M, faiss.METRIC_INNER_PRODUCT)  # type: ignore[arg-type]
        inner.hnsw.efConstruction = EF_CONSTRUCTION
        inner.train(vectors[: min(len(vectors), 100_000)])
    else:
        inner = faiss.IndexFlatIP(dimension)  # type: ignore[assignment]
    index = faiss.IndexIDMap(inner)
    if len(vectors):
        index.add_with_ids(np.ascontiguousarray(vectors, dtype="float32"), np.asarray(ids, dtype="int64"))
    return index


def write_index(index, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def read_index(path: Path):
    """The stored index, ready to search (search parameters and threads set)."""
    import faiss

    import settings

    faiss.omp_set_num_threads(max(settings.threads().faiss, 1))
    index = faiss.read_index(str(path))
    inner = faiss.downcast_index(index.index) if hasattr(index, "index") else index
    if hasattr(inner, "hnsw"):
        inner.hnsw.efSearch = EF_SEARCH
    return index
