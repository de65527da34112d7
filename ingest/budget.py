"""Parsing a file within a budget: a worker process with a time and a memory limit.

One hostile or unlucky file (a decompression bomb, a PDF of 100k pages sharing one
page object, markup that makes a parser go quadratic) must never stop an ingest or
hang the bot. `load_document` runs in a separate worker process whose address
space is capped (`RLIMIT_AS`) and whose answer is awaited for a bounded time; a
worker that overruns is killed and the file is refused with a `DocumentError`
naming it. Any exception a reader raises, of any type, becomes a `DocumentError`
too, so the rest of the corpus is still ingested.

The worker is kept between files and ingests (starting one costs an import of the
readers), replaced when it was killed, stopped at exit, and it exits by itself when
its parent is gone. It is started with `spawn`, never `fork`: the bot and the answerer
run threads (and torch) that must not be forked; and not with `forkserver`, whose
server outlived killed parents. Like every `spawn` user, a script that ingests must
guard its entry point with `if __name__ == "__main__":`.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import multiprocessing
import os
import resource
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import prompts
import settings
from ingest.errors import DocumentError
from ingest.model import Document
from ingest.ocr import ocr_allowance

PARSE_SECONDS = float(os.environ.get("SAMVERKAN_PARSE_SECONDS", "") or 90)
PARSE_MEMORY_MB = int(os.environ.get("SAMVERKAN_PARSE_MEMORY_MB", "") or 1536)

PARENT_POLL_S = 1.0

_pool: concurrent.futures.ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _init_worker(memory_mb: int, parent: int) -> None:
    """Worker initializer: cap the address space so a bomb fails with MemoryError, and
    exit when the parent is gone (a killed ingest must not leave its worker behind); and
    run at ingest's lower priority, so questions answered meanwhile get the cores first."""
    settings.lower_priority()
    threading.Thread(target=_watch_parent, args=(parent,), name="parent-watch", daemon=True).start()
    if memory_mb > 0:
        limit = memory_mb * 2**20
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os._exit(0)


def _parse(path: str, sha256: str | None, max_bytes: int | None, url: str = "",
           last_modified: str = "") -> tuple[str, object]:
    """In the worker: ("ok", Document) or ("error", reason). Never raises (exceptions of
    third-party types may not even unpickle in the parent)."""
    from ingest import load_document

    try:
        return "ok", load_document(Path(path), sha256=sha256, max_bytes=max_bytes, url=url, last_modified=last_modified)
    except DocumentError as err:
        return "error", err.reason
    except MemoryError:
        return "error", prompts.text("ingest.too_much_memory", limit_mb=PARSE_MEMORY_MB)
    except RecursionError:
        return "error", prompts.text("ingest.reader_failed", detail="RecursionError")
    except Exception as err:  # noqa: BLE001 - any reader failure is this file's problem only
        return "error", prompts.text("ingest.reader_failed", detail=_detail(err))


def _detail(err: BaseException) -> str:
    """The exception's type only: a library's own message is English and may quote file bytes."""
    return type(err).__name__


def _get_pool() -> concurrent.futures.ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            context = multiprocessing.get_context("spawn")
            _pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=1, mp_context=context, initializer=_init_worker,
                initargs=(PARSE_MEMORY_MB, os.getpid()))
        return _pool


def _discard_pool(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Kill the worker of `pool` (it overran or died) so the next file gets a fresh one."""
    global _pool
    with _pool_lock:
        if _pool is pool:
            _pool = None
    for process in list(getattr(pool, "_processes", {}).values()):
        try:
            process.kill()
        except (OSError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)


def load_document_budgeted(path: Path, sha256: str | None = None, max_bytes: int | None = None,
                           seconds: float | None = None, *, url: str = "", last_modified: str = "") -> Document:
    """`ingest.load_document` in the worker, within the time and memory budget.

    `DocumentError` naming the file for anything that goes wrong: a reader error of
    any type, too much memory, or more than `seconds` (default PARSE_SECONDS)."""
    seconds = PARSE_SECONDS if seconds is None else seconds
    path = Path(path)
    pool = _get_pool()
    try:
        if path.suffix.lower() == ".pdf":  # scanned pages earn OCR time (ingest/ocr.py)
            seconds += pool.submit(ocr_allowance, str(path)).result(timeout=seconds)
        kind, value = pool.submit(_parse, str(path), sha256, max_bytes, url, last_modified).result(timeout=seconds)
    except concurrent.futures.TimeoutError:
        _discard_pool(pool)
        raise DocumentError(path.name, prompts.text("ingest.too_slow", seconds=f"{seconds:g}")) from None
    except BrokenProcessPool:  # the worker was killed (the kernel's OOM killer, a signal)
        _discard_pool(pool)
        raise DocumentError(path.name, prompts.text("ingest.too_much_memory", limit_mb=PARSE_MEMORY_MB)) from None
    if kind == "ok" and isinstance(value, Document):
        return value
    raise DocumentError(path.name, str(value))


@atexit.register
def shutdown() -> None:
    """Stop the worker at once (at exit; it also exits by itself when its parent is gone)."""
    with _pool_lock:
        pool = _pool
    if pool is not None:
        _discard_pool(pool)
