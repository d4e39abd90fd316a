"""Announcements to every subscriber of an event, queued in the outbox for the worker to send.

An organiser's announcement starts as a draft (`draft_announcement`) that the organiser
confirms (`confirm`: one outbox row per active subscriber, private chats and groups alike) or
cancels (`cancel`). The command line queues in one step (`announce`). The outbox worker
(`bot.broadcast.outbox`) sends the rows under Telegram's limits; `status` tells how far each broadcast got.
Reminders (`bot.broadcast.reminders`) are broadcasts too, queued through `queue_messages`.

Confirming and cancelling are written to the audit log. Functions take the caller's session and
only flush; times are naive UTC.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, case, func, insert, select, update
from sqlalchemy.orm import Session

from bot.core.clock import utcnow
from bot.core.models import Broadcast, Event, OutboxMessage
from bot.events import subscriptions
from bot.events.organisers import audit

MAX_TEXT_LENGTH = 4096
"""Telegram's limit for one message, in UTF-16 code units (what Telegram counts)."""
PREVIEW_LENGTH = 60
CANCELLED = "cancelled"
"""The `error` of an outbox row withdrawn because its broadcast was cancelled."""
ANNOUNCEMENT = "announcement"
REMINDER = "reminder"


class BroadcastError(ValueError):
    """A broadcast that cannot be made or sent; `code`: empty, too_long or cancelled."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details

    def __str__(self) -> str:
        return f"{self.code} {self.details}" if self.details else self.code


@dataclass(frozen=True)
class BroadcastStatus:
    """How far one broadcast got: messages sent, failed for good, still to send, withdrawn."""

    id: int
    kind: str
    status: str
    preview: str
    created_at: dt.datetime
    sent: int
    failed: int
    pending: int
    cancelled: int = 0

    @property
    def recipients(self) -> int:
        return self.sent + self.failed + self.pending + self.cancelled


def _rowcount(result: Any) -> int:
    return int(cast(CursorResult[Any], result).rowcount)


def clean_text(text: str) -> str:
    """The text trimmed, line breaks kept (as "\\n"), other control characters dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return kept.strip()


def telegram_length(text: str) -> int:
    """The length Telegram counts: UTF-16 code units (an emoji may count two)."""
    return len(text.encode("utf-16-le")) // 2


def check_text(text: str) -> str:
    """The announcement cleaned; BroadcastError `empty` or `too_long` (details: length, limit)."""
    cleaned = clean_text(text)
    if not cleaned:
        raise BroadcastError("empty")
    length = telegram_length(cleaned)
    if length > MAX_TEXT_LENGTH:
        raise BroadcastError("too_long", length=length, limit=MAX_TEXT_LENGTH)
    return cleaned


def preview(text: str, length: int = PREVIEW_LENGTH) -> str:
    """The first line of the text, cut to `length` characters; "…" marks what is left out."""
    whole = text.strip()
    first = whole.split("\n", 1)[0].strip()
    if len(first) > length:
        return first[: length - 1].rstrip() + "…"
    return first if first == whole else first + " …"


# ------------------------------------------------------------------ announcements


def draft_announcement(session: Session, event: Event, text: str, *, created_by: str) -> Broadcast:
    """An announcement waiting for confirmation (nothing is queued yet)."""
    broadcast = Broadcast(
        event_id=event.id,
        kind=ANNOUNCEMENT,
        status="draft",
        text=check_text(text),
        created_by=created_by,
        created_at=utcnow(),
    )
    session.add(broadcast)
    session.flush()
    return broadcast


def confirm(session: Session, broadcast: Broadcast, *, actor: str | None = None) -> int:
    """Queue a draft for every active subscriber of its event; the number of recipients.

    Confirming again (a second press of the button, even at the same moment) queues nothing
    more and returns 0; a cancelled broadcast raises BroadcastError `cancelled`.
    """
    taken = session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast.id, Broadcast.status == "draft")
        .values(status="queued"),
        execution_options={"synchronize_session": False},
    )
    session.refresh(broadcast)
    if _rowcount(taken) != 1:
        if broadcast.status == "cancelled":
            raise BroadcastError("cancelled")
        return 0
    event = session.get(Event, broadcast.event_id)
    assert event is not None
    recipients = queue_messages(
        session,
        broadcast,
        ((s.chat_id, s.chat_type, broadcast.text) for s in subscriptions.active(session, event)),
    )
    audit(
        session,
        event,
        actor or broadcast.created_by,
        "broadcast.queued",
        broadcast_id=broadcast.id,
        kind=broadcast.kind,
        recipients=recipients,
        preview=preview(broadcast.text),
    )
    return recipients


