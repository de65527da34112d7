"""One question's embedding under ONNX Runtime settings, idle and with the cores busy.

Why: on a shared 2-core machine a question's embedding is what a busy neighbour slows
down most. This compares, in one run and with the configurations interleaved so load
changes hit all alike: fp32 and int8 exports, 1 or 2 intra-op threads, the thread pool
allowed to spin or not (`session.intra_op.allow_spinning`), and the graph optimisation
level. "Load" is `burners` processes that spin on a core each (started here, ended by
their pid). The tokenizer is timed apart: the `tokenizers` library the encoder uses
against the transformers tokenizer wrapped around it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from index.onnx_encoder import OnnxEncoder
from tools.latency import summary as latency_summary

BURN = "import time\nwhile True:\n    time.perf_counter()\n"
# (precision, intra-op threads, spinning allowed, graph optimisation level)
CONFIGS = (
    ("fp32", 1, True, "all"),
    ("fp32", 2, True, "all"),
    ("fp32", 2, False, "all"),
    ("int8", 1, True, "all"),
    ("int8", 1, True, "basic"),
    ("int8", 2, True, "all"),
    ("int8", 2, False, "all"),
)


def config_name(precision: str, threads: int, spin: bool, level: str) -> str:
    return f"{precision} t{threads}{' spin' if spin and threads > 1 else ''}{'' if level == 'all' else ' ' + level}"


@contextmanager
def cpu_load(burners: int) -> Iterator[None]:
    """`burners` busy processes for the duration of the block (each ended by its own pid)."""
    procs = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(burners)]
    try:
        time.sleep(0.3 if procs else 0.0)
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def _feed(encoder: OnnxEncoder, question: str) -> dict:
    """One question's inputs, tokenised by the encoder's own tokenizer (no padding)."""
    ids = np.asarray([encoder.tokenizer.encode(question).ids], dtype=np.int64)
    feed = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
    return {k: v for k, v in feed.items() if k in encoder.inputs}


def tokenizer_cost(model_path: Path, questions: list[str], rounds: int) -> dict:
    """ms per question: the fast `tokenizers` library (used) vs transformers' tokenizer."""
    from tokenizers import Tokenizer

    fast = Tokenizer.from_file(str(model_path / "tokenizer.json"))
    fast.no_padding()
    fig = {"tokenizers": _each_question_ms(fast.encode, questions, rounds)}
    try:
        from transformers import AutoTokenizer
    except ImportError:
        return fig
    slow = AutoTokenizer.from_pretrained(str(model_path))
    fig["transformers"] = _each_question_ms(
        lambda q: slow(q, truncation=True, max_length=256, return_tensors="np"), questions, rounds)
    return fig


def _each_question_ms(tokenize: Callable[[str], object], questions: list[str], rounds: int) -> dict:
    """p50/p95 ms of `tokenize` on each question, `rounds` times over."""
    timings = []
    for _ in range(rounds):
        for q in questions:
            started = time.perf_counter()
            tokenize(q)
            timings.append((time.perf_counter() - started) * 1000)
    return latency_summary(timings, digits=3)


def query_embedding(model_path: Path, export_dirs: list[Path], questions: list[str],
                    rounds: int = 3, loads: tuple[int, ...] = (0, 2)) -> dict:
    """p50/p95 ms of one question's embedding (tokenising included) per configuration and load;
    each configuration is the served encoder's own session (`index.onnx_encoder.OnnxEncoder`)."""
    from index.onnx_export import ensure_export

    exports = {p: ensure_export(model_path, p, export_dirs) for p in ("fp32", "int8")}
    encoders = {config_name(*c): OnnxEncoder(exports[c[0]], c[1], c[2], c[3]) for c in CONFIGS}
    fig: dict = {}
    for burners in loads:
        timings: dict[str, list[float]] = {name: [] for name in encoders}
        with cpu_load(burners):
            for encoder in encoders.values():  # warm-up
                for q in questions[:5]:
                    encoder.session.run(None, _feed(encoder, q))
            for _ in range(rounds):
                for q in questions:
                    for name, encoder in encoders.items():  # interleaved
                        started = time.perf_counter()
                        encoder.session.run(None, _feed(encoder, q))
                        timings[name].append((time.perf_counter() - started) * 1000)
        fig[f"load {burners}"] = {name: latency_summary(ms, digits=2) for name, ms in timings.items()}
    fig["tokenizer_ms"] = tokenizer_cost(model_path, questions, rounds)
    return fig


def render_query_embedding(fig: dict) -> list[str]:
    loads = [k for k in fig if k.startswith("load ")]
    names = list(fig[loads[0]])
    out = ["== Frågeinbäddning / question embedding p50 / p95 ms (busy processes: " + ", ".join(loads) + ")"]
    for name in names:
        cells = [f"{fig[load][name]['p50']} / {fig[load][name]['p95']}" for load in loads]
        out.append(f"{name.ljust(20)}  " + "   ".join(c.ljust(14) for c in cells))
    for lib, s in fig.get("tokenizer_ms", {}).items():
        out.append(f"tokenizer {lib}: p50 {s['p50']} / p95 {s['p95']} ms")
    return out


def main() -> None:
    """`python -m tools.bench.query_embedding [rounds]`: the table alone."""
    import json

    import settings
    from index.onnx_export import export_dirs
    from tools.bench.common import DEFAULT_QA
    from tools.evaluation import load_questions

    config = settings.load()
    questions = [q["question"] for q in load_questions(DEFAULT_QA)]
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    fig = query_embedding(config.model_path, export_dirs(config.model_path, config.data_dir), questions, rounds)
    print("\n".join(render_query_embedding(fig)))
    print(json.dumps(fig))


if __name__ == "__main__":
    main()
