"""The `samverkan` command line via click's CliRunner, against the session index."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS_FILES, ROOT

import prompts
from bot.cli import main

CITATION_KEYS = {"n", "document", "title", "page", "text", "date", "url", "ocr"}
ANSWER_KEYS = {"question", "answer", "abstained", "citations", "contacts", "resolved_question", "choices", "kind", "lang"}
CARD_KEYS = {"name", "email", "organisation", "role", "body", "region", "phone", "source"}


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def _json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def _check_schema(payload: dict) -> None:
    assert set(payload) == ANSWER_KEYS
    assert isinstance(payload["question"], str) and isinstance(payload["answer"], str)
    assert isinstance(payload["abstained"], bool)
    for n, citation in enumerate(payload["citations"], start=1):
        assert set(citation) == CITATION_KEYS
        assert citation["n"] == n
        assert isinstance(citation["page"], str) and re.fullmatch(r"\d+(–\d+)?", citation["page"])
        assert citation["document"] in CORPUS_FILES
        assert citation["text"] and citation["title"]
    for card in payload["contacts"]:
        assert set(card) == CARD_KEYS
        assert set(card["source"]) == {"document", "page"}
        assert isinstance(card["source"]["page"], int)
        assert card["source"]["document"] in CORPUS_FILES


def test_ask_json_schema(runner: CliRunner, cli_env) -> None:
    result = runner.invoke(main, ["ask", "--json", "Vem fastställer budgeten för Södra sjukvårdsregionen?"], env=cli_env)
    assert result.exit_code == 0, result.output
    [payload] = _json_lines(result.stdout)
    _check_schema(payload)
    assert payload["question"] == "Vem fastställer budgeten för Södra sjukvårdsregionen?"
    assert payload["abstained"] is False
    assert "[1]" in payload["answer"]
    assert payload["citations"][0]["document"] == "sodra-sjukvardsregionen-verksamhetsplan.pdf"
    assert payload["citations"][0]["page"] == "8–9"
    assert "Budget fastställs" in payload["citations"][0]["text"]
    assert payload["contacts"] == []


def test_ask_json_contact_card_schema(runner: CliRunner, cli_env) -> None:
    result = runner.invoke(main, ["ask", "--json", "Vem är kontaktperson för Region Kronoberg?"], env=cli_env)
    assert result.exit_code == 0, result.output
    [payload] = _json_lines(result.stdout)
    _check_schema(payload)
    assert payload["contacts"], payload
    first = payload["contacts"][0]
    assert first["email"] == "jenny.salomonsson@kronoberg.se"
    assert first["source"] == {"document": "sbhss-halsoplattform.txt", "page": 1}


def test_ask_json_abstention(runner: CliRunner, cli_env) -> None:
    result = runner.invoke(main, ["ask", "--json", "Vad kostar det att parkera vid Blekingesjukhuset?"], env=cli_env)
    assert result.exit_code == 0, result.output
    [payload] = _json_lines(result.stdout)
    _check_schema(payload)
    assert payload["abstained"] is True
    assert payload["answer"].endswith(prompts.text("answer.abstain"))  # after the missing thing, named
    assert payload["citations"] == []


def test_ask_json_batch_from_stdin(runner: CliRunner, cli_env) -> None:
    questions = "Vad gör Brysselkontoret?\n\nVad kostar det att parkera vid Blekingesjukhuset?\n"
    result = runner.invoke(main, ["ask", "--json"], input=questions, env=cli_env)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 2
    payloads = [json.loads(line) for line in lines]
    for payload in payloads:
        _check_schema(payload)
    assert [p["question"] for p in payloads] == ["Vad gör Brysselkontoret?", "Vad kostar det att parkera vid Blekingesjukhuset?"]
    assert [p["abstained"] for p in payloads] == [False, True]


def test_ask_plain_text_shows_sources_with_pages(runner: CliRunner, cli_env) -> None:
    result = runner.invoke(main, ["ask", "Vem fastställer budgeten för Södra sjukvårdsregionen?"], env=cli_env)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Budget fastställs för varje mandatperiod")  # the fact is the first line
    assert "[1] Södra sjukvårdsregionen – Verksamhetsplan, s. 8–9" in result.stdout


def test_ask_without_question_or_json_fails(runner: CliRunner, cli_env) -> None:
    result = runner.invoke(main, ["ask"], env=cli_env)
    assert result.exit_code == 1
    assert "Ange en fråga" in result.stderr


def test_ask_with_another_model_names_both(runner: CliRunner, cli_env, config) -> None:
    result = runner.invoke(main, ["ask", "--json", "Vad är Forum Söder?"], env={**cli_env, "SAMVERKAN_MODEL": "/some/other/dir"})
    assert result.exit_code == 1
    assert result.stdout == ""
    assert config.model in result.stderr and "/some/other/dir" in result.stderr


def test_ask_without_index(runner: CliRunner, cli_env, tmp_path: Path) -> None:
    result = runner.invoke(main, ["ask", "budget"], env={**cli_env, "SAMVERKAN_DATA_DIR": str(tmp_path / "tom")})
    assert result.exit_code == 1
    assert prompts.text("answer.no_index") in result.stderr


def test_model_mismatch_message_names_a_real_command() -> None:
    message = prompts.text("index.model_mismatch", stored="a", configured="b")
    commands = re.findall(r"samverkan (\w+)((?: --[\w-]+)*)", message)
    assert commands
    for name, options in commands:
        assert name in main.commands
        known = {opt for param in main.commands[name].params for opt in getattr(param, "opts", [])}
        for option in options.split():
            assert option in known, f"`samverkan {name}` has no option {option}"


def test_ingest_command_reports_errors_and_summary(runner: CliRunner, fresh_index_config) -> None:
    config = fresh_index_config()
    (config.corpus_dir / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    env = {"SAMVERKAN_DATA_DIR": str(config.data_dir), "SAMVERKAN_CORPUS_DIR": str(config.corpus_dir), "SAMVERKAN_MODEL": config.model}
    result = runner.invoke(main, ["ingest"], env=env)
    assert result.exit_code == 0, result.output
    assert "Kunde inte läsa broken.pdf: PDF-filen är skadad eller ofullständig" in result.stderr
    assert re.search(r"^5 dokument, 54 sidor, \d+ passager, \d+ kontakter på \d+\.\d s$", result.stdout, re.M), result.stdout
    assert "nya: 5 · ändrade: 0 · borttagna: 0 · oförändrade: 0" in result.stdout

    again = runner.invoke(main, ["ingest"], env=env)
    assert again.exit_code == 0
    assert "nya: 0 · ändrade: 0 · borttagna: 0 · oförändrade: 5" in again.stdout


def test_ingest_command_with_nothing_to_read_fails(runner: CliRunner, tmp_path: Path, config) -> None:
    empty = tmp_path / "korpus"
    empty.mkdir()
    env = {"SAMVERKAN_DATA_DIR": str(tmp_path / "data"), "SAMVERKAN_CORPUS_DIR": str(empty), "SAMVERKAN_MODEL": config.model}
    result = runner.invoke(main, ["ingest"], env=env)
    assert result.exit_code == 1
    assert f"Inga dokument hittades i {empty}." in result.stderr


def _dev_qa() -> Path:
    for candidate in (ROOT.parent / "shared" / "eval" / "dev_qa.jsonl", ROOT / "eval" / "dev_qa.jsonl"):
        if candidate.exists():
            return candidate
    pytest.skip("dev_qa.jsonl not found")


def test_eval_answer_mode_summary(runner: CliRunner, cli_env) -> None:
    result = runner.invoke(main, ["eval", str(_dev_qa()), "--mode", "answer"], env=cli_env)
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "== answer"
    last = lines[-1]
    assert last.startswith("SUMMARY")
    fields = dict(part.split("=", 1) for part in last.split()[1:])
    assert fields["mode"] == "answer"
    assert float(fields["recall@5"]) >= 0.95
    assert float(fields["recall@1"]) <= float(fields["recall@3"]) <= float(fields["recall@5"])
    assert fields["contacts"] == "5/5"
    assert fields["abstain_unanswerable"] == "2/2"
    assert fields["false_abstentions"] == "0"


def test_every_command_is_documented_in_the_readme() -> None:
    readme = ROOT / "README.md"
    assert readme.exists(), "README.md is missing"
    text = readme.read_text(encoding="utf-8")
    names = []
    for name, command in sorted(main.commands.items()):
        names.append(name)
        names += [f"{name} {sub}" for sub in sorted(getattr(command, "commands", {}))]  # subcommands of a group
    missing = [name for name in names if f"samverkan {name}" not in text]
    assert not missing, f"commands not in README.md: {missing}"
