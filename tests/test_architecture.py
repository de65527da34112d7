"""The import rules of the pipeline ingest → index → answer → bot, checked on the source.

- `answer/` uses the index only through its query API: no import of `ingest` (the index
  already holds what ingest produced) and no SQL text (the feedback store, which owns its own
  database, is the one exception).
- Front-ends (`bot/`) import `index` only as `index.corpus` (the admin service); everything
  else they need comes through `answer/`. From `ingest` they may use the package's public
  names (the upload rules), never its internals.
- No module of the package is over 400 lines.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT

PACKAGES = ("answer", "bot", "index", "ingest", "prompts")
SQL = re.compile(r"\b(select\s.+\sfrom|insert\s+into|update\s+\w+\s+set|delete\s+from|create\s+table)\b",
                 re.IGNORECASE | re.DOTALL)
MAX_LINES = 400
LONG_MODULE_REASONS: dict[str, str] = {  # path -> why it may stay longer, until it is split
    "ingest/contacts.py": "contact extraction (tables, signatures, lists) grew with the people work; split pending",
}


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imports(path: Path) -> list[str]:
    """Every module name `path` imports (absolute names; relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            names.append(base)
            names += [f"{base}.{alias.name}" for alias in node.names if base in ("index", "ingest")]
    return names


def _sql_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.value[:60] for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value)]


def _violations(package: str, allowed: Callable[[str], bool]) -> list[str]:
    return [f"{path.relative_to(ROOT)} imports {name}" for path in _modules(package)
            for name in _imports(path) if not allowed(name)]


def test_the_rules_see_imports() -> None:
    """The checker itself: it finds the index imports the answerer is known to need."""
    assert any(name.startswith("index") for name in _imports(ROOT / "answer" / "answerer.py"))


def test_answer_layer_does_not_reach_into_ingest_or_sql() -> None:
    imports = _violations("answer", lambda name: not (name == "ingest" or name.startswith("ingest.")))
    sql = [f"{p.relative_to(ROOT)}: {s!r}" for p in _modules("answer") if p.name != "feedback.py"
           for s in _sql_strings(p)]
    assert imports + sql == []


def test_front_ends_use_the_index_only_through_the_corpus_service() -> None:
    def allowed(name: str) -> bool:
        if name == "index" or name.startswith("index."):
            return name == "index.corpus" or name.startswith("index.corpus.")
        if name.startswith("ingest."):  # a name the ingest package exports, not one of its modules
            module = name.split(".")[1]
            return name.count(".") == 1 and not (ROOT / "ingest" / f"{module}.py").exists() \
                and not (ROOT / "ingest" / module).is_dir()
        return True

    assert _violations("bot", allowed) == []


def test_no_module_is_over_the_size_limit() -> None:
    too_long = {}
    for package in (*PACKAGES, "."):
        paths = _modules(package) if package != "." else [ROOT / "settings.py", ROOT / "errors.py"]
        for path in paths:
            lines = len(path.read_text(encoding="utf-8").splitlines())
            name = str(path.relative_to(ROOT))
            if lines > MAX_LINES and name not in LONG_MODULE_REASONS:
                too_long[name] = lines
    assert too_long == {}


def test_every_data_file_of_the_package_is_installed() -> None:
    """A file the product reads at run time must be package data, or the installed wheel fails
    on first use (as the English glossary once did)."""
    import fnmatch
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = config["package-data"]
    found = config["packages"]["find"]["include"]
    missing = []
    for package in PACKAGES:
        assert any(fnmatch.fnmatch(package, p) for p in found), package
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts:
                owner = ".".join(path.parent.relative_to(ROOT).parts)
                if not any(fnmatch.fnmatch(path.name, p) for p in patterns.get(owner, [])):
                    missing.append(str(path.relative_to(ROOT)))
    assert missing == []
