"""The embedding backends side by side in one run, so every figure is a ratio: torch
(sentence-transformers) fp32, ONNX Runtime fp32 and ONNX Runtime int8.

Per backend: passages/s as ingest embeds (`Embedder.embed_cached` into an empty cache),
one question's embedding latency (the query thread count, as the answerer embeds),
cosine to the torch vectors, the cold start of a fresh `ask` process against an index
of that backend, and the dev answer figures of an index built with it.
"""

from __future__ import annotations

import dataclasses
import functools
import tempfile
from pathlib import Path

import numpy as np

from settings import Settings
from tools.bench.common import _log, _timed
from tools.latency import summary as latency_summary

BACKENDS = (("torch", "fp32"), ("onnx", "fp32"), ("onnx", "int8"))
SERVED = "onnx-fp32+int8q"  # the default: fp32 passages, int8 questions (settings.QUERY_PRECISIONS)
QUALITY_MODES = ("vector", "hybrid", "answer")


def _name(backend: str, precision: str) -> str:
    return f"{backend}-{precision}"


def embedding_backends(config: Settings, texts: list[str], questions: list[str], quick: bool) -> dict:
    """Throughput, query latency and agreement of each backend on the same texts."""
    from index.embedder import Embedder

    count, rounds = (64, 2) if quick else (192, 5)
    texts = texts[:count]
    fig: dict = {}
    reference: np.ndarray | None = None
    for backend, precision in BACKENDS:
        name = _name(backend, precision)
        _log(f"embedding: {name}")
        embedder = Embedder(config.model, config.model_path, backend=backend, precision=precision)
        _, load_ms = _timed(embedder.query, "uppvärmning")
        for _ in range(8):  # the first few calls after loading are many times slower
            embedder.query(questions[0])
            embedder.encode(texts[:4])
        with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as tmp:
            fresh = Embedder(
                config.model, config.model_path, Path(tmp) / "cache.db", backend=backend, precision=precision
            )
            vectors, ms = _timed(fresh.embed_cached, texts)
        uncached = functools.partial(embedder.query, cached=False)  # the question cache would hide the model
        query_ms = [_timed(uncached, q)[1] for _ in range(rounds) for q in questions]
        row = {
            "load_ms": round(load_ms, 1),
            "ingest_passages_per_s": round(len(texts) / (ms / 1000), 2),
            "query_ms": latency_summary(query_ms),
        }
        if reference is None:
            reference = vectors
        else:
            cosine = np.sum(vectors * reference, axis=1)
            row["cosine_to_torch"] = {"mean": round(float(cosine.mean()), 4), "min": round(float(cosine.min()), 4)}
        fig[name] = row
    base = fig[_name(*BACKENDS[0])]
    for row in fig.values():
        row["ingest_speedup"] = round(row["ingest_passages_per_s"] / base["ingest_passages_per_s"], 2)
        row["query_p50_ratio"] = round(row["query_ms"]["p50"] / base["query_ms"]["p50"], 2)
    fig["texts"] = len(texts)
    return fig


def backend_indexes(config: Settings, questions: list[dict], cold_runs: int) -> dict:
    """For each backend: an index of the sample corpus built with it (in a data dir of
    its own), the cold start of a fresh `ask` process against it (median of `cold_runs`,
    runs of the backends interleaved so load changes hit all alike), and its dev figures."""
    from answer.answerer import Answerer
    from index.build import ingest_corpus
    from tools.bench.sample import bench_cold_start
    from tools.evaluation import evaluate

    configs = {
        _name(b, p): dataclasses.replace(
            config, data_dir=config.data_dir.parent / f"data-{b}-{p}", embedding_backend=b, embedding_precision=p,
            query_precision=p,
        )
        for b, p in BACKENDS
    }
    configs[SERVED] = dataclasses.replace(configs[_name("onnx", "fp32")], query_precision="int8")  # same index
    fig: dict = {name: {} for name in configs}
    for name, cfg in configs.items():
        _log(f"backends: ingest with {name}")
        report = ingest_corpus(cfg)
        fig[name]["ingest_s"] = round(report.seconds, 2)
    colds: dict[str, list[float]] = {name: [] for name in configs}
    for run in range(cold_runs):
        for name, cfg in configs.items():
            _log(f"backends: cold start {name} ({run + 1}/{cold_runs})")
            seconds = bench_cold_start(cfg, questions[0]["question"]).get("seconds")
            if seconds is not None:
                colds[name].append(seconds)
    for name, cfg in configs.items():
        fig[name]["cold_start_s"] = round(float(np.median(colds[name])), 2) if colds[name] else None
        _log(f"backends: dev figures {name}")
        answerer = Answerer(cfg)
        for mode in QUALITY_MODES:
            result = evaluate(answerer, questions, mode)
            overall = result.recall.get("all", {})
            fig[name][mode] = {f"r@{k}": round(overall.get(k, 0.0), 3) for k in (1, 3, 5)}
            if mode == "answer":
                fig[name][mode]["abstained_unanswerable"] = f"{result.abstained_unanswerable}/{result.unanswerable}"
        del answerer
    torch_cold = fig[_name(*BACKENDS[0])].get("cold_start_s")
    for row in fig.values():
        row["cold_start_ratio"] = (
            round(row["cold_start_s"] / torch_cold, 2) if row.get("cold_start_s") and torch_cold else None
        )
    return fig
