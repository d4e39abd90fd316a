"""The Telegram gateway: participants chat with the assistant in Telegram.

The gateway is a python-telegram-bot `Application` between Telegram and the Rasa server. A
private message goes to Rasa's REST channel as the message of the sender `telegram-<user id>`
(with the user's language code and name as metadata), and Rasa's replies come back as Telegram
messages, their buttons as inline keyboards. A few commands are the gateway's own: /start (welcome,
privacy notice, subscription to the event's announcements, deep links to join a team or to become
an organiser), /subscribe and /unsubscribe; the others (/help, /schedule, ...) are Rasa payloads.

How it reads, top to bottom:

- `TelegramConfig`: the settings, from the environment (`TelegramConfig.from_env`);
- `main(config)`: build the application and run it (long polling, or a webhook);
- `build_application(config, extensions=..., background=...)`: the handlers, each group added by
  one small function (`add_participant_commands`, `add_conversation`, `add_group_handlers`);
  `extensions` add more handlers (organiser commands) before the conversation's catch-all
  handlers, and `background` coroutines (a broadcast worker) run while the application runs;
- `open_resources` / `stop_background` / `close_resources` (post_init / post_stop /
  post_shutdown): the database engine, the Rasa client and the `Gateway` the handlers and the
  background coroutines share (`gateway(context)`);
- the handlers, then the pieces they use: the Rasa client, rendering, sending.

Telegram's limits are respected: texts longer than 4096 characters are split at line breaks,
button payloads longer than 64 bytes are kept in the database (bot.callbacks), sends to one chat
are spaced (`chat_interval`) and a 429 answer is waited out. Updates of one chat are handled in
order, different chats concurrently (`PerChatUpdates`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import os
import re
import time
import warnings
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from telegram import (
    Bot,
    BotCommand,
    ChatMember,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import callbacks, subscriptions
from bot.chat import BotMessage, parse_message
from bot.clock import utcnow
from bot.db import make_engine, session_scope
from bot.events import current_event
from bot.i18n import DEFAULT_LANGUAGE, localize
from bot.language import language_code
from bot.models import CHAT_TYPES, Event
from bot.routing import instance_for, split_urls
from bot.services import TELEGRAM_READY, StackConfig
from bot.texts import t

logger = logging.getLogger(__name__)

App = Application[Any, Any, Any, Any, Any, Any]
Context = ContextTypes.DEFAULT_TYPE
Extension = Callable[[App], None]
"""Adds handlers to the application (e.g. the organiser commands)."""
Background = Callable[["Gateway", asyncio.Event], Coroutine[Any, Any, object]]
"""A coroutine run while the gateway runs, e.g. the outbox worker: `background(gateway, stop)`.
At shutdown `stop` is set and the coroutine awaited (cancelled after BACKGROUND_GRACE seconds),
before the bot's connections close."""
T = TypeVar("T")

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
SENDER_PREFIX = "telegram-"
TEXT_LIMIT = 4096
"""Telegram's limit on a message's text, in UTF-16 code units."""
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]
MAX_CONCURRENT_UPDATES = 64
TYPING_REFRESH = 4.5
"""Seconds between two "typing…" actions while Rasa thinks (Telegram shows one for 5 s)."""
RETRIES_AFTER_429 = 3
BACKGROUND_GRACE = 10.0
BOOTSTRAP_RETRIES = 5
"""Attempts to reach Telegram at start (about 15 s in all) before giving up; a bad token fails at once."""
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_JOIN_CODE = re.compile(r"[A-Za-z0-9]{1,32}")
JOIN_PREFIX = "join_"
ORGANISER_PREFIX = "org_"

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
# The command menu (setMyCommands), in this order: the command and the key of its description.
MENU: tuple[tuple[str, str], ...] = (
    ("start", "command_start"),
    ("help", "command_help"),
    ("schedule", "command_schedule"),
    ("now", "command_now"),
    ("next", "command_next"),
    ("challenges", "command_challenges"),
    ("register", "command_register"),
    ("myteam", "command_myteam"),
    ("language", "command_language"),
    ("subscribe", "command_subscribe"),
    ("unsubscribe", "command_unsubscribe"),
)
MENU_LANGUAGES = ("fr", "en")

