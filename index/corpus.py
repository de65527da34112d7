"""The corpus service: every admin change of the corpus, for the CLI and the bot alike.

"Change the corpus → re-ingest → roll the file back if that fails" lives here once:
`add_or_replace`, `remove` and `restore_version` change one file under the ingest
lock (`index/lock.py`), re-ingest, and put the corpus back as it was when the ingest
fails or the document does not make it into the index, so the corpus always matches
the index being served. `ingest`, `history`, `backup` and `restore` complete the set.

Every failure is a `SamverkanError` whose text is a Swedish message naming the file;
front-ends only print it. An uploaded file is parsed once: the parse that validated
it (`validate`) is the one ingest stores (`index.build.ingest_corpus(parsed=…)`).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import prompts
from errors import SamverkanError, user_message
from index.archive import (
    Archive,
    ArchiveError,
    Version,
    default_uploader,
    safe_file_name,
    write_atomic,
)
from index.lock import ingest_lock
from ingest import Document, DocumentError, size_error, supported_label
from settings import Settings

Progress = Callable[[str, int, int], None]
Say = Callable[[str], None]
DEFAULT_WAIT_S = 600.0  # a second change waits this long for a running ingest, then says who holds it
PARSED_KEEP = 4  # validated parses kept for the ingest that follows


class CorpusError(SamverkanError):
    """A corpus change that could not be made; the corpus and the index are as before."""


class InvalidUpload(CorpusError):
    """A file that cannot become a corpus document (name, type, size or content)."""


class IngestFailed(CorpusError):
    """The re-ingest after a change failed; the changed file was put back."""


class StorageError(CorpusError):
    """The disk refused a write (full, read-only, busy); nothing was published."""


@dataclass
class ChangeResult:
    """What a corpus change did: the file, its previous archived version and the ingest report."""

    name: str
    path: Path
    report: object  # index.build.IngestReport (imported lazily: it loads numpy and faiss)
    replaced: bool = False
    previous_version: int | None = None


def printable(name: str) -> str:
    """A file name safe to print on one line: control characters shown as escapes."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in name)


