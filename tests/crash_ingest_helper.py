"""Run by tests/test_reliability_crash.py in a subprocess (not a test module itself).

`python tests/crash_ingest_helper.py POINT MARKER` ingests the corpus of the environment
(SAMVERKAN_DATA_DIR / SAMVERKAN_CORPUS_DIR), but a monkeypatched function writes MARKER
and then sleeps forever at POINT, so the test can SIGKILL the process right there.
No production code has a hook for this: the patches are applied here only.

Points:
  parse          index.build.load_document_budgeted, while a changed document is being parsed
  embed          index.embedder.Embedder.embed_cached, half the texts embedded (and cached)
  before_rename  index.store.Store.publish: the generation is built, not yet renamed
  before_pointer os.replace onto data/CURRENT: the directory is renamed, the pointer not yet
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import index.build
import index.embedder
import index.store
import settings

POINTS = ("parse", "embed", "before_rename", "before_pointer")


def main(point: str, marker: Path) -> None:
    def pause(detail: str) -> None:
        tmp = marker.with_name(marker.name + ".tmp")
        tmp.write_text(detail, encoding="utf-8")
        os.rename(tmp, marker)  # not os.replace: that may be the patched function
        while True:
            time.sleep(60)

    if point == "parse":
        def load_document(path, *args, **kwargs):
            pause(f"parse {Path(path).name}")

        index.build.load_document_budgeted = load_document
    elif point == "embed":
        original = index.embedder.Embedder.embed_cached

        def embed_cached(self, texts, *args, **kwargs):
            texts = list(texts)
            original(self, texts[: len(texts) // 2])
            pause(f"embed {len(texts)}")

        index.embedder.Embedder.embed_cached = embed_cached
    elif point == "before_rename":
        def publish(self, building):
            pause(f"publish {Path(building).name}")

        index.store.Store.publish = publish
    elif point == "before_pointer":
        real_replace = os.replace

        def replace(src, dst, *args, **kwargs):
            if Path(dst).name == "CURRENT":
                pause(f"pointer {Path(src).read_text(encoding='utf-8').strip()}")
            return real_replace(src, dst, *args, **kwargs)

        os.replace = replace
    else:
        raise SystemExit(f"unknown point {point!r}; one of {POINTS}")
    report = index.build.ingest_corpus(settings.load())
    print(f"FINISHED without reaching {point}: {report.generation}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
