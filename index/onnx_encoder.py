"""Sentence embeddings through ONNX Runtime and the model's fast tokenizer: no torch.

Tokenised as sentence-transformers does (the model's tokenizer, truncated at its
max_seq_length, special tokens added), texts sorted by length so a batch pads little,
and the exported graph (`index/onnx_export.py`) does pooling and normalisation.

Sessions run sequentially with idle threads that do not spin (`settings.Threads.spin`).
There is one session per export, thread count and role: the ingest session is made and
run in ingest's own lower-priority thread (`index/embedder.py`), and the threads ONNX
Runtime starts inherit that priority, so a question never runs on them.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from index.onnx_export import Export

_lock = threading.Lock()  # guards `_making` only: held for a dict update, never while a session is made
_sessions: dict[tuple[Path, int, str], OnnxEncoder] = {}
_making: dict[tuple[Path, int, str], threading.Lock] = {}  # one lock per session being made


class OnnxEncoder:
    """One ONNX Runtime session and tokenizer; `encode` gives normalised float32 vectors.

    `optimization` is the graph optimisation level ("all" is served; the bench compares others)."""

    def __init__(self, export: Export, threads: int, spin: bool = False, optimization: str = "all") -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        levels = {"basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
                  "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                  "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL}
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(threads, 0)  # 0: one per core
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = levels[optimization]
        options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(export.onnx), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.dimension = int(self.session.get_outputs()[0].shape[1])
        self.tokenizer = Tokenizer.from_file(str(export.tokenizer))
        padding = self.tokenizer.padding or {}
        self.pad_id = int(padding.get("pad_id", self.tokenizer.token_to_id("[PAD]") or 0))
        self.tokenizer.no_padding()  # padded per batch below, to the batch's longest text
        self.tokenizer.enable_truncation(export.max_length)

    def token_ids(self, text: str) -> tuple[int, ...]:
        """The ids the model reads for `text`: what decides its vector (the query cache's key)."""
        return tuple(self.tokenizer.encode(text).ids)

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self.encode_ids([e.ids for e in self.tokenizer.encode_batch(texts)], batch_size)

    def encode_ids(self, ids: list, batch_size: int = 32) -> np.ndarray:
        """Vectors for tokenised texts, in batches of similar length."""
        out = np.zeros((len(ids), self.dimension), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            width = len(ids[rows[0]])
            input_ids = np.full((len(rows), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for row, i in enumerate(rows):
                input_ids[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1
            feed = {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": np.zeros_like(input_ids)}
            out[rows] = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0]
        return out


def encoder(export: Export, threads: int, role: str = "query", spin: bool = False) -> OnnxEncoder:
    """The session for `export` with `threads` intra-op threads and `role` ("query" or
    "ingest"), made once per process.

    Every question asks for its session, so a made session is returned without a lock,
    and making one (0.2-0.7 s: the model is read and its graph optimised) holds only that
    session's lock. One process-wide lock held while ingest made its session (in its
    lower-priority thread) stopped every question for that long (the soak measured 0.2-0.7 s
    stalls of all four askers at the first re-ingest)."""
    key = (export.onnx, threads, role)
    made = _sessions.get(key)
    if made is not None:
        return made
    with _lock:
        making = _making.setdefault(key, threading.Lock())
    with making:
        if key not in _sessions:
            _sessions[key] = OnnxEncoder(export, threads, spin)
        return _sessions[key]
