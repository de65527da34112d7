"""The figures as text: targets with pass/fail, one table per section, notes."""

from __future__ import annotations

from tools.bench.common import ANN_RECALL, COMPOUND_RATE
from tools.bench.sample import MODES, SINGLE_RETRIEVERS
from tools.bench.synthetic import Seed


# -- targets and the table ----------------------------------------------------------------------------
def _target(name: str, value, check, shown: str) -> dict:
    """One target line; `check(value)` decides pass/fail, a missing value is n/a."""
    missing = value is None
    return {
        "target": name,
        "value": value,
        "shown": "not run" if missing else shown,
        "pass": None if missing else bool(check(value)),
    }


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
        targets.append(
            _target(
                f"warm full answer p95 < {limit} ms @ {_short(n)}", value, lambda v, lim=limit: v < lim, f"{value} ms"
            )
        )
    rss = at(1_000_000, "answer", "rss_mb", "peak")
    targets.append(_target("1M passages < 3 GB peak RSS while answering", rss, lambda v: v < 3072, f"{rss} MB"))
    ratio = at(100_000, "ratios", "rank_bm25_over_keyword")
    targets.append(
        _target(
            "keyword side (stems + grams) ≥ 10× faster than rank_bm25 @ 100k", ratio, lambda v: v >= 10, f"{ratio}×"
        )
    )
    for n in sorted(k for k in by_size if k):
        hnsw = at(n, "baselines", "hnsw") or {}
        recall = hnsw.get("recall_at_10")
        how = "served" if hnsw.get("served") else "comparison; served flat"
        shown = f"{recall} (efSearch {hnsw.get('ef_search')}, {how})"
        targets.append(
            _target(
                f"ANN (HNSW) recall@10 ≥ {ANN_RECALL} vs exact @ {_short(n)}", recall, lambda v: v >= ANN_RECALL, shown
            )
        )
    rate = ingest.get("embedding", {}).get("ingest_passages_per_s")
    targets.append(
        _target(
            "embedding ≥ 25 passages/s as ingest embeds (1 vector / ~120-word passage)",
            rate,
            lambda v: v >= 25,
            f"{rate} /s",
        )
    )
    cold = latency.get("cold_start", {}).get("seconds")
    targets.append(_target("cold start < 8 s (sample corpus)", cold, lambda v: v < 8, f"{cold} s"))
    embedded = ingest.get("reingest", {}).get("embedded")
    targets.append(_target("re-ingest unchanged embeds 0", embedded, lambda v: v == 0, f"{embedded} embedded"))
    targets += _backend_targets(fig)
    for n, limit in ((1_000_000, 50),):
        value = at(n, "answer", "search_ms", "answer", "p95")
        targets.append(
            _target(
                f"full answer p95 < {limit} ms @ {_short(n)} (issue 15)",
                value,
                lambda v, lim=limit: v < lim,
                f"{value} ms",
            )
        )
    ratio = at(100_000, "ratios", "keyword_over_tantivy")
    targets.append(
        _target("served keyword (stems + grams) p50 ≤ 2× tantivy @ 100k", ratio, lambda v: v <= 2, f"{ratio}×")
    )
    p95_1m = at(1_000_000, "answer", "search_ms", "keyword", "p95")
    targets.append(_target("served keyword p95 < 20 ms @ 1M", p95_1m, lambda v: v < 20, f"{p95_1m} ms"))
    for k in (1, 3, 5):
        hybrid = quality.get("hybrid", {}).get(f"r@{k}")
        singles = {m: quality[m][f"r@{k}"] for m in SINGLE_RETRIEVERS if f"r@{k}" in quality.get(m, {})}
        best = max(singles, key=lambda m: singles[m]) if singles else None
        gap = round(hybrid - singles[best], 3) if hybrid is not None and best else None
        shown = f"{hybrid} vs {singles[best]} ({best})" if gap is not None else "–"
        targets.append(_target(f"hybrid recall@{k} ≥ best single retriever (dev set)", gap, lambda v: v >= 0, shown))
    return targets


