"""The sample corpus: cold ingest, embedding throughput, cold start, warm latency and quality."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from settings import PROJECT_ROOT, Settings
from tools.bench.common import _log, _timed
from tools.latency import summary as latency_summary


# -- ingest ----------------------------------------------------------------------------------
def bench_ingest(config: Settings, quick: bool) -> dict:
    """Cold ingest into `config.data_dir` (expected empty), embedding throughput, re-ingest."""
    from index.build import ingest_corpus
    from index.embedder import Embedder

    started = time.perf_counter()
    Embedder.for_settings(config).query("modell")
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
        bodies += [
            " ".join(words[i : i + words_per_text]) for i in range(offset, len(words) - words_per_text, words_per_text)
        ]
        offset += 17
    return [embedding_text(headings[i % len(headings)], body) for i, body in enumerate(bodies)]


def embedding_throughput(config: Settings, texts: list[str], quick: bool) -> dict:
    """Passages/s for ~120-word passages: straight through the model at batch 16/32/64, and
    as ingest embeds them (`Embedder.embed_cached` into an empty cache: hashing, the model
    at ingest's batch size, cache writes; one vector per passage)."""
    from index.embedder import Embedder

    count, repeats = (64, 1) if quick else (192, 2)
    texts = texts[:count]
    embedder = Embedder.for_settings(config)
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
            fresh = Embedder.for_settings(config, Path(tmp) / f"cache-{attempt}.db")
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
        "SAMVERKAN_EMBEDDING_BACKEND": config.embedding_backend,
        "SAMVERKAN_EMBEDDING_PRECISION": config.embedding_precision,
    }
    started = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", _COLD_START, question],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
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
        timings[mode] = {
            **latency_summary([ms for r in timed for ms in r.latencies_ms]),
            "first_pass_max": round(max(first.latencies_ms), 1),
        }
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
