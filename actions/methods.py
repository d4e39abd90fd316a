"""Actions of the method coach: methods recommended for where a team is and the time it has."""

from __future__ import annotations

from abc import ABC
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.answers.replies import Reply
from bot.methods import conversation
from bot.methods.reading import asks_what_to_do
from bot.teams.form_turns import FormTurn, Step
from bot.understanding.encoder import shared_encoder

from .answering import AnswerAction, FormStepAction


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


class LeavesWhatToDoToTheCoach(AnswerAction, ABC):
    """The answer of what is on now, which leaves a team's "what should we do now?" to the method
    coach: it says what is on, then the methods for where the event is and the time left."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if asks_what_to_do(str((tracker.latest_message or {}).get("text") or "")):
            events: list[EventType] = await ActionMethodCoach().run(dispatcher, tracker, domain)
            return events
        return await super().run(dispatcher, tracker, domain)
