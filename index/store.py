"""Index generations on disk: each ingest builds a complete new directory and then
switches the `CURRENT` pointer to it in one atomic rename.

Readers only ever open the generation that `CURRENT` names, so they never see a
half-built index. A build directory is named after the process that builds it
(`gen-<ns>-<pid>.building`); the next ingest removes only builds whose process is
gone, never one another live process is writing.

`verify(path)` is the one completeness check of a generation (used before publishing,
by backup and restore, and by the soak): it opens every file a reader opens.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import prompts
from errors import SamverkanError

DB_NAME = "index.db"
VECTORS_NAME = "vectors.faiss"
_BUILD_PID = re.compile(r"^gen-\d+-(\d+)\.building$")


class GenerationBroken(SamverkanError):
    """A generation that is incomplete or does not open; `str()` says what is wrong (Swedish)."""


@dataclass(frozen=True)
class GenerationInfo:
    """What `verify` found in a complete generation."""

    name: str
    model: str
    documents: int
    passages: int
    vectors: int


def _broken(message: str, /, **fields: object) -> GenerationBroken:
    return GenerationBroken(prompts.text(f"store.{message}", **fields))  # type: ignore[arg-type]  # fields are str()-ed by format


def verify(path: Path) -> GenerationInfo:
    """Open every file of the generation at `path` and check that they agree.

    index.db passes SQLite's integrity check and its meta counts match the rows; the
    keyword matrix and its term and gram lists load and cover exactly the passage ids;
    the FAISS index loads and holds exactly those ids. `GenerationBroken` otherwise.
    """
    import faiss

    from index.keyword import KeywordIndex

    path = Path(path)
    if not (path / DB_NAME).is_file():
        raise _broken("no_db", name=path.name)
    try:
        connection = sqlite3.connect(f"file:{path / DB_NAME}?mode=ro", uri=True)
        try:
            check = connection.execute("pragma quick_check").fetchone()[0]
            if check != "ok":
                raise _broken("unopenable", file=DB_NAME, error=check)
            meta = dict(connection.execute("select key, value from meta").fetchall())
            ids = {row[0] for row in connection.execute("select id from passages")}
            documents, documented = connection.execute("select count(*), coalesce(sum(passages), 0) from documents").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as err:
        raise _broken("unopenable", file=DB_NAME, error=err) from None
    for key in ("model", "passages", "vectors"):
        if key not in meta:
            raise _broken("meta_missing", key=key)
    if str(meta["passages"]) != str(len(ids)) or documented != len(ids):
        raise _broken("count", meta=meta["passages"], rows=len(ids))
    try:
        keyword = KeywordIndex.load(path)
        if keyword.matrix.shape[0] != len(keyword.terms) or keyword.gram_terms.shape[1] != len(keyword.terms):
            raise ValueError("term list and matrix differ")
        keyword.matrix.indices.max(initial=0)  # touch the arrays: a truncated file fails here
    except Exception as err:  # noqa: BLE001 - numpy/scipy raise many types for a bad file
        raise _broken("unopenable", file="keyword", error=f"{type(err).__name__}: {err}") from None
    if set(keyword.passage_ids.tolist()) != ids:
        raise _broken("keyword_ids", keyword=keyword.size, rows=len(ids))
    try:
        index = faiss.read_index(str(path / VECTORS_NAME))
    except Exception as err:  # noqa: BLE001 - faiss raises plain RuntimeError for a bad file
        raise _broken("unopenable", file=VECTORS_NAME, error=err) from None
    if str(meta["vectors"]) != str(index.ntotal):
        raise _broken("vectors", meta=meta["vectors"], vectors=index.ntotal)
    vector_ids = set(faiss.vector_to_array(index.id_map).tolist()) if index.ntotal else set()  # type: ignore[attr-defined]
    if vector_ids != ids:
        raise _broken("vector_ids", count=len(vector_ids ^ ids))
    return GenerationInfo(path.name, meta["model"], documents, len(ids), index.ntotal)


def read_pointer(pointer: Path) -> str:
    """The generation name `CURRENT` holds ("" if none or not a plain name)."""
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return ""
    return name if name and "/" not in name and name not in {".", ".."} else ""


def write_pointer(pointer: Path, name: str) -> None:
    """Point `CURRENT` at generation `name`, atomically and durably."""
    tmp = pointer.with_name(f"CURRENT.tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(name)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, pointer)
    _fsync_dir(pointer.parent)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class Store:
    """The data directory: generations, the pointer, and the embedding cache."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.generations = self.data_dir / "generations"
        self.pointer = self.data_dir / "CURRENT"
        self.embedding_cache = self.data_dir / "embeddings.db"

    def current(self) -> Path | None:
        """Directory of the generation being served, or None before the first ingest."""
        name = read_pointer(self.pointer)
        if not name:
            return None
        path = self.generations / name
        return path if (path / DB_NAME).exists() else None

    def begin(self) -> Path:
        """A fresh, empty directory for the next generation (removing abandoned builds)."""
        self.generations.mkdir(parents=True, exist_ok=True)
        self.remove_orphans()
        path = self.generations / f"gen-{time.time_ns()}-{os.getpid()}.building"
        path.mkdir()
        return path

    def remove_orphans(self) -> list[str]:
        """Remove build directories whose building process is gone; their names.

        A build of a live process other than this one is left alone (it holds the
        ingest lock; a caller without the lock must not destroy its work)."""
        from index.lock import pid_alive

        removed: list[str] = []
        if not self.generations.is_dir():
            return removed
        for stale in self.generations.glob("*.building"):
            match = _BUILD_PID.match(stale.name)
            pid = int(match.group(1)) if match else 0
            if pid and pid != os.getpid() and pid_alive(pid):
                continue
            shutil.rmtree(stale, ignore_errors=True)
            removed.append(stale.name)
        for tmp in self.data_dir.glob("CURRENT.tmp*"):
            tmp.unlink(missing_ok=True)
        return removed

    def publish(self, building: Path) -> Path:
        """Make a completed build the current generation, atomically."""
        previous = self.current()
        final = building.with_name(building.name.removesuffix(".building"))
        building.rename(final)
        write_pointer(self.pointer, final.name)
        self._prune(keep={final, previous})
        return final

    def _prune(self, keep: set[Path | None]) -> None:
        """Remove every finished generation except the current one and the one it
        replaced (readers may still be answering from it). A directory that was
        renamed but never made current (a kill between the two steps) goes too."""
        for path in self.generations.iterdir():
            if path.is_dir() and path not in keep and not path.name.endswith(".building"):
                shutil.rmtree(path, ignore_errors=True)
