"""The outbox table: claiming due messages, giving them back, and writing what their sends gave.

Each function works in the caller's session (the caller owns the transaction); the outbox
worker (`bot.broadcast.worker`) calls them from its one database thread. A claim raises a row's
`attempts` by one, and that number is the claim's token: every later write names the token, so
a row claimed again by someone else (after its lease ran out) is never overwritten by a late
outcome. PostgreSQL claims with `FOR UPDATE SKIP LOCKED`; SQLite's single UPDATE statement
holds the write lock.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from bot.broadcast.limits import RetryPolicy, SendLimits
from bot.broadcast.outcomes import Blocked, Buttons, PermanentFailure, RetryAfter, SendOutcome, Sent
from bot.core.models import OutboxMessage
from bot.events import subscriptions

ERROR_LENGTH = 500
_OUTBOX = cast(Table, OutboxMessage.__table__)


@dataclass(frozen=True)
class Claimed:
    """An outbox row a worker holds: `token` is its `attempts` after the claim."""

    id: int
    chat_id: int
    chat_type: str
    text: str
    token: int
    buttons: Buttons = ()


@dataclass
class RecordedCounts:
    """What one batch of outcomes added: messages sent, failed, retried later, chats that blocked."""

    sent: int = 0
    failed: int = 0
    retried: int = 0
    blocked: int = 0
    blocked_chats: set[int] = field(default_factory=set)


def claim_rows(session: Session, now: dt.datetime, *, lease: float, limit: int) -> list[Claimed]:
    """Up to `limit` due rows, reserved for `lease` seconds, oldest first."""
    lease_until = now + dt.timedelta(seconds=lease)
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claim = (
        update(_OUTBOX)
        .where(
            _OUTBOX.c.id.in_(due.scalar_subquery()),
            _OUTBOX.c.status == "pending",
            _OUTBOX.c.next_attempt_at <= now,
        )
        .values(attempts=_OUTBOX.c.attempts + 1, next_attempt_at=lease_until)
        .returning(
            _OUTBOX.c.id, _OUTBOX.c.chat_id, _OUTBOX.c.chat_type, _OUTBOX.c.text, _OUTBOX.c.attempts,
            _OUTBOX.c.buttons,
        )
    )  # fmt: skip
    rows = session.connection().execute(claim).all()
    claimed = (Claimed(r[0], int(r[1]), r[2], r[3], int(r[4]), _buttons(r[5])) for r in rows)
    return sorted(claimed, key=lambda c: c.id)


def _buttons(stored: object) -> Buttons:
    """The buttons of a row as stored (a JSON list of [title, data] pairs, or nothing)."""
    if not isinstance(stored, list):
        return ()
    return tuple((str(title), str(data)) for title, data in stored)


def release_rows(session: Session, now: dt.datetime, rows: list[tuple[Claimed, float]]) -> None:
    """Give claimed rows back unsent (the attempt does not count), each due after its delay in seconds."""
    statement = (
        update(_OUTBOX)
        .where(
            _OUTBOX.c.id == bindparam("b_id"),
            _OUTBOX.c.attempts == bindparam("b_token"),
            _OUTBOX.c.status == "pending",
        )
        .values(attempts=bindparam("b_attempts"), next_attempt_at=bindparam("b_next"))
    )
    params = [
        {
            "b_id": row.id,
            "b_token": row.token,
            "b_attempts": row.token - 1,
            "b_next": now + dt.timedelta(seconds=delay),
        }
        for row, delay in rows
    ]
    session.connection().execute(statement, params)


def due_count(session: Session, now: dt.datetime) -> int:
    """Pending rows due now."""
    pending = OutboxMessage.status == "pending"
    due = session.scalar(
        select(func.count(OutboxMessage.id)).where(pending, OutboxMessage.next_attempt_at <= now)
    )
    return int(due or 0)


def first_pending_at(session: Session) -> dt.datetime | None:
    """When the earliest pending row is due; None when nothing is pending."""
    return session.scalar(
        select(func.min(OutboxMessage.next_attempt_at)).where(OutboxMessage.status == "pending")
    )


def record_outcomes(
    session: Session,
    now: dt.datetime,
    batch: list[tuple[Claimed, SendOutcome]],
    *,
    limits: SendLimits,
    retry: RetryPolicy,
    rng: random.Random,
) -> RecordedCounts:
    """Write what each send gave: sent, back to pending (429, retry later) or failed."""
    sent: list[dict[str, Any]] = []
    settled: list[dict[str, Any]] = []
    counts = RecordedCounts()
    for row, outcome in batch:
        if isinstance(outcome, Sent):
            sent.append({"b_id": row.id, "b_token": row.token, "b_at": now, "b_mid": outcome.message_id})
            counts.sent += 1
            continue
        status, attempts, next_at, error = "failed", row.token, now, ""
        if isinstance(outcome, RetryAfter):
            status, attempts, error = "pending", row.token - 1, f"retry after {outcome.seconds:g}s"
            next_at = now + dt.timedelta(seconds=limits.seconds(outcome.seconds))
        elif isinstance(outcome, Blocked):
            error = f"blocked: {outcome.reason}"
            counts.blocked_chats.add(row.chat_id)
            counts.blocked += 1
            counts.failed += 1
        elif isinstance(outcome, PermanentFailure):
            error = outcome.reason
            counts.failed += 1
        elif row.token >= retry.max_attempts:
            error = f"gave up after {row.token} attempts: {outcome.reason}"
            counts.failed += 1
        else:
            status, error = "pending", outcome.reason
            next_at = now + dt.timedelta(seconds=limits.seconds(retry.delay(row.token, rng)))
            counts.retried += 1
        settled.append(
            {
                "b_id": row.id,
                "b_token": row.token,
                "b_status": status,
                "b_attempts": attempts,
                "b_next": next_at,
                "b_error": error[:ERROR_LENGTH],
            }
        )
    connection = session.connection()
    if sent:
        # Sent wins over anything that happened meanwhile (a cancellation): it did arrive.
        connection.execute(
            update(_OUTBOX)
            .where(_OUTBOX.c.id == bindparam("b_id"), _OUTBOX.c.attempts == bindparam("b_token"))
            .values(
                status="sent", sent_at=bindparam("b_at"), telegram_message_id=bindparam("b_mid"), error=None
            ),
            sent,
        )
    if settled:
        connection.execute(
            update(_OUTBOX)
            .where(
                _OUTBOX.c.id == bindparam("b_id"),
                _OUTBOX.c.attempts == bindparam("b_token"),
                _OUTBOX.c.status == "pending",
            )
            .values(
                status=bindparam("b_status"),
                attempts=bindparam("b_attempts"),
                next_attempt_at=bindparam("b_next"),
                error=bindparam("b_error"),
            ),
            settled,
        )
    for chat_id in sorted(counts.blocked_chats):
        forget_chat(session, chat_id)
    return counts


def forget_chat(session: Session, chat_id: int) -> None:
    """A chat that blocked the bot: unsubscribed everywhere, its other queued messages failed."""
    subscriptions.unsubscribe_everywhere(session, chat_id)
    session.connection().execute(
        update(_OUTBOX)
        .where(_OUTBOX.c.chat_id == chat_id, _OUTBOX.c.status == "pending")
        .values(status="failed", error="blocked")
    )
