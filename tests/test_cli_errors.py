"""Every error a user can act on reaches them as a Swedish message and exit code 1, never a traceback."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import prompts
from bot.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _no_traceback(result: Result) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_contacts_without_index_prints_a_message(runner: CliRunner, cli_env, tmp_path: Path) -> None:
    result = runner.invoke(main, ["contacts", "Kronoberg"], env={**cli_env, "SAMVERKAN_DATA_DIR": str(tmp_path / "tom")})
    _no_traceback(result)
    assert prompts.text("answer.no_index") in result.stderr


@pytest.mark.parametrize("command", [["contacts", "Kronoberg"], ["contacts"], ["ask", "budget"]])
def test_model_mismatch_is_a_message(runner: CliRunner, cli_env, command: list[str]) -> None:
    result = runner.invoke(main, command, env={**cli_env, "SAMVERKAN_MODEL": "/some/other/dir"})
    _no_traceback(result)
    assert "/some/other/dir" in result.stderr


def test_model_mismatch_in_chat_is_a_message(runner: CliRunner, cli_env) -> None:
    result = runner.invoke(main, ["chat"], input="budget\n", env={**cli_env, "SAMVERKAN_MODEL": "/some/other/dir"})
    _no_traceback(result)
    assert "/some/other/dir" in result.stderr


def test_missing_model_directory_is_a_message(runner: CliRunner, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Region Kronoberg samverkar med Region Blekinge om vården.\n", encoding="utf-8")
    env = {"SAMVERKAN_DATA_DIR": str(tmp_path / "data"), "SAMVERKAN_CORPUS_DIR": str(corpus),
           "SAMVERKAN_MODEL": str(tmp_path / "ingen-modell")}
    result = runner.invoke(main, ["ingest"], env=env)
    _no_traceback(result)
    assert prompts.text("errors.model_missing", path=tmp_path / "ingen-modell") in result.stderr


@pytest.mark.parametrize(("code", "key"), [(errno.ENOSPC, "errors.disk_full"), (errno.EROFS, "errors.read_only"),
                                           (errno.EBUSY, "errors.busy")])
def test_os_errors_during_ingest_and_restore_are_messages(runner: CliRunner, cli_env, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch, code: int, key: str) -> None:
    import index.build
    import index.restore

    def fail(*args, **kwargs):
        raise OSError(code, "simulated", str(tmp_path / "data"))

    monkeypatch.setattr(index.build, "ingest_corpus", fail)
    monkeypatch.setattr(index.restore, "restore_backup", fail)
    for command in (["ingest"], ["restore", str(tmp_path / "x.tar.gz")]):
        result = runner.invoke(main, command, env=cli_env)
        _no_traceback(result)
        assert prompts.text(key, path=tmp_path / "data", detail="simulated") in result.stderr


def test_invalid_bytes_in_questions_never_crash(runner: CliRunner, cli_env) -> None:
    # a lone surrogate as from a mis-decoded argument, then a batch with a Latin-1 byte in the middle line
    result = runner.invoke(main, ["ask", "--json", "Vad g\udce4r Forum S\ud800der?"], env=cli_env)
    assert result.exit_code == 0, result.output
    assert "\ufffd" in json.loads(result.stdout)["question"]
    batch = "Vad är Forum Söder?\n".encode() + b"Vem \xe4r kontakt?\n" + "Vem fastställer budgeten?\n".encode()
    result = runner.invoke(main, ["ask", "--json"], input=batch, env=cli_env)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 3
    assert lines[1]["question"] == "Vem \ufffdr kontakt?"
    assert lines[2]["question"] == "Vem fastställer budgeten?"


def test_chat_survives_a_bad_byte_and_a_huge_question(runner: CliRunner, cli_env) -> None:
    stdin = b"Vem \xe4r kontakt?\n" + b"budget " * 200_000 + b"\nsluta\n"
    result = runner.invoke(main, ["chat"], input=stdin, env=cli_env)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert result.stdout.count(prompts.text("chat.prompt").strip()) >= 3
