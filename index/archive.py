"""The document archive: every version of every ingested document, kept for good.

Content-addressed: the bytes of each distinct document are stored once, under
their sha256 (`archive/blobs/ab/abcdef…`), and `archive/archive.db` lists the
versions per document name (version number from 1, hash, size, upload time in
UTC, uploader, and when and by whom it was removed). Replacing or removing a
document therefore never loses the previous bytes: `restore(name, version, …)`
puts any version back into the corpus directory.

Every write is atomic: blobs are written to a temporary file, fsynced and moved
into place with `os.replace`; the metadata is one SQLite transaction.

`safe_file_name` is the one sanitiser for file names that come from users
(Telegram uploads): no directory parts, no control characters, never hidden,
bounded length, so a name can never address anything outside the store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import hashlib
import os
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlite_utils

import prompts
from errors import SamverkanError
from ingest.readers import MIME_SUFFIXES, SUPPORTED_SUFFIXES

ARCHIVE_DIR = "archive"
DB_NAME = "archive.db"
BLOBS_DIR = "blobs"
MAX_NAME_BYTES = 100  # UTF-8 bytes of a sanitised file name, suffix included
_FORBIDDEN = set('<>:"|?*/\\')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}

TMP_PREFIX = ".tmp-"  # + pid: a blob being written; removed by the next ingest once its writer is gone
STATUS_CURRENT = "aktuell"
STATUS_REPLACED = "ersatt"
STATUS_REMOVED = "borttagen"


class ArchiveError(SamverkanError):
    """Something the archive cannot do; `str()` is a Swedish message for the user."""


def default_uploader() -> str:
    """Who ingests from the command line: `cli:<OS user>` (just `cli` if the user is unknown)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no USER/LOGNAME and no passwd entry (some containers)
        return "cli"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# ---- file names from users ------------------------------------------------------------------


def _clean_name(name: str, mime_type: str | None) -> str | None:
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]  # macOS sends NFD "å"
    base = "".join(ch for ch in base if ch.isprintable() and ch not in _FORBIDDEN)
    base = unicodedata.normalize("NFC", base)  # a removed control char may have split a composable pair
    while True:  # never hidden, no surrounding blanks (Windows also drops trailing dots)
        stripped = base.strip().lstrip(".").rstrip(". ")
        if stripped == base:
            break
        base = stripped
    stem, suffix = (base.rsplit(".", 1)[0], "." + base.rsplit(".", 1)[1].lower()) if "." in base else (base, "")
    if suffix not in SUPPORTED_SUFFIXES:
        if suffix or not mime_type or mime_type not in MIME_SUFFIXES:
            return None
        suffix = MIME_SUFFIXES[mime_type]
    stem = stem.strip().rstrip(".") or f"dokument-{datetime.now():%Y%m%d-%H%M%S}"
    if stem.split(".", 1)[0].strip().upper() in _RESERVED:  # CON.pdf, nul.txt … mean devices on Windows
        stem = "_" + stem
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    stem = stem.encode("utf-8")[:budget].decode("utf-8", "ignore").rstrip(" .")
    return stem + suffix


def safe_file_name(name: str, mime_type: str | None = None) -> str | None:
    """A corpus file name from a user-supplied one, or None if nothing usable is left.

    Directory parts (also Windows `\\` and `C:`), NUL and other control characters
    and `<>:"|?*` are dropped, leading dots and blanks are stripped (never hidden,
    never `..`), Windows device names get a `_` prefix, and the name is cut to
    MAX_NAME_BYTES keeping its suffix. Only supported document types are accepted;
    a name without a suffix gets one from `mime_type` if that is a supported type.
    """
    result = _clean_name(name, mime_type)
    for _ in range(3):  # normally one pass is already stable; this makes idempotence certain
        if result is None:
            return None
        again = _clean_name(result, None)
        if again == result:
            return result
        result = again
    return result


def _plain_name(name: str) -> str:
    """`name` if it is a bare file name (as ingest records them), else an ArchiveError."""
    if not name or name in {".", ".."} or "/" in name or "\\" in name or "\x00" in name:
        raise ArchiveError(prompts.text("archive.bad_name", name=name))
    return name


# ---- the archive ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One archived version of a document."""

    name: str
    version: int
    sha256: str
    size: int
    uploaded_at: str
    uploader: str
    removed_at: str
    removed_by: str
    note: str
    latest: bool

    @property
    def status(self) -> str:
        if self.removed_at:
            return STATUS_REMOVED
        return STATUS_CURRENT if self.latest else STATUS_REPLACED


