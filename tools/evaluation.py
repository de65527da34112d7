"""`samverkan eval`: retrieval recall, contact accuracy, abstention and latency on a QA file.

A question is a hit at k when one of its evidence strings occurs in one of the
first k cited passages, compared after case/diacritic/whitespace folding.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from answer.answerer import TOP_K, Answerer
from ingest.normalize import fold

KS = (1, 3, 5)


@dataclass
class EvalResult:
    """Figures for one run; `lines()` prints them, `summary()` is the last line."""

    mode: str
    recall: dict[str, dict[int, float]] = field(default_factory=dict)  # kind (and "all") → k → recall
    counts: dict[str, int] = field(default_factory=dict)
    contact_hits: int = 0
    contact_total: int = 0
    abstained_unanswerable: int = 0
    unanswerable: int = 0
    false_abstentions: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]

    def summary(self) -> str:
        overall = self.recall.get("all", {})
        return (
            f"SUMMARY mode={self.mode} recall@1={overall.get(1, 0):.2f} recall@3={overall.get(3, 0):.2f} "
            f"recall@5={overall.get(5, 0):.2f} contacts={self.contact_hits}/{self.contact_total} "
            f"abstain_unanswerable={self.abstained_unanswerable}/{self.unanswerable} "
            f"false_abstentions={len(self.false_abstentions)} "
            f"p50={statistics.median(self.latencies_ms) if self.latencies_ms else 0:.1f}ms p95={self.percentile(0.95):.1f}ms"
        )

    def lines(self) -> list[str]:
        out = [f"{'kind':16} {'n':>3}  " + "  ".join(f"r@{k}" for k in KS)]
        for kind in sorted(self.recall, key=lambda k: (k == "all", k)):
            out.append(f"{kind:16} {self.counts[kind]:>3}  " + "  ".join(f"{self.recall[kind][k]:.2f}" for k in KS))
        accuracy = self.contact_hits / self.contact_total if self.contact_total else 0.0
        out.append(f"contact accuracy: {accuracy:.2f} ({self.contact_hits}/{self.contact_total})")
        out.append(f"abstention on unanswerable: {self.abstained_unanswerable}/{self.unanswerable}")
        out.append(f"false abstentions: {len(self.false_abstentions)} {' '.join(self.false_abstentions)}".rstrip())
        out.append(f"latency: p50 {statistics.median(self.latencies_ms) if self.latencies_ms else 0:.1f} ms, p95 {self.percentile(0.95):.1f} ms")
        if self.misses:
            out.append(f"misses at 5: {' '.join(self.misses)}")
        return out


def load_questions(path: Path) -> list[dict]:
    """Questions of a JSONL file (blank lines skipped)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _hit_rank(evidence: list[str], texts: list[str]) -> int | None:
    folded = [fold(e) for e in evidence]
    for rank, text in enumerate(texts, start=1):
        body = fold(text)
        if any(e and e in body for e in folded):
            return rank
    return None


def evaluate(answerer: Answerer, questions: list[dict], mode: str = "answer") -> EvalResult:
    """Run every question; `mode` answer (the full answerer) or a retriever: hybrid, keyword, vector."""
    result = EvalResult(mode)
    hits: dict[str, dict[int, int]] = defaultdict(lambda: {k: 0 for k in KS})
    counts: dict[str, int] = defaultdict(int)
    for q in questions:
        kind = q.get("kind", "other")
        if mode == "answer":
            answer = answerer.ask(q["question"])
            result.latencies_ms.append(answer.latency_ms)
            texts = [f"{c.text}\n{c.raw_text}" for c in answer.citations]  # evidence may quote the text layer as read
            abstained = answer.abstained
            if q.get("expect"):
                result.contact_total += 1
                first = answer.contacts[0] if answer.contacts else None
                expect = q["expect"]
                if first and fold(first.name) == fold(expect.get("name", "")) and first.email.lower() == expect.get("email", "").lower():
                    result.contact_hits += 1
        else:
            started = time.perf_counter()
            found = answerer.searcher.search(q["question"], TOP_K, mode=mode)
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            texts = [f"{r['text']}\n{r.get('raw_text') or ''}" for r in answerer.searcher.passages([h.passage_id for h in found])]
            abstained = False
        if not q.get("evidence"):
            result.unanswerable += 1
            result.abstained_unanswerable += int(abstained)
            continue
        if abstained:
            result.false_abstentions.append(q.get("id", q["question"]))
        rank = _hit_rank(q["evidence"], texts)
        if rank is None:
            result.misses.append(q.get("id", q["question"]))
        for group in (kind, "all"):
            counts[group] += 1
            for k in KS:
                hits[group][k] += int(rank is not None and rank <= k)
    result.counts = dict(counts)
    result.recall = {g: {k: hits[g][k] / counts[g] for k in KS} for g in counts}
    return result
