"""Action: a new conversation session, keeping each slot's last value (bot/sessions.py) and the
form in progress, if any."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers.session_start import carried_slots


class ActionSessionStart(Action):  # type: ignore[misc]  # rasa_sdk is untyped
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        initial = {
            name: (spec or {}).get("initial_value") for name, spec in (domain.get("slots") or {}).items()
        }
        carried = carried_slots(tracker.slots, initial)
        form = (tracker.active_loop or {}).get("name")
        return [
            SessionStarted(),
            *(SlotSet(name, value) for name, value in carried.items()),
            *([ActiveLoop(form)] if form else []),
            ActionExecuted("action_listen"),
        ]
