"""The one way every action answers: read the tracker, call a `bot` function, reply.

An `AnswerAction` names a plain function `(Ask) -> Reply` from `bot`; this
module builds the `Ask` (current event, language, event-local time, text),
runs the function off the event loop, and turns the `Reply` into messages and
slot events.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import events
from bot.clock import now_in
from bot.conversation import answer_no_event
from bot.db import session_scope, shared_engine
from bot.i18n import SUPPORTED_LANGUAGES
from bot.language import choose_language, detect_language, requested_language
from bot.replies import Ask, Reply
from bot.texts import t

logger = logging.getLogger(__name__)

Answer = Callable[[Ask], Reply]


@dataclass(frozen=True)
class Turn:
    """What an action needs from the tracker."""

    text: str
    intent: str | None
    channel_language: str | None
    chosen_language: str | None
    previous_language: str | None

    @classmethod
    def from_tracker(cls, tracker: Tracker) -> Turn:
        message: dict[str, Any] = tracker.latest_message or {}
        metadata = message.get("metadata") or {}
        channel_language = metadata.get("language_code") if isinstance(metadata, dict) else None
        intent = (message.get("intent") or {}).get("name")
        return cls(
            text=str(message.get("text") or ""),
            intent=intent,
            channel_language=str(channel_language) if channel_language else None,
            chosen_language=tracker.get_slot("language_choice"),
            previous_language=tracker.get_slot("language"),
        )


def compose(turn: Turn, answer: Answer) -> tuple[Reply, list[EventType]]:
    """Answer one turn from the current event in the database (blocking I/O)."""
    requested = requested_language(turn.text) if turn.intent == "change_language" else None
    with session_scope(shared_engine()) as session:
        event = events.current_event(session)
    event_languages = list(event.languages) if event else list(SUPPORTED_LANGUAGES)
    lang = choose_language(
        requested=requested,
        chosen=turn.chosen_language,
        channel=turn.channel_language,
        detected=detect_language(turn.text),
        previous=turn.previous_language,
        event_languages=event_languages,
    )
    slot_events: list[EventType] = [SlotSet("language", lang)]
    if requested:
        slot_events.append(SlotSet("language_choice", requested))
    if event is None:
        return answer_no_event(lang), slot_events
    ask = Ask(event=event, lang=lang, now=now_in(event.timezone), text=turn.text)
    return answer(ask), slot_events


def utter(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
    dispatcher.utter_message(text=reply.text, buttons=buttons or None)


class AnswerAction(Action, ABC):  # type: ignore[misc]  # rasa_sdk is untyped
    """An action that answers with one `bot` function.

    Subclasses set `action_name` and `answer = staticmethod(<bot function>)`;
    the base stays abstract so the action server does not register it.
    """

    action_name: ClassVar[str]

    @staticmethod
    @abstractmethod
    def answer(ask: Ask) -> Reply: ...

    def name(self) -> str:
        return self.action_name

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        turn = Turn.from_tracker(tracker)
        try:
            reply, slot_events = await asyncio.to_thread(compose, turn, self.answer)
        except Exception:
            # The database is down, a pack holds something unexpected...: the user still
            # gets an answer, in their language as far as it is known, and the error is logged.
            logger.exception("%s failed on %r", self.name(), turn.text)
            lang = turn.chosen_language or turn.previous_language or detect_language(turn.text) or "fr"
            utter(dispatcher, Reply(t("internal_error", lang)))
            return []
        utter(dispatcher, reply)
        return slot_events
