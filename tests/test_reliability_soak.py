"""Smoke run of the soak (tools/soak.py, `samverkan bench --soak`): concurrent askers while
the corpus is re-ingested. Counts are asserted, never speeds."""

from __future__ import annotations

import pytest
from conftest import ROOT

from index.store import Store
from tools.bench import render
from tools.soak import run_soak


@pytest.mark.slow
def test_soak_answers_every_question_from_a_complete_generation(config, built_index) -> None:
    before = sorted(p.name for p in Store(config.data_dir).generations.iterdir())
    result = run_soak(config, askers=2, seconds=5.0, reingests=2, qa_path=ROOT / "eval" / "dev_qa.jsonl")

    assert result["failures"] == 0, result["failure_examples"]
    assert result["incomplete"] == 0, result["incomplete_examples"]
    assert result["unlabelled"] == 0  # every answer names the generation it came from
    # a second ingest process and a corpus-service upload ran alongside: both waited their turn
    assert [(c["kind"], c["ok"]) for c in sorted(result["contenders"], key=lambda c: c["kind"])] == [
        ("corpus service upload", True), ("second ingest process", True)], result["contenders"]
    assert result["reingests_ok"] == 2 and result["generations_published"] == 5
    assert result["generations_seen"] >= 2, result["answers_by_generation"]
    assert result["asks"] > 0 and result["verified"] + result["unverified_pruned"] == result["asks"]
    assert result["stuck_askers"] == 0
    assert all(i["changed"] for i in result["ingests"])  # every re-ingest really changed a document
    assert result["pass"] is True

    # the session's own index was not touched: the soak works on a copy
    assert sorted(p.name for p in Store(config.data_dir).generations.iterdir()) == before

    text = render({"soak": result})
    assert "== Soak" in text and "soak PASS" in text
