"""A participant's own team: see it, leave it, or (the captain) withdraw it."""

from __future__ import annotations

from bot.form_turns import FormTurn
from bot.registration import RegistrationError, leave_team, team_of, withdraw_team
from bot.replies import Button, Reply
from bot.team_form import payload
from bot.team_views import error_text, team_view


def show(turn: FormTurn) -> Reply:
    """ "My team": its challenge, members and join code; its contact email for the captain only."""
    participant = turn.user.participant(turn.session)
    team = team_of(turn.session, turn.ask.event, participant)
    if team is None:
        return Reply(error_text(turn.ask, "not_in_team"))
    return Reply(team_view(turn.ask, team, participant.id))


def leave(turn: FormTurn) -> Reply:
    ask = turn.ask
    participant = turn.user.participant(turn.session)
    try:
        team = leave_team(turn.session, ask.event, participant, ask.now)
    except RegistrationError as error:
        return Reply(error_text(ask, error.code, **error.details))
    return Reply(ask.say("team_left", name=team.name))


def ask_withdraw(turn: FormTurn) -> Reply:
    """The captain asks to withdraw: check they may, then ask them to confirm."""
    ask = turn.ask
    participant = turn.user.participant(turn.session)
    team = team_of(turn.session, ask.event, participant)
    if team is None:
        return Reply(error_text(ask, "not_in_team"))
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