_CONFIG = "hackbot.config"
_GATEWAY = "hackbot.gateway"
_BACKGROUND = "hackbot.background"


# ------------------------------------------------------------------ settings


class TelegramConfigError(ValueError):
    """The Telegram settings cannot work (the message says what to set)."""


@dataclass(frozen=True)
class TelegramConfig:
    """The gateway's settings; `from_env` reads them from TELEGRAM_* variables."""

    token: str = field(repr=False)
    rasa_url: str = StackConfig().rasa_url
    api_base_url: str = DEFAULT_API_BASE_URL
    """The Bot API ("https://api.telegram.org/bot"; a local Bot API server or a test fake)."""
    database_url: str | None = None
    """None: the configured database (bot.db.database_url)."""
    webhook_url: str | None = None
    """The public HTTPS address Telegram posts updates to; None: long polling."""
    webhook_secret: str | None = field(default=None, repr=False)
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    rasa_timeout: float = 30.0
    chat_interval: float = 1.0
    """Seconds between two messages to one chat (Telegram advises at most one a second)."""

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        rasa_url: str | None = None,
        database_url: str | None = None,
    ) -> TelegramConfig:
        env = os.environ if env is None else env
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise TelegramConfigError(
                "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather in Telegram and "
                "export TELEGRAM_BOT_TOKEN=<the token it gives>."
            )
        webhook_url = env.get("TELEGRAM_WEBHOOK_URL", "").strip() or None
        secret = env.get("TELEGRAM_WEBHOOK_SECRET", "").strip() or None
        if webhook_url is not None:
            if urlsplit(webhook_url).scheme != "https":
                raise TelegramConfigError(
                    f"TELEGRAM_WEBHOOK_URL must be an https:// address, not {webhook_url}"
                )
            if secret is None or not _SECRET_TOKEN.fullmatch(secret):
                raise TelegramConfigError(
                    "TELEGRAM_WEBHOOK_SECRET must be set in webhook mode (1 to 256 characters among "
                    "A-Z a-z 0-9 _ -): Telegram sends it with every update so that nobody else can "
                    "post updates to the gateway."
                )
        try:
            port = int(env.get("TELEGRAM_WEBHOOK_PORT", "8443"))
            interval = float(env.get("TELEGRAM_CHAT_INTERVAL", "1.0"))
        except ValueError as error:
            raise TelegramConfigError(f"TELEGRAM_WEBHOOK_PORT or TELEGRAM_CHAT_INTERVAL: {error}") from error
        return cls(
            token=token,
            rasa_url=(rasa_url or StackConfig.from_env(env).rasa_url).rstrip("/"),
            api_base_url=env.get("TELEGRAM_API_BASE_URL", "").strip() or DEFAULT_API_BASE_URL,
            database_url=database_url,
            webhook_url=webhook_url,
            webhook_secret=secret,
            webhook_listen=env.get("TELEGRAM_WEBHOOK_LISTEN", "").strip() or "127.0.0.1",
            webhook_port=port,
            chat_interval=interval,
        )

    @property
    def mode(self) -> str:
        return f"webhook {self.webhook_url}" if self.webhook_url else "long polling"


# ------------------------------------------------------------------ the table of contents


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
    application: App = (
        ApplicationBuilder()
        .token(config.token)
        .base_url(config.api_base_url)  # the updater's getUpdates goes through this bot too
        .concurrent_updates(PerChatUpdates(MAX_CONCURRENT_UPDATES))
        .post_init(open_resources)
        .post_stop(stop_background)
        .post_shutdown(close_resources)
        .build()
    )
    application.bot_data[_CONFIG] = config
    application.bot_data[_BACKGROUND] = list(background)
    add_participant_commands(application)
    for extend in extensions:
        extend(application)
    add_conversation(application)
    add_group_handlers(application)
    application.add_error_handler(on_error)
    return application


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


