"""Actions of the method coach: methods recommended for where a team is and the time it has."""

from __future__ import annotations

from bot.answers.replies import Reply
from bot.methods import conversation
from bot.teams.form_turns import FormTurn, Step
from bot.understanding.encoder import shared_encoder

from .answering import FormStepAction


def _coach(turn: FormTurn) -> Step | Reply:
    return conversation.coach(turn, encoder=shared_encoder())


def _another(turn: FormTurn) -> Step:
    return conversation.another(turn, encoder=shared_encoder())


class ActionMethodCoach(FormStepAction):
    action_name = "action_method_coach"
    step = staticmethod(_coach)


class ActionMethodMore(FormStepAction):
    action_name = "action_method_more"
    step = staticmethod(_another)


class ActionMethodDetails(FormStepAction):
    action_name = "action_method_details"
    step = staticmethod(conversation.details)