class Archive:
    """`data_dir/archive`: blobs by sha256 and the version table."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir) / ARCHIVE_DIR
        self.blobs = self.root / BLOBS_DIR
        self.db_path = self.root / DB_NAME

    # -- storage --------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite_utils.Database]:
        """The archive database inside one write transaction (other writers wait for it)."""
        db = self._db()
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.conn.execute("COMMIT")
        except BaseException:
            db.conn.execute("ROLLBACK")
            raise
        finally:
            db.close()

    def _db(self) -> sqlite_utils.Database:
        self.root.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.db_path, timeout=30, isolation_level=None)  # explicit transactions below
        db = sqlite_utils.Database(conn)
        if "versions" not in db.table_names():
            conn.execute("BEGIN IMMEDIATE")
            try:
                if "versions" not in db.table_names():
                    db.table("versions").create(
                        {
                            "id": int, "name": str, "version": int, "sha256": str, "size": int, "uploaded_at": str,
                            "uploader": str, "removed_at": str, "removed_by": str, "note": str,
                        },
                        pk="id",
                        not_null={"name", "version", "sha256", "size", "uploaded_at"},
                        defaults={"uploader": "", "removed_at": "", "removed_by": "", "note": ""},
                    )
                    db.table("versions").create_index(["name", "version"], unique=True)
                    db.table("versions").create_index(["sha256"])
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return db

    def exists(self) -> bool:
        return self.db_path.exists()

    def blob_path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ArchiveError(prompts.text("archive.bad_hash", sha256=sha256))
        return self.blobs / sha256[:2] / sha256

    def has_blob(self, sha256: str) -> bool:
        return self.blob_path(sha256).is_file()

    def put_blob(self, path: Path, sha256: str) -> Path:
        """Store the bytes of `path` under `sha256` (once); the copy is verified against the hash."""
        target = self.blob_path(sha256)
        if target.is_file():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        handle, tmp_name = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", dir=target.parent)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(handle, "wb") as out, open(path, "rb") as src:
                for block in iter(lambda: src.read(1 << 20), b""):
                    digest.update(block)
                    out.write(block)
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != sha256:
                raise ArchiveError(prompts.text("archive.changed_while_reading", name=path.name))
            os.chmod(tmp, 0o444)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        return target

    def remove_orphan_temps(self) -> int:
        """Remove half-written blobs (`.tmp-<pid>-…`) whose writer is gone (a killed ingest);
        how many. A temporary file of a live process is left alone."""
        from index.lock import pid_alive

        removed = 0
        if not self.blobs.is_dir():
            return removed
        for tmp in self.blobs.glob(f"*/{TMP_PREFIX}*"):
            pid_text = tmp.name[len(TMP_PREFIX):].split("-", 1)[0]
            pid = int(pid_text) if pid_text.isdigit() else 0
            if pid and pid != os.getpid() and pid_alive(pid):
                continue
            if pid == os.getpid():
                continue  # our own: a write in another thread of this process may be under way
            tmp.unlink(missing_ok=True)
            removed += 1
        return removed

    def read_blob(self, sha256: str) -> bytes:
        """The stored bytes, checked against their hash."""
        path = self.blob_path(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ArchiveError(prompts.text("archive.blob_missing", sha256=sha256)) from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ArchiveError(prompts.text("archive.blob_corrupt", sha256=sha256))
        return data

    # -- versions -------------------------------------------------------------------------------
    @staticmethod
    def _latest_row(db: sqlite_utils.Database, name: str) -> dict | None:
        return next(db["versions"].rows_where("name = ?", [name], order_by="version desc", limit=1), None)

    def add_versions(self, entries: Iterable[tuple[str, str, int]], uploader: str, at: str | None = None,
                     note: str = "") -> dict[str, int]:
        """Record (name, sha256, size) versions whose blobs are stored; {name: version number}.

        A name whose latest version has the same hash and is not removed gets no new version.
        """
        entries = list(entries)
        for _, sha, _ in entries:
            if not self.has_blob(sha):
                raise ArchiveError(prompts.text("archive.blob_missing", sha256=sha))
        at = at or _now()
        result: dict[str, int] = {}
        with self._transaction() as db:
            for name, sha, size in entries:
                latest = self._latest_row(db, _plain_name(name))
                if latest and latest["sha256"] == sha and not latest["removed_at"]:
                    result[name] = latest["version"]
                    continue
                number = (latest["version"] + 1) if latest else 1
                db.table("versions").insert({"name": name, "version": number, "sha256": sha, "size": size, "uploaded_at": at,
                                       "uploader": uploader, "removed_at": "", "removed_by": "", "note": note})
                result[name] = number
        return result

    def record(self, path: Path, sha256: str | None = None, uploader: str = "", note: str = "") -> int:
        """Archive the file at `path` as the newest version of its name; the version number."""
        from ingest import file_sha256

        sha = sha256 or file_sha256(path)
        self.put_blob(path, sha)
        return self.add_versions([(path.name, sha, path.stat().st_size)], uploader, note=note)[path.name]

    def mark_removed(self, names: str | Iterable[str], by: str = "", at: str | None = None) -> list[str]:
        """Mark the latest version of each name as removed (once); the names that were marked."""
        names = [names] if isinstance(names, str) else list(names)
        if not names or not self.exists():
            return []
        at = at or _now()
        marked: list[str] = []
        with self._transaction() as db:
            for name in names:
                latest = self._latest_row(db, name)
                if latest and not latest["removed_at"]:
                    db.table("versions").update(latest["id"], {"removed_at": at, "removed_by": by})
                    marked.append(name)
        return marked

    def _rows(self, where: str, params: list) -> list[dict]:
        if not self.exists():
            return []
        db = self._db()
        try:
            return list(db["versions"].rows_where(where, params, order_by="name, version"))
        finally:
            db.close()

    def history(self, name: str) -> list[Version]:
        """Every version of `name`, oldest first (empty if the name was never ingested)."""
        rows = self._rows("name = ?", [name])
        last = rows[-1]["version"] if rows else 0
        return [
            Version(r["name"], r["version"], r["sha256"], r["size"], r["uploaded_at"], r["uploader"] or "",
                    r["removed_at"] or "", r["removed_by"] or "", r["note"] or "", r["version"] == last)
            for r in rows
        ]

    def version(self, name: str, number: int) -> Version:
        """One version; an ArchiveError naming what exists if there is no such version."""
        versions = self.history(name)
        if not versions:
            raise ArchiveError(prompts.text("archive.unknown_name", name=name))
        found = next((v for v in versions if v.version == number), None)
        if found is None:
            raise ArchiveError(prompts.text("archive.unknown_version", name=name, version=number,
                                            versions=", ".join(str(v.version) for v in versions)))
        return found

    def current_shas(self) -> dict[str, str]:
        """Name → hash of its latest version, for names whose latest version is not removed."""
        if not self.exists():
            return {}
        db = self._db()
        try:
            rows = db.execute(
                "select name, sha256, removed_at from versions v where version = "
                "(select max(version) from versions w where w.name = v.name)"
            ).fetchall()
        finally:
            db.close()
        return {name: sha for name, sha, removed in rows if not removed}

    def names(self) -> list[str]:
        """Every document name the archive has a version of."""
        return sorted({r["name"] for r in self._rows("1 = 1", [])})

    def names_with_sha(self, sha256: str) -> list[str]:
        """Names that have (had) a version with exactly these bytes."""
        return sorted({r["name"] for r in self._rows("sha256 = ?", [sha256])})

    # -- bringing a version back ----------------------------------------------------------------
    def restore(self, name: str, number: int, corpus_dir: Path, by: str = "") -> Path:
        """Write version `number` of `name` back into `corpus_dir` (atomically) and record it.

        The file that is there now is archived first if its bytes are not in the
        archive yet (e.g. edited by hand and never ingested), so nothing is lost.
        """
        from ingest import file_sha256

        wanted = self.version(_plain_name(name), number)
        data = self.read_blob(wanted.sha256)
        corpus_dir = Path(corpus_dir)
        corpus_dir.mkdir(parents=True, exist_ok=True)
        target = corpus_dir / name
        if target.is_file():
            sha = file_sha256(target)
            if sha != wanted.sha256 and not self.has_blob(sha):
                self.record(target, sha, by, note=prompts.text("archive.note_saved_before_restore"))
        write_atomic(target, data, prefix=".restore-")
        self.add_versions([(name, wanted.sha256, wanted.size)], by,
                          note=prompts.text("archive.note_restored", version=number))
        return target


def write_atomic(target: Path, data: bytes, prefix: str = ".upload-") -> None:
    """Write `data` to `target` via a hidden temporary file (ingest skips it), fsync and a
    rename, so a reader or a crash never sees half a document."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=prefix, dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
