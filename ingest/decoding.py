"""Decoding the bytes of a text or HTML file whose encoding nobody told us.

In order: a byte-order mark (UTF-8, UTF-32, UTF-16); the pattern of NUL bytes that
UTF-16 and UTF-32 text without a BOM has (every second or every fourth byte);
binary content refused (NUL bytes or control characters that no text has); strict
UTF-8; UTF-8 with a few bad bytes (a file that is clearly UTF-8 keeps its "å" and
gets U+FFFD for the stray byte, instead of turning into mojibake throughout);
Windows-1252 (what Swedish Windows tools write); detection; Latin-1. A decoding that
needed replacement characters leaves U+FFFD in the text, which ingest reports.

Every step is linear in the input.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

import prompts
from ingest.errors import DocumentError

REPLACEMENT = "\ufffd"
SAMPLE = 1 << 16  # bytes looked at for the NUL pattern and control characters
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),  # before UTF-16: FF FE 00 00
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TEXT_CONTROLS = {9, 10, 12, 13, 27}  # tab, newline, form feed, carriage return, escape
MAX_CONTROL_SHARE = 0.05  # more control bytes than this in the sample: not text


def _nul_pattern(sample: bytes) -> str | None:
    """UTF-16/32 without a BOM: mostly-ASCII text has NULs at fixed positions."""
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    quads = len(sample) // 4 * 4
    by_position = [sample[i:quads:4].count(0) for i in range(4)]
    share = [n / (quads // 4) for n in by_position]
    if share[1] > 0.9 and share[2] > 0.9 and share[3] > 0.9:
        return "utf-32-le"
    if share[0] > 0.9 and share[1] > 0.9 and share[2] > 0.9:
        return "utf-32-be"
    odd = (share[1] + share[3]) / 2
    even = (share[0] + share[2]) / 2
    if odd > 0.7 and even < 0.1:
        return "utf-16-le"
    if even > 0.7 and odd < 0.1:
        return "utf-16-be"
    return None


def _looks_binary(sample: bytes) -> bool:
    if 0 in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROLS)
    return controls > MAX_CONTROL_SHARE * len(sample)


def _mostly_utf8(data: bytes) -> str | None:
    """The text if `data` is UTF-8 apart from a few bad bytes (more good multi-byte
    characters than bad sequences), else None."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count(REPLACEMENT)
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    return text if good > 0 and bad <= good else None


def decode(data: bytes, name: str = "") -> str:
    """The text of `data`; DocumentError naming `name` if it is binary, not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    sample = data[:SAMPLE]
    wide = _nul_pattern(sample)
    if wide:
        return data.decode(wide, errors="replace")
    if _looks_binary(sample):
        raise DocumentError(name, prompts.text("ingest.binary"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _mostly_utf8(data)
    if text is not None:
        return text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[: 1 << 20]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace")
    return data.decode("latin-1")
