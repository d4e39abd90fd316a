"""Team registration: participants create, join, leave and withdraw teams.

Functions take the caller's session and only flush (the caller owns the transaction and
commits). Every refusal raises `RegistrationError` with a stable `code` (and details) that
the chat layer turns into a message in the user's language; no user-facing text here.

Times (`now`, `Team.created_at`, the registration window of `TeamSettings`) are naive
event-local wall-clock times, like the rest of the schedule (see `bot.core.clock.now_in`).

Concurrency: two active teams of an event can never share a folded name (partial unique
index `uq_teams_active_name`): a concurrent insert that loses the race gets `name_taken`.
On PostgreSQL, `create_team` locks the event's team settings row and `join_team` the team
row (`SELECT ... FOR UPDATE`) before counting, so neither `max_teams` nor `max_size` can be
exceeded by concurrent requests; SQLite serialises writers anyway.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from bot.core.matching import folded_name
from bot.core.models import (
    TEAM_NAME_MAX_LENGTH,
    TEAM_NAME_MIN_LENGTH,
    Challenge,
    Event,
    Participant,
    Team,
    TeamMember,
    TeamSettings,
)
from bot.teams.join_codes import new_join_code, normalize_join_code

MEMBER_NAME_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254

OPEN = "open"
NOT_YET = "not_yet"
CLOSED = "closed"
FULL = "full"

_STATE_ERRORS = {NOT_YET: "registration_not_yet_open", CLOSED: "registration_closed", FULL: "event_full"}
ERROR_CODES = frozenset(
    {
        *_STATE_ERRORS.values(),
        "name_empty",
        "name_too_short",
        "name_too_long",
        "name_no_letters",
        "name_taken",
        "email_invalid",
        "challenge_required",
        "challenge_unknown",
        "member_name_too_long",
        "too_few_members",
        "too_many_members",
        "already_in_team",
        "unknown_code",
        "codes_locked",
        "name_needed",
        "team_full",
        "not_in_team",
        "captain_cannot_leave",
        "not_captain",
    }
)
"""Every `RegistrationError.code`: the chat has a message for each (`bot.teams.views`)."""
_SPACES = re.compile(r"\s+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$")


class RegistrationError(Exception):
    """A registration request refused: `code` is stable, `details` help phrase the answer."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code, details)
        self.code = code
        self.details = details

    def __str__(self) -> str:
        return f"{self.code} {self.details}" if self.details else self.code


# ------------------------------------------------------------------ validation


def printable(text: str) -> str:
    """The text in Unicode's compatibility form (NFKC: "Ｔｅａｍ" is "Team"), without control
    characters (a NUL byte cannot even be stored by PostgreSQL) nor invisible format ones (zero-width
    spaces, bidirectional overrides: two names that look alike are alike); tabs and line breaks
    become spaces."""
    return "".join(
        " " if ch in "\t\n\r\v\f" else ch
        for ch in unicodedata.normalize("NFKC", text)
        if ch in "\t\n\r\v\f" or unicodedata.category(ch) not in {"Cc", "Cf"}
    )


def validate_team_name(name: str) -> str:
    """The name trimmed (inner runs of spaces made one); codes name_empty, name_too_short,
    name_too_long, name_no_letters."""
    cleaned = _SPACES.sub(" ", printable(name)).strip()
    if not cleaned:
        raise RegistrationError("name_empty")
    if not any(unicodedata.category(ch).startswith("L") for ch in cleaned):
        raise RegistrationError("name_no_letters")
    if len(cleaned) < TEAM_NAME_MIN_LENGTH:
        raise RegistrationError("name_too_short", min=TEAM_NAME_MIN_LENGTH)
    if len(cleaned) > TEAM_NAME_MAX_LENGTH:
        raise RegistrationError("name_too_long", max=TEAM_NAME_MAX_LENGTH, length=len(cleaned))
    return cleaned


def validate_email(email: str) -> str:
    """The address trimmed; code email_invalid."""
    cleaned = printable(email).strip()
    if len(cleaned) > EMAIL_MAX_LENGTH or not _EMAIL.match(cleaned):
        raise RegistrationError("email_invalid")
    return cleaned


def _clean_member_name(name: str | None) -> str | None:
    if name is None:
        return None
    cleaned = _SPACES.sub(" ", printable(name)).strip()
    if len(cleaned) > MEMBER_NAME_MAX_LENGTH:
        raise RegistrationError("member_name_too_long", max=MEMBER_NAME_MAX_LENGTH)
    return cleaned or None


