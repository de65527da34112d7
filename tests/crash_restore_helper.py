"""Run by tests/test_reliability_restore.py in a subprocess (not a test module itself).

`python tests/crash_restore_helper.py POINT MARKER BACKUP` restores BACKUP into the data
directory of the environment, but pauses (writes MARKER, sleeps) at POINT so the test
can SIGKILL it there. Points: `checked` (the backup is staged and verified, no journal
yet), `rename-N` (before the N-th rename after the journal is written), `pointer` (before CURRENT is
replaced). No production code has a hook for this: the patches are applied here only.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import index.restore
import settings


def main(point: str, marker: Path, backup: Path) -> None:
    real_rename, real_replace = os.rename, os.replace

    def pause(detail: str) -> None:
        tmp = marker.with_name(marker.name + ".tmp")
        tmp.write_text(detail, encoding="utf-8")
        real_rename(tmp, marker)
        while True:
            time.sleep(60)

    if point == "checked":
        real_summarise = index.restore.summarise

        def summarise(*args, **kwargs):
            result = real_summarise(*args, **kwargs)
            pause("checked")
            return result

        index.restore.summarise = summarise
    elif point.startswith("rename-"):
        wanted = int(point.split("-")[1])
        count = [0]

        journal = settings.load().data_dir / index.restore.JOURNAL

        def rename(src, dst, *args, **kwargs):
            count[0] += journal.exists()  # renames of the switch only
            if count[0] == wanted:
                pause(f"rename {src} -> {dst}")
            return real_rename(src, dst, *args, **kwargs)

        os.rename = rename
    elif point == "pointer":
        def replace(src, dst, *args, **kwargs):
            if Path(dst).name == "CURRENT":
                pause("pointer")
            return real_replace(src, dst, *args, **kwargs)

        os.replace = replace
    index.restore.restore_backup(settings.load(), backup)
    print("FINISHED", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
