"""Keyword engines beside the served keyword side, on the same passages and questions:
tantivy (the Rust search engine's Python bindings) and bm25s (BM25 over SciPy sparse
matrices). Both index the passages' stems lines as they are (whitespace tokens), so
the terms match ours exactly and only the engines differ; rank_bm25 is in baselines.py.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from tools.bench.common import ANN_K, DEPTH, _built, _timed, peak_rss_mb, reset_peak_rss
from tools.latency import summary as latency_summary

TANTIVY_HEAP = 200_000_000
BM25S_MAX = 100_000  # bm25s peaks near 1 GB building 100k passages: not tried above


def build_tantivy(docs: Iterator[str], directory: Path):
    """A tantivy index of the stems lines (whitespace tokenizer, BM25 default scoring) in
    `directory`; document i has pid i + 1 (= passage id)."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", stored=False, tokenizer_name="whitespace")
    builder.add_integer_field("pid", stored=True, indexed=False, fast=True)
    schema = builder.build()
    index = tantivy.Index(schema, path=str(directory))
    writer = index.writer(heap_size=TANTIVY_HEAP, num_threads=1)
    for i, text in enumerate(docs):
        writer.add_document(tantivy.Document(body=text, pid=i + 1))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, schema


def tantivy_search(index, schema, terms: list[str], k: int) -> list:
    """Top-k doc addresses of a disjunction of the terms (BM25)."""
    import tantivy

    if not terms:
        return []
    query = tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "body", t)) for t in dict.fromkeys(terms)]
    )
    return index.searcher().search(query, k).hits


def build_bm25s(docs: Iterator[str]):
    """bm25s with index/keyword.py's k1 and b, over the same whitespace tokens."""
    import bm25s

    from index.keyword import K1, B

    retriever = bm25s.BM25(k1=K1, b=B)
    retriever.index([line.split() for line in docs], show_progress=False)
    return retriever


def bm25s_search(retriever, terms: list[str], k: int) -> list[int]:
    known = [t for t in terms if t in retriever.vocab_dict]
    if not known:
        return []
    found, scores = retriever.retrieve([known], k=min(k, retriever.scores["num_docs"]), show_progress=False)
    return [int(i) + 1 for i, s in zip(found[0], scores[0], strict=False) if s > 0]


def _overlap(ours: list[list[int]], theirs: list[list[int]]) -> float | None:
    shares = [len(set(a[:ANN_K]) & set(b[:ANN_K])) / len(b[:ANN_K]) for a, b in zip(ours, theirs, strict=False) if b]
    return round(float(np.mean(shares)), 3) if shares else None


def bench_engines(lines, query_terms: list[list[str]], keyword, rounds: int, with_bm25s: bool = True) -> dict:
    """Build time, peak RSS of the build, query latency (top DEPTH, `rounds` passes) and
    top-10 overlap with our stems ranking, for tantivy and bm25s; `lines()` yields the
    stems lines afresh; `keyword` is the served KeywordIndex (for the overlap)."""
    ours = [keyword.top(keyword.exact_weights(t), ANN_K) for t in query_terms]
    fig: dict = {}
    with tempfile.TemporaryDirectory(prefix="samverkan-tantivy-") as tmp:
        reset_peak_rss()
        (index, schema), build_s = _built(build_tantivy, lines(), Path(tmp))
        fig["tantivy"] = {
            "build_s": build_s,
            "build_peak_rss_mb": peak_rss_mb(),
            "disk_mb": round(sum(p.stat().st_size for p in Path(tmp).iterdir()) / 2**20, 1),
        }
        searcher = index.searcher()
        hits = [tantivy_search(index, schema, t, ANN_K) for t in query_terms]
        fig["tantivy"]["top10_overlap_with_stems"] = _overlap(
            ours, [[searcher.doc(a)["pid"][0] for _, a in h] for h in hits]
        )
        ms = [_timed(tantivy_search, index, schema, t, DEPTH)[1] for _ in range(rounds) for t in query_terms]
        fig["tantivy"]["search_ms"] = latency_summary(ms)
        del index, searcher
    if not with_bm25s:
        return fig
    reset_peak_rss()
    retriever, build_s = _built(build_bm25s, lines())
    fig["bm25s"] = {"build_s": build_s, "build_peak_rss_mb": peak_rss_mb()}
    fig["bm25s"]["top10_overlap_with_stems"] = _overlap(ours, [bm25s_search(retriever, t, ANN_K) for t in query_terms])
    ms = [_timed(bm25s_search, retriever, t, DEPTH)[1] for _ in range(rounds) for t in query_terms]
    fig["bm25s"]["search_ms"] = latency_summary(ms)
    return fig
