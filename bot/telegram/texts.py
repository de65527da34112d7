"""Interface text of the bot, from prompts/telegram.toml (through the one prompts loader)."""

from __future__ import annotations

from typing import cast

import prompts

T: dict[str, str] = cast(dict[str, str], prompts.value("text", catalogue="telegram"))
COMMANDS: dict[str, str] = cast(dict[str, str], prompts.value("commands", catalogue="telegram"))
ADMIN_COMMANDS: dict[str, str] = cast(dict[str, str], prompts.value("admin_commands", catalogue="telegram"))
