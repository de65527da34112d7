"""Build and run the Telegram Application: settings, answerer and corpus service in, handlers wired.

Like python-telegram-bot's examples: one `build_application` that registers every handler
and one `run` that polls. Everything blocking runs in worker threads, so one slow answer or
a long re-ingest never stalls other chats.
"""

from __future__ import annotations

import contextlib
import logging
import sys

from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.telegram import admin_handlers, conversation_handlers
from bot.telegram.guards import gate
from bot.telegram.state import STATE_KEY, AnswererLike, BotState, ChatState, Context, CorpusLike, RateLimiter, state_of
from bot.telegram.texts import ADMIN_COMMANDS, COMMANDS, T
from bot.telegram_format import fill
from errors import SamverkanError, user_message
from settings import Settings

log = logging.getLogger("samverkan.telegram")


async def error_handler(update: object, context: Context) -> None:
    """Log the exception and tell the user what went wrong, instead of silence."""
    error = context.error
    known = isinstance(error, (SamverkanError, OSError)) and error is not None
    if known and error is not None:
        log.warning("cannot answer: %s", error)
    else:
        log.error("handler failed", exc_info=error)
    if isinstance(update, Update) and update.effective_message is not None:
        text = fill(user_message(error)) if known and error is not None else fill(T["error"])
        with contextlib.suppress(TelegramError):
            await update.effective_message.reply_html(text)


async def _post_init(application: Application) -> None:
    """Publish the command menu (only when run for real: `run_polling` calls this); admins see theirs too."""
    staff = [BotCommand(k, v) for k, v in COMMANDS.items()]
    await application.bot.set_my_commands(staff)
    admin = staff + [BotCommand(k, v) for k, v in ADMIN_COMMANDS.items()]
    for admin_id in state_of(application).settings.admin_ids:
        with contextlib.suppress(TelegramError):  # "chat not found" until the admin has opened the bot
            await application.bot.set_my_commands(admin, scope=BotCommandScopeChat(admin_id))


def build_application(settings: Settings, answerer: AnswererLike, corpus: CorpusLike | None = None) -> Application:
    """The bot with all handlers registered; `settings.telegram_api_url` selects a self-hosted Bot API."""
    if corpus is None:
        from index.corpus import Corpus

        corpus = Corpus(settings)
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token)
        .context_types(ContextTypes(chat_data=ChatState))
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .concurrent_updates(True)  # answers run in threads; don't make chat B wait for chat A
        .read_timeout(30)
        .write_timeout(30)
        .post_init(_post_init)
    )
    if settings.telegram_api_url:
        url = settings.telegram_api_url.rstrip("/")
        builder = builder.base_url(f"{url}/bot").base_file_url(f"{url}/file/bot")
    application = builder.build()
    application.bot_data[STATE_KEY] = BotState(settings=settings, answerer=answerer, corpus=corpus,
                                               limiter=RateLimiter(settings.rate_limit_per_minute))
    staff, admin = conversation_handlers, admin_handlers
    new_messages = filters.UpdateType.MESSAGE
    application.add_handler(TypeHandler(Update, gate), group=-1)
    for commands, callback in ((["start"], staff.start), (["hjalp", "help"], staff.help_command),
                               (["ny", "new"], staff.new_conversation), (["kontakt"], staff.kontakt),
                               (["dokument"], admin.documents_command), (["ta_bort"], admin.remove_command),
                               (["status"], admin.status_command)):
        application.add_handler(CommandHandler(commands, callback, filters=new_messages))
    application.add_handler(MessageHandler(new_messages & filters.TEXT & ~filters.COMMAND, staff.question))
    uploads = new_messages & filters.Document.ALL & filters.ChatType.PRIVATE
    application.add_handler(MessageHandler(uploads, admin.upload))
    application.add_handler(CallbackQueryHandler(staff.source_button, pattern=r"^src:"))
    application.add_handler(CallbackQueryHandler(staff.original_button, pattern=r"^raw:"))
    application.add_handler(CallbackQueryHandler(staff.vote_button, pattern=r"^vote:"))
    application.add_handler(CallbackQueryHandler(staff.choice_button, pattern=r"^ch:"))
    application.add_handler(CallbackQueryHandler(admin.remove_button, pattern=r"^rm:\w+:(yes|no)$"))
    application.add_error_handler(error_handler)
    return application


def run(settings: Settings) -> None:
    """Start the bot with long polling (`samverkan bot`); exits with help text if no token is set."""
    if not settings.telegram_token:
        print(T["no_token"].strip(), file=sys.stderr)
        raise SystemExit(2)
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines contain the bot token
    from answer.answerer import Answerer

    application = build_application(settings, Answerer(settings))
    log.info("starting bot api=%s admins=%d allowed_chats=%d", settings.telegram_api_url or "api.telegram.org",
             len(settings.admin_ids), len(settings.allowed_chats))
    application.run_polling(allowed_updates=Update.ALL_TYPES)
