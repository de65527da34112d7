"""`samverkan bench`: how fast, how big and how good, in one run.

The figures are one JSON-able dict with these sections; `render` prints them as one
table and `--json` prints the dict itself:

* ingest  – the sample corpus ingested cold into a temporary data directory (empty
            embedding cache), embedding throughput (straight through the model, and as
            ingest embeds: `Embedder.embed_cached`, one vector per ~120-word passage),
            and a re-ingest with nothing changed (which must embed 0).
* latency – cold start (process start to first answer, in a fresh `python -c`) and warm
            p50/p95/p99 per retriever (stems, grams, keyword = both, vector, hybrid) and
            for the full answer.
* quality – recall@1/3/5 on the dev questions per mode (`tools.evaluation.evaluate`).
* scale   – synthetic corpora (text sampled from the real passages' stems, vectors drawn
            from a Gaussian fitted to the real embeddings), cached under
            `data_dir/bench`. Per size, three steps, each in a fresh process of its own
            (so peak RSS is per step):
            1. build – a real generation made with the production code (index.db rows,
               `KeywordIndex.build`, `index.vectors.build_index`), published with `Store`
               in `data_dir/bench/data-<n>`; seconds and peak RSS per phase, disk;
            2. answer – `Searcher` + `Answerer` over that generation with the real
               embedder: load time, warm latency per retriever and of the full answer,
               FAISS alone, and the peak RSS of this answering process;
            3. baselines – on the same data: exact top-10 (for recall), NumPy brute
               force, HNSW as index/vectors.py builds it above `FLAT_MAX` (built for
               comparison where the size is served flat, an efSearch sweep of the served
               index where it is HNSW) and rank_bm25.
* targets – the issue's reference targets with pass/fail.

Every run (not the soak alone) also writes its figures to `data_dir/bench/last-run.json`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
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

import numpy as np

from tools.latency import summary as latency_summary
from settings import PROJECT_ROOT, Settings

DEFAULT_QA = PROJECT_ROOT / ".." / "shared" / "eval" / "dev_qa.jsonl"
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


# -- small helpers -------------------------------------------------------------------------
def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


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
    from index.embedder import load_model

    started = time.perf_counter()
    load_model(config.model_path)
    model_s = time.perf_counter() - started
    _log("ingest: cold")
    cold = ingest_corpus(config)
    _log("ingest: embedding throughput")
    throughput = embedding_throughput(config, _sample_texts(config), quick)
    _log("ingest: re-ingest unchanged")
    again = ingest_corpus(config)
    _log("ingest: OCR of scanned pages")
    from ingest.ocr import ocr_pages_per_second

    ocr = ocr_pages_per_second(config.data_dir, pages=1 if quick else 3)
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
        "ocr_pages_per_s": round(ocr, 3) if ocr is not None else None,
    }


def _current_db(config: Settings):
    import sqlite_utils

    from index.store import DB_NAME, Store

    return sqlite_utils.Database(Store(config.data_dir).current() / DB_NAME)


def _sample_texts(config: Settings, words_per_text: int = 120) -> list[str]:
    """~120-word passages cut from the real passages' text (cycled with an offset if the
    corpus is short), each led by a real heading as `embedding_text` does."""
    from index.embedder import embedding_text

    rows = list(_current_db(config).query("select heading, text from passages order by id"))
    words = " ".join(r["text"] for r in rows).split()
    headings = [r["heading"] for r in rows if r["heading"]] or [""]
    bodies: list[str] = []
    offset = 0
    while len(bodies) < 256 and offset < words_per_text:
        bodies += [" ".join(words[i : i + words_per_text]) for i in range(offset, len(words) - words_per_text, words_per_text)]
        offset += 17
    return [embedding_text(headings[i % len(headings)], body) for i, body in enumerate(bodies)]


def embedding_throughput(config: Settings, texts: list[str], quick: bool) -> dict:
    """Passages/s for ~120-word passages: straight through the model at batch 16/32/64, and
    as ingest embeds them (`Embedder.embed_cached` into an empty cache: hashing, the model
    at ingest's batch size, cache writes; one vector per passage)."""
    from index.embedder import Embedder

    count, repeats = (64, 1) if quick else (192, 2)
    texts = texts[:count]
    embedder = Embedder(config.model, config.model_path)
    for _ in range(8):  # the first few calls after loading are many times slower
        embedder.encode(texts[:4])
    by_batch = {}
    for batch in (16, 32, 64):
        best = min(_timed(embedder.encode, texts, batch)[1] for _ in range(repeats))
        by_batch[str(batch)] = round(len(texts) / (best / 1000), 2)
    as_ingest: list[float] = []
    embedded = 0
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as tmp:
        for attempt in range(repeats):
            fresh = Embedder(config.model, config.model_path, Path(tmp) / f"cache-{attempt}.db")
            as_ingest.append(_timed(fresh.embed_cached, texts)[1])
            embedded = fresh.embedded
    return {
        "words_per_passage": 120,
        "passages": len(texts),
        "passages_per_s": by_batch,
        "best_passages_per_s": max(by_batch.values()),
        "ingest_passages_per_s": round(embedded / (min(as_ingest) / 1000), 2),
        "ingest_embedded": embedded,
    }


# -- answer latency and quality ------------------------------------------------------------------
_COLD_START = """
import sys, time
import settings
from answer.answerer import Answerer
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


MODES = ("stems", "grams", "keyword", "vector", "hybrid", "answer")
SINGLE_RETRIEVERS = ("stems", "grams", "keyword", "vector")  # what hybrid must at least match
SEARCH_MODES = ("stems", "grams", "keyword", "vector", "hybrid")


def bench_warm(answerer, questions: list[dict], rounds: int) -> tuple[dict, dict]:
    """Per mode: one untimed pass (it gives the recall; its slowest answer is kept, since the
    model's first few calls are slow) and then `rounds` timed passes of the dev questions."""
    from tools.evaluation import evaluate

    timings: dict[str, dict] = {}
    quality: dict[str, dict] = {}
    for mode in MODES:
        first = evaluate(answerer, questions, mode)
        timed = [evaluate(answerer, questions, mode) for _ in range(rounds)]
        timings[mode] = {**latency_summary([ms for r in timed for ms in r.latencies_ms]), "first_pass_max": round(max(first.latencies_ms), 1)}
        overall = first.recall.get("all", {})
        quality[mode] = {f"r@{k}": round(overall.get(k, 0.0), 3) for k in (1, 3, 5)}
        quality[mode]["n"] = first.counts.get("all", 0)
    return timings, quality


def bench_soak(settings: Settings, quick: bool, qa_path: Path | None = None) -> dict:
    """`--soak`: 4 concurrent askers while a copy of the corpus is re-ingested (bot/soak.py):
    60 s and 5 re-ingests, or 15 s and 2 with `--quick`."""
    from tools.soak import run_soak

    seconds, reingests = (15.0, 2) if quick else (60.0, 5)
    return run_soak(settings, askers=4, seconds=seconds, reingests=reingests, qa_path=qa_path, log=_log)


# -- synthetic corpora -----------------------------------------------------------------------------
@dataclass
class Seed:
    """What the synthetic corpora are grown from: real passage stems and passage vectors,
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
    hits = [len(set(f.tolist()) & set(e.tolist())) / len(e) for f, e in zip(found, exact)]
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


def reset_peak_rss() -> bool:
    """Start VmHWM over from the current RSS (Linux: 5 to /proc/self/clear_refs)."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
        return True
    except OSError:
        return False


# -- one size, step 1: a real generation --------------------------------------------------------------
def _passage_rows(stems_path: Path) -> Iterator[tuple]:
    """passages rows: the synthetic stems line is both display text and `stems`; passage id =
    line number + 1; documents of PASSAGES_PER_DOCUMENT passages, PASSAGES_PER_PAGE a page."""
    for row, line in enumerate(iter_lines(stems_path)):
        doc, ordinal = divmod(row, PASSAGES_PER_DOCUMENT)
        page = ordinal // PASSAGES_PER_PAGE + 1
        yield (row + 1, f"syntetisk-{doc:06d}.pdf", f"Syntetiskt dokument {doc + 1}", page, page, str(page),
               f"Avsnitt {ordinal + 1}", line, ordinal, line)


def _document_rows(n: int, now: str) -> Iterator[tuple]:
    for doc in range(-(-n // PASSAGES_PER_DOCUMENT)):
        passages = min(PASSAGES_PER_DOCUMENT, n - doc * PASSAGES_PER_DOCUMENT)
        pages = (passages - 1) // PASSAGES_PER_PAGE + 1
        yield (f"syntetisk-{doc:06d}.pdf", f"Syntetiskt dokument {doc + 1}", "pdf", "", pages, passages, 0, now)


def build_generation(n: int, synthetic: Synthetic, data_dir: Path, model: str, hnsw_above: int | None = None) -> dict:
    """A generation of the synthetic corpus, built with index/build.py's schema and the
    production keyword and vector builders, published with Store in `data_dir` (emptied
    first). Seconds and peak RSS per phase (VmHWM is reset between phases), disk per part.
    `hnsw_above` replaces index.vectors.FLAT_MAX as the size above which HNSW is served (tests)."""
    import sqlite_utils

    import index.vectors as vectors_module
    from index.build import create_schema
    from index.keyword import GRAMS_NAME, MATRIX_NAME, TERMS_NAME, KeywordIndex
    from index.store import DB_NAME, VECTORS_NAME, Store

    kind = vectors_module.index_kind(n) if hnsw_above is None else ("hnsw" if n > hnsw_above else "flat")
    shutil.rmtree(data_dir, ignore_errors=True)
    store = Store(data_dir)
    building = store.begin()
    fig: dict = {"passages": n, "index": kind, "seconds": {}, "peak_rss_mb": {}}
    fig["peak_rss_reset"] = reset_peak_rss()

    def phase(name: str, fn):
        _log(f"scale {n}: build {name}")
        reset_peak_rss()
        result, fig["seconds"][name] = _built(fn)
        fig["peak_rss_mb"][name] = peak_rss_mb()
        return result

    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    db = sqlite_utils.Database(building / DB_NAME)
    create_schema(db)

    def rows() -> None:
        with db.conn:
            db.conn.executemany(
                "insert into passages (id, document, title, page_start, page_end, page, heading, text, ordinal, stems) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                _passage_rows(synthetic.stems_path),
            )
            db.conn.executemany(
                "insert into documents (name, title, kind, sha256, pages, passages, contacts, ingested_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                _document_rows(n, now),
            )

    def keyword() -> dict:  # as index/build.py's _finish does it
        index = KeywordIndex.build(db.execute("select id, stems from passages order by id"))
        index.save(building)
        return {"terms": len(index.terms), "grams": len(index.gram_ids), "postings": int(index.matrix.nnz), "gram_links": int(index.gram_terms.nnz)}

    def vectors() -> int:  # as index/build.py's _build_vectors does it, vectors from the cache
        matrix = np.load(synthetic.vectors_path)
        index = vectors_module.build_index(matrix, np.arange(1, n + 1, dtype="int64"), matrix.shape[1], kind)
        vectors_module.write_index(index, building / VECTORS_NAME)
        return int(matrix.shape[1])

    phase("rows", rows)
    fig["keyword"] = phase("keyword", keyword)
    fig["dimension"] = phase("vectors", vectors)
    db["meta"].insert_all(
        [
            {"key": "model", "value": model},
            {"key": "passages", "value": str(n)},
            {"key": "vectors", "value": str(n)},
            {"key": "created_at", "value": now},
        ]
    )
    db.close()
    published = store.publish(building)
    fig["generation"] = str(published)
    fig["seconds"]["total"] = round(sum(fig["seconds"].values()), 2)
    fig["peak_rss_mb"]["all"] = max(fig["peak_rss_mb"].values())
    fig["disk_mb"] = {
        "db": _size_mb(published / DB_NAME),
        "keyword": _size_mb(*(published / name for name in (MATRIX_NAME, TERMS_NAME, GRAMS_NAME))),
        "vectors": _size_mb(published / VECTORS_NAME),
    }
    fig["disk_mb"]["total"] = round(sum(fig["disk_mb"].values()), 1)
    return fig


# -- one size, step 2: answering ------------------------------------------------------------------------
def answer_size(n: int, seed: Seed, data_dir: Path, model: str, rounds: int, launched_at: float) -> dict:
    """Searcher + Answerer over the generation in `data_dir`, in this (fresh) process: load
    times, warm latency per retriever and of the full answer over the dev questions, FAISS
    alone on the query vectors (its top-10 comes back for recall), and this process's peak
    RSS at the end: what answering at this size holds."""
    from answer.answerer import TOP_K, Answerer
    from index.embedder import load_model
    from index.search import Searcher

    settings = Settings(data_dir=data_dir, corpus_dir=data_dir, model=model)
    load: dict = {}
    _log(f"scale {n}: answer: load")
    _, load["model_s"] = _built(load_model, settings.model_path)
    searcher = Searcher(settings)
    answerer = Answerer(settings, searcher)
    gen, load["open_generation_s"] = _built(lambda: searcher.generation)
    first = answerer.ask(seed.questions[0])
    load["first_answer_ms"] = round(first.latency_ms, 1)
    load["process_to_first_answer_s"] = round(time.time() - launched_at, 2)
    rss_loaded = rss_now_mb()

    questions = seed.questions
    for question in questions:  # untimed: the model's and the caches' first calls
        for mode in SEARCH_MODES:
            searcher.search(question, TOP_K, mode=mode)
        answerer.ask(question)
    _log(f"scale {n}: answer: {rounds} timed passes")
    search_ms: dict[str, dict] = {}
    for mode in SEARCH_MODES:
        search_ms[mode] = latency_summary([_timed(searcher.search, q, TOP_K, mode)[1] for _ in range(rounds) for q in questions])
    answers = [answerer.ask(q) for _ in range(rounds) for q in questions]
    search_ms["answer"] = latency_summary([a.latency_ms for a in answers])
    search_ms["faiss_k50"] = latency_summary(search_each(gen.vectors, seed.query_vectors, DEPTH)[1])
    found, ms = search_each(gen.vectors, seed.query_vectors, ANN_K)
    search_ms["faiss_k10"] = latency_summary(ms)
    return {
        "load": load,
        "search_ms": search_ms,
        "abstained": f"{sum(a.abstained for a in answers[: len(questions)])}/{len(questions)}",
        "rss_mb": {"loaded": rss_loaded, "peak": peak_rss_mb(), "end": rss_now_mb()},
        "found_top10": found.tolist(),
    }


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
            "skipped": True, "extrapolated": True, "build_s": None, "estimated_build_s": round(estimate),
            "reason": f"build estimated at {estimate:.0f} s > {RANK_BM25_MAX_BUILD_S:.0f} s; query times scaled from {sample}",
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
        "skipped": False, "extrapolated": False, "build_s": build_s, "queries": limit,
        "top10_overlap_with_stems": round(float(np.mean(overlaps)), 3) if overlaps else None,
        "search_ms": latency_summary(latencies),
    }


# -- subprocesses -------------------------------------------------------------------------------------
def _run_child(task: dict, timeout: float | None = None) -> dict:
    """Run one task in a fresh interpreter (its own peak RSS) and return its JSON result."""
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as tmp:
        task_path, out_path = Path(tmp) / "task.json", Path(tmp) / "out.json"
        task_path.write_text(json.dumps(task), encoding="utf-8")
        code = "import sys; from tools.bench import child_main; child_main(sys.argv[1], sys.argv[2])"
        proc = subprocess.run([sys.executable, "-c", code, str(task_path), str(out_path)], cwd=PROJECT_ROOT, timeout=timeout)
        if proc.returncode != 0 or not out_path.exists():
            return {"error": f"{task['task']} {task.get('n')} failed with exit code {proc.returncode}"}
        return json.loads(out_path.read_text(encoding="utf-8"))


def child_main(task_path: str, out_path: str) -> None:
    task = json.loads(Path(task_path).read_text(encoding="utf-8"))
    seed = Seed.load(Path(task["seed"]))
    bench_dir = Path(task["bench_dir"])
    n = task["n"]
    synthetic = generate_synthetic(seed, n, bench_dir, task.get("vector_model", "fitted"))
    data_dir = Path(task.get("data_dir") or bench_dir / f"data-{n}")
    kind = task["task"]
    if kind == "generate":
        result: dict = {"stems": str(synthetic.stems_path)}
    elif kind == "build":
        result = build_generation(n, synthetic, data_dir, task["model"], task.get("hnsw_above"))
    elif kind == "answer":
        result = answer_size(n, seed, data_dir, task["model"], task["rounds"], task["launched_at"])
    elif kind == "baselines":
        result = baselines_size(n, seed, synthetic, data_dir, task["index"])
    else:
        raise ValueError(f"unknown task {kind!r}")
    Path(out_path).write_text(json.dumps(result), encoding="utf-8")


def run_scale(seed_path: Path, n: int, bench_dir: Path, model: str, rounds: int = SCALE_ROUNDS, **options) -> dict:
    """Size `n`: generate (cached), build, answer, baselines, each in a fresh process;
    `options` go to the tasks (`hnsw_above`, `vector_model`)."""
    common = {"seed": str(seed_path), "n": n, "bench_dir": str(bench_dir), "data_dir": str(bench_dir / f"data-{n}"), **options}
    generated = _run_child({**common, "task": "generate"})
    if "error" in generated:
        return {"passages": n, **generated}
    started = time.perf_counter()
    build = _run_child({**common, "task": "build", "model": model})
    if "error" in build:
        return {"passages": n, **build}
    answer = _run_child({**common, "task": "answer", "model": model, "rounds": rounds, "launched_at": time.time()})
    baselines = _run_child({**common, "task": "baselines", "index": build["index"]})
    fig = merge_size(n, build, answer, baselines)
    fig["wall_s"] = round(time.perf_counter() - started, 1)
    return fig


def merge_size(n: int, build: dict, answer: dict, baselines: dict) -> dict:
    """One size's row: the three steps' figures, recall of the served index, the ratios."""
    fig: dict = {"passages": n, "index": build.get("index"), "build": build, "answer": answer, "baselines": baselines}
    errors = [part["error"] for part in (build, answer, baselines) if "error" in part]
    if errors:
        fig["error"] = "; ".join(errors)
    found, exact = answer.pop("found_top10", None), baselines.pop("exact_top10", None)
    if found and exact:
        fig["recall_at_10"] = recall_at(np.asarray(found), np.asarray(exact))
    ms = answer.get("search_ms", {})
    bm25 = baselines.get("rank_bm25", {})

    def p50(summary: dict | None) -> float | None:
        return (summary or {}).get("p50")

    fig["ratios"] = {
        "rank_bm25_over_keyword": _ratio(p50(bm25.get("search_ms")), p50(ms.get("keyword"))),
        "rank_bm25_over_stems": _ratio(p50(bm25.get("search_ms")), p50(ms.get("stems"))),
        "rank_bm25_extrapolated": bool(bm25.get("extrapolated")),
        "numpy_over_faiss": _ratio(p50(baselines.get("numpy_ms")), p50(ms.get("faiss_k50"))),
    }
    return fig


def per_passage(scale: list[dict]) -> dict | None:
    """Marginal disk and RSS per passage between the two largest sizes measured (the
    fixed part, model and interpreter, cancels out): the basis for sizing on paper."""
    rows = sorted(
        (r for r in scale if r.get("build", {}).get("disk_mb") and r.get("answer", {}).get("rss_mb")),
        key=lambda r: r["passages"],
    )
    if len(rows) < 2:
        return None
    small, large = rows[-2], rows[-1]
    delta = large["passages"] - small["passages"]

    def per(get) -> float:
        return round((get(large) - get(small)) * 2**20 / delta)

    return {
        "between": [small["passages"], large["passages"]],
        "disk_bytes": per(lambda r: r["build"]["disk_mb"]["total"]),
        "answer_rss_bytes": per(lambda r: r["answer"]["rss_mb"]["peak"]),
        "build_rss_bytes": per(lambda r: r["build"]["peak_rss_mb"]["all"]),
        "answer_rss_fixed_mb": round(small["answer"]["rss_mb"]["peak"] - small["passages"] * per(lambda r: r["answer"]["rss_mb"]["peak"]) / 2**20, 1),
    }


# -- targets and the table ----------------------------------------------------------------------------
def _target(name: str, value, check, shown: str) -> dict:
    """One target line; `check(value)` decides pass/fail, a missing value is n/a."""
    missing = value is None
    return {"target": name, "value": value, "shown": "not run" if missing else shown, "pass": None if missing else bool(check(value))}


def evaluate_targets(fig: dict) -> list[dict]:
    """The issue's reference targets against the figures."""
    latency, ingest, quality = fig.get("latency", {}), fig.get("ingest", {}), fig.get("quality", {})
    by_size = {r.get("passages"): r for r in fig.get("scale", [])}

    def at(n: int, *path):
        value = by_size.get(n, {})
        for key in path:
            value = value.get(key, {}) if isinstance(value, dict) else {}
        return value if value != {} else None

    p95 = latency.get("answer", {}).get("p95")
    targets = [_target("warm full answer p95 < 30 ms (sample corpus)", p95, lambda v: v < 30, f"{p95} ms")]
    for n, limit in ((100_000, 60), (1_000_000, 150)):
        value = at(n, "answer", "search_ms", "answer", "p95")
        targets.append(_target(f"warm full answer p95 < {limit} ms @ {_short(n)}", value, lambda v, lim=limit: v < lim, f"{value} ms"))
    rss = at(1_000_000, "answer", "rss_mb", "peak")
    targets.append(_target("1M passages < 3 GB peak RSS while answering", rss, lambda v: v < 3072, f"{rss} MB"))
    ratio = at(100_000, "ratios", "rank_bm25_over_keyword")
    targets.append(_target("keyword side (stems + grams) ≥ 10× faster than rank_bm25 @ 100k", ratio, lambda v: v >= 10, f"{ratio}×"))
    for n in sorted(k for k in by_size if k):
        hnsw = at(n, "baselines", "hnsw") or {}
        recall = hnsw.get("recall_at_10")
        how = "served" if hnsw.get("served") else "comparison; served flat"
        shown = f"{recall} (efSearch {hnsw.get('ef_search')}, {how})"
        targets.append(_target(f"ANN (HNSW) recall@10 ≥ {ANN_RECALL} vs exact @ {_short(n)}", recall, lambda v: v >= ANN_RECALL, shown))
    rate = ingest.get("embedding", {}).get("ingest_passages_per_s")
    targets.append(_target("embedding ≥ 25 passages/s as ingest embeds (1 vector / ~120-word passage)", rate, lambda v: v >= 25, f"{rate} /s"))
    cold = latency.get("cold_start", {}).get("seconds")
    targets.append(_target("cold start < 8 s (sample corpus)", cold, lambda v: v < 8, f"{cold} s"))
    embedded = ingest.get("reingest", {}).get("embedded")
    targets.append(_target("re-ingest unchanged embeds 0", embedded, lambda v: v == 0, f"{embedded} embedded"))
    for k in (1, 3, 5):
        hybrid = quality.get("hybrid", {}).get(f"r@{k}")
        singles = {m: quality[m][f"r@{k}"] for m in SINGLE_RETRIEVERS if f"r@{k}" in quality.get(m, {})}
        best = max(singles, key=lambda m: singles[m]) if singles else None
        gap = round(hybrid - singles[best], 3) if hybrid is not None and best else None
        shown = f"{hybrid} vs {singles[best]} ({best})" if gap is not None else "–"
        targets.append(_target(f"hybrid recall@{k} ≥ best single retriever (dev set)", gap, lambda v: v >= 0, shown))
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
        rows.append(["embedding as ingest does (1 vector/passage)", _fmt(e["ingest_passages_per_s"], " passages/s"), "", ""])
        rows.append(["re-ingest unchanged", _fmt(i["reingest"]["seconds"], " s"), f"embedded {i['reingest']['embedded']}", ""])
        rows.append(["OCR, scanned A4 page (Tesseract, swe, 300 dpi)", _fmt(i.get("ocr_pages_per_s"), " pages/s"), "", ""])
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
        out += ["", "== Quality (dev set, recall@k; keyword = stems + grams)"]
        q = fig["quality"]
        out += _table([["mode", "n", "r@1", "r@3", "r@5"]] + [[m, q[m]["n"], *(q[m][f"r@{k}"] for k in (1, 3, 5))] for m in MODES if m in q])
    if fig.get("scale"):
        out += ["", "== Scale (synthetic; real generations; ms per query, p50 / p95)"]
        out += _table(_scale_rows(fig["scale"]))
        out += _sweep_block(fig["scale"])
    if "soak" in fig:
        from tools.soak import render_soak

        out += ["", *render_soak(fig["soak"])]
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

    def pair(summary: dict | None, extra: str = "") -> str:
        if not summary or summary.get("p50") is None:
            return "–"
        return f"{_fmt(summary['p50'])} / {_fmt(summary['p95'])}{extra}"

    def ms(row: dict, mode: str) -> str:
        return pair(row.get("answer", {}).get("search_ms", {}).get(mode))

    def three(row: dict, section: str, key: str, parts: tuple[str, ...]) -> str:
        values = row.get(section, {}).get(key, {})
        return " / ".join(_fmt(values.get(p)) for p in parts) if values else "–"

    def bm25(row: dict) -> str:
        r = row.get("baselines", {}).get("rank_bm25", {})
        return pair(r.get("search_ms"), " (est.)" if r.get("extrapolated") else "")

    def bm25_build(row: dict) -> str:
        r = row.get("baselines", {}).get("rank_bm25", {})
        return f"skipped (~{r.get('estimated_build_s')} s)" if r.get("skipped") else _fmt(r.get("build_s"), " s")

    def hnsw(row: dict, key: str):
        h = row.get("baselines", {}).get("hnsw", {})
        return _fmt(h.get(key)) if h else "–"

    spec = [
        ("index served (vector side)", lambda r: r.get("index") or "–"),
        ("vocabulary terms", lambda r: get(r, "build", "keyword", "terms")),
        ("  distinct grams", lambda r: get(r, "build", "keyword", "grams")),
        ("  postings (matrix nnz)", lambda r: get(r, "build", "keyword", "postings")),
        ("build s: rows / keyword / FAISS", lambda r: three(r, "build", "seconds", ("rows", "keyword", "vectors"))),
        ("build s total", lambda r: get(r, "build", "seconds", "total")),
        ("build peak RSS MB: rows / kw / FAISS", lambda r: three(r, "build", "peak_rss_mb", ("rows", "keyword", "vectors"))),
        ("disk MB: index.db / keyword / FAISS", lambda r: three(r, "build", "disk_mb", ("db", "keyword", "vectors"))),
        ("disk MB total", lambda r: get(r, "build", "disk_mb", "total")),
        ("load s: model / open generation", lambda r: three(r, "answer", "load", ("model_s", "open_generation_s"))),
        ("process start → first answer s", lambda r: get(r, "answer", "load", "process_to_first_answer_s")),
        ("RSS after load MB", lambda r: get(r, "answer", "rss_mb", "loaded")),
        ("peak RSS while answering MB", lambda r: get(r, "answer", "rss_mb", "peak")),
        ("stems", lambda r: ms(r, "stems")),
        ("grams", lambda r: ms(r, "grams")),
        ("keyword (stems + grams)", lambda r: ms(r, "keyword")),
        ("vector (incl. query embedding)", lambda r: ms(r, "vector")),
        ("hybrid", lambda r: ms(r, "hybrid")),
        ("FULL ANSWER", lambda r: ms(r, "answer")),
        ("  p99", lambda r: get(r, "answer", "search_ms", "answer", "p99")),
        ("  abstained (first pass)", lambda r: get(r, "answer", "abstained")),
        ("FAISS alone, k=50", lambda r: ms(r, "faiss_k50")),
        ("NumPy brute force, k=50", lambda r: pair(r.get("baselines", {}).get("numpy_ms"))),
        ("  ratio NumPy / FAISS (p50)", lambda r: get(r, "ratios", "numpy_over_faiss", unit="×")),
        ("recall@10 of the served index", lambda r: get(r, "recall_at_10")),
        ("HNSW recall@10 (served efSearch)", lambda r: hnsw(r, "recall_at_10")),
        ("  efSearch / k=10 p50 ms", lambda r: f"{hnsw(r, 'ef_search')} / {hnsw(r, 'p50')}"),
        ("  smallest efSearch ≥ 0.95", lambda r: hnsw(r, "min_ef_for_target")),
        ("  HNSW build s (comparison)", lambda r: get(r, "baselines", "hnsw", "build_s", unit=" s")),
        ("rank_bm25 build", bm25_build),
        ("rank_bm25", bm25),
        ("  ratio rank_bm25 / keyword", lambda r: get(r, "ratios", "rank_bm25_over_keyword", unit="×")),
        ("  ratio rank_bm25 / stems", lambda r: get(r, "ratios", "rank_bm25_over_stems", unit="×")),
        ("  top-10 overlap stems vs rank_bm25 (idf differs)", lambda r: get(r, "baselines", "rank_bm25", "top10_overlap_with_stems")),
        ("wall time s", lambda r: get(r, "wall_s")),
    ]
    table = [["passages"] + [_short(r["passages"]) for r in rows]] + [[label] + [fn(r) for r in rows] for label, fn in spec]
    if any("error" in r for r in rows):
        table.append(["error"] + [r.get("error", "") for r in rows])
    return table


def _sweep_block(rows: list[dict]) -> list[str]:
    """efSearch down, sizes across: recall@10 vs exact / p50 ms of HNSW (one thread)."""
    swept = [r for r in rows if r.get("baselines", {}).get("hnsw", {}).get("sweep")]
    if not swept:
        return []
    cells = {(r["passages"], s["ef_search"]): f"{_fmt(s['recall_at_10'])} / {_fmt(s['p50'])}" for r in swept for s in r["baselines"]["hnsw"]["sweep"]}
    efs = sorted({ef for _, ef in cells})
    table = [["efSearch"] + [_short(r["passages"]) for r in swept]]
    table += [[str(ef)] + [cells.get((r["passages"], ef), "–") for r in swept] for ef in efs]
    return ["", "== HNSW efSearch sweep (recall@10 vs exact / p50 ms at k=10, 1 thread; served flat sizes: comparison build)", *_table(table)]


def _notes(fig: dict, seed: Seed) -> list[str]:
    """What the scale figures mean and leave out; the per-passage figures for sizing."""
    vocabulary = len({t for p in seed.passage_stems for t in p.split()})
    notes = [
        (
            f"synthetic text is drawn from the sample corpus's {vocabulary} stems plus {COMPOUND_RATE:.0%} random compounds, "
            "so every ordinary query term is frequent (long posting lists) and the vocabulary is mostly one-off compounds: "
            "keyword figures are on the pessimistic side"
        ),
        (
            "a synthetic passage's stems line is also its display text and there are no contacts; the full answer runs "
            "coverage and sentence choice on that text like on any other (abstentions are in the table)"
        ),
        "FAISS alone runs 1 thread as served (index.vectors.SEARCH_THREADS); NumPy brute force uses the BLAS threads",
        "process start → first answer at scale is with the generation's files in the page cache (just written)",
    ]
    if any(r.get("baselines", {}).get("rank_bm25", {}).get("extrapolated") for r in fig.get("scale", [])):
        notes.append("rank_bm25 marked est. was not built (too slow): its query times are a 10k build's scaled linearly")
    pp = fig.get("per_passage")
    if pp:
        a, b = (_short(n) for n in pp["between"])
        notes.append(
            f"per passage ({a} → {b}): disk {pp['disk_bytes']} B, RSS while answering {pp['answer_rss_bytes']} B "
            f"(+ {pp['answer_rss_fixed_mb']} MB fixed), build peak RSS {pp['build_rss_bytes']} B"
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
    from answer.answerer import Answerer
    from tools.evaluation import load_questions
    from index.embedder import Embedder
    from index.search import Searcher

    load_start = os.getloadavg()
    if soak:  # the soak alone: concurrent askers during re-ingests, on a copy of the corpus
        fig = {"quick": quick, "qa_file": str(Path(qa_path).resolve())}
        fig["soak"] = bench_soak(settings, quick, Path(qa_path))
        fig["machine"] = _machine(load_start)
        print(json.dumps(fig, ensure_ascii=False, indent=2) if as_json else render(fig))
        return fig
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
        seed = seed_from_index(config, embedder, [q["question"] for q in questions])
        prune_cache(bench_dir, seed.fingerprint())
        seed_path = seed.save(bench_dir / f"seed-{seed.fingerprint()}.npz")
        del answerer
    fig["scale"] = []
    for n in sizes:
        _log(f"scale {n}")
        fig["scale"].append(run_scale(seed_path, n, bench_dir, settings.model, QUICK_ROUNDS if quick else SCALE_ROUNDS))
    fig["per_passage"] = per_passage(fig["scale"])
    fig["notes"] = _notes(fig, seed)
    fig["machine"] = _machine(load_start)
    fig["targets"] = evaluate_targets(fig)
    (bench_dir / "last-run.json").write_text(json.dumps(fig, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(fig, ensure_ascii=False, indent=2) if as_json else render(fig))
    return fig
