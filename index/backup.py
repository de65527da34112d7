"""`samverkan backup FILE` / `samverkan restore FILE`: the data directory as one archive.

A backup is a `.tar.gz` with `manifest.json` (format, time, generation and the
sha256 and size of every other member) and `data/…`: the generation being
served (not the older ones), `CURRENT`, the document archive (`archive/`),
`embeddings.db` and `feedback.db`. SQLite files are copied with SQLite's backup
API, so a backup taken while the bot is running is consistent.

A restore (`index/restore.py`) checks everything before it touches the data directory:
- the file is a readable tar.gz;
- no member is absolute, contains `..`, is a link or a device, or lies outside `data/`;
- every member is in the manifest with the same size (checked before anything is
  written) and sha256 (checked while extracting), and vice versa;
- `CURRENT` names a generation that passes `store.verify` (every file opened);
- the document archive's database opens and every version's bytes are present.
A failed check raises `BackupError` (a Swedish message) and leaves the data directory untouched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import prompts
from errors import SamverkanError
from index.archive import ARCHIVE_DIR, BLOBS_DIR, Archive
from index.archive import DB_NAME as ARCHIVE_DB
from index.store import DB_NAME, GenerationBroken, Store, read_pointer, verify
from ingest import file_sha256
from settings import Settings

FORMAT = "samverkan-backup/1"
MANIFEST = "manifest.json"
DATA = "data"
SQLITE_FILES = ("embeddings.db", "feedback.db")
STAGE_PREFIX = ".samverkan-backup-"

Say = Callable[[str], None]


class BackupError(SamverkanError):
    """A backup that cannot be written or a restore that was refused; `str()` is for the user."""


@dataclass
class BackupSummary:
    """What a backup holds (also what a restore brought back)."""

    path: Path
    files: int
    size: int
    generation: str
    documents: int
    passages: int
    versions: int
    kept_old: Path | None = None
    warnings: tuple[str, ...] = ()


def _sqlite_copy(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (SQLite's online backup)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _copy_file(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _stage(settings: Settings, stage: Path) -> str:
    """Copy what a backup holds into `stage` (laid out like a data directory); the generation."""
    data = settings.data_dir
    current = Store(data).current()
    if current is None:
        raise BackupError(prompts.text("backup.no_index", data_dir=data))
    generation = current.name
    for path in sorted(current.rglob("*")):
        if path.is_file():
            if path.name.endswith(".db"):
                _sqlite_copy(path, stage / "generations" / generation / path.relative_to(current))
            else:
                _copy_file(path, stage / "generations" / generation / path.relative_to(current))
    (stage / "CURRENT").write_text(generation, encoding="utf-8")
    for name in SQLITE_FILES:
        if (data / name).is_file():
            _sqlite_copy(data / name, stage / name)
    archive = Archive(data)
    if archive.exists():
        _sqlite_copy(archive.db_path, stage / ARCHIVE_DIR / ARCHIVE_DB)  # rows first: their blobs exist already
        for blob in sorted(archive.blobs.rglob("*")):
            if blob.is_file() and not blob.name.startswith("."):
                _copy_file(blob, stage / blob.relative_to(data))
    return generation


def _remove_orphan_stages(directory: Path) -> None:
    """Remove staging copies of killed backups (`.samverkan-backup-<pid>-…` of a dead process)."""
    from index.lock import pid_alive

    for stage in directory.glob(f"{STAGE_PREFIX}*"):
        pid_text = stage.name[len(STAGE_PREFIX):].split("-", 1)[0]
        if pid_text.isdigit() and pid_alive(int(pid_text)):
            continue
        shutil.rmtree(stage, ignore_errors=True)


def _tar_info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o644
    info.mtime = int(time.time())
    return info


def create_backup(settings: Settings, target: Path, overwrite: bool = False) -> BackupSummary:
    """Write the backup of `settings.data_dir` to `target` (atomically: temp file + rename)."""
    target = Path(target)
    if target.exists() and not overwrite:
        raise BackupError(prompts.text("backup.exists", path=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_orphan_stages(target.parent)
    with tempfile.TemporaryDirectory(prefix=f"{STAGE_PREFIX}{os.getpid()}-", dir=target.parent) as tmp:
        stage = Path(tmp) / DATA
        try:
            generation = _stage(settings, stage)
        except FileNotFoundError as err:  # a generation pruned while it was being copied
            raise BackupError(prompts.text("backup.changed_during", detail=err.filename or err)) from None
        files = {
            path.relative_to(stage).as_posix(): {"sha256": file_sha256(path), "size": path.stat().st_size}
            for path in sorted(stage.rglob("*")) if path.is_file()
        }
        summary = summarise(stage, target, len(files))
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "generation": generation,
            "documents": summary.documents,
            "passages": summary.passages,
            "versions": summary.versions,
            "files": files,
        }
        payload = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        partial = Path(tmp) / "backup.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            tar.addfile(_tar_info(MANIFEST, len(payload)), io.BytesIO(payload))
            for rel, entry in files.items():
                with open(stage / rel, "rb") as handle:
                    tar.addfile(_tar_info(f"{DATA}/{rel}", int(entry["size"])), handle)  # type: ignore[call-overload]
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    summary.size = target.stat().st_size
    return summary


# ---- restore -----------------------------------------------------------------------------------


def refuse(key: str, **fields: object) -> BackupError:
    return BackupError(prompts.text(f"backup.{key}", **fields))  # type: ignore[arg-type]


def _check_member(member: tarfile.TarInfo, seen: set[str]) -> str | None:
    """The member's path inside the backup if it is a file to extract, None for a directory;
    BackupError for anything that could write outside the target or is not a plain file."""
    name = member.name
    reason = None
    if name.startswith(("/", "\\")) or PurePosixPath(name).is_absolute() or (len(name) > 1 and name[1] == ":"):
        reason = "reason_absolute"
    elif ".." in PurePosixPath(name.replace("\\", "/")).parts:
        reason = "reason_parent"
    elif member.issym() or member.islnk():
        reason = "reason_link"
    elif not (member.isfile() or member.isdir()) or "\x00" in name or "\\" in name:
        reason = "reason_special"
    if reason is None:
        clean = PurePosixPath(name).as_posix().removeprefix("./")
        if clean != MANIFEST and not clean.startswith(f"{DATA}/"):
            reason = "reason_outside"
        elif member.isfile() and clean in seen:
            reason = "reason_duplicate"
    if reason is not None:
        raise refuse("bad_member", member=name, reason=prompts.text(f"backup.{reason}"))
    seen.add(clean)
    return clean if member.isfile() else None


def extract_verified(source: Path, root: Path) -> dict:
    """Extract `source` into `root` member by member (never `extractall`), checking every hash."""
    try:
        with tarfile.open(source, "r:gz") as tar:
            members = tar.getmembers()
            seen: set[str] = set()
            files = {}
            for member in members:
                clean = _check_member(member, seen)
                if clean is not None:
                    files[clean] = member
            if MANIFEST not in files:
                raise refuse("no_manifest")
            try:
                manifest = json.loads(tar.extractfile(files.pop(MANIFEST)).read().decode("utf-8"))  # type: ignore[union-attr]
                listed = manifest["files"]
                if manifest.get("format") != FORMAT or not isinstance(listed, dict):
                    raise ValueError(f"format {manifest.get('format')!r}")
            except (ValueError, KeyError, TypeError, AttributeError) as err:
                raise refuse("bad_manifest", detail=err) from None
            expected = {f"{DATA}/{rel}" for rel in listed}
            for missing in sorted(expected - set(files)):
                raise refuse("missing_member", member=missing)
            for extra in sorted(set(files) - expected):
                raise refuse("extra_member", member=extra)
            for clean, member in files.items():  # sizes first: a sparse 4 GB member is refused unread
                size = listed[clean.removeprefix(f"{DATA}/")].get("size")
                if member.size != size:
                    raise refuse("too_big_member", member=clean, size=member.size, expected=size)
            for clean, member in files.items():
                entry = listed[clean.removeprefix(f"{DATA}/")]
                target = root / clean
                if root.resolve() not in target.resolve().parents:  # belt and braces after the checks above
                    raise refuse("bad_member", member=member.name, reason=prompts.text("backup.reason_outside"))
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                with tar.extractfile(member) as src, open(target, "wb") as out:  # type: ignore[union-attr]
                    for block in iter(lambda: src.read(1 << 20), b""):
                        digest.update(block)
                        size += len(block)
                        out.write(block)
                if digest.hexdigest() != entry.get("sha256") or size != entry.get("size"):
                    raise refuse("hash_mismatch", member=clean)
            return manifest
    except BackupError:
        raise
    except (tarfile.TarError, OSError, EOFError, zlib.error) as err:
        raise refuse("unreadable", detail=err) from None


def _open_ro(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    result = connection.execute("pragma integrity_check").fetchone()[0]
    if result != "ok":
        connection.close()
        raise sqlite3.DatabaseError(result)
    return connection


def summarise(data: Path, path: Path, files: int) -> BackupSummary:
    """Check that the data directory `data` is usable; what it holds. BackupError if not.

    The generation `CURRENT` names must pass `store.verify` (every file opened, keyword
    files included); the archive's database opens and holds the bytes of every version."""
    store = Store(data)
    name = read_pointer(store.pointer)
    if not name or not (store.generations / name / DB_NAME).is_file():
        raise refuse("bad_generation", detail=prompts.text("backup.detail_no_current"))
    try:
        info = verify(store.generations / name)
    except GenerationBroken as err:
        raise refuse("bad_generation", detail=str(err)) from None
    documents, rows = info.documents, info.passages
    current = store.generations / name
    versions = 0
    archive = Archive(data)
    if archive.exists():
        try:
            db = _open_ro(archive.db_path)
            try:
                rows_ = db.execute("select sha256 from versions").fetchall()
            finally:
                db.close()
        except sqlite3.Error as err:
            raise refuse("bad_archive", detail=err) from None
        versions = len(rows_)
        for (sha,) in rows_:
            if not (data / ARCHIVE_DIR / BLOBS_DIR / sha[:2] / sha).is_file():
                raise refuse("bad_archive", detail=prompts.text("archive.blob_missing", sha256=sha))
    for name_ in SQLITE_FILES:
        if (data / name_).is_file():
            try:
                _open_ro(data / name_).close()
            except sqlite3.Error as err:
                raise refuse("bad_sqlite", name=name_, detail=err) from None
    return BackupSummary(path, files, 0, current.name, documents, rows, versions)


def restore_backup(settings: Settings, source: Path, say: Say | None = None) -> BackupSummary:
    """See `index.restore.restore_backup` (kept here for callers of the old place)."""
    from index.restore import restore_backup as restore

    return restore(settings, source, say)
