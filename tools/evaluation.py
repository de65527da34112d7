"""`samverkan eval`: retrieval recall, contact accuracy, abstention, small talk,
conversations and latency on one or more QA files.

A question is a hit at k when one of its evidence strings occurs in one of the
first k passages the answer offers (its citations, then the related passages),
compared after case/diacritic/whitespace folding. Kinds: `smalltalk` lines must be
answered with help (not counted as answer or abstention); `conversation` items are
asked turn by turn in one `Conversation` and each turn is scored with the same
rules (follow-up turns reported separately); questions with `lang: en` also get an
English row.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from answer.answerer import TOP_K, Answerer
from answer.conversation import Conversation
from answer.types import Answer
from index.query import fold
from tools.list_recall import ListRecall, check

KS = (1, 3, 5)


@dataclass
class EvalResult:
    """Figures for one run; `lines()` prints them, `summary()` is the last line."""

    mode: str
    recall: dict[str, dict[int, float]] = field(default_factory=dict)  # group → k → recall
    counts: dict[str, int] = field(default_factory=dict)
    contact_hits: int = 0
    contact_total: int = 0
    abstained_unanswerable: int = 0
    unanswerable: int = 0
    smalltalk_helped: int = 0
    smalltalk: int = 0
    false_abstentions: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    answered_unanswerable: list[str] = field(default_factory=list)
    standalone_kept: int = 0  # conversation turns marked "standalone" (a topic change) asked as written
    standalone: int = 0
    choices_offered: int = 0  # turns marked "choices" (several bodies/regions tie) that offered choices
    choices_expected: int = 0
    conversation_misses: list[str] = field(default_factory=list)  # standalone/choices turns that failed
    lists: ListRecall = field(default_factory=ListRecall)

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]

    def summary(self) -> str:
        overall = self.recall.get("all", {})
        english = self.recall.get("lang:en", {})
        follow = self.recall.get("follow-up", {})
        return (
            f"SUMMARY mode={self.mode} recall@1={overall.get(1, 0):.2f} recall@3={overall.get(3, 0):.2f} "
            f"recall@5={overall.get(5, 0):.2f} en@5={english.get(5, 0):.2f} followup@5={follow.get(5, 0):.2f} "
            f"contacts={self.contact_hits}/{self.contact_total} "
            f"abstain_unanswerable={self.abstained_unanswerable}/{self.unanswerable} "
            f"false_abstentions={len(self.false_abstentions)} smalltalk={self.smalltalk_helped}/{self.smalltalk} "
            f"p50={self.percentile(0.5):.1f}ms p95={self.percentile(0.95):.1f}ms"
        ) + (f" list_items={self.lists.recall('list')[0]:.2f}" if self.mode == "answer" else "")

    def lines(self) -> list[str]:
        out = [f"{'group':16} {'n':>3}  " + "  ".join(f"r@{k}" for k in KS)]
        order = sorted(self.recall, key=lambda g: (g == "all", ":" in g or g == "follow-up", g))
        for group in order:
            out.append(f"{group:16} {self.counts[group]:>3}  " + "  ".join(f"{self.recall[group][k]:.2f}" for k in KS))
        accuracy = self.contact_hits / self.contact_total if self.contact_total else 0.0
        out.append(f"contact accuracy: {accuracy:.2f} ({self.contact_hits}/{self.contact_total})")
        out.append(
            f"abstention on unanswerable: {self.abstained_unanswerable}/{self.unanswerable}"
            + (f" (answered: {' '.join(self.answered_unanswerable)})" if self.answered_unanswerable else "")
        )
        out.append(f"false abstentions: {len(self.false_abstentions)} {' '.join(self.false_abstentions)}".rstrip())
        out.append(f"small talk answered with help: {self.smalltalk_helped}/{self.smalltalk}")
        out.append(
            f"latency: p50 {self.percentile(0.5):.1f} ms, p95 {self.percentile(0.95):.1f} ms"
        )
        if self.standalone or self.choices_expected:
            out.append(
                f"topic changes asked as written: {self.standalone_kept}/{self.standalone}, "
                f"choices offered: {self.choices_offered}/{self.choices_expected}"
                + (f" (failed: {' '.join(self.conversation_misses)})" if self.conversation_misses else "")
            )
        if self.misses:
            out.append(f"misses at 5: {' '.join(self.misses)}")
        if self.mode == "answer":
            out += self.lists.lines()
        return out


def load_questions(*paths: Path) -> list[dict]:
    """Questions of one or more JSONL files (blank lines skipped)."""
    out: list[dict] = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            out.extend(json.loads(line) for line in handle if line.strip())
    return out


def _hit_rank(evidence: list[str], texts: list[str]) -> int | None:
    folded = [fold(e) for e in evidence]
    for rank, text in enumerate(texts, start=1):
        body = fold(text)
        if any(e and e in body for e in folded):
            return rank
    return None


class _Tally:
    def __init__(self, result: EvalResult) -> None:
        self.result = result
        self.hits: dict[str, dict[int, int]] = defaultdict(lambda: {k: 0 for k in KS})
        self.counts: dict[str, int] = defaultdict(int)

    def score(self, q: dict, groups: list[str], texts: list[str], abstained: bool, answer: Answer | None) -> None:
        r = self.result
        qid = q.get("id", q["question"])
        if answer is not None and q.get("expect"):
            r.contact_total += 1
            first = answer.contacts[0] if answer.contacts else None
            expect = q["expect"]
            if (
                first
                and fold(first.name) == fold(expect.get("name", ""))
                and first.email.lower() == expect.get("email", "").lower()
            ):
                r.contact_hits += 1
        if not q.get("evidence"):
            r.unanswerable += 1
            r.abstained_unanswerable += int(abstained)
            if not abstained:
                r.answered_unanswerable.append(qid)
            return
        if abstained:
            r.false_abstentions.append(qid)
        rank = _hit_rank(q["evidence"], texts)
        if rank is None:
            r.misses.append(qid)
        for group in [*groups, "all"]:
            self.counts[group] += 1
            for k in KS:
                self.hits[group][k] += int(rank is not None and rank <= k)

    def finish(self) -> None:
        self.result.counts = dict(self.counts)
        self.result.recall = {g: {k: self.hits[g][k] / self.counts[g] for k in KS} for g in self.counts}


def _offered(answer: Answer) -> list[str]:
    """The passages an answer puts in front of the user, in order: its sources, then (only when it
    answered) the related ones. Evidence may quote the text layer as read, so raw text counts too."""
    shown = answer.citations + ([] if answer.abstained else answer.related)
    return [f"{c.text}\n{c.raw_text}" for c in shown][:TOP_K]


def _score_conversation_turn(result: EvalResult, q: dict, answer: Answer) -> None:
    """A turn marked `standalone` (a topic change) must be asked as written, without the old
    context; a turn marked `choices` (several bodies or regions fit) must offer choices."""
    if q.get("standalone"):
        result.standalone += 1
        kept = not answer.resolved_question
        result.standalone_kept += int(kept)
        if not kept:
            result.conversation_misses.append(q["id"])
    if q.get("choices"):
        result.choices_expected += 1
        offered = len(answer.choices) > 1
        result.choices_offered += int(offered)
        if not offered:
            result.conversation_misses.append(q["id"])


def evaluate(answerer: Answerer, questions: list[dict], mode: str = "answer") -> EvalResult:
    """Run every question; `mode` answer (the full answerer) or a retriever: hybrid, keyword, vector
    (retrievers see each conversation turn alone)."""
    result = EvalResult(mode)
    tally = _Tally(result)
    for item in questions:
        kind = item.get("kind", "other")
        lang_group = [f"lang:{item['lang']}"] if item.get("lang") == "en" else []
        if kind == "smalltalk":
            if mode == "answer":
                answer = answerer.ask(item["question"])
                result.smalltalk += 1
                result.smalltalk_helped += int(answer.kind == "help")
            continue
        turns = item.get("turns") or [item]
        conversation = Conversation()
        for i, turn in enumerate(turns):
            q = {**turn, "id": f"{item.get('id', '')}.{i}" if "turns" in item else item.get("id", turn["question"])}
            groups = [kind, *lang_group] + (["follow-up"] if i > 0 else [])
            if mode == "answer":
                answer = answerer.ask(q["question"], conversation if "turns" in item else None)
                result.latencies_ms.append(answer.latency_ms)
                tally.score(q, groups, _offered(answer), answer.abstained, answer)
                _score_conversation_turn(result, q, answer)
                if "turns" not in item and q.get("evidence") and not q.get("expect"):
                    result.lists.add(kind, check(answerer.searcher.generation, q, answer))
            else:
                started = time.perf_counter()
                found = answerer.searcher.search(q["question"], TOP_K, mode=mode)
                result.latencies_ms.append((time.perf_counter() - started) * 1000)
                texts = [f"{r['text']}\n{r.get('raw_text') or ''}" for r in answerer.searcher.passages([h.passage_id for h in found])]
                tally.score(q, groups, texts, False, None)
    tally.finish()
    return result
