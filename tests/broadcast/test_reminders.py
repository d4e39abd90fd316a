"""Reminders before pitches, ceremonies and jury sessions (bot.broadcast.reminders), queued once, on the
demo pack.

The demo's final pitches start on 17 March 2027 at 13:30 (Main hall / Grande salle), the jury
deliberates at 15:30 and the award ceremony is at 16:30.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from support.packs import DEMO_PACK

from bot.broadcast import reminders
from bot.core.models import Broadcast, Event, OutboxMessage
from bot.events import subscriptions
from bot.events.loader import load_pack
from bot.events.lookup import get_event
from bot.events.pack import parse_pack

LEAD = dt.timedelta(minutes=15)
BEFORE_PITCHES = dt.datetime(2027, 3, 17, 13, 15)


@pytest.fixture
def event(session: Session, demo_event: Event) -> Event:
    found = demo_event
    subscriptions.subscribe(session, found, 1001, language="fr")
    subscriptions.subscribe(session, found, 1002, language="en")
    subscriptions.subscribe(session, found, 1003, language="de")
    subscriptions.subscribe(session, found, -500, language="en", chat_type="group")
    subscriptions.subscribe(session, found, 1004, language="en")
    subscriptions.unsubscribe(session, found, 1004)
    return found


def messages(session: Session) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for row in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)):
        found.setdefault(row.chat_id, []).append(row.text)
    return found


def broadcast_count(session: Session) -> int:
    return session.scalar(select(func.count(Broadcast.id))) or 0


def test_a_pitch_session_is_reminded_in_each_subscribers_language(session: Session, event: Event) -> None:
    assert reminders.queue_reminders(session, event, BEFORE_PITCHES, LEAD) == 1
    sent = messages(session)
    assert sent[1001] == ["Rappel : « Pitchs finaux » commence dans 15 min, à 13 h 30.\nLieu : Grande salle"]
    assert sent[1002] == ["Reminder: “Final pitches” starts in 15 min, at 1:30 pm.\nWhere: Main hall"]
    assert sent[1003] == sent[1001]  # German is not spoken: the event's first language
    assert sent[-500] == sent[1002]
    assert 1004 not in sent
    (broadcast,) = session.scalars(select(Broadcast))
    assert (
        broadcast.kind == "reminder" and broadcast.status == "queued" and broadcast.created_by == "scheduler"
    )
    assert broadcast.dedup_key == "reminder:fenua-innovation-2027:final-pitches:2027-03-17T13:30"


def test_a_reminder_is_queued_once_even_after_a_pack_reload(session: Session, event: Event) -> None:
    assert reminders.queue_reminders(session, event, BEFORE_PITCHES, LEAD) == 1
    later = BEFORE_PITCHES + dt.timedelta(minutes=5)
    assert reminders.queue_reminders(session, event, later, LEAD) == 0
    load_pack(session, parse_pack(DEMO_PACK), make_current=True)
    reloaded = get_event(session, event.slug)
    assert reloaded is not None
    assert reminders.queue_reminders(session, reloaded, later, LEAD) == 0
    assert broadcast_count(session) == 1
    assert sum(len(texts) for texts in messages(session).values()) == 4


def test_the_window_is_after_now_up_to_the_lead(session: Session, event: Event) -> None:
    pitches = dt.datetime(2027, 3, 17, 13, 30)
    assert reminders.queue_reminders(session, event, pitches - LEAD - dt.timedelta(minutes=1), LEAD) == 0
    assert reminders.queue_reminders(session, event, pitches, LEAD) == 0  # already started
    assert reminders.queue_reminders(session, event, pitches - dt.timedelta(minutes=4, seconds=30), LEAD) == 1
    assert "dans 5 min" in messages(session)[1001][0]


def test_sessions_of_other_kinds_are_not_reminded(session: Session, event: Event) -> None:
    # 16 March 13:50: the pitch workshop (a workshop) starts at 14:00.
    assert reminders.queue_reminders(session, event, dt.datetime(2027, 3, 16, 13, 50), LEAD) == 0
    # A whole day of sessions: only the opening ceremony (08:15) is reminded.
    day = dt.datetime(2027, 3, 15, 0, 0)
    assert reminders.queue_reminders(session, event, day, dt.timedelta(hours=24)) == 1
    (broadcast,) = session.scalars(select(Broadcast))
    assert broadcast.dedup_key is not None and ":opening:" in broadcast.dedup_key


def test_several_sessions_due_at_once(session: Session, event: Event) -> None:
    afternoon = dt.datetime(2027, 3, 17, 13, 0)
    assert reminders.queue_reminders(session, event, afternoon, dt.timedelta(hours=4)) == 3
    assert [text.split("\n")[0] for text in messages(session)[1002]] == [
        "Reminder: “Final pitches” starts in 30 min, at 1:30 pm.",
        "Reminder: “Jury deliberation” starts in 150 min, at 3:30 pm.",
        "Reminder: “Award ceremony” starts in 210 min, at 4:30 pm.",
    ]


def test_a_scheduler_losing_a_race_skips_without_failing(
    session: Session, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert reminders.queue_reminders(session, event, BEFORE_PITCHES, LEAD) == 1
    # The other scheduler's row was not there when this one looked: the unique key decides.
    monkeypatch.setattr(reminders, "already_queued", lambda session, key: False)
    assert reminders.queue_reminders(session, event, BEFORE_PITCHES, LEAD) == 0
    assert broadcast_count(session) == 1
    assert subscriptions.count(session, event) == 4  # the session is still usable


def test_queue_due_uses_each_events_local_time(
    session: Session, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HACKBOT_NOW", "2027-03-17T13:20")
    monkeypatch.setenv(reminders.LEAD_VARIABLE, "15")
    assert reminders.queue_due(session) == 1
    assert reminders.queue_due(session) == 0


def test_lead_time_comes_from_the_environment() -> None:
    assert reminders.reminder_lead({}) == dt.timedelta(minutes=15)
    assert reminders.reminder_lead({"HACKBOT_REMINDER_MINUTES": " 30 "}) == dt.timedelta(minutes=30)
    for wrong in ("0", "-5", "quinze", "1.5"):
        with pytest.raises(ValueError, match="HACKBOT_REMINDER_MINUTES"):
            reminders.reminder_lead({"HACKBOT_REMINDER_MINUTES": wrong})


def test_a_very_long_key_is_hashed_to_fit(event: Event) -> None:
    from bot.core.models import ProgrammeSession

    long = ProgrammeSession(
        key="k" * 100, title={"*": "x"}, starts=dt.datetime(2027, 3, 17, 9, 0), kind="pitch"
    )
    event.slug = "s" * 100
    key = reminders.dedup_key(event, long)
    assert key.startswith("reminder:sha256:") and len(key) <= 200