def _backend_targets(fig: dict) -> list[dict]:
    """Issue 15's targets for the embedding backends, all measured in the same run."""
    emb = fig.get("backends", {}).get("embedding", {})
    idx = fig.get("backends", {}).get("indexes", {})
    onnx, torch = idx.get("onnx-fp32", {}), idx.get("torch-fp32", {})
    cold, ratio = onnx.get("cold_start_s"), onnx.get("cold_start_ratio")
    query = emb.get("onnx-int8", {}).get("query_ms", {}).get("p95")  # the served question encoder
    best = max((emb.get(n, {}).get("ingest_speedup") or 0 for n in ("onnx-fp32", "onnx-int8")), default=0) or None
    same = {  # what users get: the hybrid ranking and the full answer (vector-only recall is in the table)
        n: all(idx.get(n, {}).get(m) == torch.get(m) for m in ("hybrid", "answer")) if idx.get(n) and torch else None
        for n in ("onnx-fp32", "onnx-int8", "onnx-fp32+int8q")
    }
    return [
        _target("cold start to first answer (ONNX) < 1.5 s", cold, lambda v: v < 1.5, f"{cold} s"),
        _target(
            "cold start ONNX ≤ 0.3× torch (same run)",
            ratio,
            lambda v: v <= 0.3,
            f"{ratio}× ({cold} vs {torch.get('cold_start_s')} s)",
        ),
        _target("query embedding p95 < 5 ms (served: ONNX int8)", query, lambda v: v < 5, f"{query} ms"),
        _target(
            "ingest embedding ≥ 1.5× torch fp32 (best ONNX)",
            best,
            lambda v: v >= 1.5,
            f"fp32 {emb.get('onnx-fp32', {}).get('ingest_speedup')}×, "
            f"int8 {emb.get('onnx-int8', {}).get('ingest_speedup')}×",
        ),
        _target("dev figures (hybrid, answer) of ONNX fp32 = torch", same["onnx-fp32"], bool, str(same["onnx-fp32"])),
        _target("dev figures (hybrid, answer) of ONNX int8 = torch", same["onnx-int8"], bool, str(same["onnx-int8"])),
        _target("dev figures of fp32 passages + int8 questions (served) = torch", same["onnx-fp32+int8q"], bool,
                str(same["onnx-fp32+int8q"])),
    ]


def _short(n: int) -> str:
    return (
        f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)
    )