def _member_names(members: list[str]) -> list[str]:
    names = [_SPACES.sub(" ", printable(m)).strip() for m in members]
    names = [n for n in names if n]
    for n in names:
        if len(n) > MEMBER_NAME_MAX_LENGTH:
            raise RegistrationError("member_name_too_long", max=MEMBER_NAME_MAX_LENGTH)
    return names


# ------------------------------------------------------------------ queries


def _session_of(event: Event) -> Session:
    session = object_session(event)
    if session is None:
        raise ValueError("the event is not attached to a session")
    return session


def _active_team_count(session: Session, event: Event) -> int:
    query = select(func.count(Team.id)).where(Team.event_id == event.id, Team.withdrawn_at.is_(None))
    return session.scalar(query) or 0


def registration_state(event: Event, now: dt.datetime) -> str:
    """ "open", "not_yet" (before `registration_opens`), "closed" (from `registration_closes`)
    or "full" (`max_teams` active teams). An event without team settings is open."""
    settings = event.team_settings
    if settings is None:
        return OPEN
    if settings.registration_opens is not None and now < settings.registration_opens:
        return NOT_YET
    if settings.registration_closes is not None and now >= settings.registration_closes:
        return CLOSED
    if settings.max_teams is not None and _active_team_count(_session_of(event), event) >= settings.max_teams:
        return FULL
    return OPEN


def get_or_create_participant(
    session: Session, channel: str, user_id: str, display_name: str | None = None
) -> Participant:
    """The participant of this channel account, created if new; a new non-empty name replaces the old."""
    participant = session.scalars(
        select(Participant).where(Participant.channel == channel, Participant.channel_user_id == user_id)
    ).one_or_none()
    name = (
        _SPACES.sub(" ", printable(display_name)).strip()[:MEMBER_NAME_MAX_LENGTH] if display_name else None
    )
    if participant is None:
        participant = Participant(channel=channel, channel_user_id=user_id, display_name=name or None)
        session.add(participant)
        session.flush()
    elif name and participant.display_name != name:
        participant.display_name = name
        session.flush()
    return participant


def _membership(session: Session, event: Event, participant: Participant) -> TeamMember | None:
    return session.scalars(
        select(TeamMember).where(TeamMember.event_id == event.id, TeamMember.participant_id == participant.id)
    ).one_or_none()


def team_of(session: Session, event: Event, participant: Participant) -> Team | None:
    """The active team of `participant` in `event`, or None."""
    membership = _membership(session, event, participant)
    return membership.team if membership is not None else None


# ------------------------------------------------------------------ changes


def team_of_account(session: Session, event: Event, channel: str, user_id: str) -> Team | None:
    """The active team in `event` of whoever writes from this channel account, or None; nothing
    is written (someone who never registered stays unknown)."""
    participant = session.scalars(
        select(Participant).where(Participant.channel == channel, Participant.channel_user_id == user_id)
    ).one_or_none()
    return team_of(session, event, participant) if participant is not None else None


def participant_name(participant: Participant) -> str | None:
    """The person's name as their channel gave it (Telegram does; the web page and the terminal
    give none). Never their channel id: an id is no one's name, and a web one is a credential."""
    return participant.display_name


def _require_state(event: Event, now: dt.datetime, allowed: tuple[str, ...]) -> None:
    state = registration_state(event, now)
    if state not in allowed:
        raise RegistrationError(_STATE_ERRORS[state])


