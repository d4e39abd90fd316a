"""Actions of the join form: join a team with its code."""

from __future__ import annotations

from functools import partial

from bot.teams import join_form

from .answering import FormFunction, FormStepAction, Turn

FORM = "join_form"


class ValidateJoinForm(FormStepAction):
    action_name = f"validate_{FORM}"
    step = staticmethod(join_form.answer)

    def choose(self, turn: Turn) -> FormFunction:
        return join_form.start if turn.starts_form else join_form.answer


class ActionAskJoinCode(FormStepAction):
    action_name = "action_ask_join_code"
    detects_language = False
    asks_a_field = True
    step = staticmethod(partial(join_form.question, slot=join_form.CODE))


class ActionAskJoinName(FormStepAction):
    action_name = "action_ask_join_name"
    detects_language = False
    asks_a_field = True
    step = staticmethod(partial(join_form.question, slot=join_form.NAME))


class ActionJoinFormDone(FormStepAction):
    action_name = "action_join_form_done"
    detects_language = False
    step = staticmethod(join_form.finish)