# ------------------------------------------------------------------ resources


@dataclass
class Gateway:
    """What the handlers share: the settings, the database, the Rasa client, per-chat state."""

    config: TelegramConfig
    bot: Bot
    engine: Engine
    rasa: RasaClient
    pacer: ChatPacer
    pressed: RecentKeys = field(default_factory=lambda: RecentKeys(10_000))
    """(chat id, message id) of keyboards already used: a second press is not sent to Rasa."""
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    """Set at shutdown, for the background coroutines."""
    tasks: list[asyncio.Task[object]] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    """What extensions and background coroutines share (e.g. the outbox worker, to wake it)."""

    async def db(self, work: Callable[[Session], T]) -> T:
        """Run `work(session)` in one transaction, in a worker thread (the database is synchronous)."""

        def in_session() -> T:
            with session_scope(self.engine) as session:
                return work(session)

        return await asyncio.to_thread(in_session)


def gateway(context: Context) -> Gateway:
    shared = context.bot_data.get(_GATEWAY)
    if not isinstance(shared, Gateway):
        raise RuntimeError("the gateway's resources are opened in post_init (run the application)")
    return shared


async def open_resources(application: App) -> None:
    config: TelegramConfig = application.bot_data[_CONFIG]
    shared = Gateway(
        config=config,
        bot=application.bot,
        engine=make_engine(config.database_url),
        rasa=RasaClient(config.rasa_url, timeout=config.rasa_timeout),
        pacer=ChatPacer(config.chat_interval),
    )
    application.bot_data[_GATEWAY] = shared
    purged = await shared.db(callbacks.purge)
    if purged:
        logger.info("Forgot %d button payload(s) older than %s", purged, callbacks.KEEP_FOR)
    await set_commands(application)
    for background in application.bot_data[_BACKGROUND]:
        task: asyncio.Task[object] = asyncio.create_task(background(shared, shared.stop))
        task.add_done_callback(_log_failure)
        shared.tasks.append(task)
    me = application.bot
    logger.info("%s: @%s, %s, Rasa at %s", TELEGRAM_READY, me.username, config.mode, config.rasa_url)


