"""Rasa's replies as Telegram messages (split to Telegram's limits, buttons as inline keyboards),
and sending them: paced per chat, a 429 waited out.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
import warnings
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from functools import partial

from sqlalchemy.orm import Session
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from telegram.constants import ChatAction
from telegram.error import Forbidden, RetryAfter, TelegramError

from bot.core.texts import t
from bot.rasa_client import BotMessage
from bot.telegram import payload_store
from bot.telegram.resources import Context, gateway

logger = logging.getLogger(__name__)

TEXT_LIMIT = 4096
"""Telegram's limit on a message's text, in UTF-16 code units."""
TYPING_REFRESH = 4.5
"""Seconds between two "typing…" actions while Rasa thinks (Telegram shows one for 5 s)."""
RETRIES_AFTER_429 = 30
"""A reply is sent again after each 429 (each waited out): given up only after this many."""


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
            if all(payload_store.fits(payload) for payload in payloads):
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
    return [payload_store.callback_data(session, payload) for payload in payloads]


async def send(
    context: Context, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message:
    """Send one message when Telegram's limits let it go (`SendPacer.reply_turn`: overall, for this
    chat, and not during a 429's wait); a 429 answer pauses everything the gateway sends for its
    `retry_after`, then the message is sent again: a reply is never dropped for a 429.

    The text is sent without parse_mode: it is plain text, so nothing in an event's data or a
    user's words (a `*`, `_`, `<`) can be taken as Markdown or HTML markup. A 403 (the user blocked
    the bot) propagates to `on_error`, which unsubscribes the chat."""
    shared = gateway(context)
    for attempt in range(RETRIES_AFTER_429 + 1):
        await shared.pacer.reply_turn(chat_id)
        try:
            return await context.bot.send_message(chat_id, text, reply_markup=markup)
        except RetryAfter as error:
            if attempt == RETRIES_AFTER_429:
                raise
            delay = shared.pacer.limits.seconds(retry_delay(error))
            logger.warning("Telegram asks to wait %.1f s (sending to chat %s)", delay, chat_id)
            shared.pacer.pause(delay, time.monotonic())
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


Reply = tuple[str, InlineKeyboardMarkup | None]
"""A text and the buttons under it."""


def inline_keyboard(rows: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """Buttons by rows, each a (title, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(title, callback_data=data) for title, data in row] for row in rows]
    )


async def send_all(context: Context, chat_id: int, replies: Sequence[Reply]) -> None:
    """Each reply in turn; a text over Telegram's limit in several messages, its buttons under the last."""
    for text, markup in replies:
        *first, last = split_text(text)
        for part in first:
            await send(context, chat_id, part)
        await send(context, chat_id, last, markup)