def _table(rows: list[list]) -> list[str]:
    """Rows of cells as left-aligned first column and right-aligned others."""
    cells = [["–" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells if i < len(r)) for i in range(max(map(len, cells)))]
    return [
        "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)).rstrip() for r in cells
    ]


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
        out += [
            "",
            f"== Ingest (sample corpus: {i['documents']} documents, {i['pages']} pages, {i['passages']} passages)",
        ]
        rows = [
            ["model load", _fmt(i["model_load_s"], " s"), "", ""],
            [
                "cold ingest (empty cache)",
                _fmt(i["cold"]["seconds"], " s"),
                _fmt(i["cold"]["pages_per_s"], " pages/s"),
                _fmt(i["cold"]["passages_per_s"], " passages/s"),
            ],
        ]
        rows += [
            [f"embedding, batch {b} (120 words)", _fmt(v, " passages/s"), "", ""]
            for b, v in e["passages_per_s"].items()
        ]
        rows.append(
            ["embedding as ingest does (1 vector/passage)", _fmt(e["ingest_passages_per_s"], " passages/s"), "", ""]
        )
        rows.append(
            ["re-ingest unchanged", _fmt(i["reingest"]["seconds"], " s"), f"embedded {i['reingest']['embedded']}", ""]
        )
        rows.append(
            ["OCR, scanned A4 page (Tesseract, swe, 300 dpi)", _fmt(i.get("ocr_pages_per_s"), " pages/s"), "", ""]
        )
        out += _table(rows)
    if "backends" in fig:
        out += ["", *_backend_block(fig["backends"])]
    if "latency" in fig:
        lat = fig["latency"]
        out += [
            "",
            f"== Answer latency, warm (ms; {lat.get('rounds', 1)} timed passes of the dev questions after one untimed)",
        ]
        out += _table(
            [["mode", "n", "p50", "p95", "p99", "untimed pass max"]]
            + [
                [m, lat[m]["n"], *(_fmt(lat[m][k]) for k in ("p50", "p95", "p99", "first_pass_max"))]
                for m in MODES
                if m in lat
            ]
        )
        out.append(f"cold start (process start → first answer): {_fmt(lat['cold_start'].get('seconds'), ' s')}")
    if "quality" in fig:
        out += ["", "== Quality (dev set, recall@k; keyword = stems + grams)"]
        q = fig["quality"]
        out += _table(
            [["mode", "n", "r@1", "r@3", "r@5"]]
            + [[m, q[m]["n"], *(q[m][f"r@{k}"] for k in (1, 3, 5))] for m in MODES if m in q]
        )
    if fig.get("scale"):
        out += ["", "== Scale (synthetic; real generations; ms per query, p50 / p95)"]
        out += _table(_scale_rows(fig["scale"]))
        out += _sweep_block(fig["scale"])
    if "soak" in fig:
        from tools.soak import render_soak

        out += ["", *render_soak(fig["soak"])]
    if fig.get("targets"):
        out += ["", "== Targets"]
        out += _table(
            [[t["target"], t["shown"], {True: "PASS", False: "FAIL", None: "n/a"}[t["pass"]]] for t in fig["targets"]]
        )
    for note in fig.get("notes", []):
        out.append(f"note: {note}")
    return "\n".join(out)


