"""Hostile file names: `safe_file_name` (index/archive.py) can never address anything outside
the directory a name is joined to. Property-based (hypothesis) plus the concrete attacks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from index.archive import MAX_NAME_BYTES, safe_file_name
from ingest import SUPPORTED_SUFFIXES

SUFFIXES = sorted(SUPPORTED_SUFFIXES) + [".PDF", ".Txt", ".exe", ".pdf.exe", "", "."]
PIECES = ["..", ".", "/", "\\", "\x00", "C:", "~", " ", "\u200b", "\u0301", "\ufeff", "CON", "nul", "\n", "\t",
          "å", "a\u030a", "😀", "%2e%2e", "|", "*", "?"]
names = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=400),
    st.builds(lambda parts, stem, suffix: "".join(parts) + stem + suffix,
              st.lists(st.sampled_from(PIECES), max_size=8), st.text(max_size=300), st.sampled_from(SUFFIXES)),
)
mimes = st.sampled_from([None, "application/pdf", "text/plain", "text/html", "text/markdown", "application/zip"])


@settings(max_examples=600, deadline=None)
@given(name=names, mime=mimes)
@example(name="../../x.pdf", mime=None)
@example(name="/etc/passwd.txt", mime=None)
@example(name="..\\..\\windows\\system32\\x.pdf", mime=None)
@example(name="x\x00.pdf", mime=None)
@example(name="." * 300 + ".pdf", mime="application/pdf")
@example(name="å" * 200 + ".html", mime=None)
@example(name="😀" * 100 + ".md", mime=None)
@example(name="CON.pdf", mime=None)
@example(name="..", mime="application/pdf")
@example(name="", mime="text/plain")
def test_sanitised_names_stay_inside_the_store(name: str, mime: str | None) -> None:
    result = safe_file_name(name, mime)
    if result is None:
        return
    assert result
    assert "/" not in result and "\\" not in result and "\x00" not in result
    assert not result.startswith(".") and result not in {".", ".."}
    assert all(ch.isprintable() for ch in result)
    assert len(result.encode("utf-8")) <= MAX_NAME_BYTES
    assert os.path.splitext(result)[1].lower() in SUPPORTED_SUFFIXES
    assert result.split(".", 1)[0].strip().upper() not in {"CON", "PRN", "AUX", "NUL"}
    store = Path("/srv/samverkan/corpus")
    joined = Path(os.path.normpath(store / result))
    assert joined.parent == store  # exactly one level below the store, never elsewhere
    assert safe_file_name(result) == result  # idempotent
    assert safe_file_name(result, mime) == result


@given(stem=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=400),
       suffix=st.sampled_from(sorted(SUPPORTED_SUFFIXES)))
@settings(max_examples=300, deadline=None)
def test_long_names_keep_their_suffix(stem: str, suffix: str) -> None:
    result = safe_file_name(stem + suffix)
    if result is not None:
        assert result.endswith(suffix)
        assert len(result.encode("utf-8")) <= MAX_NAME_BYTES


@pytest.mark.parametrize(("raw", "mime", "expected"), [
    ("../../x.pdf", None, "x.pdf"),
    ("/etc/cron.d/job.txt", None, "job.txt"),
    ("C:\\Users\\admin\\Plan 2024.PDF", None, "Plan 2024.pdf"),
    ("..\\..\\evil.html", None, "evil.html"),
    ("a\x00b.txt", None, "ab.txt"),
    ("\x00", "application/pdf", None),  # nothing left but the mime type: a generated name (checked below)
    ("...hidden.md", None, "hidden.md"),
    ("plan.pdf.", None, "plan.pdf"),
    ("CON.txt", None, "_CON.txt"),
    ("lpt1.pdf", None, "_lpt1.pdf"),
    ("evil.exe", None, None),
    ("x.pdf.exe", None, None),
    ("..", None, None),
    ("", None, None),
    ("utan-ändelse", "application/pdf", "utan-ändelse.pdf"),
    ("utan-ändelse", "application/zip", None),
    ("va\u030ardplan.pdf", None, "v\u00e5rdplan.pdf"),
])
def test_concrete_hostile_names(raw: str, mime: str | None, expected: str | None) -> None:
    result = safe_file_name(raw, mime)
    if raw == "\x00":
        assert result is not None and result.startswith("dokument-") and result.endswith(".pdf")
    else:
        assert result == expected


def test_very_long_name_is_cut_to_the_byte_cap_keeping_the_suffix() -> None:
    result = safe_file_name("ö" * 500 + ".html")
    assert result == "ö" * ((MAX_NAME_BYTES - len(".html")) // 2) + ".html"
    assert len(result.encode("utf-8")) <= MAX_NAME_BYTES
