"""Reminders before the sessions that matter most (pitches, ceremonies, jury), sent once.

The Telegram gateway calls `queue_due` every minute or so. For each session of a reminded kind
starting within the lead time (`HACKBOT_REMINDER_MINUTES`, 15 by default), a broadcast of kind
"reminder" is queued in the outbox with one message per active subscriber, in the subscriber's
language. Its `dedup_key` names the event, the session and its start time and is unique, so a
reminder is queued once however often the scheduler looks, across restarts and pack reloads,
even when two schedulers race. A session moved to another time is a new reminder.

Times compared are event-local wall-clock times, like the schedule's (`bot.core.clock.now_in`).
Functions take the caller's session and only flush.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.broadcast import announcements
from bot.core.clock import now_in
from bot.core.i18n import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, localize
from bot.core.models import Broadcast, Event, ProgrammeSession
from bot.core.settings import minutes_setting
from bot.core.texts import t
from bot.core.timefmt import format_time
from bot.events import lookup, subscriptions

log = logging.getLogger(__name__)

REMINDED_KINDS = ("pitch", "ceremony", "jury")
LEAD_VARIABLE = "HACKBOT_REMINDER_MINUTES"
DEFAULT_LEAD_MINUTES = 15
SCHEDULER = "scheduler"
"""`created_by` of reminder broadcasts."""
_DEDUP_KEY_LENGTH = 200


def reminder_lead(environ: Mapping[str, str] | None = None) -> dt.timedelta:
    """How long before a session its reminder goes: `HACKBOT_REMINDER_MINUTES` (default 15)."""
    return dt.timedelta(minutes=minutes_setting(LEAD_VARIABLE, DEFAULT_LEAD_MINUTES, environ))


def dedup_key(event: Event, session: ProgrammeSession) -> str:
    """`reminder:<event slug>:<session key>:<start>`; hashed if longer than the column."""
    return dedup_key_of(event, session.key, session.starts)


def dedup_key_of(event: Event, session_key: str, starts: dt.datetime) -> str:
    """The reminder's key for the session `session_key` starting at `starts` (a session's start
    before it moved, too: bot.broadcast.changes)."""
    key = f"reminder:{event.slug}:{session_key}:{starts.isoformat(timespec='minutes')}"
    if len(key) <= _DEDUP_KEY_LENGTH:
        return key
    return "reminder:sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def reader_language(language: str, event: Event) -> str:
    """The language to write to a subscriber in: theirs if the assistant speaks it, else the event's."""
    for lang in (language, *event.languages):
        if lang in SUPPORTED_LANGUAGES:
            return lang
    return DEFAULT_LANGUAGE


def reminder_text(event: Event, session: ProgrammeSession, lang: str, now_local: dt.datetime) -> str:
    """ "Reminder: “Final pitches” starts in 15 min, at 1:30 pm." and the place on a second line."""
    minutes = max(1, math.ceil((session.starts - now_local).total_seconds() / 60))
    title = localize(session.title, lang, event.languages)
    text = t("reminder", lang, title=title, minutes=minutes, time=format_time(session.starts, lang))
    place = localize(session.location, lang, event.languages)
    return f"{text}\n{t('reminder_place', lang, place=place)}" if place else text


def already_queued(session: Session, key: str) -> bool:
    return session.scalar(select(Broadcast.id).where(Broadcast.dedup_key == key)) is not None


def due_sessions(
    session: Session, event: Event, now_local: dt.datetime, lead: dt.timedelta
) -> list[ProgrammeSession]:
    """Sessions of a reminded kind starting after `now_local` and at most `lead` later."""
    query = (
        select(ProgrammeSession)
        .where(
            ProgrammeSession.event_id == event.id,
            ProgrammeSession.kind.in_(REMINDED_KINDS),
            ProgrammeSession.starts > now_local,
            ProgrammeSession.starts <= now_local + lead,
        )
        .order_by(ProgrammeSession.starts, ProgrammeSession.position)
    )
    return list(session.scalars(query))


def queue_reminders(session: Session, event: Event, now_local: dt.datetime, lead: dt.timedelta) -> int:
    """Queue the reminders now due for the event; how many (sessions) were queued by this call."""
    queued = 0
    for item in due_sessions(session, event, now_local, lead):
        key = dedup_key(event, item)
        if already_queued(session, key):
            continue
        first_language = reader_language(event.languages[0] if event.languages else "", event)
        broadcast = Broadcast(
            event_id=event.id,
            kind=announcements.REMINDER,
            status="queued",
            text=reminder_text(event, item, first_language, now_local),
            dedup_key=key,
            created_by=SCHEDULER,
            created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        )
        savepoint = session.begin_nested()
        session.add(broadcast)
        try:
            session.flush()
        except IntegrityError:
            # Another scheduler queued it a moment ago.
            savepoint.rollback()
            continue
        savepoint.commit()
        texts: dict[str, str] = {}
        messages = []
        for subscriber in subscriptions.active(session, event):
            lang = reader_language(subscriber.language, event)
            if lang not in texts:
                texts[lang] = reminder_text(event, item, lang, now_local)
            messages.append((subscriber.chat_id, subscriber.chat_type, texts[lang]))
        announcements.queue_messages(session, broadcast, messages)
        queued += 1
    return queued


def queue_due(session: Session, lead: dt.timedelta | None = None) -> int:
    """Queue every event's due reminders, each at its own local time; how many were queued."""
    lead = reminder_lead() if lead is None else lead
    queued = 0
    for event in lookup.list_events(session):
        try:
            now_local = now_in(event.timezone)
        except ValueError:
            log.warning("no reminders for %s: unknown time zone %r", event.slug, event.timezone)
            continue
        queued += queue_reminders(session, event, now_local, lead)
    return queued