def _backend_block(backends: dict) -> list[str]:
    """Backends across, figures down (ratios to torch fp32 in the same run); the served
    pairing (fp32 passages, int8 questions) has an index column of its own."""
    emb, idx = backends.get("embedding", {}), backends.get("indexes", {})
    names = [n for n in emb if isinstance(emb[n], dict)] + [n for n in idx if n not in emb]

    def e(name: str, key: str, unit: str = "") -> str:
        return _fmt(emb.get(name, {}).get(key), unit)

    def q(name: str, key: str) -> str:
        return _fmt(emb.get(name, {}).get("query_ms", {}).get(key))

    def cosine(name: str) -> str:
        c = emb.get(name, {}).get("cosine_to_torch")
        return f"{c['mean']} / {c['min']}" if c else ("1" if name in emb else "–")

    def recall(name: str, mode: str) -> str:
        r = idx.get(name, {}).get(mode, {})
        return " / ".join(_fmt(r.get(f"r@{k}")) for k in (1, 3, 5)) if r else "–"

    rows = [["", *names]]
    rows.append(["ingest embedding passages/s", *(e(n, "ingest_passages_per_s") for n in names)])
    rows.append(["  × torch fp32", *(e(n, "ingest_speedup", "×") for n in names)])
    rows.append(["question embedding ms p50", *(q(n, "p50") for n in names)])
    rows.append(["question embedding ms p95", *(q(n, "p95") for n in names)])
    rows.append(["cosine to torch mean / min", *(cosine(n) for n in names)])
    rows.append(["cold start → first answer s (median)", *(_fmt(idx.get(n, {}).get("cold_start_s")) for n in names)])
    rows.append(["  × torch", *(_fmt(idx.get(n, {}).get("cold_start_ratio"), "×") for n in names)])
    for mode in ("vector", "hybrid", "answer"):
        rows.append([f"dev {mode} r@1 / r@3 / r@5", *(recall(n, mode) for n in names)])
    rows.append(
        [
            "dev answer: abstained on unanswerable",
            *(idx.get(n, {}).get("answer", {}).get("abstained_unanswerable", "–") for n in names),
        ]
    )
    out = [
        f"== Embedding backends (same run; {emb.get('texts')} ~120-word passages, dev questions one at a time)",
        *_table(rows),
    ]
    if backends.get("query_load"):
        from tools.bench.query_embedding import render_query_embedding

        out += ["", *render_query_embedding(backends["query_load"])]
    return out


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
        (
            "build peak RSS MB: rows / kw / FAISS",
            lambda r: three(r, "build", "peak_rss_mb", ("rows", "keyword", "vectors")),
        ),
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
        (
            "tantivy build s / disk MB",
            lambda r: f"{get(r, 'baselines', 'tantivy', 'build_s')} / {get(r, 'baselines', 'tantivy', 'disk_mb')}",
        ),
        ("tantivy BM25 (stems, top 50)", lambda r: pair(r.get("baselines", {}).get("tantivy", {}).get("search_ms"))),
        ("  ratio keyword / tantivy (p50)", lambda r: get(r, "ratios", "keyword_over_tantivy", unit="×")),
        ("  ratio stems / tantivy (p50)", lambda r: get(r, "ratios", "stems_over_tantivy", unit="×")),
        ("  top-10 overlap stems vs tantivy", lambda r: get(r, "baselines", "tantivy", "top10_overlap_with_stems")),
        (
            "bm25s build s / peak RSS MB",
            lambda r: (
                f"{get(r, 'baselines', 'bm25s', 'build_s')} / {get(r, 'baselines', 'bm25s', 'build_peak_rss_mb')}"
            ),
        ),
        ("bm25s (stems, top 50)", lambda r: pair(r.get("baselines", {}).get("bm25s", {}).get("search_ms"))),
        ("  ratio bm25s / stems (p50)", lambda r: get(r, "ratios", "bm25s_over_stems", unit="×")),
        (
            "  top-10 overlap stems vs rank_bm25 (idf differs)",
            lambda r: get(r, "baselines", "rank_bm25", "top10_overlap_with_stems"),
        ),
        ("wall time s", lambda r: get(r, "wall_s")),
    ]
    table = [["passages"] + [_short(r["passages"]) for r in rows]] + [
        [label] + [fn(r) for r in rows] for label, fn in spec
    ]
    if any("error" in r for r in rows):
        table.append(["error"] + [r.get("error", "") for r in rows])
    return table


def _sweep_block(rows: list[dict]) -> list[str]:
    """efSearch down, sizes across: recall@10 vs exact / p50 ms of HNSW (one thread)."""
    swept = [r for r in rows if r.get("baselines", {}).get("hnsw", {}).get("sweep")]
    if not swept:
        return []
    cells = {
        (r["passages"], s["ef_search"]): f"{_fmt(s['recall_at_10'])} / {_fmt(s['p50'])}"
        for r in swept
        for s in r["baselines"]["hnsw"]["sweep"]
    }
    efs = sorted({ef for _, ef in cells})
    table = [["efSearch"] + [_short(r["passages"]) for r in swept]]
    table += [[str(ef)] + [cells.get((r["passages"], ef), "–") for r in swept] for ef in efs]
    return [
        "",
        "== HNSW efSearch sweep (recall@10 vs exact / p50 ms at k=10, 1 thread; served flat sizes: comparison build)",
        *_table(table),
    ]


def _notes(fig: dict, seed: Seed) -> list[str]:
    """What the scale figures mean and leave out; the per-passage figures for sizing."""
    vocabulary = len({t for p in seed.passage_stems for t in p.split()})
    notes = [
        (
            f"synthetic text is drawn from the sample corpus's {vocabulary} stems plus {COMPOUND_RATE:.0%} random "
            "compounds, so every ordinary query term is frequent (long posting lists) and the vocabulary is mostly "
            "one-off compounds: "
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
        notes.append(
            "rank_bm25 marked est. was not built (too slow): its query times are a 10k build's scaled linearly"
        )
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
