"""Telling subscribers that the programme changed: one alert per subscriber, in their language,
queued in the outbox like an announcement, after a reload that moved, added or cancelled sessions
still to come (bot.events.changes).

What subscribers are told is measured from the programme as they were last told it
(`ToldProgramme`, remembered before the first reload: `remember_before_reload`), not from the
previous reload: a session moved twice before the alert goes out is told once, from the time
people knew to the latest one. An alert is queued at once (`queue_change_alert`, from
`hackbot event load --notify-changes`), or offered to the organisers on Telegram first
(`offer_change_alert`: a preview with Send and Cancel, which `decide_change_alert` carries out; a
newer reload's preview replaces it). An alert queued while an earlier one is still waiting in
the outbox replaces it for the subscribers it had not reached yet, told from what they knew. A
reminder already queued for a moved or cancelled session's old time is withdrawn at every reload
(`withdraw_stale_reminders`): the next one follows the new time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.broadcast import announcements
from bot.broadcast.reminders import dedup_key_of, reader_language
from bot.core.clock import utcnow
from bot.core.i18n import localize
from bot.core.models import Broadcast, Event, OutboxMessage, ToldProgramme
from bot.core.texts import t
from bot.core.timefmt import format_datetime, format_time
from bot.events import subscriptions
from bot.events.changes import (
    ADDED,
    CANCELLED,
    SessionChange,
    SessionState,
    compare_sessions,
    states_of,
    worth_telling,
)
from bot.events.organisers import audit, list_organisers

CHANGES_CREATOR = "programme-changes"
BUTTON_PREFIX = "chg"
"""Under a preview: `chg:<draft id>:<send|cancel>`."""


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


def _state_data(states: Sequence[SessionState]) -> list[dict[str, Any]]:
    def moment(value: dt.datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    return [
        {
            "key": st.key,
            "title": st.title,
            "starts": moment(st.starts),
            "ends": moment(st.ends),
            "location": st.location,
        }
        for st in states
    ]


def _states(data: Sequence[dict[str, Any]]) -> list[SessionState]:
    def moment(value: str | None) -> dt.datetime | None:
        return dt.datetime.fromisoformat(value) if value else None

    return [
        SessionState(
            d["key"],
            d["title"],
            dt.datetime.fromisoformat(d["starts"]),
            moment(d.get("ends")),
            d.get("location"),
        )
        for d in data
    ]


def remember_before_reload(session: Session, event: Event) -> ToldProgramme:
    """The programme subscribers were last told; the event's programme as it is now, when nothing
    was remembered yet (call it before loading a new pack over the event)."""
    told = session.get(ToldProgramme, event.id)
    if told is None:
        told = ToldProgramme(
            event_id=event.id, sessions=_state_data(states_of(event.sessions)), told_at=utcnow()
        )
        session.add(told)
        session.flush()
    return told


def _remember_told(session: Session, event: Event) -> None:
    """Subscribers now know the programme as it is."""
    told = remember_before_reload(session, event)
    told.sessions, told.told_at = _state_data(states_of(event.sessions)), utcnow()
    session.flush()


def pending_changes(session: Session, event: Event, now: dt.datetime) -> list[SessionChange]:
    """The changes to come that subscribers have not been told (`now` event-local)."""
    told = session.get(ToldProgramme, event.id)
    return _to_tell(told.sessions, states_of(event.sessions), now) if told is not None else []


def _drafts(session: Session, event: Event) -> list[Broadcast]:
    query = select(Broadcast).where(
        Broadcast.event_id == event.id,
        Broadcast.created_by == CHANGES_CREATOR,
        Broadcast.kind == announcements.ANNOUNCEMENT,
        Broadcast.status == "draft",
    )
    return list(session.scalars(query))


def _replace_drafts(session: Session, event: Event, keep: Broadcast | None = None) -> None:
    for draft in _drafts(session, event):
        if draft is not keep:
            draft.status = "cancelled"
    session.flush()


def queue_change_alert(
    session: Session, event: Event, *, actor: str, now: dt.datetime, draft: Broadcast | None = None
) -> int:
    """Queue the alert of the changes to come not told yet, for every active subscriber in their
    language (`draft`: the organiser's preview confirmed, used as the alert); how many were queued
    (0 when there is nothing to tell)."""
    _replace_drafts(session, event, keep=draft)
    told = remember_before_reload(session, event)
    current = states_of(event.sessions)
    pending = pending_changes(session, event, now)
    if not pending:
        if draft is not None:
            draft.status = "cancelled"
        return 0
    earlier = _waiting_alerts(session, event)
    if draft is None:
        session.refresh(event)
        draft = Broadcast(
            event_id=event.id,
            kind=announcements.ANNOUNCEMENT,
            status="queued",
            text="",
            dedup_key=f"changes:{event.slug}:{event.revision}",
            created_by=CHANGES_CREATOR,
        )
        try:
            with session.begin_nested():
                session.add(draft)
                session.flush()
        except IntegrityError:  # told at the same moment by another process
            return 0
    draft.status, draft.programme_before = "queued", list(told.sessions)
    draft.text = alert_text(event, pending, "fr")
    texts: dict[tuple[int, str], str] = {}
    messages = []
    for subscriber in subscriptions.active(session, event):
        lang = reader_language(subscriber.language, event)
        known = earlier.get(subscriber.chat_id, told.sessions)
        changes = _to_tell(known, current, now)
        if changes:
            key = (id(known), lang)
            if key not in texts:
                texts[key] = alert_text(event, changes, lang)
            messages.append((subscriber.chat_id, subscriber.chat_type, texts[key]))
    recipients = announcements.queue_messages(session, draft, messages)
    _remember_told(session, event)
    audit(session, event, actor, "programme.changes_told", broadcast_id=draft.id,
          changes=len(pending), recipients=recipients,
          replaced=len(earlier))  # fmt: skip
    return recipients


def _to_tell(
    known: Sequence[dict[str, Any]], current: Sequence[SessionState], now: dt.datetime
) -> list[SessionChange]:
    """The changes to come from the programme `known` to the `current` one."""
    return worth_telling(compare_sessions(_states(known), current), now)


def _waiting_alerts(session: Session, event: Event) -> dict[int, list[dict[str, Any]]]:
    """Chats whose earlier change alert has not been sent yet: it is withdrawn, and the programme
    they knew before it is what their new alert starts from."""
    query = (
        select(OutboxMessage.id, OutboxMessage.chat_id, Broadcast.programme_before)
        .join(Broadcast, OutboxMessage.broadcast_id == Broadcast.id)
        .where(
            Broadcast.event_id == event.id,
            Broadcast.created_by == CHANGES_CREATOR,
            Broadcast.programme_before.is_not(None),
            OutboxMessage.status == "pending",
        )
        .order_by(OutboxMessage.id.desc())
    )
    found: dict[int, list[dict[str, Any]]] = {}
    withdrawn = []
    for message_id, chat_id, before in session.execute(query):
        found[chat_id] = before  # the oldest alert waiting for this chat wins (ordered newest first)
        withdrawn.append(message_id)
    if withdrawn:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(withdrawn), OutboxMessage.status == "pending")
            .values(status="failed", error=announcements.CANCELLED),
            execution_options={"synchronize_session": False},
        )
    return found


def offer_change_alert(session: Session, event: Event, *, now: dt.datetime) -> int:
    """Send each organiser on Telegram a preview of the alert of the changes to come not told
    yet, with Send and Cancel (an earlier preview is replaced); how many organisers."""
    _replace_drafts(session, event)
    changes = pending_changes(session, event, now)
    chosen = list_organisers(session, event)
    if not changes or not chosen:
        return 0
    lang = event.languages[0] if event.languages else "fr"
    draft = Broadcast(
        event_id=event.id,
        kind=announcements.ANNOUNCEMENT,
        status="draft",
        text=alert_text(event, changes, "fr"),
        created_by=CHANGES_CREATOR,
    )
    session.add(draft)
    session.flush()
    text = t(
        "changes_preview",
        lang,
        count=subscriptions.count(session, event),
        alert=alert_text(event, changes, lang),
    )
    return announcements.queue_messages(
        session,
        announcements.message(session, event.id, text, created_by=CHANGES_CREATOR),
        ((o.telegram_user_id, "private", text) for o in chosen),
        buttons=[
            (t("button_changes_send", lang), f"{BUTTON_PREFIX}:{draft.id}:send"),
            (t("button_announce_cancel", lang), f"{BUTTON_PREFIX}:{draft.id}:cancel"),
        ],
    )


def decide_change_alert(
    session: Session, event: Event, draft_id: int, decision: str, *, actor: str, now: dt.datetime
) -> int | None:
    """An organiser's Send (the alert is queued: how many subscribers) or Cancel (0: subscribers
    are not told these changes) under a preview; None when the preview was replaced, sent or
    cancelled already."""
    taken = session.execute(
        update(Broadcast)
        .where(
            Broadcast.id == draft_id,
            Broadcast.event_id == event.id,
            Broadcast.created_by == CHANGES_CREATOR,
            Broadcast.status == "draft",
        )
        .values(status="cancelled" if decision == "cancel" else "queued"),
        execution_options={"synchronize_session": False},
    )
    if getattr(taken, "rowcount", 0) != 1:
        return None
    draft = session.get(Broadcast, draft_id)
    assert draft is not None
    session.refresh(draft)  # taken: no other press, nor a newer preview, can use it now
    if decision == "cancel":
        _remember_told(session, event)
        audit(session, event, actor, "programme.changes_not_told", broadcast_id=draft_id)
        return 0
    return queue_change_alert(session, event, actor=actor, now=now, draft=draft)


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
