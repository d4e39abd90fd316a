"""An event's personal data is deleted once kept long enough after its end; its public face (the
event, programme, results) stays (bot.privacy.retention, `hackbot privacy purge`)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from support.team_packs import NOW, load_event

from bot.broadcast import announcements
from bot.cli.main import main
from bot.core.db import make_engine, session_scope
from bot.core.models import (
    AuditEntry,
    Event,
    JoinCodeFailure,
    OutboxMessage,
    Participant,
    Subscriber,
    Team,
    TeamMember,
)  # fmt: skip
from bot.events import subscriptions
from bot.privacy.retention import DEFAULT_RETENTION_DAYS, TooEarly, purge
from bot.teams.registration import create_team, get_or_create_participant

PERSONAL = (Team, TeamMember, Subscriber, OutboxMessage, JoinCodeFailure, Participant)


def fill(session: Session) -> Event:
    """An event with a team, a subscriber, a sent announcement, a failed code and an audit entry."""
    event = load_event(session)
    captain = get_or_create_participant(session, "telegram", "4242", "Anne Muller")
    create_team(
        session, event, captain, name="Blue Lagoon", challenge="water", members=["Tom Martin"],
        email="anne@example.org", now=NOW,
    )  # fmt: skip
    subscriptions.subscribe(session, event, 4242, language="fr")
    broadcast = announcements.announce(session, event, "Lunch is served", created_by="telegram:4242")
    assert broadcast.messages
    session.add(JoinCodeFailure(participant_id=captain.id, event_id=event.id, failed_at=NOW))
    session.add(AuditEntry(event_id=event.id, actor="telegram:4242", action="announce", details={}))
    session.flush()
    return event


def counts(session: Session) -> dict[str, int]:
    return {
        table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
        for table in PERSONAL
    }


def test_the_purge_deletes_the_events_personal_data_and_keeps_the_event(session: Session) -> None:
    event = fill(session)
    assert all(counts(session).values())
    after = event.ends + dt.timedelta(days=DEFAULT_RETENTION_DAYS + 1)
    deleted = purge(session, event, after)
    assert deleted["teams"] == 1 and deleted["subscribers"] == 1 and deleted["participants"] == 1
    assert set(counts(session).values()) == {0}
    assert {a.actor for a in session.scalars(select(AuditEntry))} == {"erased"}
    assert session.get(Event, event.id) is not None and event.challenges  # its public face stays


def test_the_purge_waits_for_the_retention_period(session: Session) -> None:
    event = fill(session)
    with pytest.raises(TooEarly) as early:
        purge(session, event, event.ends + dt.timedelta(days=30), after_days=90)
    assert early.value.keep_until == event.ends + dt.timedelta(days=90)
    assert all(counts(session).values())


def test_hackbot_privacy_purge_has_a_dry_run_and_takes_the_packs_retention(
    migrated_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        event = fill(session)
        event.retention_days = 1  # as a pack's `retention_days: 1` sets it
        event.starts, event.ends = dt.date(2026, 3, 10), dt.date(2026, 3, 12)  # long over
        slug = event.slug
    base = ["--database-url", migrated_db_url, "privacy", "purge", "--event", slug]
    assert main([*base, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Nothing deleted (dry run)" in out and "kept 1 days" in out
    with session_scope(engine) as session:
        assert all(counts(session).values())
    assert main(base) == 0
    assert "Deleted (" in capsys.readouterr().out
    with session_scope(engine) as session:
        assert set(counts(session).values()) == {0}
    engine.dispose()
