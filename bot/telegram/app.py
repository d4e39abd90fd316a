"""The Telegram gateway: participants chat with the assistant in Telegram.

The gateway is a python-telegram-bot `Application` between Telegram and the Rasa server. A
private message goes to Rasa's REST channel as the message of the sender `telegram-<user id>`
(with the user's language code and name as metadata), and Rasa's replies come back as Telegram
messages, their buttons as inline keyboards. A few commands are the gateway's own: /start (welcome,
privacy notice, subscription to the event's announcements, deep links to join a team or to become
an organiser), /subscribe and /unsubscribe; the others (/help, /schedule, ...) are Rasa payloads.

How it reads, top to bottom:

- `TelegramConfig` (bot.telegram.config): the settings, from the environment;
- `main(config)`: build the application and run it (long polling, or a webhook);
- `build_application(config, extensions=..., background=...)`: the handlers, each group added by
  one small function (`add_participant_commands`, `add_conversation`, `add_group_handlers`);
  `extensions` add more handlers (organiser commands) before the conversation's catch-all
  handlers, and `background` coroutines (a broadcast worker) run while the application runs;
- `open_resources` / `stop_background` / `close_resources` (post_init / post_stop /
  post_shutdown): the database engine, the Rasa client and the `Gateway` the handlers and the
  background coroutines share (`gateway(context)`);
- the handlers (bot.telegram.handlers), and what they use: rendering and sending
  (bot.telegram.rendering), per-chat order and pacing (bot.telegram.pacing).

Telegram's limits are respected: texts longer than 4096 characters are split at line breaks,
button payloads longer than 64 bytes are kept in the database (bot.telegram.payload_store), and
everything the gateway sends, replies first, then broadcasts, goes through one pacer within
Telegram's limits (`send_limits`); a 429 pauses it all for its `retry_after`, and the message is
sent again. Updates of one chat are handled in
order, different chats concurrently (`PerChatUpdates`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from telegram import (
    Update,
)
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.telegram.config import TelegramConfig
from bot.telegram.handlers import (
    added_to_group,
    ask_rasa,
    button_pressed,
    chat_left,
    converse_text,
    on_error,
    start,
    subscribe,
    text_only,
    unsubscribe,
)
from bot.telegram.heartbeat import PollWatch, beat
from bot.telegram.pacing import PerChatUpdates
from bot.telegram.privacy import AboutOwnData, forget, in_words, my_data, notice
from bot.telegram.resources import (
    BACKGROUND_KEY,
    CONFIG_KEY,
    App,
    Background,
    Extension,
    Gateway,
    close_resources,
    open_resources,
    stop_background,
)

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]
MAX_CONCURRENT_UPDATES = 64
BOOTSTRAP_RETRIES = 5
"""Attempts to reach Telegram at start (about 15 s in all) before giving up; a bad token fails at once."""

# Commands answered by Rasa: the command, and the message sent to Rasa for it.
RASA_COMMANDS: dict[str, str] = {
    "help": "/help",
    "schedule": "/ask_schedule",
    "now": "/ask_now",
    "next": "/ask_next",
    "challenges": "/ask_challenges",
    "register": "/register_team",
    "myteam": "/my_team",
    "language": "/change_language",
}


def main(
    config: TelegramConfig, *, extensions: Sequence[Extension] = (), background: Sequence[Background] = ()
) -> int:
    """Run the gateway until it is stopped (Ctrl-C, SIGTERM); the exit code."""
    configure_logging()
    application = build_application(config, extensions=extensions, background=background)
    try:
        run(application, config)
    except InvalidToken:
        logger.error("Telegram rejected TELEGRAM_BOT_TOKEN: check the token @BotFather gave.")
        return 1
    except TelegramError as error:
        logger.error("Could not start the gateway with the Bot API at %s: %s", config.api_base_url, error)
        return 1
    return 0


def configure_logging(level: int = logging.INFO) -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=level)
    # httpx logs every request's URL, and the Bot API's URLs hold the bot's token.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def build_application(
    config: TelegramConfig,
    *,
    extensions: Sequence[Extension] = (),
    background: Sequence[Background] = (),
) -> App:
    """The gateway's application: its handlers, resources opened at start and closed at shutdown."""
    builder = (
        ApplicationBuilder()
        .token(config.token)
        .base_url(config.api_base_url)  # the updater's getUpdates goes through this bot too
        .concurrent_updates(PerChatUpdates(MAX_CONCURRENT_UPDATES))
        .post_init(open_resources)
        .post_stop(stop_background)
        .post_shutdown(close_resources)
    )
    background = list(background)
    if config.heartbeat_file is not None:  # run by `hackbot serve`, which watches the beat
        watch = None if config.webhook_url else PollWatch()
        if watch is not None:
            builder = builder.get_updates_request(watch)
        background.append(heartbeat(config.heartbeat_file, watch))
    application: App = builder.build()
    application.bot_data[CONFIG_KEY] = config
    application.bot_data[BACKGROUND_KEY] = background
    add_participant_commands(application)
    for extend in extensions:
        extend(application)
    add_conversation(application)
    add_group_handlers(application)
    application.add_error_handler(on_error)
    return application


