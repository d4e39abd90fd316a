"""A person's data rights: what is stored about them, and its erasure, leaving nothing that
identifies them (bot.privacy.personal), on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from support.team_packs import NOW, load_event

from bot.cli.main import main
from bot.core.db import make_engine, session_scope
from bot.core.models import AuditEntry, Event, OutboxMessage, Participant, Subscriber, Team, TeamMember
from bot.events import subscriptions
from bot.privacy.personal import Person, TeamHasMembers, erase, holds_anything, what_is_stored
from bot.teams.registration import create_team, get_or_create_participant, join_team

ANNE = Person("telegram", "4242")


@pytest.fixture
def event(session: Session) -> Event:
    return load_event(session, max_size=6)


def anne_captains(session: Session, event: Event, *, joined_by: str | None = None) -> Team:
    anne = get_or_create_participant(session, "telegram", "4242", "Anne Muller")
    team = create_team(
        session, event, anne, name="Blue Lagoon", challenge="water", members=["Tom Martin"],
        email="anne@example.org", now=NOW,
    )  # fmt: skip
    subscriptions.subscribe(session, event, 4242, language="fr")
    session.add(AuditEntry(event_id=event.id, actor="telegram:4242", action="announce", details={}))
    if joined_by:
        join_team(
            session,
            event,
            get_or_create_participant(session, "telegram", joined_by, "Léa Roux"),
            team.join_code,
            NOW,
        )
    session.flush()
    return team


def test_what_is_stored_about_a_person_lists_their_teams_subscriptions_and_roles(
    session: Session, event: Event
) -> None:
    anne_captains(session, event)
    stored = what_is_stored(session, ANNE)
    assert stored["name"] == "Anne Muller"
    (team,) = stored["teams"]
    assert (team["team"], team["captain"], team["contact_email"]) == ("Blue Lagoon", True, "anne@example.org")
    assert team["members"] == ["Anne Muller", "Tom Martin"]
    assert [s["event"] for s in stored["subscriptions"]] == [event.slug]
    assert stored["organiser_actions_logged"] == 1
    json.dumps(stored)  # plain data
    assert not holds_anything(what_is_stored(session, Person("telegram", "999")))


def test_erasure_leaves_nothing_that_identifies_the_person(session: Session, event: Event) -> None:
    anne_captains(session, event)
    erased = erase(session, ANNE)
    assert erased.counts["teams"] == 1 and erased.counts["subscriptions"] == 1
    assert not holds_anything(what_is_stored(session, ANNE))
    assert (
        session.scalar(select(func.count(Participant.id)).where(Participant.channel_user_id == "4242")) == 0
    )
    assert session.scalar(select(func.count(Team.id))) == 0  # her team, with the names she typed
    assert session.scalar(select(func.count(TeamMember.id))) == 0
    assert session.scalar(select(func.count(Subscriber.id)).where(Subscriber.chat_id == 4242)) == 0
    assert session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.chat_id == 4242)) == 0
    assert [a.actor for a in session.scalars(select(AuditEntry))] == ["erased"]


def test_a_captain_whose_team_others_joined_must_hand_it_over_first_and_nothing_is_erased(
    session: Session, event: Event
) -> None:
    anne_captains(session, event, joined_by="777")
    with pytest.raises(TeamHasMembers) as refusal:
        erase(session, ANNE)
    assert refusal.value.teams == ["Blue Lagoon"]
    assert what_is_stored(session, ANNE)["teams"]  # all or nothing


def test_a_member_is_erased_from_their_team_which_stays(session: Session, event: Event) -> None:
    anne_captains(session, event, joined_by="777")
    erase(session, Person("telegram", "777"))
    (team,) = session.scalars(select(Team))
    assert sorted(m.name for m in team.members) == ["Anne Muller", "Tom Martin"]


def test_hackbot_privacy_exports_then_erases_a_person(
    migrated_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        anne_captains(session, load_event(session))
    engine.dispose()
    assert main(["--database-url", migrated_db_url, "privacy", "export", "--telegram-id", "4242"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["teams"][0]["contact_email"] == "anne@example.org"
    assert (
        main(["--database-url", migrated_db_url, "privacy", "erase", "--telegram-id", "4242", "--yes"]) == 0
    )
    assert "Erased:" in capsys.readouterr().out
    assert main(["--database-url", migrated_db_url, "privacy", "export", "--telegram-id", "4242"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert after["name"] is None and after["teams"] == [] and after["subscriptions"] == []
    assert (
        main(["--database-url", migrated_db_url, "privacy", "erase", "--telegram-id", "4242", "--yes"]) == 0
    )
    assert "Nothing is stored" in capsys.readouterr().out
