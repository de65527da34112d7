"""Web pages by address, served from 127.0.0.1 only: fetched with a clear user agent, stored
with their validators, not downloaded again when unchanged (304), re-parsed when changed,
cited with their address; unreachable, non-document, oversized and failing addresses each get
one message naming the address while the rest of the corpus is ingested."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

import prompts
from ingest.web import add_sources, fetch, page_stem, read_sources

PAGE_V1 = """<!doctype html><html><head><title>Mellersta samverkansnämnden</title></head><body>
<nav><a href="/">Start</a></nav><main><h1>Om Mellersta samverkansnämnden</h1>
<p>Nämnden samordnar den högspecialiserade vården mellan fem regioner i Mellansverige.
<p>Ordförande är Eva Lindqvist från Region Gävleborg.
<p>Senast uppdaterad 2023-09-14</main><footer>Kontakta webbredaktören</footer></body></html>"""
PAGE_V2 = PAGE_V1.replace("Eva Lindqvist från Region Gävleborg", "Johan Berglund från Region Dalarna")


class Site:
    """A tiny web server: pages by path, ETags honoured, every request logged."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.log: list[tuple[str, int, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                headers = dict(self.headers.items())
                if self.path not in site.pages:
                    site.log.append((self.path, 404, headers))
                    self.send_error(404)
                    return
                content_type, body = site.pages[self.path]
                etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
                if self.headers.get("If-None-Match") == etag:
                    site.log.append((self.path, 304, headers))
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                site.log.append((self.path, 200, headers))
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", "Thu, 14 Sep 2023 08:00:00 GMT")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def statuses(self, path: str) -> list[int]:
        return [status for p, status, _ in self.log if p == path]


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    yield server
    server.server.shutdown()
    server.server.server_close()


def test_sources_file_and_names(tmp_path: Path) -> None:
    sources = tmp_path / "sources.txt"
    assert add_sources(sources, ["https://a.se/x", "https://a.se/x", "https://b.se/"]) == ["https://a.se/x", "https://b.se/"]
    sources.write_text(sources.read_text() + "# kommentar\n\n", encoding="utf-8")
    assert add_sources(sources, ["https://b.se/"]) == []
    assert read_sources(sources) == ["https://a.se/x", "https://b.se/"]
    assert page_stem("https://www.regionvarmland.se/om-oss/samverkan.html") == "www-regionvarmland-se-om-oss-samverkan"
    long = page_stem("https://x.se/" + "a" * 200)
    assert len(long) <= 90 and long != page_stem("https://x.se/" + "a" * 199)


def test_fetch_failures_name_the_address(tmp_path: Path, site: Site) -> None:
    from ingest import DocumentError

    site.pages["/bild.png"] = ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    site.pages["/stor.html"] = ("text/html", b"<p>" + b"x" * 200_000)
    store = tmp_path / "web"
    cases = {
        f"{site.url}/bild.png": prompts.text("ingest.url_not_document", content_type="image/png"),
        f"{site.url}/stor.html": prompts.text("ingest.url_too_large", limit_mb="0,1"),
        f"{site.url}/saknas": prompts.text("ingest.url_status", status=404),
        "http://127.0.0.1:9/": prompts.text("ingest.url_unreachable", detail=prompts.text("ingest.url_connect")),
        "ftp://127.0.0.1/fil.pdf": prompts.text("ingest.url_bad"),
    }
    for url, reason in cases.items():
        with pytest.raises(DocumentError) as err:
            fetch(url, store, max_bytes=100 * 1024, timeout=5)
        assert str(err.value) == f"{url}: {reason}"
    assert not any(store.glob("*.html"))  # nothing half-downloaded is kept


@pytest.mark.slow
def test_page_by_address_304_then_changed(fresh_index_config, site: Site) -> None:
    from answer.answerer import Answerer
    from bot.cli import main
    from index.build import ingest_corpus

    config = fresh_index_config("web")
    site.pages["/namnden.html"] = ("text/html; charset=utf-8", PAGE_V1.encode("utf-8"))
    url = f"{site.url}/namnden.html"
    env = {"SAMVERKAN_DATA_DIR": str(config.data_dir), "SAMVERKAN_CORPUS_DIR": str(config.corpus_dir), "SAMVERKAN_MODEL": config.model}
    result = CliRunner().invoke(main, ["ingest", url], env=env)
    assert result.exit_code == 0, result.output
    assert read_sources(config.sources_file) == [url]
    name = page_stem(url) + ".html"
    [(_, status, headers)] = site.log
    assert status == 200 and headers["User-Agent"].startswith("Samverkansassistenten/")

    answer = Answerer(config).ask("Vem är ordförande i Mellersta samverkansnämnden?")
    cited = [c for c in answer.citations if c.document == name]
    assert cited and cited[0].url == url and cited[0].date == "2023-09-14", answer.citations
    assert "Eva Lindqvist" in cited[0].text and "webbredaktören" not in cited[0].text

    again = ingest_corpus(config)
    assert site.statuses("/namnden.html") == [200, 304]
    assert name in again.skipped and not again.errors

    site.pages["/namnden.html"] = ("text/html; charset=utf-8", PAGE_V2.encode("utf-8"))
    changed = ingest_corpus(config)
    assert site.statuses("/namnden.html") == [200, 304, 200]
    assert changed.changed == [name]
    answer = Answerer(config).ask("Vem är ordförande i Mellersta samverkansnämnden?")
    assert any("Johan Berglund" in c.text and c.url == url for c in answer.citations)

    # the server goes away: a clear message, and the page keeps being served from its last version
    site.server.shutdown()
    site.server.server_close()
    offline = ingest_corpus(replace(config, fetch_timeout_s=3))
    assert offline.errors == [f"{url}: {prompts.text('ingest.url_unreachable', detail=prompts.text('ingest.url_connect'))}"]
    assert offline.documents == 6 and name not in offline.removed
