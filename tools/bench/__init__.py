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
import json
import os
import platform
import tempfile
from pathlib import Path

from index.onnx_export import export_dirs
from settings import Settings
from tools.bench.backends import backend_indexes, embedding_backends
from tools.bench.baselines import (
    baselines_size,
    bench_rank_bm25,
    build_hnsw,
    ef_sweep,
    exact_top_k,
    recall_at,
    search_each,
    top_k,
)
from tools.bench.common import (
    ANN_K,
    ANN_RECALL,
    DEFAULT_QA,
    DEPTH,
    EF_SWEEP,
    FULL_SIZES,
    PASSAGES_PER_DOCUMENT,
    QUICK_ROUNDS,
    QUICK_SIZES,
    SCALE_ROUNDS,
    _log,
)
from tools.bench.query_embedding import query_embedding
from tools.bench.report import _notes, _table, evaluate_targets, render
from tools.bench.sample import (
    MODES,
    SEARCH_MODES,
    _sample_texts,
    bench_cold_start,
    bench_ingest,
    bench_soak,
    bench_warm,
)
from tools.bench.scale import (
    answer_size,
    build_generation,
    child_main,
    merge_size,
    per_passage,
    run_scale,
)
from tools.bench.synthetic import (
    Seed,
    Synthetic,
    generate_synthetic,
    iter_lines,
    prune_cache,
    seed_from_index,
    text_sampler,
    vector_sampler,
)

__all__ = [
    "ANN_K",
    "ANN_RECALL",
    "DEPTH",
    "EF_SWEEP",
    "MODES",
    "PASSAGES_PER_DOCUMENT",
    "SEARCH_MODES",
    "Seed",
    "Synthetic",
    "_table",
    "answer_size",
    "baselines_size",
    "bench_rank_bm25",
    "build_generation",
    "build_hnsw",
    "child_main",
    "ef_sweep",
    "evaluate_targets",
    "exact_top_k",
    "generate_synthetic",
    "iter_lines",
    "merge_size",
    "per_passage",
    "recall_at",
    "render",
    "run_bench",
    "run_scale",
    "search_each",
    "text_sampler",
    "top_k",
    "vector_sampler",
]


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
    from index.embedder import Embedder
    from index.search import Searcher
    from tools.evaluation import load_questions

    load_start = os.getloadavg()
    # every figure is of the model itself: the question-vector cache would answer the
    # repeated passes (child processes inherit this); SAMVERKAN_QUERY_CACHE set by the user wins
    os.environ.setdefault("SAMVERKAN_QUERY_CACHE", "0")
    if soak:  # the soak alone: concurrent askers during re-ingests, on a copy of the corpus
        fig: dict = {"quick": quick, "qa_file": str(Path(qa_path).resolve())}
        fig["soak"] = bench_soak(settings, quick, Path(qa_path))
        fig["machine"] = _machine(load_start)
        print(json.dumps(fig, ensure_ascii=False, indent=2) if as_json else render(fig))
        return fig
    sizes = sorted(sizes) if sizes else (QUICK_SIZES if quick else FULL_SIZES)
    questions = load_questions(Path(qa_path).resolve())
    bench_dir = settings.data_dir / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    fig = {"quick": quick, "sizes": sizes, "qa_file": str(Path(qa_path).resolve())}
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as tmp:
        config = dataclasses.replace(settings, data_dir=Path(tmp) / "data")
        fig["ingest"] = bench_ingest(config, quick)
        texts = _sample_texts(config)
        fig["backends"] = {
            "embedding": embedding_backends(config, texts, [q["question"] for q in questions], quick),
            "indexes": backend_indexes(config, questions, 1 if quick else 3),
            "query_load": query_embedding(config.model_path, export_dirs(config.model_path, config.data_dir),
                                          [q["question"] for q in questions], 1 if quick else 3),
        }
        _log("latency: cold start")
        cold = bench_cold_start(config, questions[0]["question"])
        _log("latency and quality: warm")
        embedder = Embedder.for_settings(config)
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
