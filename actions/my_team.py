"""Actions: a participant's own team (show, leave, withdraw), and yes/no/cancel outside forms."""

from __future__ import annotations

from bot.answers import conversation
from bot.answers.replies import Reply
from bot.teams import my_team
from bot.teams.form_turns import FormTurn

from .answering import FormStepAction


class ActionMyTeam(FormStepAction):
    action_name = "action_my_team"
    step = staticmethod(my_team.show)


class ActionLeaveTeam(FormStepAction):
    """Asks the member to confirm; `affirm` then runs action_leave_confirmed (data/rules)."""

    action_name = "action_leave_team"
    step = staticmethod(my_team.ask_leave)


class ActionLeaveConfirmed(FormStepAction):
    action_name = "action_leave_confirmed"
    step = staticmethod(my_team.leave)


class ActionStayInTeam(FormStepAction):
    action_name = "action_stay_in_team"
    step = staticmethod(my_team.stay)


class ActionWithdrawTeam(FormStepAction):
    """Asks the captain to confirm; `affirm` then runs action_withdraw_confirmed (data/rules)."""

    action_name = "action_withdraw_team"
    step = staticmethod(my_team.ask_withdraw)


class ActionWithdrawConfirmed(FormStepAction):
    action_name = "action_withdraw_confirmed"
    step = staticmethod(my_team.withdraw)


class ActionKeepTeam(FormStepAction):
    action_name = "action_keep_team"
    step = staticmethod(my_team.keep)


def _nothing_to_cancel(turn: FormTurn) -> Reply:
    return conversation.unless_a_question(turn.ask, Reply(turn.ask.say("form_nothing_to_cancel")))


def _acknowledge(turn: FormTurn) -> Reply:
    return conversation.answer_acknowledged(turn.ask)


class ActionNothingToCancel(FormStepAction):
    action_name = "action_nothing_to_cancel"
    step = staticmethod(_nothing_to_cancel)


class ActionAcknowledge(FormStepAction):
    """ "yes", "no" or "ok" with nothing pending."""

    action_name = "action_acknowledge"
    step = staticmethod(_acknowledge)
