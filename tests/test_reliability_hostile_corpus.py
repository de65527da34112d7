"""Issue 17: the hostile corpus. A bomb PDF, an AES-256 PDF, a 100k-page PDF of one shared
page object, nested and unclosed HTML, UTF-16, a 10 MB binary `.txt`, a 5 MB single word and
a symlink out of the corpus, next to the sample corpus: ONE ingest finishes, names each bad
file, and the sample corpus answers as before. (Time and memory are measured by
`/tmp`-free scripts in the report, never asserted here.)"""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS, CORPUS_FILES, ROOT, current_passages
from hostile_files import hostile_corpus

import prompts
from index.archive import Archive
from index.build import ingest_corpus


@pytest.mark.slow
def test_one_ingest_of_a_hostile_corpus_names_every_bad_file(fresh_index_config, answerer) -> None:
    config = fresh_index_config()
    hostile_corpus(config.corpus_dir, CORPUS)
    report = ingest_corpus(config)

    def msg(name: str, key: str, **fields: object) -> str:
        return f"{name}: {prompts.text(f'ingest.{key}', **fields)}"

    expected = {
        msg("lank.txt", "symlink"),
        msg("binar.txt", "binary"),
        msg("bomb.pdf", "reader_failed", detail="LimitReachedError"),
        msg("ett-ord.txt", "no_text"),
        msg("hundratusen-sidor.pdf", "too_many_pages", pages=100_000, limit=10_000),
    }
    assert expected <= set(report.errors)
    others = set(report.errors) - expected
    assert others <= {msg("djup.html", "no_text")}, others  # HTML: read (its reader's business) or named
    assert sorted(report.added) == sorted({*CORPUS_FILES, "aes256.pdf", "utf16.txt", *(
        {"djup.html"} - {e.split(":")[0] for e in others})})
    documents = {p["document"] for p in current_passages(config.data_dir)}
    assert {"bomb.pdf", "binar.txt", "ett-ord.txt", "hundratusen-sidor.pdf", "lank.txt"}.isdisjoint(documents)
    assert "lank.txt" not in Archive(config.data_dir).names()
    assert not list((config.data_dir / "generations").glob("*.building"))

    # the sample corpus answers as before: the same sources in the same order (a readable new
    # document may take a trailing slot, never change the order or the first source)
    from answer.answerer import Answerer

    hostile = Answerer(config)
    lines = (ROOT / "eval" / "dev_qa.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines[:12]:
        question = json.loads(line)["question"]
        before, after = answerer.ask(question), hostile.ask(question)
        assert after.abstained == before.abstained, question
        sample = [c.document for c in after.citations if c.document in CORPUS_FILES]
        assert sample == [c.document for c in before.citations][: len(sample)], question
        first = [(c.document, c.page, c.text) for c in after.citations[:1]]
        assert first == [(c.document, c.page, c.text) for c in before.citations[:1]], question
