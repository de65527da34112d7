"""Index generations on disk: each ingest builds a complete new directory and then
switches the `CURRENT` pointer to it in one atomic rename.

Readers only ever open the generation that `CURRENT` names, so they never see a
half-built index; a killed ingest leaves a `*.building` directory behind that
the next ingest removes.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

DB_NAME = "index.db"
VECTORS_NAME = "vectors.faiss"


class Store:
    """The data directory: generations, the pointer, and the embedding cache."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.generations = data_dir / "generations"
        self.pointer = data_dir / "CURRENT"
        self.embedding_cache = data_dir / "embeddings.db"

    def current(self) -> Path | None:
        """Directory of the generation being served, or None before the first ingest."""
        try:
            name = self.pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        path = self.generations / name
        return path if (path / DB_NAME).exists() else None

    def begin(self) -> Path:
        """A fresh, empty directory for the next generation (removing abandoned builds)."""
        self.generations.mkdir(parents=True, exist_ok=True)
        for stale in self.generations.glob("*.building"):
            shutil.rmtree(stale, ignore_errors=True)
        path = self.generations / f"gen-{time.time_ns()}.building"
        path.mkdir()
        return path

    def publish(self, building: Path) -> Path:
        """Make a completed build the current generation, atomically."""
        previous = self.current()
        final = building.with_suffix("")
        building.rename(final)
        tmp = self.pointer.with_name("CURRENT.tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(final.name)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.pointer)
        self._prune(keep={final, previous})
        return final

    def _prune(self, keep: set[Path | None]) -> None:
        """Remove every finished generation except the current one and the one it
        replaced (readers may still be answering from it). A directory that was
        renamed but never made current (a kill between the two steps) goes too."""
        for path in self.generations.iterdir():
            if path.is_dir() and path not in keep and not path.name.endswith(".building"):
                shutil.rmtree(path, ignore_errors=True)
