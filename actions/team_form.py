"""Actions of the team form (register a team, or change it): validate answers, ask, finish."""

from __future__ import annotations

from functools import partial

from bot.teams import team_form

from .answering import FormFunction, FormStepAction, Turn

FORM = "team_form"


class ValidateTeamForm(FormStepAction):
    """Called by the form on every user message: the start of the form, or an answer."""

    action_name = f"validate_{FORM}"
    detects_language = True
    step = staticmethod(team_form.answer)

    def choose(self, turn: Turn) -> FormFunction:
        return team_form.start if turn.starts_form else team_form.answer


class ActionAskTeamName(FormStepAction):
    action_name = "action_ask_team_name"
    detects_language = False
    asks_a_field = True
    step = staticmethod(partial(team_form.question, slot=team_form.NAME))


class ActionAskTeamChallenge(FormStepAction):
    action_name = "action_ask_team_challenge"
    detects_language = False
    asks_a_field = True
    step = staticmethod(partial(team_form.question, slot=team_form.CHALLENGE))


class ActionAskTeamMembers(FormStepAction):
    action_name = "action_ask_team_members"
    detects_language = False
    asks_a_field = True
    step = staticmethod(partial(team_form.question, slot=team_form.MEMBERS))


class ActionAskTeamEmail(FormStepAction):
    action_name = "action_ask_team_email"
    detects_language = False
    asks_a_field = True
    step = staticmethod(partial(team_form.question, slot=team_form.EMAIL))


class ActionAskTeamConfirmed(FormStepAction):
    action_name = "action_ask_team_confirmed"
    detects_language = False
    asks_a_field = True
    step = staticmethod(partial(team_form.question, slot=team_form.CONFIRMED))


class ActionTeamFormDone(FormStepAction):
    """After the form: report the saved team and clear the form."""

    action_name = "action_team_form_done"
    detects_language = False
    step = staticmethod(team_form.finish)
