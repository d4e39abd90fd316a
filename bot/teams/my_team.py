"""A participant's own team: see it, leave it, or (the captain) withdraw it.

Leaving and withdrawing ask for a confirmation first: a message misread as "leave my team"
must not take anyone out of their team.
"""

from __future__ import annotations

from bot.answers.replies import Button, Reply
from bot.teams import join_codes
from bot.teams.form_turns import FormTurn, Step
from bot.teams.registration import RegistrationError, leave_team, team_of, withdraw_team
from bot.teams.team_form import payload
from bot.teams.views import error_text, not_in_team, team_view

JOIN_FORM = "join_form"


def _holds_a_code(turn: FormTurn) -> bool:
    """Whether the message offers a join code ("voilà le code : K7Q2MX"): the join form takes it
    (and counts it if it is wrong), so that this answer tells nothing about which codes exist."""
    return bool(join_codes.offered_codes(turn.text))


def show(turn: FormTurn) -> Step:
    """ "My team": its challenge, members and join code; its contact email for the captain only.

    Someone in no team whose message gives a team's code wants to join it: the join form takes over.
    """
    participant = turn.user.participant(turn.session)
    team = team_of(turn.session, turn.ask.event, participant)
    if team is None:
        if _holds_a_code(turn):
            return Step(then=JOIN_FORM)
        return Step(Reply(not_in_team(turn.ask)))
    return Step(Reply(team_view(turn.ask, team, participant.id)))


def ask_leave(turn: FormTurn) -> Step:
    """A member asks to leave: check they may, then ask them to confirm."""
    ask = turn.ask
    participant = turn.user.participant(turn.session)
    team = team_of(turn.session, ask.event, participant)
    if team is None:
        return Step(then=JOIN_FORM) if _holds_a_code(turn) else Step(Reply(not_in_team(ask)))
    if team.captain_id == participant.id:
        return Step(Reply(error_text(ask, "captain_cannot_leave")))
    buttons = (
        Button(ask.say("button_leave"), payload("affirm")),
        Button(ask.say("button_stay"), payload("deny")),
    )
    return Step(Reply(ask.say("leave_confirm", name=team.name), buttons))


def leave(turn: FormTurn) -> Reply:
    """The member confirmed: they leave their team."""
    ask = turn.ask
    participant = turn.user.participant(turn.session)
    try:
        team = leave_team(turn.session, ask.event, participant, ask.now)
    except RegistrationError as error:
        return Reply(error_text(ask, error.code, **error.details))
    return Reply(ask.say("team_left", name=team.name))


def stay(turn: FormTurn) -> Reply:
    """The member changed their mind."""
    participant = turn.user.participant(turn.session)
    team = team_of(turn.session, turn.ask.event, participant)
    if team is None:
        return Reply(turn.ask.say("acknowledge"))
    return Reply(turn.ask.say("team_stayed", name=team.name))


def ask_withdraw(turn: FormTurn) -> Reply:
    """The captain asks to withdraw: check they may, then ask them to confirm."""
    ask = turn.ask
    participant = turn.user.participant(turn.session)
    team = team_of(turn.session, ask.event, participant)
    if team is None:
        return Reply(not_in_team(ask))
    if team.captain_id != participant.id:
        return Reply(error_text(ask, "not_captain"))
    buttons = (
        Button(ask.say("button_withdraw"), payload("affirm")),
        Button(ask.say("button_keep"), payload("deny")),
    )
    return Reply(ask.say("withdraw_confirm", name=team.name, count=len(team.members)), buttons)


def withdraw(turn: FormTurn) -> Reply:
    """The captain confirmed: the team is withdrawn."""
    ask = turn.ask
    participant = turn.user.participant(turn.session)
    try:
        team = withdraw_team(turn.session, ask.event, participant, ask.now)
    except RegistrationError as error:
        return Reply(error_text(ask, error.code, **error.details))
    return Reply(ask.say("team_withdrawn", name=team.name))


def keep(turn: FormTurn) -> Reply:
    """The captain changed their mind."""
    participant = turn.user.participant(turn.session)
    team = team_of(turn.session, turn.ask.event, participant)
    if team is None:
        return Reply(turn.ask.say("acknowledge"))
    return Reply(turn.ask.say("team_kept", name=team.name))
