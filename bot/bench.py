"""`samverkan bench`: how fast, how big and how good, in one run.

The figures are one JSON-able dict with these sections; `render` prints them as one
table and `--json` prints the dict itself:

* ingest  – the sample corpus ingested cold into a temporary data directory (empty
            embedding cache), embedding throughput alone, and a re-ingest with nothing
            changed (which must embed 0).
* latency – cold start (process start to first answer, in a fresh `python -c`) and warm
            p50/p95/p99 for keyword-only, vector-only, hybrid and the full answer.
* quality – recall@1/3/5 on the dev questions per mode (`bot.evaluation.evaluate`).
* scale   – synthetic corpora (text sampled from the real passages' stems, vectors drawn
            from a Gaussian fitted to the real embeddings), cached under
            `data_dir/bench`. Each size runs in a subprocess of its own so peak RSS is per
            size: FAISS (exact flat as built today; HNSW above 200k passages), SQLite FTS5
            queried exactly as `index/search.py` does, a SciPy sparse BM25, and the
            baselines NumPy brute force and rank_bm25.
* targets – the reference targets with pass/fail.

Within a size the phases run in order system → alternatives → baselines and peak RSS
is read after each, so the "system" peak (FAISS + FTS5, what a server would hold) is
not polluted by the baselines.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from settings import PROJECT_ROOT, Settings

DEFAULT_QA = PROJECT_ROOT / ".." / "shared" / "eval" / "dev_qa.jsonl"
FULL_SIZES = [10_000, 100_000, 1_000_000]
QUICK_SIZES = [10_000]

HNSW_ABOVE = 200_000  # exact flat up to here, HNSW above
HNSW_M = 32
EF_SEARCH = (16, 32, 64, 128, 256, 512)  # tried in order; the first reaching ANN_RECALL wins
ANN_K = 10
ANN_RECALL = 0.95
PRODUCTION_VECTOR_K = 300  # Searcher.search(depth=50) asks rank_vector for depth * 6 windows
KEYWORD_DEPTH = 50  # Searcher.search's depth: what rank_stems is asked for
VECTOR_QUERIES = 200  # dev question embeddings + synthetic ones from the same distribution
RANK_BM25_MAX_BUILD_S = 120.0
COMPOUND_RATE = 0.03  # share of synthetic tokens made compounds of two: a growing vocabulary tail
VECTOR_NOISE = 0.5  # isotropic noise added to the fitted Gaussian, relative to its mean std
GENERATOR_VERSION = "1"
CHUNK = 50_000

BM25_K1, BM25_B, BM25_EPSILON = 1.5, 0.75, 0.25  # rank_bm25.BM25Okapi's defaults


# -- small helpers -------------------------------------------------------------------------
def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _summary(ms: list[float]) -> dict:
    """p50/p95/p99 (linear interpolation) of latencies in milliseconds."""
    if not ms:
        return {"n": 0, "p50": None, "p95": None, "p99": None}
    values = np.asarray(ms, dtype=float)
    return {"n": len(ms), **{f"p{q}": round(float(np.percentile(values, q)), 3) for q in (50, 95, 99)}}


def _timed(fn, *args) -> tuple[object, float]:
    """`fn(*args)` and its wall time in milliseconds."""
    started = time.perf_counter()
    result = fn(*args)
    return result, (time.perf_counter() - started) * 1000


def _built(fn, *args) -> tuple[object, float]:
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


# -- ingest ----------------------------------------------------------------------------------
def bench_ingest(config: Settings, quick: bool) -> dict:
    """Cold ingest into `config.data_dir` (expected empty), embedding throughput, re-ingest."""
    from index.build import ingest_corpus
    from index.embedder import Embedder, load_model

    started = time.perf_counter()
    load_model(config.model_path)
    model_s = time.perf_counter() - started
    _log("ingest: cold")
    cold = ingest_corpus(config)
    _log("ingest: embedding throughput")
    throughput = embedding_throughput(Embedder(config.model, config.model_path), _sample_texts(config), quick)
    _log("ingest: re-ingest unchanged")
    again = ingest_corpus(config)
    return {
        "model_load_s": round(model_s, 2),
        "documents": cold.documents,
        "pages": cold.pages,
        "passages": cold.passages,
        "cold": {
            "seconds": round(cold.seconds, 2),
            "pages_per_s": round(cold.pages / cold.seconds, 2),
            "passages_per_s": round(cold.passages / cold.seconds, 2),
            "embedded": cold.embedded,
        },
        "embedding": throughput,
        "reingest": {"seconds": round(again.seconds, 3), "embedded": again.embedded, "skipped": len(again.skipped)},
    }


def _current_db(config: Settings):
    import sqlite_utils

    from index.store import DB_NAME, Store

    return sqlite_utils.Database(Store(config.data_dir).current() / DB_NAME)


def _sample_texts(config: Settings, words_per_text: int = 120) -> list[str]:
    """~120-word texts cut from the real passages (cycled with an offset if the corpus is short)."""
    words = " ".join(r["text"] for r in _current_db(config).query("select text from passages order by id")).split()
    texts: list[str] = []
    offset = 0
    while len(texts) < 256 and offset < words_per_text:
        texts += [" ".join(words[i : i + words_per_text]) for i in range(offset, len(words) - words_per_text, words_per_text)]
        offset += 17
    return texts


def embedding_throughput(embedder, texts: list[str], quick: bool) -> dict:
    """Passages/s straight through the model at batch 16/32/64, and as ingest embeds them
    (each passage cut into 40-word windows, every window a vector)."""
    from index.embedder import windows

    count, repeats = (64, 1) if quick else (192, 2)
    texts = texts[:count]
    for _ in range(8):  # the first few calls after loading are many times slower
        embedder.encode(texts[:4])
    by_batch = {}
    for batch in (16, 32, 64):
        best = min(_timed(embedder.encode, texts, batch)[1] for _ in range(repeats))
        by_batch[str(batch)] = round(len(texts) / (best / 1000), 2)
    windowed_texts = texts[: count // 4]
    parts = [w for t in windowed_texts for w in windows(t)]
    ms = min(_timed(embedder.encode, parts)[1] for _ in range(repeats))  # ingest's batch size
    return {
        "words_per_passage": 120,
        "passages": len(texts),
        "passages_per_s": by_batch,
        "best_passages_per_s": max(by_batch.values()),
        "windowed_passages_per_s": round(len(windowed_texts) / (ms / 1000), 2),
        "windows_per_passage": round(len(parts) / len(windowed_texts), 2),
    }


# -- answer latency and quality ------------------------------------------------------------------
_COLD_START = """
import sys, time
import settings
from bot.answerer import Answerer
Answerer(settings.load()).ask(sys.argv[1])
print(f"ANSWERED {time.time():.6f}", flush=True)
"""


def bench_cold_start(config: Settings, question: str) -> dict:
    """Wall time from launching a fresh interpreter to its first answer."""
    env = {
        **os.environ,
        "SAMVERKAN_DATA_DIR": str(config.data_dir),
        "SAMVERKAN_CORPUS_DIR": str(config.corpus_dir),
        "SAMVERKAN_MODEL": config.model,
    }
    started = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", _COLD_START, question], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600
    )
    total = time.time() - started
    marks = [line for line in proc.stdout.splitlines() if line.startswith("ANSWERED ")]
    if proc.returncode != 0 or not marks:
        return {"seconds": None, "error": proc.stderr.strip().splitlines()[-1:] or ["no answer"]}
    return {"seconds": round(float(marks[-1].split()[1]) - started, 2), "process_total_s": round(total, 2)}


MODES = ("keyword", "vector", "hybrid", "answer")


def bench_warm(answerer, questions: list[dict], rounds: int) -> tuple[dict, dict]:
    """Per mode: one untimed pass (it gives the recall; its slowest answer is kept, since the
    model's first few calls are slow) and then `rounds` timed passes of the dev questions."""
    from bot.evaluation import evaluate

    latency: dict[str, dict] = {}
    quality: dict[str, dict] = {}
    for mode in MODES:
        first = evaluate(answerer, questions, mode)
        timed = [evaluate(answerer, questions, mode) for _ in range(rounds)]
        latency[mode] = {**_summary([ms for r in timed for ms in r.latencies_ms]), "first_pass_max": round(max(first.latencies_ms), 1)}
        overall = first.recall.get("all", {})
        quality[mode] = {f"r@{k}": round(overall.get(k, 0.0), 3) for k in (1, 3, 5)}
        quality[mode]["n"] = first.counts.get("all", 0)
    return latency, quality


def bench_soak(answerer, questions: list[dict], seconds: float) -> dict:
    """Answer the dev questions over and over: does memory grow, does latency drift?"""
    import gc

    gc.collect()
    rss_start = rss_now_mb()
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for q in questions:
            latencies.append(answerer.ask(q["question"]).latency_ms)
    gc.collect()
    tenth = max(1, len(latencies) // 10)
    return {
        "seconds": seconds,
        "asks": len(latencies),
        "rss_start_mb": rss_start,
        "rss_end_mb": rss_now_mb(),
        "p50_first_tenth_ms": _summary(latencies[:tenth])["p50"],
        "p50_last_tenth_ms": _summary(latencies[-tenth:])["p50"],
        "all": _summary(latencies),
    }


# -- synthetic corpora -----------------------------------------------------------------------------
@dataclass
class Seed:
    """What the synthetic corpora are grown from: real passage stems and window vectors,
    the dev questions and the query vectors (dev question embeddings first)."""

    passage_stems: list[str]
    vectors: np.ndarray
    questions: list[str]
    query_vectors: np.ndarray

    def fingerprint(self, vector_model: str = "fitted") -> str:
        digest = hashlib.sha256(f"{GENERATOR_VERSION}\0{vector_model}\0".encode())
        digest.update("\n".join(self.passage_stems).encode())
        digest.update(np.round(self.vectors, 3).astype("float32").tobytes())  # immune to last-bit jitter
        return digest.hexdigest()[:12]

    def save(self, path: Path) -> Path:
        np.savez(
            path, passage_stems=np.array(self.passage_stems, dtype=str), vectors=self.vectors,
            questions=np.array(self.questions, dtype=str), query_vectors=self.query_vectors,
        )
        return path

    @classmethod
    def load(cls, path: Path) -> Seed:
        with np.load(path, allow_pickle=False) as data:
            return cls(
                data["passage_stems"].tolist(), data["vectors"].astype("float32"),
                data["questions"].tolist(), data["query_vectors"].astype("float32"),
            )


def seed_from_index(config: Settings, embedder, questions: list[str]) -> Seed:
    """A Seed from the index in `config.data_dir` (its passages and FAISS vectors)."""
    import faiss

    from index.store import VECTORS_NAME, Store

    stems = [r["stems"] for r in _current_db(config).query("select stems from passages order by id")]
    stored = faiss.read_index(str(Store(config.data_dir).current() / VECTORS_NAME))
    flat = faiss.downcast_index(stored.index)
    vectors = flat.reconstruct_n(0, flat.ntotal)
    dev = embedder.encode(questions)
    extra = vector_sampler(vectors, np.random.default_rng(7))(max(0, VECTOR_QUERIES - len(dev)))
    return Seed(stems, vectors, questions, np.vstack([dev, extra]).astype("float32"))


def text_sampler(passage_stems: list[str], rng: np.random.Generator, compound_rate: float = COMPOUND_RATE):
    """Passages of stems drawn from the real unigram distribution and length distribution;
    a few tokens are compounds of two, so the vocabulary keeps growing with size as a real
    corpus's does."""
    counts = Counter(t for p in passage_stems for t in p.split())
    vocab = np.array(list(counts), dtype=object)
    probs = np.fromiter(counts.values(), dtype=float)
    probs /= probs.sum()
    lengths = np.array([n for n in (len(p.split()) for p in passage_stems) if n])

    def sample(count: int) -> list[str]:
        lens = rng.choice(lengths, count)
        tokens = vocab[rng.choice(len(vocab), int(lens.sum()), p=probs)]
        compound = rng.random(len(tokens)) < compound_rate
        tokens[compound] = tokens[compound] + vocab[rng.choice(len(vocab), int(compound.sum()), p=probs)]
        flat = tokens.tolist()
        ends = np.cumsum(lens).tolist()
        return [" ".join(flat[end - n : end]) for end, n in zip(ends, lens.tolist())]

    return sample


def vector_sampler(vectors: np.ndarray, rng: np.random.Generator, model: str = "fitted"):
    """Normalised random vectors of the model's dimension: `fitted` draws from a Gaussian with
    the real embeddings' mean and covariance plus isotropic noise (real embeddings are far
    from isotropic); `isotropic` is the uniform sphere (a worst case for HNSW)."""
    dim = vectors.shape[1]
    mean = vectors.mean(axis=0)
    centred = (vectors - mean) / np.sqrt(max(len(vectors) - 1, 1))
    noise = VECTOR_NOISE * float((vectors - mean).std())

    def sample(count: int) -> np.ndarray:
        if model == "isotropic":
            out = rng.standard_normal((count, dim))
        else:
            out = mean + rng.standard_normal((count, len(vectors))) @ centred + noise * rng.standard_normal((count, dim))
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out.astype("float32")

    return sample


@dataclass
class Synthetic:
    stems_path: Path
    vectors_path: Path


def synthetic_paths(bench_dir: Path, fingerprint: str, n: int) -> Synthetic:
    stem = bench_dir / f"synthetic-{fingerprint}-{n}"
    return Synthetic(stem.with_suffix(".stems.txt"), stem.with_suffix(".vectors.npy"))


def generate_synthetic(seed: Seed, n: int, bench_dir: Path, vector_model: str = "fitted") -> Synthetic:
    """The size-`n` corpus, generated once (in chunks, atomically) and cached in `bench_dir`."""
    out = synthetic_paths(bench_dir, seed.fingerprint(vector_model), n)
    if out.stems_path.exists() and out.vectors_path.exists():
        return out
    bench_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(n)
    texts, vectors = text_sampler(seed.passage_stems, rng), vector_sampler(seed.vectors, rng, vector_model)
    dim = seed.vectors.shape[1]
    tmp_text, tmp_vec = out.stems_path.with_suffix(".tmp"), out.vectors_path.with_suffix(".tmp")
    with open(tmp_text, "w", encoding="utf-8") as text_file, open(tmp_vec, "wb") as vec_file:
        np.lib.format.write_array_header_1_0(vec_file, {"descr": "<f4", "fortran_order": False, "shape": (n, dim)})
        for start in range(0, n, CHUNK):
            count = min(CHUNK, n - start)
            text_file.write("\n".join(texts(count)) + "\n")
            vec_file.write(vectors(count).tobytes())
    os.replace(tmp_text, out.stems_path)
    os.replace(tmp_vec, out.vectors_path)
    return out


def prune_cache(bench_dir: Path, fingerprint: str) -> None:
    """Remove seeds and synthetic corpora of other fingerprints (the corpus has changed)."""
    for path in [*bench_dir.glob("seed-*.npz"), *bench_dir.glob("synthetic-*")]:
        if fingerprint not in path.name:
            path.unlink(missing_ok=True)


def iter_lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\n")


def iter_vector_chunks(path: Path, chunk: int = CHUNK) -> Iterator[np.ndarray]:
    """The .npy matrix in chunks read into ordinary buffers (a memmap would count every page
    it touched towards RSS)."""
    with open(path, "rb") as handle:
        version = np.lib.format.read_magic(handle)
        read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, _, _ = read_header(handle)
        rows, dim = shape
        for start in range(0, rows, chunk):
            count = min(chunk, rows - start)
            yield np.fromfile(handle, dtype="<f4", count=count * dim).reshape(count, dim)


# -- keyword engines -------------------------------------------------------------------------------
class SparseBM25:
    """BM25Okapi (same idf, k1, b and epsilon floor as rank_bm25) as a CSR term-document
    matrix of precomputed weights: a query's scores are the sum of its terms' rows."""

    def __init__(self, docs: Iterator[str], k1: float = BM25_K1, b: float = BM25_B, epsilon: float = BM25_EPSILON) -> None:
        from scipy import sparse

        self.vocab: dict[str, int] = {}
        term_ids, lengths = [], []
        for doc in docs:
            ids = [self.vocab.setdefault(t, len(self.vocab)) for t in doc.split()]
            term_ids.append(np.asarray(ids, dtype=np.int32))
            lengths.append(len(ids))
        self.size = len(lengths)
        doc_len = np.asarray(lengths, dtype=np.float64)
        terms = np.concatenate(term_ids) if term_ids else np.zeros(0, np.int32)
        docs_of = np.repeat(np.arange(self.size, dtype=np.int32), lengths)
        del term_ids
        counts = sparse.coo_matrix(
            (np.ones(len(terms), np.float32), (terms, docs_of)), shape=(len(self.vocab), self.size)
        ).tocsr()  # duplicates summed: term frequencies
        del terms, docs_of
        df = np.diff(counts.indptr)
        idf = np.log(self.size - df + 0.5) - np.log(df + 0.5)
        idf[idf < 0] = epsilon * idf.mean() if len(idf) else 0.0
        tf = counts.data
        norm = k1 * (1 - b + b * doc_len[counts.indices] / max(doc_len.mean(), 1e-9))
        row_idf = np.repeat(idf, df)
        counts.data = (row_idf * tf * (k1 + 1) / (tf + norm)).astype(np.float32)
        self.matrix = counts

    def scores(self, query: list[str]) -> np.ndarray:
        scores = np.zeros(self.size, dtype=np.float32)
        indptr, indices, data = self.matrix.indptr, self.matrix.indices, self.matrix.data
        for term, times in Counter(query).items():
            row = self.vocab.get(term)
            if row is not None:
                start, end = indptr[row], indptr[row + 1]
                scores[indices[start:end]] += times * data[start:end]
        return scores

    def top(self, query: list[str], k: int) -> list[int]:
        return top_k(self.scores(query), k)


def top_k(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the `k` largest scores, best first."""
    k = min(k, len(scores))
    if k == 0:
        return []
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.argsort(-scores[part], kind="stable")].tolist()


def build_rank_bm25(docs: Iterator[str]):
    """rank_bm25's BM25Okapi; tokens are interned so equal terms share one string."""
    from rank_bm25 import BM25Okapi

    canon: dict[str, str] = {}
    return BM25Okapi([canon.setdefault(t, t) for t in doc.split()] for doc in docs)


def build_fts(path: Path, docs: Iterator[str]) -> None:
    """A passages table with a stems column and its FTS5 index, as index/build.py makes it."""
    import sqlite_utils

    db = sqlite_utils.Database(path)
    db["passages"].create({"id": int, "stems": str}, pk="id")
    db["passages"].insert_all(({"id": i, "stems": s} for i, s in enumerate(docs)), batch_size=1000)
    db["passages"].enable_fts(["stems"], tokenize="unicode61 remove_diacritics 2", create_triggers=False)
    db.close()


def open_fts(path: Path):
    """The read-only connection index/search.py's Generation opens, as a stand-in generation."""
    import sqlite3

    import sqlite_utils

    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return SimpleNamespace(db=sqlite_utils.Database(connection))


def fts_rank(generation, question: str, k: int) -> list[int]:
    """index/search.py's own rank_stems (its fts_query builder, its search call); it only
    touches `self` when no generation is given, so the production code path runs unchanged."""
    from index.search import Searcher

    return Searcher.rank_stems(None, question, k, generation)  # type: ignore[arg-type]


# -- vector engines --------------------------------------------------------------------------------
def exact_top_k(vectors_path: Path, queries: np.ndarray, k: int) -> np.ndarray:
    """Exact inner-product top-k ids per query, streaming the matrix (no full copy in memory)."""
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
    hits = [len(set(f.tolist()) & set(e.tolist())) / len(e) for f, e in zip(found, exact)]
    return round(float(np.mean(hits)), 4) if hits else 0.0


@contextmanager
def faiss_threads(count: int) -> Iterator[None]:
    """FAISS's OpenMP thread count for the duration (it defaults to one per core)."""
    import faiss

    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(count)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def search_each(index, queries: np.ndarray, k: int) -> tuple[np.ndarray, list[float]]:
    """One query at a time, as the answerer searches; ids and per-query milliseconds."""
    ids, ms = [], []
    for q in queries:
        (_, found), elapsed = _timed(index.search, q[None, :], min(k, index.ntotal))
        ids.append(found[0][:ANN_K])
        ms.append(elapsed)
    return np.vstack(ids), ms


def build_flat(vectors_path: Path, dim: int):
    """index/build.py's index: IndexIDMap2 over IndexFlatIP, ids = row numbers."""
    import faiss

    index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
    offset = 0
    for chunk in iter_vector_chunks(vectors_path):
        index.add_with_ids(chunk, np.arange(offset, offset + len(chunk), dtype="int64"))
        offset += len(chunk)
    return index


def build_hnsw(vectors_path: Path, dim: int):
    import faiss

    index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    for chunk in iter_vector_chunks(vectors_path):
        index.add(chunk)
    return index


def tune_hnsw(index, queries: np.ndarray, exact: np.ndarray) -> dict:
    """efSearch sweep; the smallest efSearch reaching ANN_RECALL (else the largest) is chosen."""
    sweep = []
    for ef in EF_SEARCH:
        index.hnsw.efSearch = ef
        found, ms = search_each(index, queries, ANN_K)
        sweep.append({"ef_search": ef, "recall_at_10": recall_at(found, exact), **_summary(ms)})
    chosen = next((s for s in sweep if s["recall_at_10"] >= ANN_RECALL), sweep[-1])
    index.hnsw.efSearch = chosen["ef_search"]
    _, ms_prod = search_each(index, queries, PRODUCTION_VECTOR_K)
    with faiss_threads(1):
        _, ms_single = search_each(index, queries, PRODUCTION_VECTOR_K)
    return {
        **chosen,
        "k300": _summary(ms_prod),
        "k300_1thread": _summary(ms_single),
        "sweep": [{k: s[k] for k in ("ef_search", "recall_at_10", "p50")} for s in sweep],
    }


# -- one size ----------------------------------------------------------------------------------------
def scale_size(n: int, seed: Seed, synthetic: Synthetic, workdir: Path, hnsw_above: int = HNSW_ABOVE) -> dict:
    """All scale figures for one size (meant to run in a process of its own). Peak RSS is
    read after the system phase, before alternatives and baselines can raise it."""
    workdir.mkdir(parents=True, exist_ok=True)
    fig: dict = {"passages": n, "index": "hnsw" if n > hnsw_above else "flat", "build_s": {}, "search_ms": {}, "rss_mb": {}}
    _log(f"scale {n}: exact top-{ANN_K} (streamed)")
    exact = exact_top_k(synthetic.vectors_path, seed.query_vectors, ANN_K)
    _phase_system(fig, seed, synthetic, workdir, exact)
    fig["rss_mb"]["system_peak"] = peak_rss_mb()
    sparse = _phase_alternatives(fig, seed, synthetic, exact)
    _phase_baselines(fig, seed, synthetic, sparse)
    fig["rss_mb"]["all_peak"] = peak_rss_mb()
    p50 = {k: v["p50"] for k, v in fig["search_ms"].items()}
    fig["ratios"] = {
        "numpy_over_vector": _ratio(p50["numpy"], p50["vector"]),
        "rank_bm25_over_fts": _ratio(p50["rank_bm25"], p50["fts"]),
        "rank_bm25_over_sparse": _ratio(p50["rank_bm25"], p50["sparse"]),
        "fts_over_sparse": _ratio(p50["fts"], p50["sparse"]),
    }
    return fig


def _keyword_rounds(n: int) -> int:
    return 3 if n <= 100_000 else 1


def _phase_system(fig: dict, seed: Seed, synthetic: Synthetic, workdir: Path, exact: np.ndarray) -> None:
    """What a server would hold: the FAISS index of the chosen type and SQLite FTS5 on stems."""
    import faiss

    n, queries = fig["passages"], seed.query_vectors
    _log(f"scale {n}: FAISS {fig['index']}")
    build = build_hnsw if fig["index"] == "hnsw" else build_flat
    index, fig["build_s"]["faiss"] = _built(build, synthetic.vectors_path, queries.shape[1])
    if fig["index"] == "hnsw":
        fig["ann"] = tune_hnsw(index, queries, exact)
        fig["search_ms"]["vector"] = {k: fig["ann"][k] for k in ("n", "p50", "p95", "p99")}
        fig["search_ms"]["vector_k300"] = fig["ann"]["k300"]
        fig["search_ms"]["vector_k300_1thread"] = fig["ann"]["k300_1thread"]
    else:
        found, ms = search_each(index, queries, ANN_K)
        fig["flat_recall_at_10"] = recall_at(found, exact)
        fig["search_ms"]["vector"] = _summary(ms)
        fig["search_ms"]["vector_k300"] = _summary(search_each(index, queries, PRODUCTION_VECTOR_K)[1])
        with faiss_threads(1):
            fig["search_ms"]["vector_k300_1thread"] = _summary(search_each(index, queries, PRODUCTION_VECTOR_K)[1])
    faiss.write_index(index, str(workdir / "vectors.faiss"))
    del index

    _log(f"scale {n}: SQLite FTS5")
    db_path = workdir / "index.db"
    db_path.unlink(missing_ok=True)
    _, fig["build_s"]["fts"] = _built(build_fts, db_path, iter_lines(synthetic.stems_path))
    generation = open_fts(db_path)
    for question in seed.questions[:3]:
        fts_rank(generation, question, KEYWORD_DEPTH)  # warm-up
    rounds = _keyword_rounds(n)
    fig["search_ms"]["fts"] = _summary([_timed(fts_rank, generation, q, KEYWORD_DEPTH)[1] for _ in range(rounds) for q in seed.questions])
    generation.db.close()
    fig["disk_mb"] = {"sqlite": _size_mb(db_path), "faiss": _size_mb(workdir / "vectors.faiss")}
    fig["disk_mb"]["total"] = round(fig["disk_mb"]["sqlite"] + fig["disk_mb"]["faiss"], 1)


def _phase_alternatives(fig: dict, seed: Seed, synthetic: Synthetic, exact: np.ndarray) -> SparseBM25:
    """Sparse BM25, HNSW where flat was chosen, and the Searcher's in-memory term sets."""
    n = fig["passages"]
    _log(f"scale {n}: sparse BM25")
    before = rss_now_mb()
    sparse, fig["build_s"]["sparse"] = _built(SparseBM25, iter_lines(synthetic.stems_path))
    fig["rss_mb"]["sparse_delta"] = round(rss_now_mb() - before, 1)
    fig["vocabulary"] = len(sparse.vocab)
    terms = [_stems(q) for q in seed.questions]
    rounds = _keyword_rounds(n)
    fig["search_ms"]["sparse"] = _summary([_timed(sparse.top, t, KEYWORD_DEPTH)[1] for _ in range(rounds) for t in terms])
    if fig["index"] == "flat":
        _log(f"scale {n}: HNSW for comparison")
        hnsw, fig["build_s"]["hnsw"] = _built(build_hnsw, synthetic.vectors_path, seed.query_vectors.shape[1])
        fig["ann"] = tune_hnsw(hnsw, seed.query_vectors, exact)
        del hnsw
    _log(f"scale {n}: term sets")
    fig["term_sets_mb"] = term_sets_mb(synthetic.stems_path, n)
    return sparse


def _phase_baselines(fig: dict, seed: Seed, synthetic: Synthetic, sparse: SparseBM25) -> None:
    """NumPy brute force over the whole matrix, and rank_bm25 (skipped when too slow to build)."""
    n = fig["passages"]
    _log(f"scale {n}: NumPy brute force")
    matrix = np.load(synthetic.vectors_path)
    fig["search_ms"]["numpy"] = _summary([_timed(_numpy_top, matrix, q, ANN_K)[1] for q in seed.query_vectors[:50]])
    del matrix
    _log(f"scale {n}: rank_bm25")
    fig["rank_bm25"] = bench_rank_bm25(synthetic.stems_path, n, [_stems(q) for q in seed.questions], sparse)
    fig["build_s"]["rank_bm25"] = fig["rank_bm25"].get("build_s")
    fig["search_ms"]["rank_bm25"] = fig["rank_bm25"].pop("search_ms", _summary([]))


def _stems(question: str) -> list[str]:
    from index.search import MAX_QUESTION_CHARS
    from ingest.normalize import stems

    return stems(question[:MAX_QUESTION_CHARS])


def _numpy_top(matrix: np.ndarray, query: np.ndarray, k: int) -> list[int]:
    return top_k(matrix @ query, k)


def term_sets_mb(stems_path: Path, n: int, sample: int = 10_000) -> dict:
    """Memory of the per-passage term sets index/search.py's Generation keeps (a set of its
    own strings per passage, stems and grams), counted with sys.getsizeof on a sample of
    passages and scaled to `n` (RSS deltas are unreliable once freed memory is reused)."""
    import itertools

    from ingest.normalize import char_grams

    def set_bytes(terms: set[str]) -> int:
        return sys.getsizeof(terms) + sum(sys.getsizeof(t) for t in terms)

    stems_bytes = grams_bytes = count = 0
    for line in itertools.islice(iter_lines(stems_path), sample):
        stems_bytes += set_bytes(set(line.split()))
        grams_bytes += set_bytes(set(" ".join(char_grams(line)).split()))
        count += 1
    per_mb = n / max(count, 1) / 2**20
    return {"stems": round(stems_bytes * per_mb, 1), "grams": round(grams_bytes * per_mb, 1)}


def bench_rank_bm25(stems_path: Path, n: int, query_terms: list[list[str]], sparse: SparseBM25) -> dict:
    """rank_bm25 on the same data, skipped when a sample predicts a build over RANK_BM25_MAX_BUILD_S;
    also checks that SparseBM25 picks a top-1 with rank_bm25's best score."""
    import itertools

    sample = min(n, 10_000)
    bm25, build_s = _built(build_rank_bm25, itertools.islice(iter_lines(stems_path), sample))
    estimate = build_s * n / sample
    if estimate > RANK_BM25_MAX_BUILD_S:
        return {"skipped": True, "reason": f"build estimated at {estimate:.0f} s > {RANK_BM25_MAX_BUILD_S:.0f} s", "build_s": None}
    if sample < n:
        del bm25
        bm25, build_s = _built(build_rank_bm25, iter_lines(stems_path))
    limit = len(query_terms) if n <= 100_000 else 5  # a query scans every document in Python
    latencies, agree = [], 0
    for terms in query_terms[:limit]:
        (scores, _), elapsed = _timed(_rank_bm25_search, bm25, terms, KEYWORD_DEPTH)
        latencies.append(elapsed)
        candidate = sparse.top(terms, 1)
        agree += int(bool(candidate) and bool(np.isclose(scores[candidate[0]], scores.max(), rtol=1e-4)))
    return {
        "skipped": False, "build_s": build_s, "queries": limit,
        "agree_top1_with_sparse": f"{agree}/{limit}", "search_ms": _summary(latencies),
    }


def _rank_bm25_search(bm25, terms: list[str], k: int) -> tuple[np.ndarray, list[int]]:
    scores = bm25.get_scores(terms)
    return scores, top_k(scores, k)


# -- subprocesses -------------------------------------------------------------------------------------
def _run_child(task: dict, timeout: float | None = None) -> dict:
    """Run one task in a fresh interpreter (its own peak RSS) and return its JSON result."""
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as tmp:
        task_path, out_path = Path(tmp) / "task.json", Path(tmp) / "out.json"
        task_path.write_text(json.dumps(task), encoding="utf-8")
        code = "import sys; from bot.bench import child_main; child_main(sys.argv[1], sys.argv[2])"
        proc = subprocess.run([sys.executable, "-c", code, str(task_path), str(out_path)], cwd=PROJECT_ROOT, timeout=timeout)
        if proc.returncode != 0 or not out_path.exists():
            return {"error": f"{task['task']} {task.get('n')} failed with exit code {proc.returncode}"}
        return json.loads(out_path.read_text(encoding="utf-8"))


def child_main(task_path: str, out_path: str) -> None:
    task = json.loads(Path(task_path).read_text(encoding="utf-8"))
    seed = Seed.load(Path(task["seed"]))
    bench_dir = Path(task["bench_dir"])
    synthetic = generate_synthetic(seed, task["n"], bench_dir, task.get("vector_model", "fitted"))
    result: dict = {"stems": str(synthetic.stems_path)}
    if task["task"] == "scale":
        workdir = bench_dir / f"build-{task['n']}"
        try:
            result = scale_size(task["n"], seed, synthetic, workdir, task.get("hnsw_above", HNSW_ABOVE))
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    Path(out_path).write_text(json.dumps(result), encoding="utf-8")


def run_scale(seed_path: Path, n: int, bench_dir: Path, **options) -> dict:
    """Generate (cached) then measure size `n`, each in its own subprocess; `options` go to
    the task (`hnsw_above`, `vector_model`)."""
    common = {"seed": str(seed_path), "n": n, "bench_dir": str(bench_dir), **options}
    generated = _run_child({**common, "task": "generate"})
    if "error" in generated:
        return {"passages": n, **generated}
    started = time.perf_counter()
    result = _run_child({**common, "task": "scale"})
    result["wall_s"] = round(time.perf_counter() - started, 1)
    return result


# -- targets and the table ----------------------------------------------------------------------------
def _target(name: str, value, check, shown: str) -> dict:
    """One target line; `check(value)` decides pass/fail, a missing value is n/a."""
    missing = value is None
    return {"target": name, "value": value, "shown": "not run" if missing else shown, "pass": None if missing else bool(check(value))}


def evaluate_targets(fig: dict) -> list[dict]:
    """The issue's reference targets against the figures."""
    latency, ingest, scale = fig.get("latency", {}), fig.get("ingest", {}), fig.get("scale", [])
    by_size = {r.get("passages"): r for r in scale if "error" not in r}
    p95 = latency.get("answer", {}).get("p95")
    targets = [_target("warm full answer p95 < 30 ms (sample corpus)", p95, lambda v: v < 30, f"{p95} ms")]
    for n, row in by_size.items():
        if "ann" in row:
            recall, ef = row["ann"]["recall_at_10"], row["ann"]["ef_search"]
            name = f"ANN recall@10 ≥ {ANN_RECALL} vs exact @ {_short(n)}"
            targets.append(_target(name, recall, lambda v: v >= ANN_RECALL, f"{recall} (efSearch {ef})"))
    rss = by_size.get(1_000_000, {}).get("rss_mb", {}).get("system_peak")
    targets.append(_target("1M passages < 3 GB peak RSS (FAISS + FTS5)", rss, lambda v: v < 3072, f"{rss} MB"))
    ratios = by_size.get(100_000, {}).get("ratios", {})
    for engine, key in (("FTS5 (as built today)", "rank_bm25_over_fts"), ("sparse BM25", "rank_bm25_over_sparse")):
        ratio = ratios.get(key)
        targets.append(_target(f"keyword ≥ 10× faster than rank_bm25 @ 100k: {engine}", ratio, lambda v: v >= 10, f"{ratio}×"))
    embedding = ingest.get("embedding", {})
    for label, key in (("straight, best batch", "best_passages_per_s"), ("as ingest embeds, 40-word windows", "windowed_passages_per_s")):
        rate = embedding.get(key)
        targets.append(_target(f"embedding ≥ 25 passages/s ({label})", rate, lambda v: v >= 25, f"{rate} /s"))
    embedded = ingest.get("reingest", {}).get("embedded")
    targets.append(_target("re-ingest unchanged embeds 0", embedded, lambda v: v == 0, f"{embedded} embedded"))
    cold = latency.get("cold_start", {}).get("seconds")
    targets.append(_target("cold start < 8 s", cold, lambda v: v < 8, f"{cold} s"))
    return targets


def _short(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def _table(rows: list[list]) -> list[str]:
    """Rows of cells as left-aligned first column and right-aligned others."""
    cells = [["–" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells if i < len(r)) for i in range(max(map(len, cells)))]
    return ["  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)).rstrip() for r in cells]


def _fmt(value, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        value = f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return f"{value}{unit}"


def render(fig: dict) -> str:
    """The whole run as text: one block per section."""
    out: list[str] = []
    if "machine" in fig:
        m = fig["machine"]
        out.append(
            f"machine: {m['cpus']} CPUs, {m['memory_gb']} GB, load {m['load_start']} → {m['load_end']}, "
            f"Python {m['python']}, faiss {m['faiss']}"
        )
    if "ingest" in fig:
        i = fig["ingest"]
        e = i["embedding"]
        out += ["", f"== Ingest (sample corpus: {i['documents']} documents, {i['pages']} pages, {i['passages']} passages)"]
        rows = [
            ["model load", _fmt(i["model_load_s"], " s"), "", ""],
            [
                "cold ingest (empty cache)", _fmt(i["cold"]["seconds"], " s"),
                _fmt(i["cold"]["pages_per_s"], " pages/s"), _fmt(i["cold"]["passages_per_s"], " passages/s"),
            ],
        ]
        rows += [[f"embedding, batch {b} (120 words)", _fmt(v, " passages/s"), "", ""] for b, v in e["passages_per_s"].items()]
        windowed = f"embedding as ingest does ({e['windows_per_passage']} windows)"
        rows.append([windowed, _fmt(e["windowed_passages_per_s"], " passages/s"), "", ""])
        rows.append(["re-ingest unchanged", _fmt(i["reingest"]["seconds"], " s"), f"embedded {i['reingest']['embedded']}", ""])
        out += _table(rows)
    if "latency" in fig:
        lat = fig["latency"]
        out += ["", f"== Answer latency, warm (ms; {lat.get('rounds', 1)} timed passes of the dev questions after one untimed)"]
        out += _table(
            [["mode", "n", "p50", "p95", "p99", "untimed pass max"]]
            + [[m, lat[m]["n"], *(_fmt(lat[m][k]) for k in ("p50", "p95", "p99", "first_pass_max"))] for m in MODES if m in lat]
        )
        out.append(f"cold start (process start → first answer): {_fmt(lat['cold_start'].get('seconds'), ' s')}")
    if "quality" in fig:
        out += ["", "== Quality (dev set, recall@k)"]
        q = fig["quality"]
        out += _table([["mode", "n", "r@1", "r@3", "r@5"]] + [[m, q[m]["n"], *(q[m][f"r@{k}"] for k in (1, 3, 5))] for m in MODES if m in q])
    if fig.get("scale"):
        out += ["", "== Scale (synthetic; one vector per passage; ms are per query)"]
        out += _table(_scale_rows(fig["scale"]))
    if "soak" in fig:
        s = fig["soak"]
        out += ["", f"== Soak ({s['seconds']} s, {s['asks']} answers)"]
        out.append(
            f"RSS {s['rss_start_mb']} → {s['rss_end_mb']} MB; p50 first tenth {s['p50_first_tenth_ms']} ms, "
            f"last tenth {s['p50_last_tenth_ms']} ms; p95 {s['all']['p95']} ms"
        )
    if fig.get("targets"):
        out += ["", "== Targets"]
        out += _table([[t["target"], t["shown"], {True: "PASS", False: "FAIL", None: "n/a"}[t["pass"]]] for t in fig["targets"]])
    for note in fig.get("notes", []):
        out.append(f"note: {note}")
    return "\n".join(out)


def _scale_rows(rows: list[dict]) -> list[list]:
    """Metrics down, sizes across."""

    def get(row: dict, *path, unit: str = ""):
        for key in path:
            if not isinstance(row, dict) or key not in row:
                return "–"
            row = row[key]
        return _fmt(row, unit)

    def ms(row, engine):
        s = row.get("search_ms", {}).get(engine)
        return "–" if not s or s.get("p50") is None else f"{_fmt(s['p50'])} / {_fmt(s['p95'])}"

    def bm25_build(row):
        r = row.get("rank_bm25", {})
        return "skipped" if r.get("skipped") else _fmt(r.get("build_s"), " s")

    spec = [
        ("index (vector side)", lambda r: r.get("index", r.get("error", "–"))),
        ("vocabulary (terms)", lambda r: get(r, "vocabulary")),
        ("build FAISS", lambda r: get(r, "build_s", "faiss", unit=" s")),
        ("build FTS5", lambda r: get(r, "build_s", "fts", unit=" s")),
        ("build sparse BM25", lambda r: get(r, "build_s", "sparse", unit=" s")),
        ("build HNSW (comparison)", lambda r: get(r, "build_s", "hnsw", unit=" s")),
        ("build rank_bm25", bm25_build),
        ("disk SQLite+FAISS MB", lambda r: get(r, "disk_mb", "total")),
        ("peak RSS system MB", lambda r: get(r, "rss_mb", "system_peak")),
        ("peak RSS all phases MB", lambda r: get(r, "rss_mb", "all_peak")),
        ("sparse BM25 matrix MB", lambda r: get(r, "rss_mb", "sparse_delta")),
        ("Searcher stem sets MB", lambda r: get(r, "term_sets_mb", "stems")),
        ("Searcher gram sets MB", lambda r: get(r, "term_sets_mb", "grams")),
        ("vector k=10 p50/p95", lambda r: ms(r, "vector")),
        ("vector k=300 p50/p95", lambda r: ms(r, "vector_k300")),
        ("vector k=300, 1 thread p50/p95", lambda r: ms(r, "vector_k300_1thread")),
        ("NumPy brute force p50/p95", lambda r: ms(r, "numpy")),
        ("  ratio NumPy / vector", lambda r: get(r, "ratios", "numpy_over_vector", unit="×")),
        ("ANN (HNSW) recall@10", lambda r: get(r, "ann", "recall_at_10")),
        ("  at efSearch", lambda r: get(r, "ann", "ef_search")),
        ("  HNSW p50/p95", lambda r: f"{_fmt(r['ann']['p50'])} / {_fmt(r['ann']['p95'])}" if "ann" in r else "–"),
        ("FTS5 stems p50/p95", lambda r: ms(r, "fts")),
        ("sparse BM25 p50/p95", lambda r: ms(r, "sparse")),
        ("rank_bm25 p50/p95", lambda r: "skipped" if r.get("rank_bm25", {}).get("skipped") else ms(r, "rank_bm25")),
        ("  ratio rank_bm25 / FTS5", lambda r: get(r, "ratios", "rank_bm25_over_fts", unit="×")),
        ("  ratio rank_bm25 / sparse", lambda r: get(r, "ratios", "rank_bm25_over_sparse", unit="×")),
        ("  sparse top-1 = rank_bm25", lambda r: get(r, "rank_bm25", "agree_top1_with_sparse")),
        ("wall time (s)", lambda r: get(r, "wall_s")),
    ]
    return [["passages"] + [_short(r["passages"]) for r in rows]] + [[label] + [fn(r) for r in rows] for label, fn in spec]


def _notes(fig: dict, seed: Seed) -> list[str]:
    """What the scale figures leave out, and the Searcher's term sets projected to 1M passages."""
    per_passage = len(seed.vectors) / max(len(seed.passage_stems), 1)
    notes = [
        f"the real index stores one vector per 40-word window ({per_passage:.1f} per passage in the sample corpus); "
        f"scale uses one per passage, so FAISS memory at N real passages is ~{per_passage:.1f}× the scale figure",
        "scale FTS5 holds the stems column only; the real index also has the character-gram FTS5 table",
        f"synthetic text is drawn from the sample corpus's {len({t for p in seed.passage_stems for t in p.split()})} stems, "
        "so every query term is frequent (long posting lists): keyword figures are on the pessimistic side",
        "'peak RSS system' is read after FAISS + FTS5 (phase 1); 'all phases' adds sparse BM25, the HNSW "
        "comparison and the baselines",
    ]
    measured = [r for r in fig.get("scale", []) if "term_sets_mb" in r]
    if measured:
        row = max(measured, key=lambda r: r["passages"])
        total = row["term_sets_mb"]["stems"] + row["term_sets_mb"]["grams"]
        n = row["passages"]
        projected = "" if n == 1_000_000 else f", ~{total * 1_000_000 / n / 1024:.0f} GB projected at 1M"
        notes.append(
            "index/search.py's Generation keeps a stem set and a gram set per passage in memory: "
            f"{total / 1024:.1f} GB at {_short(n)} passages{projected} (sys.getsizeof on a sample, scaled)"
        )
    if not any(r.get("passages") == 1_000_000 for r in fig.get("scale", [])):
        notes.append("targets at 100k/1M read 'not run' unless those sizes are in --sizes")
    return notes


# -- entry point -------------------------------------------------------------------------------------
def _machine(load_start: tuple[float, ...]) -> dict:
    import faiss
    import psutil

    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "load_start": round(load_start[0], 2),
        "load_end": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "faiss": faiss.__version__,
    }


def run_bench(
    settings: Settings,
    quick: bool,
    sizes: list[int] | None,
    as_json: bool,
    soak: bool = False,
    qa_path: Path = DEFAULT_QA,
) -> dict:
    """Run the benchmark, print the table (or one JSON object) and return the figures."""
    from bot.answerer import Answerer
    from bot.evaluation import load_questions
    from index.embedder import Embedder
    from index.search import Searcher

    load_start = os.getloadavg()
    sizes = sorted(sizes) if sizes else (QUICK_SIZES if quick else FULL_SIZES)
    questions = load_questions(Path(qa_path).resolve())
    bench_dir = settings.data_dir / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    fig: dict = {"quick": quick, "sizes": sizes, "qa_file": str(Path(qa_path).resolve())}
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as tmp:
        config = dataclasses.replace(settings, data_dir=Path(tmp) / "data")
        fig["ingest"] = bench_ingest(config, quick)
        _log("latency: cold start")
        cold = bench_cold_start(config, questions[0]["question"])
        _log("latency and quality: warm")
        embedder = Embedder(config.model, config.model_path)
        answerer = Answerer(config, Searcher(config, embedder))
        rounds = 3 if quick else 10
        fig["latency"], fig["quality"] = bench_warm(answerer, questions, rounds)
        fig["latency"].update({"rounds": rounds, "cold_start": cold})
        if soak:
            _log("soak")
            fig["soak"] = bench_soak(answerer, questions, 30.0 if quick else 300.0)
        seed = seed_from_index(config, embedder, [q["question"] for q in questions])
        prune_cache(bench_dir, seed.fingerprint())
        seed_path = seed.save(bench_dir / f"seed-{seed.fingerprint()}.npz")
    fig["scale"] = []
    for n in sizes:
        _log(f"scale {n}")
        fig["scale"].append(run_scale(seed_path, n, bench_dir))
    fig["notes"] = _notes(fig, seed)
    fig["machine"] = _machine(load_start)
    fig["targets"] = evaluate_targets(fig)
    print(json.dumps(fig, ensure_ascii=False, indent=2) if as_json else render(fig))
    return fig
