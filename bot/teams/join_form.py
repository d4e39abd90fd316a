"""Joining a team in conversation, with the code its captain received.

"join K7Q2MX" starts the form with the code already given; otherwise it is asked. Then the
form asks which of the people the captain listed the user is (buttons), or their name, and
joins: taking a listed person's place does not make the team bigger; a new name must fit
within the team's maximum size.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from bot.answers.replies import Button, Reply
from bot.core.matching import folded_name
from bot.core.models import Team
from bot.teams import form_answers, join_codes
from bot.teams.form_turns import (
    FAILURES,
    FormTurn,
    Step,
    accepted,
    cancel,
    failed,
    is_cancellation,
    is_interruption,
)
from bot.teams.registration import (
    CLOSED,
    MEMBER_NAME_MAX_LENGTH,
    NOT_YET,
    RegistrationError,
    join_team,
    registration_state,
    team_of,
    unclaimed_members,
)
from bot.teams.team_form import payload
from bot.teams.views import error_text, team_view

CODE = "join_code"
NAME = "join_name"
SLOTS = (CODE, NAME, FAILURES)
_STATE_CODES = {NOT_YET: "registration_not_yet_open", CLOSED: "registration_closed"}
_RETRY_CODE = frozenset({"unknown_code", "team_full"})


def _reset(**values: Any) -> dict[str, Any]:
    return {slot: None for slot in SLOTS} | values


def _refuse(turn: FormTurn, code: str, **details: Any) -> Step:
    return Step(Reply(error_text(turn.ask, code, **details)), _reset(), close=True)


def _team(turn: FormTurn, code: str | None) -> Team | None:
    return join_codes.find_team_by_code(turn.session, turn.ask.event, code) if code else None


@dataclass(frozen=True)
class Offer:
    """What a message gives as a join code."""

    team: Team | None
    """The team of the code, if it is right."""
    given: bool
    """Whether the message offers a code at all."""
    locked_until: dt.datetime | None = None
    """When this person may try codes again, after too many wrong ones (`code_attempts`)."""


def _code_in(turn: FormTurn, *, asked: bool = False) -> Offer:
    """The team whose code the message offers (at most two codes are tried, and none while this
    person is locked out); a wrong code is counted.

    A code may also come as the entity of a payload (`/join_team{"code":"K7Q2MX"}`, from a
    Telegram deep link)."""
    given = turn.entities.get("code")
    candidates = [given] if given else join_codes.offered_codes(turn.text, asked=asked)
    if not candidates:
        return Offer(None, False)
    ask, session = turn.ask, turn.session
    participant = turn.user.participant(session)
    locked = join_codes.locked_until(session, ask.event, participant, ask.now)
    if locked is not None:
        return Offer(None, True, locked)
    for candidate in candidates:
        team = _team(turn, candidate)
        if team is not None:
            join_codes.clear_failures(session, ask.event, participant)
            return Offer(team, True)
    locked = join_codes.record_failures(session, ask.event, participant, ask.now, len(candidates))
    return Offer(None, True, locked)


def _minutes_left(turn: FormTurn, offer: Offer) -> int:
    """Whole minutes until this person may try codes again (at least one)."""
    assert offer.locked_until is not None
    return max(1, math.ceil((offer.locked_until - turn.ask.now).total_seconds() / 60))


def _is_full(turn: FormTurn, team: Team) -> bool:
    """No place left, not even one the captain listed for someone to take."""
    settings = turn.ask.event.team_settings
    if settings is None or settings.max_size is None or unclaimed_members(team):
        return False
    return len(team.members) >= settings.max_size


def _full_message(turn: FormTurn) -> str:
    settings = turn.ask.event.team_settings
    return error_text(turn.ask, "team_full", max=settings.max_size if settings else 0)


def start(turn: FormTurn) -> Step:
    """Refuse (and close) if the user cannot join a team now; else take the code if the message has one."""
    ask, session = turn.ask, turn.session
    participant = turn.user.participant(session)
    if team_of(session, ask.event, participant) is not None:
        return _refuse(turn, "already_in_team")
    state = registration_state(ask.event, ask.now)
    if state in _STATE_CODES:
        return _refuse(turn, _STATE_CODES[state])
    offer = _code_in(turn)
    team = offer.team
    if offer.locked_until is not None:
        return _refuse(turn, "codes_locked", minutes=_minutes_left(turn, offer))
    if team is None:
        reply = Reply(error_text(ask, "unknown_code")) if offer.given else None
        return Step(reply, _reset())
    if _is_full(turn, team):
        return Step(Reply(_full_message(turn)), _reset())
    name = turn.user.display_name
    listed = {folded_name(m.name) for m in unclaimed_members(team)}
    if name and (not listed or folded_name(name) in listed):
        # The channel gave a name, and it is listed or there is nobody to choose from: join now.
        return _join(turn, team.join_code, name) or Step(slots=_reset())
    return Step(slots=_reset(**{CODE: team.join_code}))


def question(turn: FormTurn, slot: str) -> Reply:
    ask = turn.ask
    if slot == CODE:
        return Reply(ask.say("form_ask_join_code"))
    if slot == NAME:
        team = _team(turn, turn.slot(CODE))
        name = team.name if team is not None else ""
        listed = unclaimed_members(team) if team is not None else []
        if listed:
            buttons = tuple(Button(m.name, payload("inform", member=str(m.id))) for m in listed)
            return Reply(ask.say("form_ask_join_name_listed", team=name), buttons)
        return Reply(ask.say("form_ask_join_name", team=name))
    raise ValueError(f"the join form has no field {slot!r}")


def answer(turn: FormTurn) -> Step | None:
    if is_cancellation(turn):
        return cancel(turn)
    if turn.requested == CODE:
        offer = _code_in(turn, asked=True)
        team = offer.team
        if is_interruption(turn, offer.given):
            return None
        if offer.locked_until is not None:
            return _refuse(turn, "codes_locked", minutes=_minutes_left(turn, offer))
        if team is None:
            return failed(turn, CODE, error_text(turn.ask, "unknown_code"), "form_help_join_code")
        if _is_full(turn, team):
            return failed(turn, CODE, _full_message(turn), "form_help_join_code")
        return accepted(CODE, team.join_code)
    if turn.requested == NAME:
        return _answer_name(turn)
    return Step()


def _answer_name(turn: FormTurn) -> Step | None:
    team = _team(turn, turn.slot(CODE))
    listed = {str(m.id): m.name for m in unclaimed_members(team)} if team is not None else {}
    chosen = listed.get(turn.entities.get("member") or "")
    if chosen is None and is_interruption(turn, False):
        return None
    name = chosen or form_answers.team_name(turn.text)
    if not any(ch.isalpha() for ch in name):
        return failed(turn, NAME, turn.ask.say("form_help_join_name"), "form_help_join_name")
    if len(name) > MEMBER_NAME_MAX_LENGTH:
        message = error_text(turn.ask, "member_name_too_long", max=MEMBER_NAME_MAX_LENGTH)
        return failed(turn, NAME, message, "form_help_join_name")
    return _join(turn, turn.slot(CODE) or "", name)


def _join(turn: FormTurn, code: str, name: str) -> Step | None:
    ask = turn.ask
    participant = turn.user.participant(turn.session)
    try:
        join_team(turn.session, ask.event, participant, code, ask.now, name=name)
    except RegistrationError as error:
        if error.code in _RETRY_CODE:
            message = error_text(ask, error.code, **error.details)
            return Step(Reply(message), {CODE: None, NAME: None})
        return _refuse(turn, error.code, **error.details)
    return accepted(NAME, name, **{CODE: code})


def finish(turn: FormTurn) -> Step:
    """The form has ended: welcome the user to their team (if they joined) and clear the slots."""
    ask = turn.ask
    participant = turn.user.participant(turn.session)
    team = team_of(turn.session, ask.event, participant)
    if turn.slot(NAME) is None or team is None:
        return Step(slots=_reset())
    text = ask.say("team_joined", name=team.name) + "\n" + team_view(ask, team, participant.id)
    return Step(Reply(text), _reset())
