"""The soak's check of each answer (`tools/soak.py`): the generation it names is complete
(`index.store.verify`, once per generation) and holds every cited passage and contact."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class GenerationChecker:
    """Opens the generation an answer names, read-only, and checks the answer against it."""

    def __init__(self, data_dir: Path) -> None:
        from index.store import Store

        self.generations = Store(data_dir).generations
        self._integrity: dict[str, str] = {}  # generation name → "" (complete) or the problem
        self._lock = threading.Lock()

    def check(self, answer) -> tuple[str, str]:
        """("verified" | "incomplete" | "pruned" | "unlabelled", detail)."""
        name = getattr(answer, "generation", "") or ""
        if not name:
            return "unlabelled", ""
        if name.endswith(".building") or "/" in name or name.startswith("."):
            return "incomplete", f"answer names an unpublished generation {name!r}"
        path = self.generations / name
        if not path.is_dir():
            return "pruned", ""
        try:
            problem = self._generation_problem(path)
            if not problem:
                problem = self._answer_problem(path, answer)
        except Exception as err:  # noqa: BLE001 - a pruning race or a broken generation
            if not path.exists():
                return "pruned", ""
            problem = f"{type(err).__name__}: {err}"
        if problem and not path.exists():
            return "pruned", ""  # removed while it was being read
        return ("incomplete", f"{name}: {problem}") if problem else ("verified", "")

    def _connect(self, path: Path) -> sqlite3.Connection:
        from index.store import DB_NAME

        db_path = path / DB_NAME
        if not db_path.exists():
            raise FileNotFoundError(f"{db_path.name} missing")
        return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)

    def _generation_problem(self, path: Path) -> str:
        """Checked once per generation (a published generation never changes)."""
        with self._lock:
            if path.name in self._integrity:
                return self._integrity[path.name]
        problem = self._inspect(path)
        with self._lock:
            self._integrity[path.name] = problem
        return problem

    def _inspect(self, path: Path) -> str:
        """The one completeness check (`index.store.verify`); "" if complete, else the problem."""
        from index.store import GenerationBroken, verify

        try:
            verify(path)
        except GenerationBroken as err:
            return str(err)
        return ""

    def _answer_problem(self, path: Path, answer) -> str:
        cited = list(answer.citations) + list(getattr(answer, "related", []))
        connection = self._connect(path)
        try:
            rows: dict[int, tuple] = {}
            ids = sorted({c.passage_id for c in cited})
            if ids:
                marks = ",".join("?" * len(ids))
                query = f"select id, document, title, page, heading, text from passages where id in ({marks})"
                rows = {r[0]: r[1:] for r in connection.execute(query, ids)}
            for c in cited:
                row = rows.get(c.passage_id)
                if row is None:
                    return f"cited passage {c.passage_id} ({c.document}) is not in this generation"
                if row != (c.document, c.title, c.page, c.heading, c.text):
                    return f"cited passage {c.passage_id} differs from this generation's row ({c.document} vs {row[0]})"
            for card in answer.contacts:
                found = connection.execute(
                    "select 1 from contacts where lower(email) = lower(?) and document = ? limit 1",
                    [card.email, card.document],
                ).fetchone()
                if not found:
                    return f"contact {card.email} ({card.document}) is not in this generation"
        finally:
            connection.close()
        return ""