def cancel(session: Session, broadcast: Broadcast, *, actor: str | None = None) -> int:
    """Cancel a draft, or stop a queued broadcast; the number of messages withdrawn.

    Messages already on their way (taken by the worker) may still arrive.
    """
    if broadcast.status == "cancelled":
        return 0
    was = broadcast.status
    broadcast.status = "cancelled"
    session.flush()
    withdrawn = _rowcount(
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.broadcast_id == broadcast.id, OutboxMessage.status == "pending")
            .values(status="failed", error=CANCELLED),
            execution_options={"synchronize_session": False},
        )
    )
    event = session.get(Event, broadcast.event_id)
    audit(
        session,
        event,
        actor or broadcast.created_by,
        "broadcast.cancelled",
        broadcast_id=broadcast.id,
        was=was,
        withdrawn=withdrawn,
    )
    return withdrawn


def announce(session: Session, event: Event, text: str, *, created_by: str) -> Broadcast:
    """Queue an announcement at once (the command line): a draft confirmed by its author."""
    broadcast = draft_announcement(session, event, text, created_by=created_by)
    confirm(session, broadcast)
    return broadcast


def get(session: Session, broadcast_id: int) -> Broadcast | None:
    return session.get(Broadcast, broadcast_id)


def recipient_count(session: Session, event: Event) -> int:
    """How many chats a broadcast would reach now (active subscribers, groups included)."""
    return subscriptions.count(session, event)


def message(
    session: Session,
    event_id: int,
    text: str,
    *,
    created_by: str,
    question_id: int | None = None,
    mentor_request_id: int | None = None,
) -> Broadcast:
    """A message to one person or a few (kind "message"), queued at once; about a question of the
    inbox or a call for a mentor, it is deleted with it."""
    broadcast = Broadcast(
        event_id=event_id,
        kind="message",
        status="queued",
        text=text,
        created_by=created_by,
        question_id=question_id,
        mentor_request_id=mentor_request_id,
    )
    session.add(broadcast)
    session.flush()
    return broadcast


def queue_messages(
    session: Session,
    broadcast: Broadcast,
    messages: Iterable[tuple[int, str, str]],
    *,
    buttons: Sequence[tuple[str, str]] = (),
) -> int:
    """Add outbox rows `(chat_id, chat_type, text)` to the broadcast, due now, each with the
    `buttons` (title, callback data) under it; how many."""
    now = utcnow()
    rows = [
        {
            "broadcast_id": broadcast.id,
            "chat_id": chat_id,
            "chat_type": chat_type,
            "text": text,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "buttons": [list(button) for button in buttons] or None,
        }
        for chat_id, chat_type, text in messages
    ]
    if rows:
        session.execute(insert(OutboxMessage), rows)
        session.flush()
    return len(rows)


# ------------------------------------------------------------------ progress


def status(session: Session, event: Event, limit: int = 5) -> list[BroadcastStatus]:
    """The event's latest announcements and reminders (drafts left out), newest first, with
    their progress (messages to one person, kind "message", are the inbox's)."""
    latest = list(
        session.scalars(
            select(Broadcast)
            .where(Broadcast.event_id == event.id, Broadcast.status != "draft", Broadcast.kind != "message")
            .order_by(Broadcast.created_at.desc(), Broadcast.id.desc())
            .limit(limit)
        )
    )
    return _progress(session, latest)


def progress(session: Session, broadcast: Broadcast) -> BroadcastStatus:
    """How far one broadcast got."""
    return _progress(session, [broadcast])[0]


def _progress(session: Session, chosen: list[Broadcast]) -> list[BroadcastStatus]:
    if not chosen:
        return []
    withdrawn = (OutboxMessage.status == "failed") & (func.coalesce(OutboxMessage.error, "") == CANCELLED)
    counts = session.execute(
        select(
            OutboxMessage.broadcast_id,
            func.sum(case((OutboxMessage.status == "sent", 1), else_=0)),
            func.sum(case((withdrawn, 0), (OutboxMessage.status == "failed", 1), else_=0)),
            func.sum(case((OutboxMessage.status == "pending", 1), else_=0)),
            func.sum(case((withdrawn, 1), else_=0)),
        )
        .where(OutboxMessage.broadcast_id.in_([b.id for b in chosen]))
        .group_by(OutboxMessage.broadcast_id)
    )
    by_id = {row[0]: tuple(int(n or 0) for n in row[1:]) for row in counts}
    result = []
    for broadcast in chosen:
        sent, failed, pending, cancelled = by_id.get(broadcast.id, (0, 0, 0, 0))
        result.append(
            BroadcastStatus(
                id=broadcast.id,
                kind=broadcast.kind,
                status=broadcast.status,
                preview=preview(broadcast.text),
                created_at=broadcast.created_at,
                sent=sent,
                failed=failed,
                pending=pending,
                cancelled=cancelled,
            )
        )
    return result
