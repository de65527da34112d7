"""The one error base of the product: every failure a user can cause or meet is a
`SamverkanError` whose `str()` is a clear Swedish message, so front-ends print it
(and exit non-zero) instead of a traceback."""

from __future__ import annotations


class SamverkanError(Exception):
    """Base of every error with a user-facing message."""
