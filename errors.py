"""The one base of every error the product explains to its user.

Each stage raises its own subclass (a document it cannot read, an index that is missing,
an archive or backup it refuses, a configuration it cannot use); `str()` of any of them is
a Swedish sentence naming the thing. Front-ends catch `SamverkanError` once and show
that sentence instead of a traceback.
"""

from __future__ import annotations

import errno


class SamverkanError(Exception):
    """A condition the user can act on; `str()` is the message to show."""


class ConfigError(SamverkanError):
    """A setting that cannot be used (a model directory that does not exist, a bad number)."""


_OS_MESSAGES = {
    errno.ENOSPC: "errors.disk_full",
    errno.EDQUOT: "errors.disk_full",
    errno.EROFS: "errors.read_only",
    errno.EBUSY: "errors.busy",
    errno.EACCES: "errors.permission",
    errno.EPERM: "errors.permission",
    errno.ENOENT: "errors.not_found",
}


def user_message(error: BaseException) -> str:
    """The Swedish sentence for an error a user can act on: a `SamverkanError`'s own text,
    or what an `OSError` (disk full, read-only, busy mount, no access) means, naming the path."""
    import prompts

    if isinstance(error, SamverkanError):
        return str(error)
    if isinstance(error, OSError):
        path = error.filename or "?"
        if error.filename2:
            path = f"{path} → {error.filename2}"
        key = _OS_MESSAGES.get(error.errno or 0, "errors.os_other")
        return prompts.text(key, path=path, detail=error.strerror or type(error).__name__)
    return str(error) or type(error).__name__
