"""Smoke test of `samverkan bench`'s scale steps on a tiny synthetic size: a real generation
built with the production code, answered from in a fresh process (real model, Searcher and
Answerer), the baselines, the targets and the table printer. Figures are checked for being
there and sane; nothing is timed against a limit."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

import settings as settings_module
from ingest.normalize import stems
from tools import bench
from tools.latency import summary as latency_summary

N = 2000
WORDS = (
    "region samverkan vård hälsa kontakt avtal uppdrag forskning utbildning patient läkemedel "
    "primärvård sjukhus kommun ledning strategi handlingsplan kunskap nätverk kvalitet digital "
    "beredskap finansiering innovation uppföljning"
).split()


@pytest.fixture(scope="module")
def model() -> str:
    return settings_module.load().model


@pytest.fixture(scope="module")
def seed(model: str) -> bench.Seed:
    """Passages from a small Swedish vocabulary, vectors of the model's dimension (the
    answering step embeds real questions with the real model against them)."""
    from index.embedder import Embedder

    dimension = Embedder(model, settings_module.load().model_path).dimension
    rng = np.random.default_rng(1)
    texts = [" ".join(rng.choice(WORDS, rng.integers(20, 60))) for _ in range(40)]
    questions = ["Vem har ansvar för " + " ".join(rng.choice(WORDS, 4)) + "?" for _ in range(6)]
    vectors = rng.standard_normal((60, dimension)).astype("float32")
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    queries = bench.vector_sampler(vectors, rng)(30)
    return bench.Seed([" ".join(stems(t)) for t in texts], vectors, questions, queries)


def _sane(summary: dict, name: str) -> None:
    assert summary["n"] > 0 and 0 <= summary["p50"] <= summary["p95"] <= summary["p99"], name


def _check_hnsw(hnsw: dict) -> None:
    assert 0.0 <= hnsw["recall_at_10"] <= 1.0
    assert hnsw["p50"] > 0 and [s["ef_search"] for s in hnsw["sweep"]] == sorted({*bench.EF_SWEEP, hnsw["ef_search"]})
    recalls = [s["recall_at_10"] for s in hnsw["sweep"]]
    assert recalls[-1] >= recalls[0] - 0.05  # a wider search does not find fewer


def test_generation_and_baselines_in_process(seed: bench.Seed, model: str, tmp_path: Path) -> None:
    from index.search import Generation
    from index.store import DB_NAME, Store

    synthetic = bench.generate_synthetic(seed, N, tmp_path / "bench")
    assert sum(1 for _ in bench.iter_lines(synthetic.stems_path)) == N
    assert np.load(synthetic.vectors_path).shape == (N, seed.vectors.shape[1])
    again = bench.generate_synthetic(seed, N, tmp_path / "bench")  # cached, not regenerated
    assert again.stems_path.stat().st_mtime_ns == synthetic.stems_path.stat().st_mtime_ns

    data_dir = tmp_path / "data"
    build = bench.build_generation(N, synthetic, data_dir, model)
    assert build["index"] == "flat" and build["dimension"] == seed.vectors.shape[1]
    assert all(build["seconds"][p] >= 0 for p in ("rows", "keyword", "vectors", "total"))
    assert build["peak_rss_mb"]["all"] > 0
    assert build["keyword"]["terms"] > len(WORDS) // 2 and build["keyword"]["postings"] > N
    assert all(build["disk_mb"][part] > 0 for part in ("db", "keyword", "vectors"))
    current = Store(data_dir).current()
    assert current is not None and str(current) == build["generation"]
    db = sqlite3.connect(current / DB_NAME)
    assert db.execute("select count(*), min(id), max(id) from passages").fetchone() == (N, 1, N)
    assert db.execute("select count(*), sum(passages) from documents").fetchone() == (N // bench.PASSAGES_PER_DOCUMENT, N)
    db.close()
    generation = Generation(current)  # opens as the Searcher would
    assert generation.meta["model"] == f"{model}/onnx-int8" and generation.size == N and generation.vectors.ntotal == N

    base = bench.baselines_size(N, seed, synthetic, data_dir, build["index"])
    exact = np.asarray(base["exact_top10"])
    assert exact.shape == (len(seed.query_vectors), bench.ANN_K) and exact.min() >= 1 and exact.max() <= N
    found, _ = bench.search_each(generation.vectors, seed.query_vectors, bench.ANN_K)
    assert bench.recall_at(found, exact) == pytest.approx(1.0, abs=0.01)  # flat is exact
    _sane(base["numpy_ms"], "numpy")
    assert base["hnsw"]["served"] is False and base["hnsw"]["build_s"] >= 0
    _check_hnsw(base["hnsw"])
    bm25 = base["rank_bm25"]
    assert bm25["skipped"] is False and bm25["build_s"] >= 0
    _sane(bm25["search_ms"], "rank_bm25")
    assert bm25["top10_overlap_with_stems"] >= 0.5  # same k1 and b: mostly the same passages


@pytest.mark.slow
def test_scale_through_subprocesses_hnsw_served(seed: bench.Seed, model: str, tmp_path: Path) -> None:
    seed_path = seed.save(tmp_path / "seed.npz")
    fig = bench.run_scale(seed_path, N, tmp_path / "bench", model, rounds=1, hnsw_above=N // 2)
    assert "error" not in fig, fig
    assert fig["index"] == "hnsw" and fig["build"]["index"] == "hnsw"
    answer = fig["answer"]
    for mode in (*bench.SEARCH_MODES, "answer", "faiss_k50", "faiss_k10"):
        _sane(answer["search_ms"][mode], mode)
    assert answer["search_ms"]["answer"]["n"] == len(seed.questions)
    assert answer["load"]["model_s"] > 0 and answer["load"]["open_generation_s"] >= 0
    assert answer["load"]["process_to_first_answer_s"] > answer["load"]["model_s"]
    assert answer["rss_mb"]["peak"] >= answer["rss_mb"]["loaded"] > 0
    hnsw = fig["baselines"]["hnsw"]
    assert hnsw["served"] is True
    _check_hnsw(hnsw)
    assert fig["recall_at_10"] == pytest.approx(hnsw["recall_at_10"], abs=0.02)  # same index, same efSearch
    assert "found_top10" not in answer and "exact_top10" not in fig["baselines"]
    assert all(fig["ratios"][k] > 0 for k in ("rank_bm25_over_keyword", "rank_bm25_over_stems", "numpy_over_faiss"))
    assert (tmp_path / "bench" / f"data-{N}" / "CURRENT").exists()

    targets = bench.evaluate_targets({"scale": [fig]})
    ann = next(t for t in targets if t["target"].startswith("ANN") and t["target"].endswith("2k"))
    assert ann["value"] == hnsw["recall_at_10"] and ann["pass"] is not None
    text = bench.render({"scale": [fig], "targets": targets})
    assert "== Scale" in text and "FULL ANSWER" in text and "2k" in text and "not run" in text


def test_evaluate_targets_pass_fail() -> None:
    fig = {
        "latency": {"answer": {"p95": 20.0}, "cold_start": {"seconds": 9.0}},
        "ingest": {"embedding": {"ingest_passages_per_s": 30.0}, "reingest": {"embedded": 0}},
        "quality": {
            "stems": {"r@1": 0.5, "r@3": 0.7, "r@5": 0.8},
            "keyword": {"r@1": 0.55, "r@3": 0.75, "r@5": 0.8},
            "vector": {"r@1": 0.6, "r@3": 0.7, "r@5": 0.9},
            "hybrid": {"r@1": 0.6, "r@3": 0.8, "r@5": 0.85},
        },
        "scale": [
            {
                "passages": 100_000,
                "answer": {"search_ms": {"answer": {"p95": 70.0}}},
                "ratios": {"rank_bm25_over_keyword": 12.0},
                "baselines": {"hnsw": {"recall_at_10": 0.97, "ef_search": 512, "served": False}},
            }
        ],
    }
    verdict = {t["target"]: t["pass"] for t in bench.evaluate_targets(fig)}
    assert verdict["warm full answer p95 < 30 ms (sample corpus)"] is True
    assert verdict["warm full answer p95 < 60 ms @ 100k"] is False
    assert verdict["warm full answer p95 < 150 ms @ 1M"] is None
    assert verdict["keyword side (stems + grams) ≥ 10× faster than rank_bm25 @ 100k"] is True
    assert verdict["ANN (HNSW) recall@10 ≥ 0.95 vs exact @ 100k"] is True
    assert verdict["cold start < 8 s (sample corpus)"] is False
    assert verdict["re-ingest unchanged embeds 0"] is True
    assert [verdict[f"hybrid recall@{k} ≥ best single retriever (dev set)"] for k in (1, 3, 5)] == [True, True, False]


def test_recall_and_table_helpers() -> None:
    exact = np.array([[1, 2, 3], [4, 5, 6]])
    assert bench.recall_at(exact, exact) == 1.0
    assert bench.recall_at(np.array([[1, 9, 8], [7, 7, 7]]), exact) == pytest.approx(1 / 6, abs=1e-3)
    assert bench.top_k(np.array([0.1, 0.9, 0.5], dtype=np.float32), 2) == [1, 2]
    lines = bench._table([["a", "1"], ["longer", "22"]])
    assert lines == ["a        1", "longer  22"]
    summary = latency_summary([1.0, 2.0, 3.0, 4.0])
    assert summary["n"] == 4 and summary["p50"] == 2.5
    targets = bench.evaluate_targets({})
    assert targets and all(t["pass"] is None for t in targets)
    assert bench.per_passage([]) is None
