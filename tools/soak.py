"""`samverkan bench --soak`: concurrent questions while the corpus is re-ingested.

`run_soak` copies the corpus and the embedding cache to a temporary directory (the
user's data directory is never written), ingests it once, and then lets `askers`
threads call ONE shared `Answerer.ask` over the dev questions in a loop for `seconds`
while the main thread re-ingests the copy `reingests` times, spread over the period.
Every re-ingest makes a real change (a text document alternately gets an extra
paragraph and is restored; without a text document, one document is alternately
removed and restored), so generations really switch under the askers.

Right after each answer the asking thread opens the generation the answer names
(`Answer.generation`) read-only and checks that it is complete: published (not a
`*.building` directory), its meta passage and vector counts match its rows and its
FAISS ids, and every cited passage exists there with the cited document, page and
text (every contact card with its e-mail and document). An answer whose generation
has already been pruned by then is counted apart as unverified, and one with no
generation recorded as unlabelled.

The soak passes when no answer failed (raised), no answer came from an incomplete or
mismatching generation, every answer named its generation and every re-ingest
succeeded. Abstentions on questions the baseline (one pass before the soak) answered
are counted, not failed.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from settings import PROJECT_ROOT, Settings, query_cache_size
from tools import latency
from tools.soak_checks import GenerationChecker
from tools.soak_writers import Contenders

DEFAULT_QA = PROJECT_ROOT / "eval" / "dev_qa.jsonl"
TEXT_SUFFIXES = (".txt", ".md")
MIN_TAIL_S = 1.0  # answers keep coming this long after the last re-ingest, so its generation is asked
MAX_EXAMPLES = 5  # failure and incompleteness examples kept in the report
CHANGE_PARAGRAPH = (
    "\n\nTillägg {round} (soak-test): regionerna följer gemensamt upp väntetiderna för "
    "planerade operationer varje kvartal och redovisar resultatet för ledningsgruppen.\n"
)

Log = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def _on_first_call(action: Callable[[], None]) -> Callable[..., None]:
    """A callback (any arguments, e.g. ingest's progress) that runs `action` on its first call only."""
    done = threading.Event()

    def call(*_: object) -> None:
        if not done.is_set():
            done.set()
            action()

    return call


def _rss_mb() -> float | None:
    try:
        import psutil

        return round(psutil.Process().memory_info().rss / 2**20, 1)
    except Exception:  # noqa: BLE001 - memory is a nicety here
        return None


# -- the corpus change -----------------------------------------------------------------------
class CorpusChanger:
    """Makes each re-ingest see a real change: round 1, 3, 5 … change one document,
    round 2, 4 … restore it. A text document is changed by appending a paragraph;
    without one, a document is removed and put back."""

    def __init__(self, corpus: Path, side: Path) -> None:
        from index.build import corpus_files

        files = corpus_files([corpus])
        if not files:
            raise ValueError(f"no documents in {corpus}")
        texts = [p for p in files if p.suffix.lower() in TEXT_SUFFIXES]
        self.target = min(texts or files, key=lambda p: (p.stat().st_size, p.name))
        self.mode = "modify" if texts else "remove"
        self.original = self.target.read_bytes()
        self.side = side / self.target.name
        side.mkdir(parents=True, exist_ok=True)

    def apply(self, round_no: int) -> str:
        """Change (odd rounds) or restore (even rounds); a short description."""
        change = round_no % 2 == 1
        if self.mode == "modify":
            text = self.original + (CHANGE_PARAGRAPH.format(round=round_no).encode("utf-8") if change else b"")
            self.target.write_bytes(text)
            return f"{'modified' if change else 'restored'} {self.target.name}"
        if change:
            shutil.move(self.target, self.side)
            return f"removed {self.target.name}"
        shutil.move(self.side, self.target)
        return f"restored {self.target.name}"


# -- checking an answer against its generation ---------------------------------------------------
# -- the soak ------------------------------------------------------------------------------------
@dataclasses.dataclass
class _Tally:
    asks: int = 0
    failures: int = 0
    abstained: int = 0
    unexpected_abstentions: int = 0
    unexpected_answers: int = 0
    verdicts: Counter = dataclasses.field(default_factory=Counter)
    by_generation: Counter = dataclasses.field(default_factory=Counter)
    latencies_ms: list = dataclasses.field(default_factory=list)
    cpu_ms: list = dataclasses.field(default_factory=list)  # the asking thread's CPU time per answer
    failure_examples: list = dataclasses.field(default_factory=list)
    incomplete_examples: list = dataclasses.field(default_factory=list)


def _copy_workspace(settings: Settings, root: Path) -> Settings:
    """A private copy of the corpus and of the embedding cache (if any)."""
    from index.store import Store

    corpus = root / "corpus"
    shutil.copytree(settings.corpus_dir, corpus, ignore=shutil.ignore_patterns(".*"))
    data = root / "data"
    data.mkdir(parents=True)
    cache = Store(settings.data_dir).embedding_cache
    if cache.exists():
        shutil.copy2(cache, Store(data).embedding_cache)
    return dataclasses.replace(settings, data_dir=data, corpus_dir=corpus)


def run_soak(
    settings: Settings,
    askers: int = 4,
    seconds: float = 60.0,
    reingests: int = 5,
    qa_path: Path | None = None,
    log: Log | None = None,
    contenders: bool = True,
) -> dict:
    """Soak the answerer while the corpus is re-ingested; the counts as a JSON-able dict."""
    from tools.evaluation import load_questions

    log = log or _quiet
    # the askers cycle through a few dozen questions: with the question-vector cache every
    # pass after the first would skip the model, so the soak measures it off unless the
    # environment sets SAMVERKAN_QUERY_CACHE itself
    cache_was = os.environ.get("SAMVERKAN_QUERY_CACHE")
    os.environ.setdefault("SAMVERKAN_QUERY_CACHE", "0")
    try:
        return _soak(settings, askers, seconds, reingests, qa_path, log, contenders, load_questions)
    finally:
        if cache_was is None:
            os.environ.pop("SAMVERKAN_QUERY_CACHE", None)


def _soak(settings: Settings, askers: int, seconds: float, reingests: int, qa_path: Path | None, log: Log,
          contenders: bool, load_questions: Callable) -> dict:
    from answer.answerer import Answerer
    from index.build import ingest_corpus

    questions = load_questions(Path(qa_path or DEFAULT_QA).resolve())
    if not questions:
        raise ValueError("no questions to ask")
    with tempfile.TemporaryDirectory(prefix="samverkan-soak-") as tmp:
        config = _copy_workspace(settings, Path(tmp))
        changer = CorpusChanger(config.corpus_dir, Path(tmp) / "aside")
        log(f"soak: initial ingest of a copy of {settings.corpus_dir}")
        first = ingest_corpus(config)
        published = [first.generation]
        answerer = Answerer(config)
        baseline = {q["question"]: answerer.ask(q["question"]).abstained for q in questions}  # also warms the model
        checker = GenerationChecker(config.data_dir)
        tally = _Tally()
        lock = threading.Lock()
        stop = threading.Event()

        def ask_loop(offset: int) -> None:
            i = offset
            while not stop.is_set():
                question = questions[i % len(questions)]["question"]
                i += 1
                started = time.perf_counter()
                cpu_started = time.thread_time()
                try:
                    answer = answerer.ask(question)
                except Exception:  # noqa: BLE001 - counted and reported, the soak goes on
                    trace = traceback.format_exc()
                    with lock:
                        tally.asks += 1
                        tally.failures += 1
                        if len(tally.failure_examples) < MAX_EXAMPLES:
                            tally.failure_examples.append({"question": question, "traceback": trace})
                    continue
                ms = (time.perf_counter() - started) * 1000
                cpu_ms = (time.thread_time() - cpu_started) * 1000
                verdict, detail = checker.check(answer)
                with lock:
                    tally.asks += 1
                    tally.latencies_ms.append(ms)
                    tally.cpu_ms.append(cpu_ms)
                    tally.verdicts[verdict] += 1
                    tally.by_generation[answer.generation or "(unlabelled)"] += 1
                    if answer.abstained:
                        tally.abstained += 1
                        if not baseline[question]:
                            tally.unexpected_abstentions += 1
                    elif baseline[question]:
                        tally.unexpected_answers += 1
                    if verdict == "incomplete" and len(tally.incomplete_examples) < MAX_EXAMPLES:
                        tally.incomplete_examples.append({"question": question, "problem": detail})

        rss_start = _rss_mb()
        rivals = Contenders(config)  # tools/soak_writers.py
        threads = [threading.Thread(target=ask_loop, args=(n * 7,), name=f"soak-asker-{n}", daemon=True)
                   for n in range(askers)]
        ingests: list[dict] = []
        started = time.perf_counter()
        log(f"soak: {askers} askers for {seconds:g} s, {reingests} re-ingests")
        try:
            for thread in threads:
                thread.start()
            for n in range(1, reingests + 1):
                due = started + seconds * (n - 0.5) / reingests
                time.sleep(max(0.0, due - time.perf_counter()))
                change = changer.apply(n)
                # the rivals start once this ingest holds the lock (its first file): started
                # earlier, one of them could publish this round's change first and leave the
                # soak's own re-ingest with nothing to do
                on_file = _on_first_call(rivals.start) if n == 1 and contenders else None
                if on_file:
                    log("soak: a second ingest process and a corpus-service upload start alongside")
                try:
                    report = ingest_corpus(config, progress=on_file)
                except Exception:  # noqa: BLE001 - a failed re-ingest fails the soak, it does not stop it
                    ingests.append({"round": n, "change": change, "error": traceback.format_exc()})
                    log(f"soak: re-ingest {n} FAILED ({change})")
                    continue
                published.append(report.generation)
                ingests.append(
                    {
                        "round": n, "change": change, "generation": report.generation,
                        "seconds": round(report.seconds, 2),
                        "embedded": report.embedded, "changed": report.changed + report.added + report.removed,
                    }
                )
                log(f"soak: re-ingest {n}/{reingests}: {change}, {report.seconds:.1f} s → {report.generation}")
            contended = rivals.join()
            for entry in contended:
                if entry.get("generation"):
                    published.append(entry["generation"])
                log(f"soak: {entry['kind']}: {'ok' if entry['ok'] else 'FAILED'} in {entry['seconds']} s")
            tail_end = time.perf_counter() + MIN_TAIL_S
            time.sleep(max(0.0, max(started + seconds, tail_end) - time.perf_counter()))
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
        elapsed = time.perf_counter() - started
        stuck = sum(thread.is_alive() for thread in threads)
        with lock:
            result = _result(tally, askers, seconds, elapsed, reingests, ingests, published, stuck, contended)
        result.update({"rss_start_mb": rss_start, "rss_end_mb": _rss_mb(), "questions": len(questions),
                       "query_cache": query_cache_size()})
        result["baseline_abstained"] = sum(baseline.values())
        log(f"soak: {'PASS' if result['pass'] else 'FAIL'} ({result['asks']} answers)")
        return result


def _result(
    tally: _Tally, askers: int, seconds: float, elapsed: float, reingests: int, ingests: list[dict],
    published: list[str], stuck: int,
    contended: list[dict] | None = None,
) -> dict:
    contended = contended or []
    seen = [name for name in published if tally.by_generation.get(name)]
    others = sorted(set(tally.by_generation) - set(published))
    ok_ingests = [i for i in ingests if "error" not in i]
    verdicts = tally.verdicts
    passed = (
        tally.failures == 0
        and verdicts["incomplete"] == 0
        and verdicts["unlabelled"] == 0
        and len(ok_ingests) == reingests
        and verdicts["verified"] > 0
        and stuck == 0
        and all(entry["ok"] for entry in contended)
    )
    return {
        "askers": askers,
        "seconds": round(seconds, 1),
        "elapsed_s": round(elapsed, 1),
        "reingests": reingests,
        "reingests_ok": len(ok_ingests),
        "asks": tally.asks,
        "failures": tally.failures,
        "verified": verdicts["verified"],
        "incomplete": verdicts["incomplete"],
        "unverified_pruned": verdicts["pruned"],
        "unlabelled": verdicts["unlabelled"],
        "abstained": tally.abstained,
        "unexpected_abstentions": tally.unexpected_abstentions,
        "unexpected_answers": tally.unexpected_answers,
        "generations_published": len(published),
        "generations_seen": len(seen) + len(others),
        "answers_by_generation": {name: tally.by_generation[name] for name in published + others
                                  if tally.by_generation.get(name)},
        "latency_ms": latency.summary(tally.latencies_ms, digits=2),
        # the slowest answer: a stall of every asker at once (a lock held while a session is
        # made or a generation opened) is a handful of answers, invisible at p95
        "latency_max_ms": round(max(tally.latencies_ms), 2) if tally.latencies_ms else None,
        "cpu_ms": latency.summary(tally.cpu_ms, digits=2),
        "ingest_s": [i["seconds"] for i in ok_ingests],
        "ingests": ingests,
        "stuck_askers": stuck,
        "contenders": contended,
        "contenders_ok": sum(1 for entry in contended if entry["ok"]),
        "failure_examples": tally.failure_examples,
        "incomplete_examples": tally.incomplete_examples,
        "pass": passed,
    }


# -- the table -------------------------------------------------------------------------------------
def render_soak(s: dict) -> list[str]:
    """The soak's lines for `samverkan bench`: counts, then one PASS/FAIL line."""
    lat = s.get("latency_ms", {})
    ingest_s = s.get("ingest_s", [])
    rows = [
        ("svar / answers", s["asks"]),
        ("misslyckade / failed (raised)", s["failures"]),
        ("verifierade / verified against their generation", s["verified"]),
        ("ofullständig generation / incomplete or mismatching", s["incomplete"]),
        ("ej verifierade, redan rensad / unverified, pruned", s["unverified_pruned"]),
        ("utan generation / unlabelled", s["unlabelled"]),
        ("avstod / abstained (baseline answered)", f"{s['abstained']} ({s['unexpected_abstentions']})"),
        ("generationer sedda / publicerade / seen / published",
         f"{s['generations_seen']} / {s['generations_published']}"),
        ("ominläsningar / re-ingests ok", f"{s['reingests_ok']} / {s['reingests']}"),
        ("samtidiga skrivare / concurrent writers ok", f"{s.get('contenders_ok', 0)} / {len(s.get('contenders', []))}"),
        ("inläsning / ingest s (each)", " ".join(f"{x:.1f}" for x in ingest_s) or "–"),
        ("svarstid / latency p50 / p95 / p99 / max ms",
         f"{lat.get('p50')} / {lat.get('p95')} / {lat.get('p99')} / {s.get('latency_max_ms')}"),
        ("CPU-tid per svar / CPU ms per answer p50 / p95",
         f"{s.get('cpu_ms', {}).get('p50')} / {s.get('cpu_ms', {}).get('p95')}"),
        ("frågevektorer i cache / question-vector cache", s.get("query_cache", "–")),
        ("RSS MB", f"{s.get('rss_start_mb')} → {s.get('rss_end_mb')}"),
    ]
    width = max(len(label) for label, _ in rows)
    out = [f"== Soak: {s['askers']} samtidiga frågare i {s['seconds']:g} s ({s['elapsed_s']:g} s) "
           f"medan korpusen läses in om {s['reingests']} gånger"]
    out += [f"{label.ljust(width)}  {value}" for label, value in rows]
    for example in s.get("failure_examples", [])[:2]:
        out.append(f"failure: {example['question']!r}: {example['traceback'].strip().splitlines()[-1]}")
    for entry in s.get("contenders", []):
        if not entry["ok"]:
            out.append(f"contender failed: {entry['kind']}: {entry.get('error', '').strip().splitlines()[-1:]}")
    for example in s.get("incomplete_examples", [])[:2]:
        out.append(f"incomplete: {example['question']!r}: {example['problem']}")
    verdict = "PASS" if s["pass"] else "FAIL"
    out.append(
        f"soak {verdict}: {s['asks']} svar, {s['failures']} misslyckade, "
        f"{s['incomplete']} från ofullständig generation, "
        f"{s['unlabelled']} utan generation, {s['generations_seen']} generationer sedda, "
        f"{s['reingests_ok']}/{s['reingests']} ominläsningar"
    )
    return out