def _log_failure(task: asyncio.Task[object]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("A background task of the gateway failed", exc_info=task.exception())


async def stop_background(application: App) -> None:
    """Stop the background coroutines while the bot can still send (post_stop, and post_shutdown)."""
    shared = application.bot_data.get(_GATEWAY)
    if not isinstance(shared, Gateway) or not shared.tasks:
        return
    shared.stop.set()
    _, late = await asyncio.wait(shared.tasks, timeout=BACKGROUND_GRACE)
    for task in late:
        task.cancel()
    await asyncio.gather(*late, return_exceptions=True)
    shared.tasks.clear()


async def close_resources(application: App) -> None:
    await stop_background(application)
    shared = application.bot_data.pop(_GATEWAY, None)
    if isinstance(shared, Gateway):
        await shared.rasa.aclose()
        shared.engine.dispose()


async def set_commands(application: App) -> None:
    """The command menu in French (also the default) and English."""
    try:
        for lang in (None, *MENU_LANGUAGES):
            commands = [BotCommand(name, t(key, lang or DEFAULT_LANGUAGE)) for name, key in MENU]
            await application.bot.set_my_commands(commands, language_code=lang)
    except TelegramError as error:  # the menu is a convenience: the bot works without it
        logger.warning("Could not set the command menu: %s", error)


# ------------------------------------------------------------------ handlers: participants


def language_of(user: User | None) -> str:
    """The language of the gateway's own messages: the user's Telegram language, fr or en (else fr)."""
    return language_code(user.language_code if user else None) or DEFAULT_LANGUAGE


def event_name(event: Event, lang: str) -> str:
    return localize(event.name, lang, event.languages)


async def start(update: Update, context: Context) -> None:
    """Welcome, privacy notice and subscription; then a deep link's payload (join_, org_)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    lang = language_of(user)

    def welcome(session: Session) -> str:
        event = current_event(session)
        if event is None:
            return "\n\n".join([t("telegram_welcome_no_event", lang), t("no_event", lang)])
        _, new = subscriptions.subscribe(session, event, message.chat_id, language=lang)
        name = event_name(event, lang)
        subscribed = t("telegram_subscribed" if new else "telegram_already_subscribed", lang, event=name)
        return "\n\n".join([t("telegram_welcome", lang, event=name), subscribed])

    shared = gateway(context)
    text = await shared.db(welcome)
    await send(context, message.chat_id, text + "\n\n" + t("telegram_privacy", lang))
    payload = context.args[0] if context.args else ""
    if payload.startswith(JOIN_PREFIX) and _JOIN_CODE.fullmatch(payload[len(JOIN_PREFIX) :]):
        code = payload[len(JOIN_PREFIX) :].upper()
        await converse(update, context, "/join_team" + json.dumps({"code": code}, separators=(",", ":")))
    elif payload.startswith(ORGANISER_PREFIX):
        await redeem_organiser_invite(update, context, payload)


async def redeem_organiser_invite(update: Update, context: Context, payload: str) -> None:
    from bot.organisers import redeem_invite

    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    lang = language_of(user)

    def redeem(session: Session) -> str:
        event = redeem_invite(session, payload, user.id, now=utcnow())
        if event is None:
            return t("telegram_organiser_invite_invalid", lang)
        logger.info("Telegram user %s is now an organiser of %s", user.id, event.slug)
        return t("telegram_organiser_welcome", lang, event=event_name(event, lang))

    await send(context, message.chat_id, await gateway(context).db(redeem))


async def subscribe(update: Update, context: Context) -> None:
    message, lang = update.effective_message, language_of(update.effective_user)
    if message is None:
        return

    def work(session: Session) -> str:
        event = current_event(session)
        if event is None:
            return t("no_event", lang)
        _, new = subscriptions.subscribe(session, event, message.chat_id, language=lang)
        key = "telegram_subscribed" if new else "telegram_already_subscribed"
        return t(key, lang, event=event_name(event, lang))

    await send(context, message.chat_id, await gateway(context).db(work))


async def unsubscribe(update: Update, context: Context) -> None:
    message, lang = update.effective_message, language_of(update.effective_user)
    if message is None:
        return

    def work(session: Session) -> str:
        event = current_event(session)
        if event is None:
            return t("no_event", lang)
        left = subscriptions.unsubscribe(session, event, message.chat_id)
        key = "telegram_unsubscribed" if left else "telegram_not_subscribed"
        return t(key, lang, event=event_name(event, lang))

    await send(context, message.chat_id, await gateway(context).db(work))


def ask_rasa(payload: str) -> Callable[[Update, Context], Coroutine[Any, Any, None]]:
    """A handler that sends `payload` to Rasa as the user's message (commands like /schedule)."""

    async def handler(update: Update, context: Context) -> None:
        await converse(update, context, payload)

    return handler


async def converse_text(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await converse(update, context, message.text)


async def text_only(update: Update, context: Context) -> None:
    """Photos, stickers, voice messages...: the assistant reads text."""
    message = update.effective_message
    if message is not None:
        await send(context, message.chat_id, t("telegram_text_only", language_of(update.effective_user)))


async def button_pressed(update: Update, context: Context) -> None:
    """A pressed button: its keyboard is removed (no second press), its payload goes to Rasa."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or query.data is None:
        return
    lang = language_of(query.from_user)
    chat_id = chat.id if chat is not None else query.from_user.id
    shared = gateway(context)
    message = query.message
    if message is not None and not shared.pressed.add((chat_id, message.message_id)):
        with suppress(BadRequest):
            await query.answer(t("telegram_button_used", lang))
        return
    with suppress(BadRequest):  # a query answered too late: nothing to do
        await query.answer()
    if message is not None:
        with suppress(BadRequest):  # e.g. "message is not modified": the keyboard is already gone
            await context.bot.edit_message_reply_markup(chat_id, message.message_id, reply_markup=None)
    data = query.data
    payload = await shared.db(partial(callbacks.resolve, data=data)) if callbacks.is_key(data) else data
    if payload is None:
        await send(context, chat_id, t("telegram_button_expired", lang))
        return
    await converse(update, context, payload)


async def converse(update: Update, context: Context, text: str) -> None:
    """Send `text` to Rasa as the user's message and show the replies; apologise if Rasa fails."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    shared = gateway(context)
    metadata = {
        "language_code": user.language_code,
        "display_name": user.full_name,
        "telegram_user_id": user.id,
        "chat_type": chat.type,
    }
    try:
        async with typing(context, chat.id):
            replies = await shared.rasa.send(sender_of(user), text, metadata)
    except RasaUnavailable as error:
        logger.error("No answer from Rasa for Telegram user %s, message %r: %s", user.id, text, error)
        await send(context, chat.id, t("internal_error", language_of(user)))
        return
    await show(context, chat.id, replies, language_of(user))


def sender_of(user: User) -> str:
    """The Rasa conversation of a Telegram user (the same in every chat, stable across restarts)."""
    return f"{SENDER_PREFIX}{user.id}"


# ------------------------------------------------------------------ handlers: groups and errors


async def added_to_group(update: Update, context: Context) -> None:
    """The bot added to a group: an organiser of the current event subscribes it to the announcements."""
    message, adder = update.effective_message, update.effective_user
    if message is None or adder is None or message.chat.type not in CHAT_TYPES:
        return
    created = bool(message.group_chat_created or message.supergroup_chat_created)
    if not created and all(member.id != context.bot.id for member in message.new_chat_members):
        return
    from bot.organisers import is_organiser

    lang, chat = language_of(adder), message.chat

    def work(session: Session) -> str:
        event = current_event(session)
        if event is None:
            return t("no_event", lang)
        name = event_name(event, lang)
        if not is_organiser(session, event, adder.id):
            return t("telegram_group_organisers_only", lang, event=name)
        subscriptions.subscribe(session, event, chat.id, language=lang, chat_type=chat.type)
        logger.info("Group %s subscribed to %s by organiser %s", chat.id, event.slug, adder.id)
        return t("telegram_group_subscribed", lang, event=name)

    await send(context, chat.id, await gateway(context).db(work))


async def chat_left(update: Update, context: Context) -> None:
    """The bot removed from a group, or blocked by a user: that chat leaves every event's announcements."""
    change = update.my_chat_member
    if change is None or change.new_chat_member.status not in (ChatMember.LEFT, ChatMember.BANNED):
        return
    await unsubscribe_chat(context, change.chat.id)


async def unsubscribe_chat(context: Context, chat_id: int) -> None:
    count = await gateway(context).db(partial(subscriptions.unsubscribe_everywhere, chat_id=chat_id))
    logger.info("Chat %s cannot be written to any more: unsubscribed from %d event(s)", chat_id, count)


async def on_error(update: object, context: Context) -> None:
    """Telegram refusing a chat (403) unsubscribes it; anything else is logged and apologised for."""
    error = context.error
    chat = update.effective_chat if isinstance(update, Update) else None
    if isinstance(error, Forbidden) and chat is not None:
        await unsubscribe_chat(context, chat.id)
        return
    user = update.effective_user if isinstance(update, Update) else None
    message = update.effective_message if isinstance(update, Update) else None
    logger.error(
        "Error handling an update of Telegram user %s, message %r",
        user.id if user else None,
        message.text if message else None,
        exc_info=error,
    )
    if chat is not None and chat.type == "private":
        with suppress(Exception):
            await send(context, chat.id, t("internal_error", language_of(user)))


# ------------------------------------------------------------------ Rasa


class RasaUnavailable(Exception):
    """Rasa (or its action server) gave no usable answer."""


class RasaClient:
    """Rasa's REST channel: POST {rasa_url}/webhooks/rest/webhook.

    `rasa_url` may list several instances, comma-separated: each sender always goes to the same
    one (bot.routing)."""

    def __init__(self, rasa_url: str, *, timeout: float = 30.0) -> None:
        self.instances = split_urls(rasa_url)
        self._client = httpx.AsyncClient(timeout=timeout)

    def webhook_for(self, sender: str) -> str:
        return f"{instance_for(sender, self.instances)}/webhooks/rest/webhook"

    async def send(self, sender: str, message: str, metadata: dict[str, Any]) -> list[BotMessage]:
        """Rasa's replies to `message`; RasaUnavailable when it is down, fails or answers nothing."""
        body = {"sender": sender, "message": message, "metadata": metadata}
        try:
            response = await self._client.post(self.webhook_for(sender), json=body)
            response.raise_for_status()
            items = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(f"{type(error).__name__}: {error}") from error
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise RasaUnavailable(f"unexpected answer {str(items)[:200]!r}")
        replies = [parse_message(item) for item in items]
        replies = [reply for reply in replies if reply.text.strip() or reply.buttons]
        if not replies:
            # Rasa answers nothing when the action server is down or an action failed.
            raise RasaUnavailable("empty answer (is the action server running? see its log)")
        return replies

    async def aclose(self) -> None:
        await self._client.aclose()


# ------------------------------------------------------------------ rendering and sending


@dataclass(frozen=True)
class Outgoing:
    """One Telegram message: plain text, and buttons (title, payload) under it."""

    text: str
    buttons: tuple[tuple[str, str], ...] = ()


def compose(replies: Sequence[BotMessage], lang: str) -> list[Outgoing]:
    """Rasa's messages as Telegram messages: texts without buttons joined to the next, a message's
    buttons under its text, texts over Telegram's limit split at line breaks."""
    outgoing: list[Outgoing] = []
    pending: list[str] = []
    for reply in replies:
        if reply.text.strip():
            pending.append(reply.text.strip())
        if reply.buttons:
            text = "\n\n".join(pending) or t("telegram_choose", lang)
            *first, last = split_text(text)
            outgoing += [Outgoing(part) for part in first]
            outgoing.append(Outgoing(last, reply.buttons))
            pending = []
    if pending:
        outgoing += [Outgoing(part) for part in split_text("\n\n".join(pending))]
    return outgoing


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """`text` in parts of at most `limit` UTF-16 units, cut at line breaks (a too long line at spaces)."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in _cut_line(line, limit):
            candidate = f"{current}\n{piece}" if current else piece
            if utf16_length(candidate) <= limit:
                current = candidate
            else:
                parts.append(current)
                current = piece
    parts.append(current)
    cleaned = [part.strip("\n") for part in parts]
    return [part for part in cleaned if part.strip()] or [text.strip() or "…"]


def _cut_line(line: str, limit: int) -> list[str]:
    pieces: list[str] = []
    while utf16_length(line) > limit:
        size = 0
        end = 0
        for index, char in enumerate(line):
            size += 2 if ord(char) > 0xFFFF else 1
            if size > limit:
                end = index
                break
        space = line.rfind(" ", 0, end + 1)
        cut = space if space > 0 else end
        pieces.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    pieces.append(line)
    return pieces


async def show(context: Context, chat_id: int, replies: Sequence[BotMessage], lang: str) -> None:
    """Send Rasa's replies to the chat: plain text, buttons as an inline keyboard (one a row)."""
    shared = gateway(context)
    for message in compose(replies, lang):
        markup = None
        if message.buttons:
            payloads = [payload or title for title, payload in message.buttons]
            if all(callbacks.fits(payload) for payload in payloads):
                datas = payloads
            else:
                datas = await shared.db(partial(callback_datas, payloads=payloads))
            markup = InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton(title.strip() or payload, callback_data=data)]
                    for (title, _), payload, data in zip(message.buttons, payloads, datas, strict=True)
                ]
            )
        await send(context, chat_id, message.text, markup)