def _lock_settings(session: Session, event: Event) -> None:
    """On PostgreSQL, serialise team creations of one event (so `max_teams` holds under concurrency)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            select(TeamSettings.event_id).where(TeamSettings.event_id == event.id).with_for_update()
        )


def _resolve_challenge(event: Event, challenge: Challenge | str | None) -> Challenge | None:
    settings = event.team_settings
    required = settings.require_challenge if settings is not None else False
    if challenge is None:
        if required:
            raise RegistrationError("challenge_required")
        return None
    if isinstance(challenge, str):
        found = next((c for c in event.challenges if c.key == challenge), None)
        if found is None:
            raise RegistrationError("challenge_unknown", challenge=challenge)
        return found
    if challenge.event_id != event.id:
        raise RegistrationError("challenge_unknown", challenge=challenge.key)
    return challenge


def _check_size(event: Event, size: int) -> None:
    settings = event.team_settings
    if settings is None:
        return
    if settings.min_size is not None and size < settings.min_size:
        raise RegistrationError("too_few_members", min=settings.min_size, count=size)
    if settings.max_size is not None and size > settings.max_size:
        raise RegistrationError("too_many_members", max=settings.max_size, count=size)


def _name_taken(session: Session, event: Event, name_key: str) -> bool:
    query = select(Team.id).where(
        Team.event_id == event.id, Team.name_key == name_key, Team.withdrawn_at.is_(None)
    )
    return session.scalars(query).first() is not None


def name_available(session: Session, event: Event, name: str, team: Team | None = None) -> bool:
    """Whether no other active team of `event` has this name (ignoring case, accents and spaces).

    Early feedback for a form: the database constraint still decides when the team is saved."""
    key = folded_name(name)
    return (team is not None and team.name_key == key) or not _name_taken(session, event, key)


def create_team(
    session: Session,
    event: Event,
    captain: Participant,
    *,
    name: str,
    challenge: Challenge | str | None,
    members: list[str],
    email: str,
    now: dt.datetime,
    captain_name: str | None = None,
) -> Team:
    """Register a team captained by `captain`, with the other `members` named (no chat account needed).

    `captain_name` is how the captain appears in the team (default: their display name; without
    either, name_needed).

    Codes: registration_not_yet_open, registration_closed, event_full, name_empty, name_too_short,
    name_too_long, name_no_letters, email_invalid, challenge_required, challenge_unknown,
    member_name_too_long, too_few_members, too_many_members, already_in_team, name_taken,
    name_needed.
    Nothing is written when an error is raised.
    """
    _lock_settings(session, event)
    _require_state(event, now, (OPEN,))
    clean_name = validate_team_name(name)
    name_key = folded_name(clean_name)
    clean_email = validate_email(email)
    chosen = _resolve_challenge(event, challenge)
    others = _member_names(members)
    _check_size(event, 1 + len(others))
    shown_as = _clean_member_name(captain_name) or participant_name(captain)
    if not shown_as:
        raise RegistrationError("name_needed")
    if _membership(session, event, captain) is not None:
        raise RegistrationError("already_in_team")
    if _name_taken(session, event, name_key):
        raise RegistrationError("name_taken", name=clean_name)

    team = Team(
        event_id=event.id,
        name=clean_name,
        name_key=name_key,
        challenge=chosen,
        captain=captain,
        contact_email=clean_email,
        join_code=new_join_code(session),
        created_at=now,
    )
    team.members = [
        TeamMember(
            event_id=event.id,
            participant=captain,
            name=shown_as,
            is_captain=True,
            joined_at=now,
        ),
        *(TeamMember(event_id=event.id, name=n, is_captain=False, joined_at=now) for n in others),
    ]
    savepoint = session.begin_nested()
    session.add(team)
    try:
        session.flush()
    except IntegrityError as error:
        savepoint.rollback()
        message = str(error.orig)
        if "name_key" in message or "uq_teams_active_name" in message:
            raise RegistrationError("name_taken", name=clean_name) from error
        if "participant_id" in message or "uq_team_members_event_participant" in message:
            raise RegistrationError("already_in_team") from error
        raise
    savepoint.commit()
    return team


def unclaimed_members(team: Team) -> list[TeamMember]:
    """The members the captain named who have not joined with the code yet (no chat account)."""
    return [m for m in team.members if m.participant_id is None and not m.is_captain]


def _claimable(team: Team, name: str | None) -> TeamMember | None:
    if not name:
        return None
    key = folded_name(name)
    return next((m for m in unclaimed_members(team) if folded_name(m.name) == key), None)


def join_team(
    session: Session,
    event: Event,
    participant: Participant,
    code: str,
    now: dt.datetime,
    name: str | None = None,
) -> Team:
    """Add `participant` to the active team whose join code is `code`, as `name` (default: their
    display name). When the captain already listed that name, the participant takes that place
    (the team does not grow); otherwise a member is added, within `max_size`.

    Codes: registration_not_yet_open, registration_closed, unknown_code, already_in_team, team_full,
    member_name_too_long, name_needed (no name given and none known).
    """
    member_name = _clean_member_name(name) or participant_name(participant)
    state = registration_state(event, now)
    if state in (NOT_YET, CLOSED):
        raise RegistrationError(_STATE_ERRORS[state])
    if not member_name:
        raise RegistrationError("name_needed")
    query = select(Team).where(
        Team.event_id == event.id,
        Team.join_code == normalize_join_code(code),
        Team.withdrawn_at.is_(None),
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    team = session.scalars(query).one_or_none()
    if team is None:
        raise RegistrationError("unknown_code")
    current = _membership(session, event, participant)
    if current is not None:
        raise RegistrationError("already_in_team", same_team=current.team_id == team.id)
    settings = event.team_settings
    size = session.scalar(select(func.count(TeamMember.id)).where(TeamMember.team_id == team.id)) or 0
    claimed = _claimable(team, member_name)
    if (
        claimed is None
        and settings is not None
        and settings.max_size is not None
        and size >= settings.max_size
    ):
        raise RegistrationError("team_full", max=settings.max_size)
    savepoint = session.begin_nested()
    if claimed is not None:
        claimed.participant = participant
        claimed.joined_at = now
    else:
        session.add(
            TeamMember(
                team=team,
                event_id=event.id,
                participant=participant,
                name=member_name,
                joined_at=now,
            )
        )
    try:
        session.flush()
    except IntegrityError as error:
        savepoint.rollback()
        raise RegistrationError("already_in_team", same_team=False) from error
    savepoint.commit()
    return team


def update_team(
    session: Session,
    event: Event,
    captain: Participant,
    *,
    name: str,
    challenge: Challenge | str | None,
    members: list[str],
    email: str,
    now: dt.datetime,
    captain_name: str | None = None,
) -> Team:
    """The captain changes their team's name, challenge, members or contact email.

    `members` are the other members' names: a current member whose name is kept stays (with their
    chat account, if they joined with the code), one left out is removed, a new name is added.
    Allowed while registration is open (a full event does not prevent edits).
    Codes: registration_not_yet_open, registration_closed, not_in_team, not_captain, name_*,
    email_invalid, challenge_required, challenge_unknown, member_name_too_long, too_few_members,
    too_many_members, name_taken. Nothing is written when an error is raised.
    """
    _lock_settings(session, event)
    _require_state(event, now, (OPEN, FULL))
    membership = _membership(session, event, captain)
    if membership is None:
        raise RegistrationError("not_in_team")
    if not membership.is_captain:
        raise RegistrationError("not_captain")
    team = membership.team
    clean_name = validate_team_name(name)
    name_key = folded_name(clean_name)
    clean_email = validate_email(email)
    chosen = _resolve_challenge(event, challenge)
    others = _member_names(members)
    _check_size(event, 1 + len(others))
    if name_key != team.name_key and _name_taken(session, event, name_key):
        raise RegistrationError("name_taken", name=clean_name)
    new_captain_name = _clean_member_name(captain_name)

    savepoint = session.begin_nested()
    try:
        team.name, team.name_key, team.challenge, team.contact_email = (
            clean_name,
            name_key,
            chosen,
            clean_email,
        )
        if new_captain_name:
            membership.name = new_captain_name
        wanted = {folded_name(n): n for n in others}
        for member in [m for m in team.members if not m.is_captain]:
            if folded_name(member.name) in wanted:
                wanted.pop(folded_name(member.name))
            else:
                team.members.remove(member)
        for new_name in wanted.values():
            team.members.append(TeamMember(event_id=event.id, name=new_name, is_captain=False, joined_at=now))
        session.flush()
    except IntegrityError as error:
        savepoint.rollback()
        raise RegistrationError("name_taken", name=clean_name) from error
    savepoint.commit()
    return team


def leave_team(session: Session, event: Event, participant: Participant, now: dt.datetime) -> Team:
    """Remove `participant` from their team and return it, while registration is open.
    Codes: registration_not_yet_open, registration_closed, not_in_team, captain_cannot_leave."""
    _require_state(event, now, (OPEN, FULL))
    membership = _membership(session, event, participant)
    if membership is None:
        raise RegistrationError("not_in_team")
    if membership.is_captain:
        raise RegistrationError("captain_cannot_leave")
    team = membership.team
    team.members.remove(membership)
    session.flush()
    return team


def withdraw_team(session: Session, event: Event, participant: Participant, now: dt.datetime) -> Team:
    """The captain withdraws their team: it is marked withdrawn, its name is freed and its members
    may join or create another team. Allowed while registration is open.
    Codes: registration_not_yet_open, registration_closed, not_in_team, not_captain."""
    _require_state(event, now, (OPEN, FULL))
    membership = _membership(session, event, participant)
    if membership is None:
        raise RegistrationError("not_in_team")
    if not membership.is_captain:
        raise RegistrationError("not_captain")
    team = membership.team
    team.withdrawn_at = now
    team.members.clear()
    session.flush()
    return team
