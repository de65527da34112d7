"""What the served index is compared with on the same data: exact and brute-force vector
search, HNSW, and the keyword engines (rank_bm25, bm25s, tantivy)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from tools.bench.common import (
    ANN_K,
    ANN_RECALL,
    DEPTH,
    EF_SWEEP,
    NUMPY_QUERIES,
    RANK_BM25_MAX_BUILD_S,
    RANK_BM25_SAMPLE,
    _built,
    _log,
    _timed,
)
from tools.bench.synthetic import Seed, Synthetic, iter_lines, iter_vector_chunks
from tools.latency import summary as latency_summary


# -- vector and keyword helpers --------------------------------------------------------------------
def top_k(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the `k` largest scores, best first."""
    k = min(k, len(scores))
    if k == 0:
        return []
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.argsort(-scores[part], kind="stable")].tolist()


def exact_top_k(vectors_path: Path, queries: np.ndarray, k: int) -> np.ndarray:
    """Exact inner-product top-k row numbers per query, streaming the matrix (no full copy)."""
    best_ids = np.zeros((len(queries), 0), dtype=np.int64)
    best_scores = np.zeros((len(queries), 0), dtype=np.float32)
    offset = 0
    for chunk in iter_vector_chunks(vectors_path):
        scores = queries @ chunk.T
        kk = min(k, chunk.shape[0])
        part = np.argpartition(-scores, kk - 1, axis=1)[:, :kk]
        best_ids = np.hstack([best_ids, part + offset])
        best_scores = np.hstack([best_scores, np.take_along_axis(scores, part, axis=1)])
        keep = np.argsort(-best_scores, axis=1, kind="stable")[:, :k]
        best_ids, best_scores = np.take_along_axis(best_ids, keep, 1), np.take_along_axis(best_scores, keep, 1)
        offset += chunk.shape[0]
    return best_ids


def recall_at(found: np.ndarray, exact: np.ndarray) -> float:
    """Mean share of the exact top-k found in the approximate top-k."""
    hits = [len(set(f.tolist()) & set(e.tolist())) / len(e) for f, e in zip(found, exact, strict=False)]
    return round(float(np.mean(hits)), 4) if hits else 0.0


@contextmanager
def faiss_threads(count: int) -> Iterator[None]:
    """FAISS's OpenMP thread count for the duration."""
    import faiss

    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(count)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def search_each(index, queries: np.ndarray, k: int) -> tuple[np.ndarray, list[float]]:
    """One query at a time, as the answerer searches; top-10 ids and per-query milliseconds."""
    ids, ms = [], []
    for q in queries:
        (_, found), elapsed = _timed(index.search, q[None, :], min(k, index.ntotal))
        ids.append(found[0][:ANN_K])
        ms.append(elapsed)
    return np.vstack(ids), ms


def _inner(index):
    """The index inside an IndexIDMap (as index/vectors.py wraps it)."""
    import faiss

    return faiss.downcast_index(index.index) if hasattr(index, "index") else index


def build_hnsw(vectors: np.ndarray, ids: np.ndarray, dim: int):
    """index/vectors.py's index exactly as built above FLAT_MAX (HNSW over fp16, in an
    IndexIDMap), whatever the number of vectors: the comparison where a size is served flat."""
    from index.vectors import build_index

    return build_index(vectors, ids, dim, kind="hnsw")


def ef_sweep(index, queries: np.ndarray, exact_ids: np.ndarray) -> dict:
    """Recall@10 against exact and per-query ms of an HNSW index at each efSearch, one FAISS
    thread as served; the figures at the served efSearch, and the smallest reaching ANN_RECALL."""
    from index.vectors import EF_SEARCH, SEARCH_THREADS

    inner = _inner(index)
    sweep = []
    with faiss_threads(SEARCH_THREADS):
        for ef in sorted({*EF_SWEEP, EF_SEARCH}):
            inner.hnsw.efSearch = ef
            found, ms = search_each(index, queries, ANN_K)
            sweep.append({"ef_search": ef, "recall_at_10": recall_at(found, exact_ids), **latency_summary(ms)})
    inner.hnsw.efSearch = EF_SEARCH
    served = next(s for s in sweep if s["ef_search"] == EF_SEARCH)
    return {
        "ef_search": EF_SEARCH,
        "recall_at_10": served["recall_at_10"],
        "p50": served["p50"],
        "p95": served["p95"],
        "min_ef_for_target": next((s["ef_search"] for s in sweep if s["recall_at_10"] >= ANN_RECALL), None),
        "sweep": [{k: s[k] for k in ("ef_search", "recall_at_10", "p50", "p95")} for s in sweep],
    }


def build_rank_bm25(docs: Iterator[str]):
    """rank_bm25's BM25Okapi with index/keyword.py's k1 and b (its idf differs: no +1 inside
    the log, an epsilon floor instead); tokens are interned so equal terms share one string."""
    from rank_bm25 import BM25Okapi

    from index.keyword import K1, B

    canon: dict[str, str] = {}
    return BM25Okapi([[canon.setdefault(t, t) for t in doc.split()] for doc in docs], k1=K1, b=B)


