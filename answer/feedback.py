"""Questions and 👍/👎 votes in SQLite, so admins can see which documents are missing.

Every question asked through the bot is stored with whether it abstained and
which passages it cited; a vote points at that row. `feedback_report` then
ranks the questions that were voted down or abstained most often — those are
the topics the corpus does not cover (yet). The database lives at
`settings.data_dir / "feedback.db"` and is opened per call, which keeps it safe
to use from the event loop and from worker threads alike.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import sqlite_utils

from answer.types import Answer, Citation

_LOCK = threading.Lock()  # sqlite serialises writers anyway; this avoids "database is locked" retries


class _HasDataDir(Protocol):
    @property
    def data_dir(self) -> Path: ...  # read-only: the frozen Settings satisfies it


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def db_path(settings: _HasDataDir) -> Path:
    """Where the feedback database lives."""
    return Path(settings.data_dir) / "feedback.db"


def _db(settings: _HasDataDir) -> sqlite_utils.Database:
    path = db_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    if "questions" not in db.table_names():
        db["questions"].create(
            {"id": int, "asked_at": str, "channel": str, "chat_type": str, "question": str,
             "abstained": int, "citations": str, "latency_ms": float},
            pk="id",
        )
        db["questions"].create_index(["asked_at"])
    if "votes" not in db.table_names():
        db["votes"].create(
            {"id": int, "question_id": int, "user_id": int, "vote": int, "voted_at": str,
             "question": str, "citations": str},
            pk="id",
            foreign_keys=[("question_id", "questions", "id")],
        )
        db["votes"].create_index(["question_id", "user_id"], unique=True)
    return db


MAX_STORED_CHARS = 4000  # per question and per quoted passage: the store never grows by megabytes per answer


def record_question(settings: _HasDataDir, answer: Answer, channel: str = "telegram",
                    chat_type: str = "") -> int:
    """Store one asked question (text, abstained flag, cited passages); returns its id."""
    row = {
        "asked_at": _now(),
        "channel": channel,
        "chat_type": chat_type,
        "question": answer.question[:MAX_STORED_CHARS],
        "abstained": int(bool(answer.abstained)),
        "citations": json.dumps([{**asdict(c), "text": c.text[:MAX_STORED_CHARS]} for c in answer.citations],
                                ensure_ascii=False),
        "latency_ms": float(answer.latency_ms or 0.0),
    }
    with _LOCK:
        db = _db(settings)
        try:
            return int(db["questions"].insert(row).last_pk)
        finally:
            db.close()


def get_citations(settings: _HasDataDir, question_id: int) -> list[Citation] | None:
    """The citations stored for a question (None if the question is unknown)."""
    with _LOCK:
        db = _db(settings)
        try:
            rows = list(db.query("select citations from questions where id = ?", [question_id]))
        finally:
            db.close()
    if not rows:
        return None
    return [Citation(**c) for c in json.loads(rows[0]["citations"] or "[]")]


def record_vote(settings: _HasDataDir, question_id: int, user_id: int, vote: int) -> bool:
    """Store a 👍 (+1) or 👎 (-1); a second vote by the same user replaces the first.

    The question text and cited passages are copied into the vote row so a vote
    stays meaningful on its own. Returns False when the question is unknown.
    """
    with _LOCK:
        db = _db(settings)
        try:
            rows = list(db.query("select question, citations from questions where id = ?", [question_id]))
            if not rows:
                return False
            db.execute(
                "insert into votes (question_id, user_id, vote, voted_at, question, citations) "
                "values (?, ?, ?, ?, ?, ?) on conflict(question_id, user_id) do update set "
                "vote = excluded.vote, voted_at = excluded.voted_at",
                [question_id, user_id, 1 if vote > 0 else -1, _now(), rows[0]["question"],
                 rows[0]["citations"]],
            )
            db.conn.commit()
            return True
        finally:
            db.close()


def _normalise(question: str) -> str:
    """Group 'Vad gör X?' and 'vad gör x' together in the report."""
    return re.sub(r"\s+", " ", question).strip().rstrip("?!. ").casefold()


def feedback_report(settings: _HasDataDir, limit: int = 20) -> list[dict[str, Any]]:
    """Questions that got 👎 or abstained, worst first: what the corpus is missing.

    Each dict: question (latest wording), asked, abstained, thumbs_down,
    thumbs_up, last_asked, documents (cited in answers that were voted down).
    """
    if not db_path(settings).exists():
        return []
    with _LOCK:
        db = _db(settings)
        try:
            questions = list(db.query("select id, asked_at, question, abstained, citations from questions"))
            votes = list(db.query("select question_id, vote from votes"))
        finally:
            db.close()
    by_id = {q["id"]: q for q in questions}
    groups: dict[str, dict[str, Any]] = {}
    for q in questions:
        key = _normalise(q["question"])
        g = groups.setdefault(key, {"question": q["question"], "asked": 0, "abstained": 0,
                                    "thumbs_down": 0, "thumbs_up": 0, "last_asked": "",
                                    "documents": []})
        g["asked"] += 1
        g["abstained"] += q["abstained"]
        if q["asked_at"] >= g["last_asked"]:
            g["last_asked"], g["question"] = q["asked_at"], q["question"]
    for v in votes:
        q = by_id.get(v["question_id"])
        if q is None:
            continue
        g = groups[_normalise(q["question"])]
        if v["vote"] < 0:
            g["thumbs_down"] += 1
            for c in json.loads(q["citations"] or "[]"):
                if c["document"] not in g["documents"]:
                    g["documents"].append(c["document"])
        else:
            g["thumbs_up"] += 1
    rows = [g for g in groups.values() if g["thumbs_down"] or g["abstained"]]
    rows.sort(key=lambda g: (g["thumbs_down"] + g["abstained"], g["thumbs_down"], g["last_asked"]),
              reverse=True)
    return rows[:limit]

