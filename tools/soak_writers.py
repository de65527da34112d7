"""Writers that compete with the soak's re-ingests (`tools/soak.py`): a second ingest
process and an upload through the corpus service, started together mid-soak. They must
wait for the ingest lock and finish; neither may kill another writer's build."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import traceback

from settings import PROJECT_ROOT, Settings

SECOND_INGEST = """
import sys
sys.path.insert(0, {root!r})
import settings
from index.build import ingest_corpus
settings.lower_priority()  # as `samverkan ingest` runs
print(ingest_corpus(settings.load(), uploader="soak:process").generation, flush=True)
"""
UPLOAD_NAME = "soak-uppladdning.txt"
UPLOAD_TEXT = "Soak-test: samverkansgruppen för hörselvård möts varannan månad och leds av regionerna gemensamt.\n"


class Contenders:
    """Writers that compete with the soak's own re-ingests, as in production: a second
    `samverkan ingest` process and an upload through the corpus service (the bot's path).
    Both must finish (they wait for the ingest lock); none may kill another's build."""

    def __init__(self, config: Settings) -> None:
        self.config = config
        self.results: list[dict] = []
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        for target in (self._process, self._upload):
            thread = threading.Thread(target=target, name=f"soak-{target.__name__}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def join(self, timeout: float = 900.0) -> list[dict]:
        for thread in self._threads:
            thread.join(timeout=timeout)
        return self.results

    def _record(self, entry: dict) -> None:
        with self._lock:
            self.results.append(entry)

    def _process(self) -> None:
        env = {**os.environ, "SAMVERKAN_DATA_DIR": str(self.config.data_dir),
               "SAMVERKAN_CORPUS_DIR": str(self.config.corpus_dir), "SAMVERKAN_MODEL": self.config.model}
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", SECOND_INGEST.format(root=str(PROJECT_ROOT))], env=env,
                              capture_output=True, text=True, timeout=900)
        lines = proc.stdout.strip().splitlines()
        entry = {"kind": "second ingest process", "ok": proc.returncode == 0,
                 "seconds": round(time.perf_counter() - started, 1),
                 "generation": lines[-1] if proc.returncode == 0 and lines else ""}
        if proc.returncode != 0:
            entry["error"] = proc.stderr.strip()[-2000:]
        self._record(entry)

    def _upload(self) -> None:
        from index.corpus import Corpus

        started = time.perf_counter()
        try:
            change = Corpus(self.config).add_or_replace(UPLOAD_NAME, UPLOAD_TEXT.encode("utf-8"),
                                                        uploader="soak:upload")
        except Exception:  # noqa: BLE001 - a failed upload fails the soak, it does not stop it
            self._record({"kind": "corpus service upload", "ok": False,
                          "seconds": round(time.perf_counter() - started, 1), "error": traceback.format_exc()})
            return
        self._record({"kind": "corpus service upload", "ok": True, "seconds": round(time.perf_counter() - started, 1),
                      "generation": change.report.generation})
