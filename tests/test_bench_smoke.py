"""Smoke test of `samverkan bench`'s cheap parts: one tiny synthetic size (in-process and
through the subprocess wiring), the keyword engines' agreement and the table printer.
No model is loaded and nothing is timed against a limit."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot import bench  # noqa: E402
from ingest.normalize import stems  # noqa: E402

WORDS = (
    "region samverkan vård hälsa kontakt avtal uppdrag forskning utbildning patient läkemedel "
    "primärvård sjukhus kommun ledning strategi handlingsplan kunskap nätverk kvalitet digital "
    "beredskap finansiering innovation uppföljning"
).split()


@pytest.fixture(scope="module")
def seed() -> bench.Seed:
    rng = np.random.default_rng(1)
    texts = [" ".join(rng.choice(WORDS, rng.integers(20, 60))) for _ in range(40)]
    questions = [" ".join(rng.choice(WORDS, 5)) + "?" for _ in range(8)]
    vectors = rng.standard_normal((60, 16)).astype("float32")
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    queries = bench.vector_sampler(vectors, rng)(30)
    return bench.Seed([" ".join(stems(t)) for t in texts], vectors, questions, queries)


def _check_scale(fig: dict, n: int, index: str) -> None:
    assert fig["passages"] == n and fig["index"] == index
    assert 0.0 <= fig["ann"]["recall_at_10"] <= 1.0
    assert fig["ann"]["ef_search"] in bench.EF_SEARCH
    for engine in ("vector", "vector_k300", "vector_k300_1thread", "fts", "sparse", "numpy", "rank_bm25"):
        summary = fig["search_ms"][engine]
        assert summary["n"] > 0 and 0 <= summary["p50"] <= summary["p95"] <= summary["p99"], engine
    for part in ("faiss", "fts", "sparse"):
        assert fig["build_s"][part] >= 0
    assert fig["disk_mb"]["total"] > 0
    assert fig["rss_mb"]["all_peak"] >= fig["rss_mb"]["system_peak"] > 0
    assert fig["vocabulary"] > 0
    assert fig["term_sets_mb"]["grams"] > fig["term_sets_mb"]["stems"] > 0
    assert fig["rank_bm25"]["skipped"] is False
    agree, total = map(int, fig["rank_bm25"]["agree_top1_with_sparse"].split("/"))
    assert agree == total  # same BM25 formula, same top-1


def test_scale_in_process_flat_and_hnsw(seed: bench.Seed, tmp_path: Path) -> None:
    synthetic = bench.generate_synthetic(seed, 2000, tmp_path / "bench")
    assert sum(1 for _ in bench.iter_lines(synthetic.stems_path)) == 2000
    assert np.load(synthetic.vectors_path).shape == (2000, 16)
    again = bench.generate_synthetic(seed, 2000, tmp_path / "bench")  # cached, not regenerated
    assert again.stems_path.stat().st_mtime_ns == synthetic.stems_path.stat().st_mtime_ns

    flat = bench.scale_size(2000, seed, synthetic, tmp_path / "flat")
    _check_scale(flat, 2000, "flat")
    assert flat["flat_recall_at_10"] == pytest.approx(1.0, abs=0.01)  # flat is exact
    hnsw = bench.scale_size(2000, seed, synthetic, tmp_path / "hnsw", hnsw_above=1000)
    _check_scale(hnsw, 2000, "hnsw")
    assert "hnsw" not in hnsw["build_s"]  # no separate comparison build when HNSW is the index

    text = bench.render({"scale": [flat, hnsw], "targets": bench.evaluate_targets({"scale": [flat, hnsw]})})
    assert "== Scale" in text and "FTS5 stems p50/p95" in text and "2k" in text
    assert "ANN recall@10" in text and "not run" in text


def test_scale_through_subprocess(seed: bench.Seed, tmp_path: Path) -> None:
    seed_path = seed.save(tmp_path / "seed.npz")
    fig = bench.run_scale(seed_path, 2000, tmp_path / "bench")
    assert "error" not in fig, fig
    _check_scale(fig, 2000, "flat")
    assert not (tmp_path / "bench" / "build-2000").exists()  # the build directory is removed


def test_sparse_bm25_matches_rank_bm25_top1() -> None:
    from rank_bm25 import BM25Okapi

    docs = [
        "region skane vard avtal",
        "region halland vard vard kontakt",
        "kommun avtal forskning",
        "forskning utbildning universitet universitet",
        "patient lakemedel primarvard",
        "halland kontakt kontakt epost",
    ]
    sparse = bench.SparseBM25(iter(docs))
    okapi = BM25Okapi([d.split() for d in docs])
    for query in (["halland", "kontakt"], ["forskning"], ["universitet", "avtal"], ["patient"], ["vard", "region", "vard"]):
        expected = okapi.get_scores(query)
        np.testing.assert_allclose(sparse.scores(query), expected, rtol=1e-5, atol=1e-6)
        assert sparse.top(query, 1)[0] == int(np.argmax(expected))
    assert sparse.top(["okänd"], 3) == bench.top_k(np.zeros(len(docs), dtype=np.float32), 3)


def test_recall_and_table_helpers() -> None:
    exact = np.array([[1, 2, 3], [4, 5, 6]])
    assert bench.recall_at(exact, exact) == 1.0
    assert bench.recall_at(np.array([[1, 9, 8], [7, 7, 7]]), exact) == pytest.approx(1 / 6, abs=1e-3)
    assert bench.top_k(np.array([0.1, 0.9, 0.5], dtype=np.float32), 2) == [1, 2]
    lines = bench._table([["a", "1"], ["longer", "22"]])
    assert lines == ["a        1", "longer  22"]
    summary = bench._summary([1.0, 2.0, 3.0, 4.0])
    assert summary["n"] == 4 and summary["p50"] == 2.5
    targets = bench.evaluate_targets({})
    assert all(t["pass"] is None for t in targets)
