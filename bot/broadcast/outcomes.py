"""What one send to Telegram can give, and what the outbox worker does with it.

Outcomes: `Sent` marks the row sent; `RetryAfter` puts it back (the attempt does not count);
`Blocked` (403) unsubscribes the chat from every event (`subscriptions.unsubscribe_everywhere`)
and marks its messages failed; `PermanentFailure` (400 chat not found, ...) marks it failed;
`TransientFailure` (5xx, network) retries it with exponential backoff, and marks it failed after
`RetryPolicy.max_attempts` attempts.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Sent:
    message_id: int


@dataclass(frozen=True)
class RetryAfter:
    """Telegram's 429: no message at all for `seconds` (flood control is per bot)."""

    seconds: float


@dataclass(frozen=True)
class Blocked:
    """Telegram's 403: the user blocked the bot, or the bot left or was removed from the group."""

    reason: str = "blocked"


@dataclass(frozen=True)
class PermanentFailure:
    """The message can never be delivered (400: chat not found, ...)."""

    reason: str


@dataclass(frozen=True)
class TransientFailure:
    """Worth trying again later (5xx, network error, timeout)."""

    reason: str


SendOutcome = Sent | RetryAfter | Blocked | PermanentFailure | TransientFailure
Buttons = tuple[tuple[str, str], ...]
"""Buttons under a message, one a row: (title, callback data)."""
Send = Callable[[int, str, Buttons], Awaitable[SendOutcome]]
"""`await send(chat_id, text, buttons)`: sends one plain-text message (with its buttons, if any)
and says how it went."""
