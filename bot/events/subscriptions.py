"""Who receives an event's announcements and reminders: Telegram chats that subscribed.

A participant subscribes with /start or /subscribe and leaves with /unsubscribe; Telegram
answering 403 ("bot was blocked by the user") unsubscribes them too. A group an organiser
added the bot to is a subscriber of type "group". Rows are kept when unsubscribing
(`unsubscribed_at`, `unsubscribe_reason`), so subscribing again reuses them.

Functions take the caller's session and only flush; times are UTC.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.core.clock import utcnow
from bot.core.models import CHAT_TYPES, Event, Subscriber

COMMAND = "command"
BLOCKED = "blocked"


def find(session: Session, event: Event, chat_id: int) -> Subscriber | None:
    query = select(Subscriber).where(Subscriber.event_id == event.id, Subscriber.chat_id == chat_id)
    return session.scalars(query).one_or_none()


def subscribe(
    session: Session, event: Event, chat_id: int, *, language: str, chat_type: str = "private"
) -> tuple[Subscriber, bool]:
    """Subscribe the chat (again); returns the row and whether it was not subscribed before."""
    if chat_type not in CHAT_TYPES:
        raise ValueError(f"unknown chat type {chat_type!r}")
    subscriber = find(session, event, chat_id)
    if subscriber is None:
        subscriber = Subscriber(
            event_id=event.id,
            chat_id=chat_id,
            chat_type=chat_type,
            language=language,
            subscribed_at=utcnow(),
        )
        session.add(subscriber)
        session.flush()
        return subscriber, True
    was_active = subscriber.unsubscribed_at is None
    subscriber.language, subscriber.chat_type = language, chat_type
    if not was_active:
        subscriber.unsubscribed_at, subscriber.unsubscribe_reason = None, None
        subscriber.subscribed_at = utcnow()
    session.flush()
    return subscriber, not was_active


def unsubscribe(session: Session, event: Event, chat_id: int, *, reason: str = COMMAND) -> bool:
    """Stop sending to the chat; False if it was not subscribed."""
    subscriber = find(session, event, chat_id)
    if subscriber is None or subscriber.unsubscribed_at is not None:
        return False
    subscriber.unsubscribed_at, subscriber.unsubscribe_reason = utcnow(), reason
    session.flush()
    return True


def unsubscribe_everywhere(session: Session, chat_id: int, *, reason: str = BLOCKED) -> int:
    """A chat that blocked the bot leaves every event it subscribed to; returns how many."""
    query = select(Subscriber).where(Subscriber.chat_id == chat_id, Subscriber.unsubscribed_at.is_(None))
    rows = list(session.scalars(query))
    now = utcnow()
    for subscriber in rows:
        subscriber.unsubscribed_at, subscriber.unsubscribe_reason = now, reason
    session.flush()
    return len(rows)


def set_language(session: Session, event: Event, chat_id: int, language: str) -> None:
    """Remember the language a subscriber reads (announcements and reminders are sent in it)."""
    subscriber = find(session, event, chat_id)
    if subscriber is not None and subscriber.language != language:
        subscriber.language = language
        session.flush()


def active(session: Session, event: Event) -> list[Subscriber]:
    """The chats currently subscribed to the event, oldest first."""
    query = (
        select(Subscriber)
        .where(Subscriber.event_id == event.id, Subscriber.unsubscribed_at.is_(None))
        .order_by(Subscriber.id)
    )
    return list(session.scalars(query))


def count(session: Session, event: Event) -> int:
    query = select(func.count(Subscriber.id)).where(
        Subscriber.event_id == event.id, Subscriber.unsubscribed_at.is_(None)
    )
    return session.scalar(query) or 0
