"""Telling subscribers that the programme changed: one alert per subscriber, in their language,
queued in the outbox like an announcement, after a reload that moved, added or cancelled sessions
still to come (bot.events.changes).

`queue_change_alert` is called once the new pack is loaded, in the same transaction. Its
broadcast's `dedup_key` names the event and its revision after the load, so the same reload
told twice (a command run again) queues nothing more. A reminder already queued for a moved or
cancelled session's old time is withdrawn (`withdraw_stale_reminders`): the next one follows
the new time.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.broadcast import announcements
from bot.broadcast.reminders import dedup_key_of, reader_language
from bot.core.i18n import localize
from bot.core.models import Broadcast, Event
from bot.core.texts import t
from bot.core.timefmt import format_datetime, format_time
from bot.events import subscriptions
from bot.events.changes import ADDED, CANCELLED, SessionChange
from bot.events.organisers import audit

CHANGES_CREATOR = "programme-changes"


def change_line(event: Event, change: SessionChange, lang: str) -> str:
    """One change as a subscriber reads it: "• Final pitches: now Friday 21 May at 2:30 pm (was
    2 pm), Main hall"."""
    title = localize(change.title, lang, event.languages)
    place = localize(change.location, lang, event.languages)
    where = t("change_place", lang, place=place) if place else ""
    when = format_datetime(change.starts, lang)
    if change.kind == ADDED:
        return t("change_added", lang, title=title, when=when, where=where)
    if change.kind == CANCELLED:
        return t("change_cancelled", lang, title=title, when=when)
    if change.time_moved and change.was_starts is not None:
        was = format_time(change.was_starts, lang)
        if change.was_starts.date() != change.starts.date():
            was = format_datetime(change.was_starts, lang)
        return t("change_moved", lang, title=title, when=when, was=was, where=where)
    was_place = localize(change.was_location, lang, event.languages) or "—"
    return t("change_moved_place", lang, title=title, when=when, place=place or "—", was=was_place)


def alert_text(event: Event, changes: Sequence[SessionChange], lang: str) -> str:
    lines = [t("change_header", lang, name=localize(event.name, lang, event.languages))]
    return "\n".join([*lines, *(change_line(event, change, lang) for change in changes)])


def queue_change_alert(
    session: Session, event: Event, changes: Sequence[SessionChange], *, actor: str
) -> int:
    """Queue the alert for every active subscriber, in their language; how many were queued
    (0 when there is nothing to tell or this reload was told already)."""
    withdraw_stale_reminders(session, event, changes)
    if not changes:
        return 0
    session.flush()
    session.refresh(event)
    key = f"changes:{event.slug}:{event.revision}"
    if session.scalar(select(Broadcast.id).where(Broadcast.dedup_key == key)) is not None:
        return 0
    french = alert_text(event, changes, "fr")
    broadcast = Broadcast(
        event_id=event.id, kind="announcement", status="queued", text=french, dedup_key=key, created_by=actor
    )
    try:
        with session.begin_nested():
            session.add(broadcast)
            session.flush()
    except IntegrityError:  # told at the same moment by another process
        return 0
    texts = {lang: alert_text(event, changes, lang) for lang in ("fr", "en")}
    recipients = announcements.queue_messages(
        session,
        broadcast,
        (
            (s.chat_id, s.chat_type, texts[reader_language(s.language, event)])
            for s in subscriptions.active(session, event)
        ),
    )
    audit(session, event, actor, "programme.changes_told", broadcast_id=broadcast.id,
          changes=len(changes), recipients=recipients)  # fmt: skip
    return recipients


def withdraw_stale_reminders(session: Session, event: Event, changes: Sequence[SessionChange]) -> int:
    """Withdraw the reminders queued for the old time of sessions moved or cancelled; how many
    messages were withdrawn."""
    stale = [
        dedup_key_of(event, change.key, change.was_starts)
        for change in changes
        if change.kind != ADDED and change.was_starts is not None
    ]
    if not stale:
        return 0
    queued = session.scalars(
        select(Broadcast).where(Broadcast.dedup_key.in_(stale), Broadcast.status == "queued")
    ).all()
    return sum(announcements.cancel(session, broadcast, actor=CHANGES_CREATOR) for broadcast in queued)
