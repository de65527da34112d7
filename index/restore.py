"""Restore of a backup that survives a kill at any point: check, stage, journal, switch.

1. Everything is checked before the data directory is touched (`index/backup.py`
   `check_members`: paths, links, member sizes against the manifest BEFORE a byte is
   written, then every hash while extracting; `summarise`: `store.verify` opens every
   file of the generation, keyword files included, and the archive's blobs exist).
2. The backup is staged in `data/.restore-<pid>-<stamp>/` (inside the data directory:
   the same file system, and it works when the data directory is a mount point,
   which can never be renamed).
3. A journal (`data/RESTORE-JOURNAL.json`, written atomically) records the switch.
   Each step after it is idempotent: the old archive and databases move to
   `data/before-restore-<stamp>/`, the new ones move in, the restored generation
   joins `generations/`, `CURRENT` is switched in one atomic rename, the old
   generation moves to the kept copy, and the journal is deleted.

`recover(data_dir)` runs before every restore and every ingest: a journal means the
switch was decided, so it is finished; a staging directory without a journal means
the restore was killed while checking, so it is removed and nothing changed. Either
way it says which. Readers never see a missing data directory: `CURRENT` always
names a complete generation.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import prompts
from index.backup import (
    DATA,
    SQLITE_FILES,
    BackupError,
    BackupSummary,
    extract_verified,
    refuse,
    summarise,
)
from index.lock import ingest_lock, pid_alive
from index.store import DB_NAME, Store, read_pointer, write_pointer
from settings import Settings

JOURNAL = "RESTORE-JOURNAL.json"
STAGE_PREFIX = ".restore-"
KEPT_PREFIX = "before-restore-"
LOCK_WAIT_S = 600.0
ITEMS = ("archive", *SQLITE_FILES)  # swapped as a whole; generations join generations/

Say = Callable[[str], None]


def restore_backup(settings: Settings, source: Path, say: Say | None = None) -> BackupSummary:
    """Check `source` completely, then switch the data directory to it (the old content is kept
    in `data/before-restore-<stamp>/`). BackupError, and nothing changed, if a check fails."""
    say = say or (lambda _message: None)
    source = Path(source)
    if not source.is_file():
        raise refuse("not_found", path=source)
    data = Path(settings.data_dir)
    data.mkdir(parents=True, exist_ok=True)
    with ingest_lock(data, prompts.text("corpus.what_restore_backup"), LOCK_WAIT_S):  # never during an ingest
        return _restore(settings, data, source, say)


def _restore(settings: Settings, data: Path, source: Path, say: Say) -> BackupSummary:
    note = recover(data)
    if note:
        say(note)
    say(prompts.text("backup.checking", path=source))
    stage = data / f"{STAGE_PREFIX}{os.getpid()}-{time.time_ns()}"
    stage.mkdir()
    try:
        manifest = extract_verified(source, stage)
        staged = stage / DATA
        summary = summarise(staged, source, len(manifest["files"]))
        stored_model = _meta_model(staged)
        if stored_model and stored_model != settings.model_identity:
            summary.warnings = (prompts.text("backup.model_warning", stored=stored_model, configured=settings.model_identity),)
        generation = summary.generation
        if (data / "generations" / generation).exists():  # the same generation is here: restore a copy of it
            generation = f"gen-{time.time_ns()}-{os.getpid()}"
            (staged / "generations" / summary.generation).rename(staged / "generations" / generation)
        had_data = read_pointer(data / "CURRENT") != "" or any((data / item).exists() for item in ITEMS)
        kept = _kept_name(data) if had_data else None
        journal = {"stage": stage.name, "kept": kept.name if kept else "", "generation": generation,
                   "items": [item for item in ITEMS if (staged / item).exists()],
                   "old_generation": read_pointer(data / "CURRENT"), "source": str(source)}
        _write_journal(data, journal)
        _switch(data, journal)
        summary.generation = generation
        summary.kept_old = kept
        return summary
    finally:
        if not (data / JOURNAL).exists():
            shutil.rmtree(stage, ignore_errors=True)


def _kept_name(data: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept = data / f"{KEPT_PREFIX}{stamp}"
    n = 1
    while kept.exists():
        n += 1
        kept = data / f"{KEPT_PREFIX}{stamp}-{n}"
    return kept


def _write_journal(data: Path, journal: dict) -> None:
    tmp = data / f"{JOURNAL}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(journal, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, data / JOURNAL)


def _switch(data: Path, journal: dict) -> None:
    """The journalled steps; each one checks whether it is done, so a second run finishes
    what a killed first run started."""
    staged = data / journal["stage"] / DATA
    kept = data / journal["kept"] if journal["kept"] else None
    if kept is not None:
        kept.mkdir(exist_ok=True)
        if journal["old_generation"] and not (kept / "CURRENT").exists():
            (kept / "CURRENT").write_text(journal["old_generation"], encoding="utf-8")
    for item in ITEMS:
        new, live = staged / item, data / item
        in_backup = item in journal["items"]
        if in_backup and not new.exists():
            continue  # moved in by an earlier run
        if live.exists():
            if kept is not None and not (kept / item).exists():
                os.rename(live, kept / item)
            else:
                _remove(live)
        if in_backup:
            os.rename(new, live)
    generation = journal["generation"]
    (data / "generations").mkdir(exist_ok=True)
    if (staged / "generations" / generation).exists() and not (data / "generations" / generation).exists():
        os.rename(staged / "generations" / generation, data / "generations" / generation)
    write_pointer(data / "CURRENT", generation)
    old = journal["old_generation"]
    if kept is not None and old and old != generation and (data / "generations" / old).exists():
        (kept / "generations").mkdir(exist_ok=True)
        os.rename(data / "generations" / old, kept / "generations" / old)
    (data / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(data / journal["stage"], ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()


def recover(data_dir: Path) -> str | None:
    """Finish a journalled restore or roll back an unjournalled one; the message saying which,
    None if there was nothing to do. Stale journal temp files are removed too."""
    data = Path(data_dir)
    if not data.is_dir():
        return None
    (data / f"{JOURNAL}.tmp").unlink(missing_ok=True)
    message = None
    if (data / JOURNAL).exists():
        try:
            journal = json.loads((data / JOURNAL).read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise BackupError(prompts.text("backup.bad_journal", path=data / JOURNAL, detail=err)) from None
        _switch(data, journal)
        message = prompts.text("backup.recovered_forward", source=journal.get("source", "?"),
                               generation=journal.get("generation", "?"))
    for stage in data.glob(f"{STAGE_PREFIX}*"):
        pid_text = stage.name[len(STAGE_PREFIX):].split("-", 1)[0]
        if pid_text.isdigit() and int(pid_text) != os.getpid() and pid_alive(int(pid_text)):
            continue
        shutil.rmtree(stage, ignore_errors=True)
        message = message or prompts.text("backup.recovered_back")
    return message


def _meta_model(data: Path) -> str:
    import sqlite3

    current = Store(data).current()
    if current is None:
        return ""
    db = sqlite3.connect(f"file:{current / DB_NAME}?mode=ro", uri=True)
    try:
        row = db.execute("select value from meta where key = 'model'").fetchone()
    finally:
        db.close()
    return row[0] if row else ""
