"""Constants and small helpers every bench step shares (timing, peak RSS, ratios)."""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from settings import PROJECT_ROOT

DEFAULT_QA = PROJECT_ROOT / "eval" / "dev_qa.jsonl"  # the project's copy: present in every checkout and worktree
FULL_SIZES = [10_000, 100_000, 1_000_000]
QUICK_SIZES = [10_000]

DEPTH = 50  # Searcher.search's depth: what each retriever (and FAISS) is asked for
ANN_K = 10
ANN_RECALL = 0.95
EF_SWEEP = (32, 64, 128, 256, 512)  # efSearch values tried on HNSW (index.vectors.EF_SEARCH is served)
VECTOR_QUERIES = 200  # dev question embeddings + synthetic ones from the same distribution
NUMPY_QUERIES = 100
RANK_BM25_MAX_BUILD_S = 120.0
RANK_BM25_SAMPLE = 10_000  # built first; its build time decides whether the full one is tried
SCALE_ROUNDS, QUICK_ROUNDS = 5, 3  # timed passes of the dev questions per size
COMPOUND_RATE = 0.03  # share of synthetic tokens made compounds of two: a growing vocabulary tail
VECTOR_NOISE = 0.5  # isotropic noise added to the fitted Gaussian, relative to its mean std
GENERATOR_VERSION = "1"
CHUNK = 50_000
PASSAGES_PER_DOCUMENT = 40  # synthetic documents, for the documents table and citations
PASSAGES_PER_PAGE = 3


T = TypeVar("T")


# -- small helpers -------------------------------------------------------------------------
def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _timed(fn: Callable[..., T], *args: Any) -> tuple[T, float]:
    """`fn(*args)` and its wall time in milliseconds."""
    started = time.perf_counter()
    result = fn(*args)
    return result, (time.perf_counter() - started) * 1000


def _built(fn: Callable[..., T], *args: Any) -> tuple[T, float]:
    """`fn(*args)` and its wall time in seconds (for builds)."""
    result, ms = _timed(fn, *args)
    return result, round(ms / 1000, 2)


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far: VmHWM of its own address space.
    (ru_maxrss is no good in a child: after vfork + exec Linux carries the parent's peak over.)"""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def rss_now_mb() -> float:
    import psutil

    return round(psutil.Process().memory_info().rss / 2**20, 1)


def _ratio(slow: float | None, fast: float | None) -> float | None:
    return round(slow / fast, 2) if slow and fast else None


def _size_mb(*paths: Path) -> float:
    return round(sum(p.stat().st_size for p in paths if p.exists()) / 2**20, 1)


def reset_peak_rss() -> bool:
    """Start VmHWM over from the current RSS (Linux: 5 to /proc/self/clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
        return True
    except OSError:
        return False
