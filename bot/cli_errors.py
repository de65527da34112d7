"""One place where the command line turns errors into Swedish messages and an exit code.

Every command may raise a `SamverkanError` (no index, model mismatch, a refused backup, a
missing model directory) or an `OSError` (disk full, read-only file system, a busy mount
point); the group prints the message on stderr and exits 1, never with a traceback.
"""

from __future__ import annotations

import logging
from typing import IO, Any

import click

from errors import SamverkanError, user_message

log = logging.getLogger("samverkan.cli")


class UserError(click.ClickException):
    """A message for the user, shown as it is: a whole Swedish sentence (click's own
    "Error:" prefix would be English)."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), err=True, file=file)


class SamverkanGroup(click.Group):
    """A click group whose commands' known errors become messages, not tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (SamverkanError, OSError) as err:
            log.debug("command failed", exc_info=err)
            raise UserError(user_message(err)) from err
