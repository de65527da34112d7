"""One ingest over the sample corpus plus every kind of bad input this issue names: each gets
exactly one clear message naming the file or address, and the five real documents are indexed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from test_ingest_web import Site, site  # noqa: F401 (site is a fixture)

import prompts

pytestmark = pytest.mark.slow


def test_bad_files_and_addresses_each_get_one_message(fresh_index_config, site: Site) -> None:  # noqa: F811
    from index.build import ingest_corpus

    config = fresh_index_config("failures")
    corpus = config.corpus_dir
    (corpus / "trasig.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 300)
    (corpus / "losenord.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 300)
    (corpus / "utan-rubrik.csv").write_text("Anna Berg;anna.berg@regionstockholm.se\nOlof Strand;olof.strand@regionuppsala.se\n",
                                            encoding="utf-8")
    site.pages["/bild.png"] = ("image/png", b"\x89PNG" + b"\x00" * 50)
    site.pages["/stor.html"] = ("text/html", b"<p>" + b"ord " * 400_000)
    urls = {
        "unreachable": "http://127.0.0.1:9/sida.html",
        "not_document": f"{site.url}/bild.png",
        "too_large": f"{site.url}/stor.html",
    }
    config.sources_file.write_text("\n".join(urls.values()) + "\n", encoding="utf-8")
    report = ingest_corpus(replace(config, max_upload_mb=1, fetch_timeout_s=5))

    expected: dict[str, Any] = {
        "trasig.docx": "trasig.docx: DOCX-filen är skadad eller ofullständig och kan inte läsas (",
        "losenord.xlsx": f"losenord.xlsx: {prompts.text('ingest.encrypted_office')}",
        "utan-rubrik.csv": f"utan-rubrik.csv: {prompts.text('ingest.sheet_no_header', sheet='utan-rubrik')}",
        urls["unreachable"]: f"{urls['unreachable']}: {prompts.text('ingest.url_unreachable', detail=prompts.text('ingest.url_connect'))}",
        urls["not_document"]: f"{urls['not_document']}: {prompts.text('ingest.url_not_document', content_type='image/png')}",
        urls["too_large"]: f"{urls['too_large']}: {prompts.text('ingest.url_too_large', limit_mb='1')}",
    }
    assert len(report.errors) == len(expected), report.errors
    for name, message in expected.items():
        [line] = [e for e in report.errors if e.startswith(f"{name}: ")]
        assert line.startswith(message), line
    assert report.documents == 5 and len(report.added) == 5
    assert "sources.txt" not in report.added  # the list of addresses is not a document