def heartbeat(path: Path, watch: PollWatch | None) -> Background:
    """The background coroutine beating for the supervisor (bot.telegram.heartbeat)."""

    async def heartbeat(_shared: Gateway, stop: asyncio.Event) -> None:
        await beat(path, watch, stop)

    return heartbeat


def run(application: App, config: TelegramConfig, *, handle_signals: bool = True) -> None:
    """Receive updates until stopped: by long polling, or on a webhook when one is configured.

    SIGINT and SIGTERM stop it gracefully; without `handle_signals` (a thread other than the main
    one), `application.stop_running()` called in its event loop does."""
    options: dict[str, Any] = {"allowed_updates": ALLOWED_UPDATES, "bootstrap_retries": BOOTSTRAP_RETRIES}
    if not handle_signals:
        options["stop_signals"] = None
    if config.webhook_url:
        application.run_webhook(
            listen=config.webhook_listen,
            port=config.webhook_port,
            url_path=urlsplit(config.webhook_url).path.lstrip("/"),
            webhook_url=config.webhook_url,
            secret_token=config.webhook_secret,
            **options,
        )
    else:
        application.run_polling(**options)


def add_participant_commands(application: App) -> None:
    """The commands of a private chat: /start, /subscribe, /unsubscribe, and those Rasa answers."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(CommandHandler("start", start, filters=private))
    application.add_handler(CommandHandler("subscribe", subscribe, filters=private))
    application.add_handler(CommandHandler("unsubscribe", unsubscribe, filters=private))
    application.add_handler(CommandHandler("privacy", notice, filters=private))
    application.add_handler(CommandHandler("mydata", my_data, filters=private))
    application.add_handler(CommandHandler("forget", forget, filters=private))
    own_data = filters.TEXT & ~filters.COMMAND & AboutOwnData()
    application.add_handler(MessageHandler(private & own_data, in_words))
    for command, payload in RASA_COMMANDS.items():
        application.add_handler(CommandHandler(command, ask_rasa(payload), filters=private))


def add_conversation(application: App) -> None:
    """Private messages go to Rasa, buttons pressed too; the catch-all handlers come last."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(CallbackQueryHandler(button_pressed))
    application.add_handler(MessageHandler(private & filters.COMMAND, ask_rasa(RASA_COMMANDS["help"])))
    application.add_handler(MessageHandler(private & filters.TEXT, converse_text))
    application.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, text_only))


def add_group_handlers(application: App) -> None:
    """The bot added to a group (subscribed by an organiser), and chats that leave or block the bot.

    Ordinary group messages are ignored: participants talk to the bot in private."""
    added = filters.StatusUpdate.NEW_CHAT_MEMBERS | filters.StatusUpdate.CHAT_CREATED
    application.add_handler(MessageHandler(filters.ChatType.GROUPS & added, added_to_group))
    application.add_handler(ChatMemberHandler(chat_left, ChatMemberHandler.MY_CHAT_MEMBER))
