"""One synthetic size, step by step in fresh processes: build a real generation, answer
from it, then the baselines on the same data."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from settings import PROJECT_ROOT, Settings
from tools.bench.baselines import baselines_size, recall_at, search_each
from tools.bench.common import (
    ANN_K,
    DEPTH,
    PASSAGES_PER_DOCUMENT,
    PASSAGES_PER_PAGE,
    SCALE_ROUNDS,
    _built,
    _log,
    _ratio,
    _size_mb,
    _timed,
    peak_rss_mb,
    reset_peak_rss,
    rss_now_mb,
)
from tools.bench.sample import SEARCH_MODES
from tools.bench.synthetic import Seed, Synthetic, generate_synthetic, iter_lines
from tools.latency import summary as latency_summary


# -- one size, step 1: a real generation --------------------------------------------------------------
def _passage_rows(stems_path: Path) -> Iterator[tuple]:
    """passages rows: the synthetic stems line is both display text and `stems`; passage id =
    line number + 1; documents of PASSAGES_PER_DOCUMENT passages, PASSAGES_PER_PAGE a page."""
    for row, line in enumerate(iter_lines(stems_path)):
        doc, ordinal = divmod(row, PASSAGES_PER_DOCUMENT)
        page = ordinal // PASSAGES_PER_PAGE + 1
        yield (
            row + 1,
            f"syntetisk-{doc:06d}.pdf",
            f"Syntetiskt dokument {doc + 1}",
            page,
            page,
            str(page),
            f"Avsnitt {ordinal + 1}",
            line,
            ordinal,
            line,
        )


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
                "insert into documents (name, title, kind, sha256, pages, passages, contacts, ingested_at) "
                "values (?, ?, ?, ?, ?, ?, ?, ?)",
                _document_rows(n, now),
            )

    def keyword() -> dict:  # as index/build.py's _finish does it
        index = KeywordIndex.build(db.execute("select id, stems from passages order by id"))
        index.save(building)
        return {
            "terms": len(index.terms),
            "grams": len(index.gram_ids),
            "postings": int(index.matrix.nnz),
            "gram_links": int(index.gram_terms.nnz),
            "stored_expansions": int(index.expansions.stored.sum()),
        }

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
            {"key": "model", "value": Settings(data_dir=data_dir, corpus_dir=data_dir, model=model).model_identity},
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
    from index.search import Searcher

    settings = Settings(data_dir=data_dir, corpus_dir=data_dir, model=model)
    load: dict = {}
    _log(f"scale {n}: answer: load")
    searcher = Searcher(settings)
    _, load["model_s"] = _built(lambda: searcher.embedder.query("modell"))
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
        search_ms[mode] = latency_summary(
            [_timed(searcher.search, q, TOP_K, mode)[1] for _ in range(rounds) for q in questions]
        )
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


# -- subprocesses -------------------------------------------------------------------------------------
def _run_child(task: dict, timeout: float | None = None) -> dict:
    """Run one task in a fresh interpreter (its own peak RSS) and return its JSON result."""
    with tempfile.TemporaryDirectory(prefix="samverkan-bench-") as tmp:
        task_path, out_path = Path(tmp) / "task.json", Path(tmp) / "out.json"
        task_path.write_text(json.dumps(task), encoding="utf-8")
        code = "import sys; from tools.bench import child_main; child_main(sys.argv[1], sys.argv[2])"
        proc = subprocess.run(
            [sys.executable, "-c", code, str(task_path), str(out_path)], cwd=PROJECT_ROOT, timeout=timeout, check=False
        )
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
    common = {
        "seed": str(seed_path),
        "n": n,
        "bench_dir": str(bench_dir),
        "data_dir": str(bench_dir / f"data-{n}"),
        **options,
    }
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
        "keyword_over_tantivy": _ratio(p50(ms.get("keyword")), p50(baselines.get("tantivy", {}).get("search_ms"))),
        "stems_over_tantivy": _ratio(p50(ms.get("stems")), p50(baselines.get("tantivy", {}).get("search_ms"))),
        "grams_over_tantivy": _ratio(p50(ms.get("grams")), p50(baselines.get("tantivy", {}).get("search_ms"))),
        "bm25s_over_stems": _ratio(p50(baselines.get("bm25s", {}).get("search_ms")), p50(ms.get("stems"))),
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
        "answer_rss_fixed_mb": round(
            small["answer"]["rss_mb"]["peak"]
            - small["passages"] * per(lambda r: r["answer"]["rss_mb"]["peak"]) / 2**20,
            1,
        ),
    }
