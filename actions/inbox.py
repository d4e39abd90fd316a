"""Actions: passing a question the assistant could not answer on to the organisers."""

from bot.answers.replies import Reply
from bot.inbox.handoff import answer_pass_on, asker_of
from bot.teams.form_turns import FormTurn

from .answering import FormStepAction


def pass_on(turn: FormTurn) -> Reply:
    return answer_pass_on(turn.session, turn.ask, asker_of(turn.user.channel, turn.user.user_id))


class ActionPassOn(FormStepAction):
    action_name = "action_pass_on"
    step = staticmethod(pass_on)