def _rank_bm25_search(bm25, terms: list[str], k: int) -> tuple[np.ndarray, list[int]]:
    scores = bm25.get_scores(terms)
    return scores, top_k(scores, k)


def _numpy_top(matrix: np.ndarray, query: np.ndarray, k: int) -> list[int]:
    return top_k(matrix @ query, k)


# -- one size, step 3: baselines on the same data ----------------------------------------------------
def baselines_size(n: int, seed: Seed, synthetic: Synthetic, data_dir: Path, index_kind: str) -> dict:
    """Exact top-10 (for the served index's recall), NumPy brute force, HNSW (built for
    comparison if the size is served flat, else the served index's efSearch sweep) and
    rank_bm25 on the same passages and questions."""
    from index.keyword import KeywordIndex
    from index.query_translation import translate
    from index.search import query_terms
    from index.store import VECTORS_NAME, Store
    from index.vectors import read_index

    queries = seed.query_vectors
    fig: dict = {}
    _log(f"scale {n}: baselines: exact top-{ANN_K}")
    exact = exact_top_k(synthetic.vectors_path, queries, ANN_K) + 1  # row numbers → passage ids
    fig["exact_top10"] = exact.tolist()
    _log(f"scale {n}: baselines: NumPy brute force")
    matrix = np.load(synthetic.vectors_path)
    fig["numpy_ms"] = latency_summary([_timed(_numpy_top, matrix, q, DEPTH)[1] for q in queries[:NUMPY_QUERIES]])
    if index_kind == "flat":
        _log(f"scale {n}: baselines: HNSW for comparison")
        hnsw, build_s = _built(build_hnsw, matrix, np.arange(1, n + 1, dtype="int64"), matrix.shape[1])
        del matrix
        fig["hnsw"] = {"served": False, "build_s": build_s, **ef_sweep(hnsw, queries, exact)}
        del hnsw
    else:
        del matrix
        _log(f"scale {n}: baselines: efSearch sweep of the served HNSW")
        served = read_index(Store(data_dir).current() / VECTORS_NAME)
        fig["hnsw"] = {"served": True, **ef_sweep(served, queries, exact)}
        del served
    _log(f"scale {n}: baselines: rank_bm25")
    keyword = KeywordIndex.load(Store(data_dir).current())
    terms = [query_terms(translate(q)) for q in seed.questions]
    fig["rank_bm25"] = bench_rank_bm25(synthetic.stems_path, n, terms, keyword)
    from tools.bench.engines import BM25S_MAX, bench_engines

    _log(f"scale {n}: baselines: tantivy" + (" and bm25s" if n <= BM25S_MAX else ""))
    fig.update(
        bench_engines(lambda: iter_lines(synthetic.stems_path), terms, keyword, rounds=3, with_bm25s=n <= BM25S_MAX)
    )
    return fig


def bench_rank_bm25(stems_path: Path, n: int, query_terms: list[list[str]], keyword=None) -> dict:
    """rank_bm25 on the same passages. A 10k sample is built first; when it predicts a
    build over RANK_BM25_MAX_BUILD_S the full one is skipped and the sample's query times
    are scaled by n / sample (get_scores is a Python loop over every passage: linear).
    Where built, the top-10 is compared with the stems side of `keyword` (a sanity check:
    same k1 and b, slightly different idf)."""
    import itertools

    sample = min(n, RANK_BM25_SAMPLE)
    bm25, build_s = _built(build_rank_bm25, itertools.islice(iter_lines(stems_path), sample))
    estimate = build_s * n / sample
    if estimate > RANK_BM25_MAX_BUILD_S:
        ms = [_timed(_rank_bm25_search, bm25, t, DEPTH)[1] for t in query_terms]
        scaled = latency_summary([m * n / sample for m in ms])
        return {
            "skipped": True,
            "extrapolated": True,
            "build_s": None,
            "estimated_build_s": round(estimate),
            "reason": (
                f"build estimated at {estimate:.0f} s > {RANK_BM25_MAX_BUILD_S:.0f} s; query times scaled from {sample}"
            ),
            "search_ms": scaled,
        }
    if sample < n:
        del bm25
        bm25, build_s = _built(build_rank_bm25, iter_lines(stems_path))
    limit = len(query_terms) if n <= 100_000 else 8  # a query scans every passage in Python
    latencies, overlaps = [], []
    for terms in query_terms[:limit]:
        (scores, top), elapsed = _timed(_rank_bm25_search, bm25, terms, DEPTH)
        latencies.append(elapsed)
        theirs = [i + 1 for i in top[:ANN_K] if scores[i] > 0]
        if keyword is not None and theirs:
            ours = keyword.top(keyword.exact_weights(terms), ANN_K)
            overlaps.append(len(set(ours) & set(theirs)) / len(theirs))
    return {
        "skipped": False,
        "extrapolated": False,
        "build_s": build_s,
        "queries": limit,
        "top10_overlap_with_stems": round(float(np.mean(overlaps)), 3) if overlaps else None,
        "search_ms": latency_summary(latencies),
    }
