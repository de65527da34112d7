"""Message templates may use any field name, even the names of `prompts.text`'s own parameters."""

from __future__ import annotations

import prompts


def test_a_field_called_key_is_a_field() -> None:
    # `store.meta_missing` names the missing meta key as {key}; it used to raise TypeError
    assert "'model'" in prompts.text("store.meta_missing", key="model")


def test_english_falls_back_to_swedish() -> None:
    assert prompts.text("archive.no_documents", lang="en") == prompts.text("archive.no_documents")
