"""Answer templates and user-facing messages, kept as data in TOML files next to this module.

`text("answer.abstain")` returns the template; `text(key, **fields)` fills it with
`str.format`. Editing wording never means editing code.

Swedish is the default. `text(key, lang="en")` answers in the asker's language: it
looks for the same key under the catalogue's `[en]` table (`[en.answer] abstain = …`)
and falls back to the Swedish text when no translation exists.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

_DIR = Path(__file__).resolve().parent


@cache
def _catalogue(name: str) -> dict:
    with open(_DIR / f"{name}.toml", "rb") as handle:
        return tomllib.load(handle)


def value(key: str, catalogue: str = "messages") -> object:
    """The raw value at dotted `key` (a string, list or table)."""
    node: object = _catalogue(catalogue)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"prompts/{catalogue}.toml has no message {key!r}")
        node = node[part]
    return node


def text(key: str, catalogue: str = "messages", lang: str = "sv", **fields: object) -> str:
    """The message at dotted `key` in `prompts/<catalogue>.toml` in language `lang`
    (Swedish when there is no translation), formatted with `fields`."""
    node: object = None
    if lang != "sv":
        try:
            node = value(f"{lang}.{key}", catalogue)
        except KeyError:
            node = None
    if node is None:
        node = value(key, catalogue)
    if not isinstance(node, str):
        raise KeyError(f"prompts/{catalogue}.toml: {key!r} is not a message")
    return node.format(**fields) if fields else node
