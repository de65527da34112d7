"""The Telegram front-end (`samverkan bot`), split by job.

`app` builds the Application; `conversation_handlers` answer staff (questions, sources,
votes, choices, /ny); `admin_handlers` change the corpus through `index.corpus`; `state`
holds the typed per-application and per-chat state; `guards` the admin, rate-limit and
allowed-chat checks; `replies` the small Telegram helpers they share.
"""

from bot.telegram.app import build_application, run

__all__ = ["build_application", "run"]
