"""Which generation a process serves, and the switch to a newly published one without
stopping the questions asked meanwhile.

Every answer asks for the served generation, so the common case (CURRENT unchanged since
it was last read) takes no lock: one `stat` of CURRENT and a read of one attribute. When
ingest has published a new generation, the first thread to notice opens it and warms it
(`Generation.warm`: the tables an answer would otherwise build on first use) while every
other thread keeps answering from the generation it had: a generation is read-only and
its files stay readable while it is open, even after it is pruned. Only a process with
no generation yet waits for the opening. The thread that opens answers from the new
generation, so a caller that ingests and then asks sees its own change.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, Protocol, TypeVar

OPEN_ATTEMPTS = 3  # a generation can be pruned between reading the pointer and opening it
FileKey = tuple[int, int, int, int]


class _Opened(Protocol):
    path: Path


G = TypeVar("G", bound=_Opened)


def file_key(path: Path) -> FileKey | None:
    """A file's identity and version (device, inode, mtime, size); publishing replaces
    CURRENT by a rename, a restore rewrites it: either changes this. None if missing."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


class GenerationSwitch(Generic[G]):
    """The served generation of one `Searcher`; `current()` names the published one (None
    when there is none; `missing()` is then raised), `open_` opens it and `prepare` checks
    and warms it before any thread is given it."""

    def __init__(self, pointer: Path, current: Callable[[], Path | None], open_: Callable[[Path], G],
                 prepare: Callable[[G], None], missing: Callable[[], Exception],
                 retry: tuple[type[BaseException], ...]) -> None:
        self.pointer = pointer
        self.current = current
        self.open_ = open_
        self.prepare = prepare
        self.missing = missing
        self.retry = retry  # errors of a generation pruned or replaced while it was being opened
        self._served: tuple[G, FileKey | None] | None = None  # the generation and CURRENT's key when read
        self._opening = threading.Lock()

    def get(self) -> G:
        pointer = file_key(self.pointer)
        served = self._served  # one read: the generation and its key always belong together
        if served is not None and pointer is not None and pointer == served[1]:
            return served[0]  # CURRENT untouched since it was read
        if served is not None and not self._opening.acquire(blocking=False):
            return served[0]  # another thread is opening the new one: answer from this one meanwhile
        if served is None:
            self._opening.acquire()
        try:
            return self._switch(pointer)
        finally:
            self._opening.release()

    def _switch(self, pointer: FileKey | None) -> G:
        """Open the published generation (holding `_opening`), unless it is the served one."""
        for attempt in range(OPEN_ATTEMPTS):
            current = self.current()
            if current is None:
                raise self.missing()
            served = self._served
            if served is not None and served[0].path == current:
                self._served = (served[0], pointer)
                return served[0]
            try:
                generation = self.open_(current)
            except self.retry:
                if attempt == OPEN_ATTEMPTS - 1:
                    raise
                continue  # pruned or replaced while opening: read the pointer again
            self.prepare(generation)
            self._served = (generation, pointer)
            return generation
        raise AssertionError("unreachable")
