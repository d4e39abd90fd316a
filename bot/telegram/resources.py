"""What the gateway's handlers and background coroutines share (`Gateway`, reached with
`gateway(context)`), opened when the application starts and closed when it stops.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session
from telegram import (
    Bot,
    BotCommand,
)
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ContextTypes,
)

from bot.broadcast.limits import SendPacer
from bot.core.db import make_engine, session_scope
from bot.core.i18n import DEFAULT_LANGUAGE
from bot.core.rate_limit import RateLimiter
from bot.core.settings import TELEGRAM_READY
from bot.core.supervision import supervised
from bot.core.texts import t
from bot.rasa_client import AsyncRasaClient
from bot.telegram import payload_store
from bot.telegram.config import TelegramConfig
from bot.telegram.pacing import RecentKeys

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

BACKGROUND_GRACE = 10.0

CONFIG_KEY = "hackbot.config"
GATEWAY_KEY = "hackbot.gateway"
BACKGROUND_KEY = "hackbot.background"

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
    ("vote", "command_vote"),
    ("language", "command_language"),
    ("subscribe", "command_subscribe"),
    ("unsubscribe", "command_unsubscribe"),
)
MENU_LANGUAGES = ("fr", "en")
FLOOD_PER_MINUTE = 30
FLOOD_BURST = 10
"""One person may send 10 messages at once, then one every 2 seconds (a flood is refused politely)."""
FLOOD_TOLD_EVERY = 60.0
"""Seconds between two "please wait" messages to one person."""


@dataclass
class Gateway:
    """What the handlers share: the settings, the database, the Rasa client, per-chat state."""

    config: TelegramConfig
    bot: Bot
    engine: Engine
    rasa: AsyncRasaClient
    pacer: SendPacer
    """The one pacer of everything the gateway sends: replies (`reply_turn`) and the outbox worker."""
    flood: RateLimiter = field(
        default_factory=lambda: RateLimiter(per_minute=FLOOD_PER_MINUTE, burst=FLOOD_BURST)
    )
    """How fast one person may write: beyond it, a message is not passed on, and they are told
    (once per wait) to wait and ask again; other people are not slowed."""
    flood_told: dict[int, float] = field(default_factory=dict)
    """When each flooding person was last told to wait (`tell_flood`)."""
    pressed: RecentKeys = field(default_factory=lambda: RecentKeys(10_000))
    """(chat id, message id) of keyboards already used: a second press is not sent to Rasa."""
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    """Set at shutdown, for the background coroutines."""
    tasks: list[asyncio.Task[object]] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    """What extensions and background coroutines share (e.g. the outbox worker, to wake it)."""

    def tell_flood(self, user_id: int, now: float) -> bool:
        """Whether to tell this person to wait: not if they were told within `FLOOD_TOLD_EVERY`."""
        if now - self.flood_told.get(user_id, -FLOOD_TOLD_EVERY) < FLOOD_TOLD_EVERY:
            return False
        if len(self.flood_told) > 10_000:
            self.flood_told = {u: at for u, at in self.flood_told.items() if now - at < FLOOD_TOLD_EVERY}
        self.flood_told[user_id] = now
        return True

    async def db(self, work: Callable[[Session], T]) -> T:
        """Run `work(session)` in one transaction, in a worker thread (the database is synchronous)."""

        def in_session() -> T:
            with session_scope(self.engine) as session:
                return work(session)

        return await asyncio.to_thread(in_session)


def gateway(context: Context) -> Gateway:
    shared = context.bot_data.get(GATEWAY_KEY)
    if not isinstance(shared, Gateway):
        raise RuntimeError("the gateway's resources are opened in post_init (run the application)")
    return shared


async def open_resources(application: App) -> None:
    config: TelegramConfig = application.bot_data[CONFIG_KEY]
    shared = Gateway(
        config=config,
        bot=application.bot,
        engine=make_engine(config.database_url),
        rasa=AsyncRasaClient(config.rasa_url, timeout=config.rasa_timeout),
        pacer=SendPacer(config.send_limits),
    )
    application.bot_data[GATEWAY_KEY] = shared
    purged = await shared.db(payload_store.purge)
    if purged:
        logger.info("Forgot %d button payload(s) older than %s", purged, payload_store.KEEP_FOR)
    await set_commands(application)
    for background in application.bot_data[BACKGROUND_KEY]:
        # Each runs again after an error (a database restart...), with a growing pause.
        name = getattr(background, "__name__", "a background task")
        task: asyncio.Task[object] = asyncio.create_task(
            supervised(name, partial(background, shared, shared.stop), shared.stop)
        )
        task.add_done_callback(_log_failure)
        shared.tasks.append(task)
    me = application.bot
    logger.info("%s: @%s, %s, Rasa at %s", TELEGRAM_READY, me.username, config.mode, config.rasa_url)


def _log_failure(task: asyncio.Task[object]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("A background task of the gateway failed", exc_info=task.exception())


async def stop_background(application: App) -> None:
    """Stop the background coroutines while the bot can still send (post_stop, and post_shutdown)."""
    shared = application.bot_data.get(GATEWAY_KEY)
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
    shared = application.bot_data.pop(GATEWAY_KEY, None)
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
