"""Document dates (revision lines, titles, metadata, Last-Modified, file time) reach the
documents table and every citation; a bump of INGEST_VERSION re-parses unchanged files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import ingest
from ingest.dates import choose_date, http_date, text_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Senast uppdaterad: 2021-03-04", "2021-03-04"),
        ("Senast uppdaterad 20 december, 2021 av någon", "2021-12-20"),
        ("Fastställd av regionstyrelsen den 12 mars 2021.\nReviderad 2022-05", "2022-05"),
        ("Uppdaterad 3.4.2020", "2020-04-03"),
        ("Planen fastställdes. Fastställd 2019", "2019"),
        ("Last updated May 2023", "2023-05"),
        ("Datum: 2024-01-15\nÄrende: budget", "2024-01-15"),
        ("Planen gäller 2021–2023 och omfattar 12 personer.", ""),  # a period, not a revision date
        ("Uppdaterad 2021-13-45", "2021"),  # no such day: the year alone is still a date
    ],
)
def test_revision_lines(text: str, expected: str) -> None:
    assert text_date(text) == expected


def test_order_of_trust() -> None:
    assert choose_date("Reviderad 2020-02-02", metadata="2023-01-01", names=("Plan 2019",)) == ("2020-02-02", "text")
    assert choose_date("Ingen rad", metadata="2023-01-01", names=("Samverkanskarta 2022",)) == ("2022", "title")
    assert choose_date("Ingen rad", metadata="2023-01-01") == ("2023-01-01", "metadata")
    assert choose_date("", last_modified="Thu, 14 Sep 2023 08:00:00 GMT") == ("2023-09-14", "http")
    assert choose_date("", mtime=0.0 + 86400 * 365 * 30) == ("1999-12-25", "file")
    assert http_date("inte ett datum") == ""


def test_citations_carry_the_document_date(answerer) -> None:
    answer = answerer.ask("Vilka fokusområden har Sydöstra sjukvårdsregionen?")
    cited = [c for c in answer.citations if c.document == "sydostra-sjukvardsregionen-fokusomraden.txt"]
    assert cited and all(c.date == "2021-12-20" for c in cited)  # "Senast uppdaterad 20 december, 2021"
    assert answer.to_json()["citations"][0]["date"] == answer.citations[0].date


def test_documents_table_has_date_version_and_no_file_time_in_citations(config, built_index) -> None:
    from index.store import DB_NAME, Store

    db = sqlite3.connect(Store(config.data_dir).current() / DB_NAME)
    rows = {r[0]: r[1:] for r in db.execute("select name, date, date_source, ingest_version from documents")}
    assert rows["blekinge-samverkanskarta-2022.pdf"] == ("2022-05-06", "text", ingest.INGEST_VERSION)  # its title page
    assert rows["sydostra-sjukvardsregionen-fokusomraden.txt"] == ("2021-12-20", "text", ingest.INGEST_VERSION)
    assert rows["samarbete-for-battre-vard.txt"][1] == "file"
    shown = {r[0] for r in db.execute("select distinct date from passages where document = 'samarbete-for-battre-vard.txt'")}
    assert shown == {""}  # a copy's file time is no document date
    db.close()


@pytest.mark.slow
def test_ingest_version_bump_reparses_unchanged_files(fresh_index_config, monkeypatch: pytest.MonkeyPatch) -> None:
    import index.build
    from index.build import ingest_corpus

    config = fresh_index_config("version")
    first = ingest_corpus(config)
    assert len(first.added) == 5
    unchanged = ingest_corpus(config)
    assert len(unchanged.skipped) == 5 and not unchanged.changed

    calls: list[str] = []
    real = index.build.load_document_budgeted

    def counting(path: Path, *args: object, **kwargs: object):
        calls.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(index.build, "load_document_budgeted", counting)
    monkeypatch.setattr(index.build, "INGEST_VERSION", ingest.INGEST_VERSION + 1)
    bumped = ingest_corpus(config)
    assert sorted(calls) == sorted(first.added)  # every unchanged file parsed again
    assert sorted(bumped.changed) == sorted(first.added) and not bumped.skipped
    assert bumped.embedded == 0  # same text: every vector from the cache
    assert len(ingest_corpus(config).skipped) == 5  # and the new version is stored: no re-parse the next time

    calls.clear()
    full = ingest_corpus(config, full=True)
    assert sorted(calls) == sorted(first.added) and sorted(full.changed) == sorted(first.added)


@pytest.mark.parametrize(
    ("text", "metadata", "expected"),
    [
        # the period the text covers beats a metadata date of another year (the file's export day)
        ("Rådet har tre områden för verksamhetsperioden 2024-2026:", "2026-11-23", ("2024", "text")),
        ("Planen gäller för åren 2021–2023.", "2025-01-02", ("2021", "text")),
        # metadata in the period's first year is the more precise date
        ("Handlingsplan för perioden 2024–2026", "2024-03-05", ("2024-03-05", "metadata")),
        # a version line and a title-page date are the authors' own dates
        ("Handlingsplan\nVersion 2.1, mars 2023\nInnehåll", "2026-11-23", ("2023-03", "text")),
        ("Vår samverkanskarta\nEnheten för kvalitet 2022-05-06\nInledning", "2026-01-01", ("2022-05-06", "text")),
        # a year alone on the title page, or a period not introduced as one, is no date
        ("Samverkan sedan 2017 och utvecklingsplan 2023-2027.", "2026-11-23", ("2026-11-23", "metadata")),
    ],
)
def test_text_dates_beat_export_metadata(text: str, metadata: str, expected: tuple[str, str]) -> None:
    assert choose_date(text, metadata=metadata) == expected


def test_verksamhetsplan_is_dated_by_its_text_not_its_file_generation(config, built_index) -> None:
    from index.store import DB_NAME, Store

    db = sqlite3.connect(Store(config.data_dir).current() / DB_NAME)
    (row,) = db.execute("select date, date_source from documents where name like 'sodra-%'").fetchall()
    db.close()
    assert row == ("2024", "text")  # its metadata says 2026-11-23, the day the PDF was generated
