"""Announcements: drafts, confirmation into the outbox, cancellation and progress
(bot.broadcast.announcements)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.broadcast import announcements
from bot.core.models import Event, OutboxMessage
from bot.events import organisers, subscriptions


@pytest.fixture
def event(session: Session, demo_event: Event) -> Event:
    found = demo_event
    subscriptions.subscribe(session, found, 1001, language="fr")
    subscriptions.subscribe(session, found, 1002, language="en")
    subscriptions.subscribe(session, found, -500, language="fr", chat_type="group")
    subscriptions.subscribe(session, found, 1003, language="en")
    subscriptions.unsubscribe(session, found, 1003)
    return found


def outbox(session: Session, broadcast_id: int) -> list[OutboxMessage]:
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.broadcast_id == broadcast_id)
        .order_by(OutboxMessage.chat_id)
    )
    return list(session.scalars(query))


def test_a_draft_queues_nothing_until_confirmed(session: Session, event: Event) -> None:
    draft = announcements.draft_announcement(session, event, "  Lunch is served!  ", created_by="telegram:9")
    assert draft.status == "draft" and draft.kind == "announcement" and draft.text == "Lunch is served!"
    assert outbox(session, draft.id) == []
    assert announcements.recipient_count(session, event) == 3
    assert announcements.confirm(session, draft) == 3
    assert draft.status == "queued"
    rows = outbox(session, draft.id)
    assert [(r.chat_id, r.chat_type, r.text, r.status) for r in rows] == [
        (-500, "group", "Lunch is served!", "pending"),
        (1001, "private", "Lunch is served!", "pending"),
        (1002, "private", "Lunch is served!", "pending"),
    ]
    entry = organisers.audit_log(session, event)[0]
    assert (entry.actor, entry.action) == ("telegram:9", "broadcast.queued")
    assert entry.details["recipients"] == 3


def test_confirming_twice_queues_once(session: Session, event: Event) -> None:
    draft = announcements.draft_announcement(session, event, "Hello", created_by="cli")
    assert announcements.confirm(session, draft) == 3
    assert announcements.confirm(session, draft) == 0
    stale = announcements.get(session, draft.id)
    assert stale is not None and announcements.confirm(session, stale) == 0
    assert len(outbox(session, draft.id)) == 3


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("\x00\x07", "empty"),
        ("a" * 4097, "too_long"),
        ("😀" * 2049, "too_long"),
    ],
)
def test_empty_or_too_long_text_is_refused(session: Session, event: Event, text: str, code: str) -> None:
    with pytest.raises(announcements.BroadcastError) as raised:
        announcements.draft_announcement(session, event, text, created_by="cli")
    assert raised.value.code == code
    assert isinstance(raised.value, ValueError)


def test_longest_text_is_accepted_and_line_breaks_are_kept(session: Session, event: Event) -> None:
    assert announcements.draft_announcement(session, event, "a" * 4096, created_by="cli").text == "a" * 4096
    text = announcements.draft_announcement(session, event, "Line one\r\nLine\x00 two", created_by="cli").text
    assert text == "Line one\nLine two"


def test_cancel_a_draft_then_confirm_is_refused(session: Session, event: Event) -> None:
    draft = announcements.draft_announcement(session, event, "Hello", created_by="telegram:9")
    assert announcements.cancel(session, draft) == 0
    assert draft.status == "cancelled"
    with pytest.raises(announcements.BroadcastError) as raised:
        announcements.confirm(session, draft)
    assert raised.value.code == "cancelled"
    assert outbox(session, draft.id) == []
    assert organisers.audit_log(session, event)[0].action == "broadcast.cancelled"


def test_cancelling_a_queued_broadcast_withdraws_what_is_left(session: Session, event: Event) -> None:
    queued = announcements.announce(session, event, "Hello", created_by="cli")
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.broadcast_id == queued.id, OutboxMessage.chat_id == 1001)
        .values(status="sent")
    )
    assert announcements.cancel(session, queued, actor="telegram:9") == 2
    (progress,) = announcements.status(session, event)
    assert (progress.sent, progress.failed, progress.pending, progress.cancelled) == (1, 0, 0, 2)
    assert progress.status == "cancelled" and progress.recipients == 3
    assert announcements.cancel(session, queued) == 0


def test_status_lists_latest_first_with_counts_and_leaves_drafts_out(session: Session, event: Event) -> None:
    first = announcements.announce(session, event, "First news\nwith details", created_by="cli")
    second = announcements.announce(session, event, "x" * 100, created_by="cli")
    announcements.draft_announcement(session, event, "Not yet", created_by="cli")
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.broadcast_id == first.id, OutboxMessage.chat_id == 1002)
        .values(status="failed", error="Forbidden")
    )
    latest = announcements.status(session, event)
    assert [s.id for s in latest] == [second.id, first.id]
    assert latest[0].preview == "x" * 59 + "…"
    assert latest[1].preview == "First news …"
    assert (latest[1].sent, latest[1].failed, latest[1].pending) == (0, 1, 2)
    assert announcements.status(session, event, limit=1)[0].id == second.id


def test_announce_with_no_subscriber_is_recorded_with_no_message(session: Session, event: Event) -> None:
    for chat in (1001, 1002, -500):
        subscriptions.unsubscribe(session, event, chat)
    queued = announcements.announce(session, event, "Anyone?", created_by="cli")
    assert queued.status == "queued"
    assert announcements.progress(session, queued).recipients == 0
