"""What a question may be when it enters the answer layer: valid text of bounded length.

Questions arrive from a terminal with a stray Latin-1 byte, from command-line arguments
decoded with surrogate escapes, from JSON lines and from Telegram. Every later step
(tokenizer, regexes, SQLite, JSON output) assumes valid Unicode of modest length, so
both are enforced once, here, before any analysis.
"""

from __future__ import annotations

import re

MAX_QUESTION_CHARS = 2000  # nobody asks in more; longer input is cut before any analysis
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_question(raw: str | bytes) -> str:
    """`raw` as valid text: undecodable bytes and lone surrogates become U+FFFD, control
    characters spaces, and the result is cut to `MAX_QUESTION_CHARS`."""
    if isinstance(raw, bytes):
        text = raw[: MAX_QUESTION_CHARS * 4].decode("utf-8", errors="replace")
    else:
        # surrogate escapes (argv, a surrogateescape stream) are the original bytes: decode them
        # again (they may form valid UTF-8 together); any other lone surrogate is replaced
        text = _SURROGATE.sub(_unescape, raw[: MAX_QUESTION_CHARS * 2]).encode(
            "utf-8", errors="surrogateescape").decode("utf-8", errors="replace")
    return _CONTROL.sub(" ", text)[:MAX_QUESTION_CHARS]


def _unescape(match: re.Match[str]) -> str:
    return match.group() if "\udc80" <= match.group() <= "\udcff" else "\ufffd"
