"""Which files make up the corpus: regular files under the corpus directory, never links."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

__all__ = ["_printable", "corpus_files"]


def corpus_files(paths: Iterable[Path], links: list[Path] | None = None, exclude: Iterable[Path] = ()) -> list[Path]:
    """Files to ingest: directories are walked (hidden files and `exclude`, e.g. the sources
    file, skipped), files taken as given.

    Only regular files count: a symbolic link (to a file or a directory) is never
    followed, since it could point anywhere on the machine (`/etc/passwd`); links met
    are appended to `links` so ingest can name them."""
    found: list[Path] = []
    skip = {p.resolve() for p in exclude}
    for path in paths:
        if path.is_symlink():
            if links is not None:
                links.append(path)
        elif path.is_dir():
            walked: list[Path] = []
            for root, dirs, files in os.walk(path):  # os.walk never descends into linked directories
                base = Path(root)
                for name in sorted(dirs):
                    if (base / name).is_symlink() and not name.startswith(".") and links is not None:
                        links.append(base / name)
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (base / d).is_symlink())
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    file = base / name
                    if file.is_symlink():
                        if links is not None:
                            links.append(file)
                    elif file.is_file():
                        if file.resolve() not in skip:
                            walked.append(file)
            found.extend(sorted(walked))
        elif path.is_file():
            found.append(path)
    return found


def _printable(text: str) -> str:
    """A path for a one-line message: control characters (a newline in a file name) escaped."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
