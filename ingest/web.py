"""Web pages by address: fetched politely, stored in the data directory, re-fetched only when changed.

A page is stored as a file under `<data>/web/` with its validators (ETag,
Last-Modified) beside it, so the next ingest asks the server "changed since?" and a
304 costs no download. The stored file is then read by the registry like any file,
and the address travels with the document so every citation can link to it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import prompts
from ingest.errors import DocumentError
from ingest.readers import MIME_SUFFIXES, reader_for
from settings import USER_AGENT

MAX_REDIRECTS = 5
_NAME_CHARS = 80


@dataclass
class Fetched:
    """A page on disk: where it is stored, the address, and whether the server said 'unchanged'."""

    url: str
    path: Path
    last_modified: str = ""
    not_modified: bool = False


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def read_sources(path: Path) -> list[str]:
    """Addresses of a sources file: one a line, blank lines and `#` comments skipped, duplicates once."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, NotADirectoryError):
        return []
    return list(dict.fromkeys(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")))


def add_sources(path: Path, urls: list[str]) -> list[str]:
    """Append the addresses not yet listed; returns those added."""
    known = set(read_sources(path))
    new = [u for u in dict.fromkeys(urls) if u not in known]
    if new:
        path.parent.mkdir(parents=True, exist_ok=True)
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        with open(path, "a", encoding="utf-8") as handle:
            if existing and not existing.endswith("\n"):
                handle.write("\n")
            handle.write("".join(f"{u}\n" for u in new))
    return new


def page_stem(url: str) -> str:
    """A stable, readable document name for an address: `region-se-om-oss` (hash added if cut)."""
    parts = urlsplit(url)
    raw = f"{parts.hostname or ''}{parts.path}{'-' + parts.query if parts.query else ''}"
    slug = re.sub(r"[^\w]+", "-", raw.lower()).strip("-_") or "sida"
    slug = re.sub(r"-(html?|php|aspx?)$", "", slug)
    if len(slug) > _NAME_CHARS:
        slug = slug[:_NAME_CHARS].rstrip("-") + "-" + hashlib.sha256(url.encode()).hexdigest()[:8]
    return slug


def _fail(url: str, key: str, **fields: object) -> DocumentError:
    return DocumentError(url, prompts.text(f"ingest.{key}", "messages", "sv", **fields))


def _meta_path(store: Path, url: str) -> Path:
    return store / f"{page_stem(url)}.json"


def stored_name(store: Path, url: str) -> str:
    """The document name the address was last stored under (a guess before the first fetch)."""
    try:
        return str(json.loads(_meta_path(store, url).read_text(encoding="utf-8"))["name"])
    except (OSError, ValueError, KeyError):
        return page_stem(url) + ".html"


def _suffix(url: str, content_type: str) -> str | None:
    if content_type in MIME_SUFFIXES:
        return MIME_SUFFIXES[content_type]
    if content_type in ("", "application/octet-stream", "binary/octet-stream"):
        reader = reader_for(urlsplit(url).path)
        return reader.suffixes[0] if reader else None
    return None


def _reason(err: Exception) -> str:
    """A short Swedish reason for a network failure."""
    import httpx

    for kind, key in ((httpx.TimeoutException, "url_timeout"), (httpx.TooManyRedirects, "url_redirects"), (httpx.ConnectError, "url_connect")):
        if isinstance(err, kind):
            return prompts.text(f"ingest.{key}")
    return type(err).__name__


def _download(response, url: str, max_bytes: int) -> tuple[bytes, str]:
    """The body of a successful response and the file suffix its type calls for; streamed, so
    an oversized page is abandoned at the limit, not after."""
    from ingest import format_mb

    if response.status_code >= 400:
        raise _fail(url, "url_status", status=response.status_code)
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    suffix = _suffix(str(response.url), content_type)
    if suffix is None:
        raise _fail(url, "url_not_document", content_type=content_type or "okänd")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _fail(url, "url_too_large", limit_mb=format_mb(max_bytes))
    body = bytearray()
    for piece in response.iter_bytes():
        body.extend(piece)
        if len(body) > max_bytes:
            raise _fail(url, "url_too_large", limit_mb=format_mb(max_bytes))
    return bytes(body), suffix


def fetch(url: str, store: Path, max_bytes: int, timeout: float = 20.0) -> Fetched:
    """Fetch `url` into `store` unless the server says it is unchanged; one clear error otherwise."""
    import httpx

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _fail(url, "url_bad")
    store.mkdir(parents=True, exist_ok=True)
    meta_path = _meta_path(store, url)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.5"}
    old_body = store / meta["name"] if meta.get("name") else None
    conditional = old_body is not None and old_body.is_file()
    if conditional:
        if meta.get("etag"):
            headers["If-None-Match"] = meta["etag"]
        if meta.get("last_modified"):
            headers["If-Modified-Since"] = meta["last_modified"]
    client = httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=httpx.Timeout(timeout), headers=headers)
    try:
        with client, client.stream("GET", url) as response:
            if response.status_code == 304 and conditional and old_body is not None:
                return Fetched(url, old_body, meta.get("last_modified", ""), not_modified=True)
            body, suffix = _download(response, url, max_bytes)
            validators = {"etag": response.headers.get("etag", ""), "last_modified": response.headers.get("last-modified", "")}
    except httpx.HTTPError as err:
        raise _fail(url, "url_unreachable", detail=_reason(err)) from None
    name = page_stem(url) + suffix
    target = store / name
    tmp = target.with_name(f".tmp-{name}")
    tmp.write_bytes(body)
    os.replace(tmp, target)
    meta = {"url": url, "name": name, **validators}
    meta_tmp = meta_path.with_name(f".tmp-{meta_path.name}")
    meta_tmp.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    os.replace(meta_tmp, meta_path)
    return Fetched(url, target, validators["last_modified"])
