"""Actions of the mentor form: call a mentor to the team's table."""

from __future__ import annotations

from functools import partial

from bot.mentors import call_form

from .answering import FormFunction, FormStepAction, Turn

FORM = "mentor_form"


class ValidateMentorForm(FormStepAction):
    action_name = f"validate_{FORM}"
    step = staticmethod(call_form.answer)

    def choose(self, turn: Turn) -> FormFunction:
        return call_form.start if turn.starts_form else call_form.answer


class ActionAskMentorTopic(FormStepAction):
    action_name = "action_ask_mentor_topic"
    detects_language = False
    asks_a_field = True
    step = staticmethod(partial(call_form.question, slot=call_form.TOPIC))


class ActionAskMentorPlace(FormStepAction):
    action_name = "action_ask_mentor_place"
    detects_language = False
    asks_a_field = True
    step = staticmethod(partial(call_form.question, slot=call_form.PLACE))


class ActionMentorFormDone(FormStepAction):
    action_name = "action_mentor_form_done"
    detects_language = False
    step = staticmethod(call_form.finish)
