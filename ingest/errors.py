"""The one error ingest raises for a file it cannot use; its text is shown to users as is."""

from __future__ import annotations

from errors import SamverkanError


class DocumentError(SamverkanError):
    """A document that cannot be ingested; `str()` is a Swedish message naming the file."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
