"""One writer at a time across processes: the ingest lock.

Every change of the data directory (ingest, a corpus change from the bot or the CLI,
restore of a backup) holds `data_dir/ingest.lock` with `fcntl.flock`. The kernel
releases a flock when its holder dies, so a killed ingest never leaves the lock
taken; the file's content (holder pid, start time, what it does) only serves the
message a second writer gets ("inläsning pågår: process 1234 sedan 18:02").

The lock is re-entrant within one process (a corpus change that re-ingests takes it
once), and threads of the same process queue on an `RLock` first, so the bot's
worker threads and a CLI process all wait their turn the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import prompts
from errors import SamverkanError

LOCK_NAME = "ingest.lock"
POLL_S = 0.2


class IngestBusy(SamverkanError):
    """Another process (or thread) holds the ingest lock longer than we may wait."""


class _Held:
    """Per-process state of one lock file: the thread lock, the open file, the depth."""

    def __init__(self) -> None:
        self.thread_lock = threading.RLock()
        self.handle: int | None = None
        self.depth = 0


_HELD: dict[str, _Held] = {}
_HELD_GUARD = threading.Lock()


def _held(path: Path) -> _Held:
    with _HELD_GUARD:
        return _HELD.setdefault(str(path.resolve()), _Held())


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists (a zombie counts as gone)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def holder(data_dir: Path) -> dict:
    """What the lock file says about its (last) holder: pid, started, what; {} if unknown."""
    try:
        info = json.loads((Path(data_dir) / LOCK_NAME).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def busy_message(data_dir: Path) -> str:
    info = holder(data_dir)
    started = str(info.get("started", ""))[11:16] or "?"
    return prompts.text("lock.busy", pid=info.get("pid", "?"), started=started, what=info.get("what", "inläsning"))


def is_locked(data_dir: Path) -> bool:
    """Whether some process holds the ingest lock right now (for status displays)."""
    path = Path(data_dir) / LOCK_NAME
    if not path.exists():
        return False
    state = _held(path)
    if state.depth:
        return True
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing drops a lock we may just have taken
    return False


@contextlib.contextmanager
def ingest_lock(data_dir: Path, what: str = "inläsning", wait_s: float = 0.0) -> Iterator[None]:
    """Hold the ingest lock of `data_dir`, waiting up to `wait_s` seconds for it;
    `IngestBusy` (naming the holder) if it stays taken."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_NAME
    state = _held(path)
    deadline = time.monotonic() + max(wait_s, 0.0)
    acquired = state.thread_lock.acquire(timeout=wait_s) if wait_s > 0 else state.thread_lock.acquire(blocking=False)
    if not acquired:
        raise IngestBusy(busy_message(data_dir))
    try:
        if state.depth == 0:
            state.handle = _take(path, deadline, data_dir)
            _write_holder(state.handle, what)
        state.depth += 1
        try:
            yield
        finally:
            state.depth -= 1
            if state.depth == 0 and state.handle is not None:
                os.close(state.handle)  # releases the flock
                state.handle = None
    finally:
        state.thread_lock.release()


def _take(path: Path, deadline: float, data_dir: Path) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise IngestBusy(busy_message(data_dir)) from None
            time.sleep(POLL_S)
        except BaseException:
            os.close(fd)
            raise


def _write_holder(fd: int, what: str) -> None:
    info = {"pid": os.getpid(), "started": dt.datetime.now().isoformat(timespec="seconds"), "what": what}
    with contextlib.suppress(OSError):  # a full disk must not stop the lock itself
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