def callback_datas(session: Session, payloads: Sequence[str]) -> list[str]:
    return [callbacks.callback_data(session, payload) for payload in payloads]


async def send(
    context: Context, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message:
    """Send one message, spaced from the chat's previous one; a 429 answer is waited out and retried.

    The text is sent without parse_mode: it is plain text, so nothing in an event's data or a
    user's words (a `*`, `_`, `<`) can be taken as Markdown or HTML markup. A 403 (the user blocked
    the bot) propagates to `on_error`, which unsubscribes the chat."""
    shared = gateway(context)
    for attempt in range(RETRIES_AFTER_429 + 1):
        await shared.pacer.wait(chat_id)
        try:
            return await context.bot.send_message(chat_id, text, reply_markup=markup)
        except RetryAfter as error:
            if attempt == RETRIES_AFTER_429:
                raise
            delay = retry_delay(error)
            logger.warning("Telegram asks to wait %.0f s before writing to chat %s", delay, chat_id)
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


def retry_delay(error: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB 22 warns that `retry_after` will become a timedelta
        value = error.retry_after
    seconds = value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
    return min(max(seconds, 0.0), 60.0)


@asynccontextmanager
async def typing(context: Context, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" in the chat while the body runs (renewed, as Telegram shows it for 5 s)."""
    try:
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except Forbidden:
        raise
    except TelegramError as error:
        logger.debug("No typing action for chat %s: %s", chat_id, error)

    async def renew() -> None:
        while True:
            await asyncio.sleep(TYPING_REFRESH)
            with suppress(TelegramError):
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)

    task = asyncio.create_task(renew())
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


# ------------------------------------------------------------------ per-chat state


class ChatPacer:
    """Spaces the messages sent to one chat by `interval` seconds (Telegram answers 429 otherwise)."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._last: dict[int, float] = {}

    async def wait(self, chat_id: int) -> None:
        now = time.monotonic()
        last = self._last.get(chat_id)
        if last is not None and last + self.interval > now:
            await asyncio.sleep(last + self.interval - now)
        self._last[chat_id] = time.monotonic()
        if len(self._last) > 10_000:  # forget chats quiet for longer than the interval
            horizon = time.monotonic() - self.interval
            self._last = {chat: at for chat, at in self._last.items() if at > horizon}


class RecentKeys:
    """A bounded set remembering the most recent keys."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._keys: OrderedDict[tuple[int, int], None] = OrderedDict()

    def add(self, key: tuple[int, int]) -> bool:
        """Remember `key`; False if it was already there."""
        if key in self._keys:
            return False
        self._keys[key] = None
        if len(self._keys) > self.size:
            self._keys.popitem(last=False)
        return True


@dataclass
class _ChatLock:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


class PerChatUpdates(BaseUpdateProcessor):
    """Updates of different chats are handled concurrently, those of one chat one after the other
    (a conversation with Rasa is a sequence: a reply must not overtake the previous one)."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, _ChatLock] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        entry = self._locks.setdefault(chat.id, _ChatLock())
        entry.users += 1
        try:
            async with entry.lock:
                await coroutine
        finally:
            entry.users -= 1
            if entry.users == 0:
                self._locks.pop(chat.id, None)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
