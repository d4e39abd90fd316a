"""The outbox worker's `Send` for python-telegram-bot: one plain-text message, its outcome.

Telegram's errors become the worker's outcomes (`bot.broadcast.outbox`): 429 with `retry_after` becomes
`RetryAfter`; 403 (blocked, kicked) becomes `Blocked`; 400 (chat not found, ...) and a group
migrated to a supergroup become `PermanentFailure`; timeouts, network errors and 5xx become
`TransientFailure`. The bot should have a connection pool at least as large as the worker's
concurrency (python-telegram-bot's default for `Bot(...)` and applications is 256).
"""

from __future__ import annotations

import datetime as dt
import warnings

import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, error

from bot.broadcast.outcomes import (
    Blocked,
    Buttons,
    PermanentFailure,
    RetryAfter,
    Send,
    SendOutcome,
    Sent,
    TransientFailure,
)


def retry_after_seconds(exc: error.RetryAfter) -> float:
    """The seconds of a RetryAfter (python-telegram-bot 22 gives an int or a timedelta, and warns)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value: object = exc.retry_after
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, int | float):
        return float(value)
    return 1.0


def outcome_of(exc: Exception) -> SendOutcome:
    """The outbox outcome of an exception raised by `Bot.send_message`."""
    if isinstance(exc, error.RetryAfter):
        return RetryAfter(retry_after_seconds(exc))
    if isinstance(exc, error.Forbidden):
        return Blocked(exc.message)
    if isinstance(exc, error.ChatMigrated):
        return PermanentFailure(f"group migrated to supergroup {exc.new_chat_id}")
    if isinstance(exc, error.BadRequest):  # before NetworkError: BadRequest is one
        return PermanentFailure(exc.message)
    if isinstance(exc, error.TelegramError):
        # TimedOut, NetworkError (5xx and connection errors), InvalidToken, Conflict: try again later.
        return TransientFailure(f"{type(exc).__name__}: {exc.message}")
    return TransientFailure(f"{type(exc).__name__}: {exc}")


def bot_sender(bot: telegram.Bot) -> Send:
    """`send(chat_id, text, buttons)` through `bot.send_message`, plain text (no parse mode), the
    buttons as an inline keyboard, one a row."""

    async def send(chat_id: int, text: str, buttons: Buttons) -> SendOutcome:
        keyboard = (
            InlineKeyboardMarkup(
                [[InlineKeyboardButton(title, callback_data=data)] for title, data in buttons]
            )
            if buttons
            else None
        )
        try:
            message = await bot.send_message(
                chat_id=chat_id, text=text, parse_mode=None, reply_markup=keyboard
            )
        except Exception as exc:
            return outcome_of(exc)
        return Sent(message.message_id)

    return send
