"""Team registration (bot.teams.registration) on a real database: refusals write nothing, and the
database keeps names unique and teams within their size even under concurrent requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from support.team_packs import CLOSES, NOW, OPENS, load_event, pack_text

from bot.core.models import Event, Participant, Team, TeamMember
from bot.events.loader import load_pack
from bot.events.lookup import get_event
from bot.events.pack import parse_pack_text
from bot.teams import join_codes, registration
from bot.teams.registration import (
    RegistrationError,
    create_team,
    get_or_create_participant,
    join_team,
    leave_team,
    registration_state,
    team_of,
    validate_email,
    validate_team_name,
    withdraw_team,
)
from bot.teams.roster import export_teams, list_teams


@pytest.fixture
def event(session: Session) -> Event:
    return load_event(session)


def person(session: Session, user_id: str, name: str | None = None) -> Participant:
    return get_or_create_participant(session, "rest", user_id, name or user_id.title())


def register(session: Session, event: Event, captain: Participant, **overrides: Any) -> Team:
    values: dict[str, Any] = dict(
        name="Equipe Alpha", challenge="water", members=["Bea", "Chloé"], email="cap@example.org", now=NOW
    )
    values.update(overrides)
    return create_team(session, event, captain, **values)


def counts(session: Session) -> tuple[int, int]:
    teams = session.scalar(select(func.count(Team.id))) or 0
    members = session.scalar(select(func.count(TeamMember.id))) or 0
    return teams, members


def refused(code: str, action: Callable[[], object], session: Session) -> RegistrationError:
    before = counts(session)
    with pytest.raises(RegistrationError) as raised:
        action()
    assert raised.value.code == code
    assert counts(session) == before
    return raised.value


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("", "name_empty"),
        ("   ", "name_empty"),
        ("A", "name_too_short"),
        ("x" * 300, "name_too_long"),
        ("🚀🚀", "name_no_letters"),
        ("2030", "name_no_letters"),
        ("!! ??", "name_no_letters"),
    ],
)
def test_bad_team_names_are_refused_with_their_code(name: str, code: str) -> None:
    with pytest.raises(RegistrationError) as raised:
        validate_team_name(name)
    assert raised.value.code == code


def test_team_name_is_trimmed_and_keeps_what_was_typed() -> None:
    assert validate_team_name("  Les   Écureuils 🚀 ") == "Les Écureuils 🚀"
    assert validate_team_name("Équipe-42") == "Équipe-42"


@pytest.mark.parametrize("email", ["", "bob", "bob@", "@example.org", "bob@example", "a b@example.org"])
def test_invalid_emails_are_refused(email: str) -> None:
    with pytest.raises(RegistrationError) as raised:
        validate_email(email)
    assert raised.value.code == "email_invalid"


def test_valid_email_is_trimmed() -> None:
    assert validate_email("  jeanne.d+hack@interieur.gouv.fr ") == "jeanne.d+hack@interieur.gouv.fr"


# ------------------------------------------------------------------ creating


def test_create_team_registers_captain_and_named_members(session: Session, event: Event) -> None:
    captain = person(session, "u1", "Alice")
    team = register(session, event, captain, name="  Les Castors ", members=["Bea", " ", "Chloé"])
    assert team.name == "Les Castors"
    assert team.challenge is not None and team.challenge.key == "water"
    assert [(m.name, m.is_captain) for m in team.members] == [
        ("Alice", True),
        ("Bea", False),
        ("Chloé", False),
    ]
    assert len(team.join_code) == join_codes.JOIN_CODE_LENGTH
    assert set(team.join_code) <= set(join_codes.JOIN_CODE_ALPHABET)
    assert team_of(session, event, captain) is team
    assert team_of(session, event, person(session, "u2")) is None


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"name": ""}, "name_empty"),
        ({"name": "n" * 300}, "name_too_long"),
        ({"name": "🚀🚀"}, "name_no_letters"),
        ({"email": "not-an-email"}, "email_invalid"),
        ({"members": ["B", "C", "D", "E"]}, "too_many_members"),
        ({"challenge": None}, "challenge_required"),
        ({"challenge": "no-such-challenge"}, "challenge_unknown"),
        ({"now": OPENS - dt.timedelta(minutes=1)}, "registration_not_yet_open"),
        ({"now": CLOSES}, "registration_closed"),
    ],
)
def test_create_team_refuses_bad_input_and_writes_nothing(
    session: Session, event: Event, overrides: dict[str, Any], code: str
) -> None:
    captain = person(session, "u1")
    refused(code, lambda: register(session, event, captain, **overrides), session)


def test_too_few_members_is_refused(session: Session) -> None:
    event = load_event(session, min_size=3)
    refused(
        "too_few_members", lambda: register(session, event, person(session, "u1"), members=["Bea"]), session
    )


def test_challenge_of_another_event_is_refused(session: Session, event: Event) -> None:
    other = parse_pack_text(pack_text().replace("jam-2030", "other-2030"))
    load_pack(session, other)
    other_event = get_event(session, "other-2030")
    assert other_event is not None
    foreign = other_event.challenges[0]
    refused(
        "challenge_unknown",
        lambda: register(session, event, person(session, "u1"), challenge=foreign),
        session,
    )


def test_challenge_is_optional_when_the_event_does_not_require_one(session: Session) -> None:
    event = load_event(session, require_challenge=False)
    team = register(session, event, person(session, "u1"), challenge=None)
    assert team.challenge_id is None


def test_name_differing_only_by_case_accents_and_spaces_is_taken(session: Session, event: Event) -> None:
    register(session, event, person(session, "u1"), name="Equipe Alpha")
    error = refused(
        "name_taken",
        lambda: register(session, event, person(session, "u2"), name="  ÉQUIPE   alpha "),
        session,
    )
    assert error.details["name"] == "ÉQUIPE alpha"


@pytest.mark.parametrize(
    "lookalike",
    [
        "Equipe\u200b Alpha",
        "\u202eEquipe Alpha",
        "Ｅｑｕｉｐｅ Ａｌｐｈａ",
        "Equipe\u00a0Alpha",
        "Equi\u00adpe Alpha",
    ],
    ids=["zero-width space", "bidi override", "full-width letters", "no-break space", "soft hyphen"],
)
def test_a_name_that_only_looks_different_is_taken(session: Session, event: Event, lookalike: str) -> None:
    register(session, event, person(session, "u1"), name="Equipe Alpha")
    error = refused(
        "name_taken", lambda: register(session, event, person(session, "u2"), name=lookalike), session
    )
    assert error.details["name"] == "Equipe Alpha"


def test_name_taken_when_a_concurrent_insert_wins_after_the_check(
    session: Session, event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(session, event, person(session, "u1"), name="Equipe Alpha")
    # The other insert committed between our check and our insert: only the unique index sees it.
    monkeypatch.setattr(registration, "_name_taken", lambda *_: False)
    second = person(session, "u2")
    refused("name_taken", lambda: register(session, event, second, name="équipe alpha"), session)
    # The session is still usable after the refused insert (rolled back to its savepoint).
    assert register(session, event, second, name="Equipe Beta").name == "Equipe Beta"


def test_sql_like_name_is_stored_verbatim(session: Session, event: Event) -> None:
    name = "Robert'); DROP TABLE teams;--"
    team = register(session, event, person(session, "u1"), name=name)
    session.expire_all()
    assert [t.name for t in list_teams(session, event)] == [name]
    assert team.name == name


def test_captain_already_in_a_team_is_refused(session: Session, event: Event) -> None:
    captain = person(session, "u1")
    register(session, event, captain)
    refused("already_in_team", lambda: register(session, event, captain, name="Autre"), session)


def test_event_full_when_max_teams_reached(session: Session) -> None:
    event = load_event(session, max_teams=2)
    register(session, event, person(session, "u1"), name="Un")
    register(session, event, person(session, "u2"), name="Deux")
    assert registration_state(event, NOW) == "full"
    refused("event_full", lambda: register(session, event, person(session, "u3"), name="Trois"), session)


def test_registration_state_follows_the_window(session: Session, event: Event) -> None:
    assert registration_state(event, OPENS - dt.timedelta(seconds=1)) == "not_yet"
    assert registration_state(event, OPENS) == "open"
    assert registration_state(event, CLOSES - dt.timedelta(minutes=1)) == "open"
    assert registration_state(event, CLOSES) == "closed"


def test_participant_is_found_again_by_channel_and_id(session: Session) -> None:
    first = get_or_create_participant(session, "telegram", "42", "Alice")
    assert get_or_create_participant(session, "telegram", "42", "Alice B.") is first
    assert first.display_name == "Alice B."
    assert get_or_create_participant(session, "rest", "42", "Other") is not first


# ------------------------------------------------------------------ joining, leaving, withdrawing


def test_join_team_with_code_as_typed(session: Session, event: Event) -> None:
    team = register(session, event, person(session, "u1"), members=[])
    joiner = person(session, "u2", "Bob")
    typed = f" {team.join_code[:3].lower()}-{team.join_code[3:].lower()} "
    assert join_team(session, event, joiner, typed, NOW) is team
    assert team_of(session, event, joiner) is team
    assert [m.name for m in team.members] == ["U1", "Bob"]


def test_join_refusals(session: Session, event: Event) -> None:
    team = register(session, event, person(session, "u1"), members=["B", "C"])  # 3 of 4
    refused("unknown_code", lambda: join_team(session, event, person(session, "u2"), "ZZZZZZ", NOW), session)
    refused(
        "registration_closed",
        lambda: join_team(session, event, person(session, "u2"), team.join_code, CLOSES),
        session,
    )
    join_team(session, event, person(session, "u2"), team.join_code, NOW)
    refused(
        "already_in_team",
        lambda: join_team(session, event, person(session, "u2"), team.join_code, NOW),
        session,
    )
    refused(
        "team_full", lambda: join_team(session, event, person(session, "u3"), team.join_code, NOW), session
    )


def test_joining_is_allowed_when_the_event_has_its_maximum_of_teams(session: Session) -> None:
    event = load_event(session, max_teams=1)
    team = register(session, event, person(session, "u1"), members=[])
    assert join_team(session, event, person(session, "u2"), team.join_code, NOW) is team


def test_member_leaves_but_captain_cannot(session: Session, event: Event) -> None:
    captain = person(session, "u1")
    team = register(session, event, captain, members=[])
    member = person(session, "u2")
    join_team(session, event, member, team.join_code, NOW)
    refused("captain_cannot_leave", lambda: leave_team(session, event, captain, NOW), session)
    leave_team(session, event, member, NOW)
    assert team_of(session, event, member) is None
    refused("not_in_team", lambda: leave_team(session, event, member, NOW), session)


def test_withdrawn_team_frees_its_name_and_members(session: Session, event: Event) -> None:
    captain = person(session, "u1")
    team = register(session, event, captain, members=[])
    member = person(session, "u2")
    join_team(session, event, member, team.join_code, NOW)
    with pytest.raises(RegistrationError) as raised:
        withdraw_team(session, event, member, NOW)
    assert raised.value.code == "not_captain"
    withdraw_team(session, event, captain, NOW)
    assert team.withdrawn_at == NOW
    assert list_teams(session, event) == []
    assert team_of(session, event, member) is None
    refused(
        "unknown_code", lambda: join_team(session, event, person(session, "u3"), team.join_code, NOW), session
    )
    again = register(session, event, member, name="Equipe Alpha")
    assert again.name == "Equipe Alpha"


def test_export_teams(session: Session, event: Event) -> None:
    register(session, event, person(session, "u1", "Alice"), name="Les Castors", members=["Bea"])
    register(
        session, event, person(session, "u2", "Zoé"), name="Les Loutres", challenge="schools", members=[]
    )
    exported = export_teams(session, event)
    assert [(t["name"], t["challenge"], t["captain"], t["members"]) for t in exported] == [
        ("Les Castors", "water", "Alice", ["Alice", "Bea"]),
        ("Les Loutres", "schools", "Zoé", ["Zoé"]),
    ]
    assert exported[0]["created_at"] == "2030-02-15T12:00"
    assert exported[0]["contact_email"] == "cap@example.org"
