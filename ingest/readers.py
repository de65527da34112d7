"""Readers: one per file type, each turning a file into raw pages and a title.

PDF pages keep their numbers (citations point at them); text and HTML are one
page. Every failure becomes a `DocumentError` that names the file, so one bad
upload never stops the rest of the corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import prompts
from ingest.decoding import decode
from ingest.errors import DocumentError
from ingest.model import Page

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES
MAX_PDF_PAGES = 10_000  # far beyond any real document; bounds the parse of a hostile one


@dataclass
class RawDocument:
    """What a reader returns: the pages as extracted, plus a title if the file has one."""

    kind: str
    pages: list[Page]
    title: str = ""


def _fail(path: Path, key: str, **fields: object) -> DocumentError:
    return DocumentError(path.name, prompts.text(f"ingest.{key}", **fields))


def read(path: Path) -> RawDocument:
    """Read any supported file; raise `DocumentError` with a clear reason otherwise."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise _fail(path, "unsupported", suffix=suffix or "(ingen filändelse)")
    if path.stat().st_size == 0:
        raise _fail(path, "empty")
    if suffix in PDF_SUFFIXES:
        doc = RawDocument("pdf", [], "")
        for page, title in _pdf_pages(path):
            doc.pages.append(page)
            doc.title = doc.title or title
        if not any(p.text.strip() for p in doc.pages):
            raise _fail(path, "no_text_layer")
        return doc
    text = decode(path.read_bytes(), path.name)
    if suffix in HTML_SUFFIXES:
        title, text = html_main_text(text)
        doc = RawDocument("html", [Page(1, text)], title)
    else:
        doc = RawDocument("text", [Page(1, text)], "")
    if not text.strip():
        raise _fail(path, "no_text")
    return doc


def _pdf_pages(path: Path) -> Iterator[tuple[Page, str]]:
    """Yield pages one at a time so a thousand-page PDF never sits in memory as objects."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _fail(path, "encrypted_pdf")
        title = str((reader.metadata or {}).get("/Title") or "").strip()
        if len(reader.pages) > MAX_PDF_PAGES:  # 100k pages can be one shared page object in 600 kB
            raise _fail(path, "too_many_pages", pages=len(reader.pages), limit=MAX_PDF_PAGES)
        for number, page in enumerate(reader.pages, start=1):
            yield Page(number, page.extract_text() or ""), title
    except DocumentError:
        raise
    except FileNotDecryptedError:
        raise _fail(path, "encrypted_pdf") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as err:
        raise _fail(path, "corrupt_pdf", detail=type(err).__name__) from None


_CHROME_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg", "button")


def html_main_text(html: str) -> tuple[str, str]:
    """Title and main text of a web page: menus, headers, footers and scripts dropped.

    Block elements become lines and headings keep their own line, so the same
    cleaning and chunking as for text files applies.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup(_CHROME_TAGS):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    lines: list[str] = []
    for element in root.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "dt", "dd", "pre"]):
        if element.find(["p", "li", "td"]):
            continue  # a container: its children are visited on their own
        text = element.get_text(" ", strip=True)
        if not text:
            continue
        if element.name == "li":
            text = f"• {text}"
        lines.append(text)
        lines.append("")
    if not lines:
        lines = [root.get_text("\n", strip=True)]
    h1 = root.find("h1")
    return (h1.get_text(" ", strip=True) if h1 else title), "\n".join(lines)