def human_size(size: int) -> str:
    """Bytes for people, Swedish decimal comma: 812 B, 12,3 kB, 1,5 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} kB".replace(".", ",")
    return f"{size / 2**20:.1f} MB".replace(".", ",")


def storage_error(err: OSError) -> StorageError:
    """The Swedish message for an OS error met while writing the data or corpus directory."""
    return StorageError(user_message(err))


@contextmanager
def _os_errors() -> Iterator[None]:
    try:
        yield
    except OSError as err:
        raise storage_error(err) from None


class Corpus:
    """The admin service over one configuration (`settings.corpus_dir`, `settings.data_dir`)."""

    def __init__(self, settings: Settings, wait_s: float = DEFAULT_WAIT_S) -> None:
        self.settings = settings
        self.wait_s = wait_s
        self.archive = Archive(settings.data_dir)
        self._parsed: OrderedDict[str, Document] = OrderedDict()

    # -- reading the corpus -------------------------------------------------------------------
    def files(self) -> list[Path]:
        """The corpus files ingest reads (regular files, no links, no hidden files)."""
        from index.build import corpus_files

        return corpus_files([self.settings.corpus_dir])

    def find(self, name: str) -> Path | None:
        """The corpus file called `name` (also in a subdirectory), or None."""
        return next((p for p in self.files() if p.name == name), None)

    # -- ingest -------------------------------------------------------------------------------
    def has_index(self) -> bool:
        """True once a generation is published (the terminal chat ingests first otherwise)."""
        from index.store import Store

        return Store(self.settings.data_dir).current() is not None

    @staticmethod
    def split_sources(sources: Iterable[str]) -> tuple[list[str], list[Path]]:
        """Command-line sources as (web addresses, paths)."""
        from ingest.web import is_url

        sources = list(sources)
        return [s for s in sources if is_url(s)], [Path(s) for s in sources if not is_url(s)]

    def add_web_sources(self, urls: list[str]) -> list[str]:
        """Add web addresses to the corpus's sources file (fetched at every ingest); those new to it."""
        from ingest.web import add_sources

        return add_sources(self.settings.sources_file, urls)

    def ingest(self, paths: list[Path] | None = None, uploader: str = "", progress: Progress | None = None,
               full: bool = False):
        """Re-ingest the corpus (or `paths`; `full`: re-parse unchanged files too) under the ingest lock;
        the IngestReport."""
        from index.build import ingest_corpus

        with ingest_lock(self.settings.data_dir, prompts.text("corpus.what_ingest"), self.wait_s), _os_errors():
            return ingest_corpus(self.settings, paths, progress, uploader=uploader or default_uploader(),
                                 parsed=dict(self._parsed), full=full)

    # -- uploads ------------------------------------------------------------------------------
    def check_name(self, name: str, mime_type: str | None = None) -> str:
        """The corpus name for a user-supplied file name; InvalidUpload if none is usable."""
        clean = safe_file_name(name, mime_type)
        if clean is None:
            raise InvalidUpload(prompts.text("corpus.bad_type", name=printable(name) or mime_type or "?", supported=supported_label()))
        return clean

    def validate(self, name: str, data: bytes) -> Document:
        """Parse an upload the way ingest will (within the parse budget); InvalidUpload if it
        cannot be used. The parse is kept, so the ingest that follows does not parse again."""
        from ingest.budget import load_document_budgeted

        name = self.check_name(name)
        too_big = size_error(name, len(data), self.settings.max_upload_bytes)
        if too_big is not None:
            raise InvalidUpload(str(too_big))
        sha = hashlib.sha256(data).hexdigest()
        if sha in self._parsed:
            return self._parsed[sha]
        with tempfile.TemporaryDirectory(prefix="samverkan-upload-") as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            try:
                document = load_document_budgeted(path, sha256=sha, max_bytes=self.settings.max_upload_bytes)
            except DocumentError as err:
                raise InvalidUpload(str(err)) from None
        self._parsed[sha] = document
        while len(self._parsed) > PARSED_KEEP:
            self._parsed.popitem(last=False)
        return document

    def add_or_replace(self, name: str, data: bytes, uploader: str, progress: Progress | None = None) -> ChangeResult:
        """Put `data` into the corpus as `name` (replacing a same-named file where it lies) and
        re-ingest; on failure the corpus file is put back as it was and IngestFailed raised."""
        name = self.check_name(name)
        self.validate(name, data)
        with ingest_lock(self.settings.data_dir, prompts.text("corpus.what_upload", name=name), self.wait_s):
            target = self.find(name) or self.settings.corpus_dir / name
            replaced = target.is_file()
            with _os_errors():
                previous = self._keep(target) if replaced else None
                saved = target.read_bytes() if replaced else None
                write_atomic(target, data)
            report = self._ingest_or_restore(name, target, saved, uploader, progress)
        return ChangeResult(name, target, report, replaced, previous)

    def remove(self, name: str, uploader: str, progress: Progress | None = None) -> ChangeResult:
        """Delete corpus file `name` (its bytes stay in the archive) and re-ingest so it leaves
        the index; if the ingest fails the file is put back."""
        with ingest_lock(self.settings.data_dir, prompts.text("corpus.what_remove", name=name), self.wait_s):
            target = self.find(name)
            if target is None:
                raise CorpusError(prompts.text("corpus.not_in_corpus", name=printable(name)))
            with _os_errors():
                previous = self._keep(target)
                saved = target.read_bytes()
                target.unlink()
            report = self._ingest_or_restore(name, target, saved, uploader, progress, expect_indexed=False)
        return ChangeResult(name, target, report, True, previous)

    def restore_version(self, name: str, version: int, uploader: str = "", progress: Progress | None = None) -> ChangeResult:
        """Put archived `version` of `name` back where the document lies in the corpus (also in a
        subdirectory; the corpus root if it is gone) and re-ingest; rolled back on failure."""
        uploader = uploader or default_uploader()
        with ingest_lock(self.settings.data_dir, prompts.text("corpus.what_restore", name=name), self.wait_s):
            existing = self.find(name)
            directory = existing.parent if existing is not None else self.settings.corpus_dir
            saved = existing.read_bytes() if existing is not None else None
            try:
                with _os_errors():
                    target = self.archive.restore(name, version, directory, by=uploader)
            except ArchiveError as err:
                raise CorpusError(str(err)) from None
            report = self._ingest_or_restore(name, target, saved, uploader, progress)
        return ChangeResult(name, target, report, existing is not None, None)

    def _keep(self, path: Path) -> int:
        """Make sure the archive holds the file about to be replaced or removed; its version."""
        try:
            return self.archive.record(path, uploader="", note=prompts.text("archive.note_saved_before_replace"))
        except ArchiveError as err:
            raise CorpusError(str(err)) from None

    def _ingest_or_restore(self, name: str, target: Path, saved: bytes | None, uploader: str,
                           progress: Progress | None, expect_indexed: bool = True):
        """Re-ingest; when it raises, or the changed document is not (or still) in the index,
        put `target` back as it was (`saved`, or absent) and raise IngestFailed."""
        try:
            report = self.ingest(uploader=uploader, progress=progress)
        except (SamverkanError, OSError) as err:
            self._put_back(target, saved)
            detail = str(storage_error(err)) if isinstance(err, OSError) else str(err)
            raise IngestFailed(prompts.text("corpus.ingest_failed", error=detail)) from err
        duplicate = any(d.startswith(f"{name}:") for d in report.duplicates)  # indexed once, under the other name
        indexed = duplicate or name in {*report.added, *report.changed, *report.skipped}
        problem = next((e for e in report.errors if e.startswith(f"{name}:") or f"/{name}:" in e), None)
        if indexed != expect_indexed or (expect_indexed and problem):
            self._put_back(target, saved)
            detail = problem or prompts.text("corpus.not_indexed", name=printable(name))
            raise IngestFailed(prompts.text("corpus.ingest_failed", error=detail))
        return report

    def _put_back(self, target: Path, saved: bytes | None) -> None:
        try:
            if saved is None:
                target.unlink(missing_ok=True)
            else:
                write_atomic(target, saved)
        except OSError as err:
            raise storage_error(err) from None

    # -- archive ------------------------------------------------------------------------------
    def history(self, name: str | None = None) -> list[Version]:
        """Every version of `name` (oldest first); without a name the latest version of each
        archived document. CorpusError if the archive has nothing to show."""
        if name is None:
            latest = [self.archive.history(n)[-1] for n in self.archive.names()]
            if not latest:
                raise CorpusError(prompts.text("archive.no_documents"))
            return latest
        versions = self.archive.history(name)
        if not versions:
            raise CorpusError(prompts.text("archive.unknown_name", name=printable(name)))
        return versions

    def history_lines(self, name: str | None = None) -> list[str]:
        """`samverkan dokument historik [NAME]` as lines: the archived documents, or the version
        table of one; names printed with control characters escaped (one line each)."""
        if name is None:
            latest = self.history()
            return [prompts.text("archive.list_heading", count=len(latest))] + [
                prompts.text("archive.list_line", name=printable(v.name), version=v.version, status=v.status) for v in latest]
        header = [str(cell) for cell in cast(list[str], prompts.value("archive.history_header"))]
        rows = []
        for v in self.history(name):
            status = v.status
            if v.removed_at:
                by = prompts.text("archive.history_removed_by", by=printable(v.removed_by)) if v.removed_by else ""
                status = prompts.text("archive.history_removed", removed_at=v.removed_at.replace("T", " ")[:16], by=by)
            if v.note:
                status += " " + prompts.text("archive.history_note", note=printable(v.note))
            rows.append([str(v.version), v.uploaded_at.replace("T", " ")[:16], human_size(v.size), v.sha256[:12],
                         printable(v.uploader) or "–", status])
        widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=False)]
        lines = [prompts.text("archive.history_heading", name=printable(name))]
        lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip() for row in [header, *rows]]
        return lines

    # -- backup and restore -------------------------------------------------------------------
    def backup(self, file: Path, overwrite: bool = False):
        """Write a backup of the data directory to `file`; the BackupSummary."""
        from index.backup import create_backup

        with _os_errors():
            return create_backup(self.settings, Path(file), overwrite=overwrite)

    def restore(self, file: Path, say: Say | None = None):
        """Replace the data directory by the backup in `file` (checked completely first, and
        never while an ingest runs); the BackupSummary."""
        from index.restore import restore_backup

        with ingest_lock(self.settings.data_dir, prompts.text("corpus.what_restore_backup"), self.wait_s), _os_errors():
            return restore_backup(self.settings, Path(file), say=say)

    def recover(self) -> str | None:
        """Finish or roll back a restore that was killed; the message saying which (or None)."""
        from index.restore import recover

        with ingest_lock(self.settings.data_dir, prompts.text("corpus.what_restore_backup"), self.wait_s), _os_errors():
            return recover(self.settings.data_dir)
