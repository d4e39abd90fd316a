"""The one way every action answers: read the tracker, call a `bot` function, reply.

An `AnswerAction` names a plain function `(Ask) -> Reply` from `bot`; this
module builds the `Ask` (current event, language, event-local time, text),
runs the function off the event loop, and turns the `Reply` into messages and
slot events.

A `FormStepAction` does the same for the functions of the forms and of "my team",
`(FormTurn) -> Step | Reply | None`: they also get who writes, the form's slots and a
database session whose transaction commits when the function returns.
"""

from __future__ import annotations

import asyncio
import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers.conversation import answer_no_event
from bot.answers.finder import answer_by_meaning
from bot.answers.replies import Ask, Reply, is_payload
from bot.core.clock import now_in
from bot.core.db import session_scope, shared_engine
from bot.core.i18n import SUPPORTED_LANGUAGES
from bot.core.language import choose_language, detect_language, requested_language
from bot.core.models import Event
from bot.core.texts import t
from bot.events import lookup
from bot.inbox.handoff import asker_of, offer_hand_off
from bot.mentors.call_form import offer as offer_mentor_call
from bot.teams.form_turns import LAST_MESSAGE, FormTurn, Step, User
from bot.teams.registration import printable
from bot.understanding.encoder import HANDED_VECTOR_KEY, shared_encoder, taken_vector
from bot.understanding.index import EventIndex, IndexCache

logger = logging.getLogger(__name__)

Answer = Callable[[Ask], Reply]
FormFunction = Callable[[FormTurn], "Step | Reply | None"]
REQUESTED_SLOT = "requested_slot"
TELEGRAM_SENDER = re.compile(r"telegram-(\d+)")


@dataclass(frozen=True)
class Turn:
    """What an action needs from the tracker."""

    text: str
    intent: str | None
    channel_language: str | None
    chosen_language: str | None
    previous_language: str | None
    confidence: float = 0.0
    ranking: tuple[tuple[str, float], ...] = ()
    entities: tuple[tuple[str, str], ...] = ()
    user: User = field(default_factory=lambda: User("rest", ""))
    slots: tuple[tuple[str, Any], ...] = ()
    active_loop: str | None = None
    previous_text: str | None = None
    """The user's message before this one, if any (what a button such as "Call a mentor" followed)."""

    @classmethod
    def from_tracker(cls, tracker: Tracker) -> Turn:
        message: dict[str, Any] = tracker.latest_message or {}
        metadata = message.get("metadata") or {}
        if not isinstance(metadata, dict):
            metadata = {}
        channel_language = metadata.get("language_code")
        display_name = metadata.get("display_name")
        intent = message.get("intent") or {}
        entities = tuple(
            (str(e.get("entity")), str(e.get("value")))
            for e in message.get("entities") or []
            if e.get("entity") and e.get("value") is not None
        )
        return cls(
            text=printable(str(message.get("text") or "")),
            intent=intent.get("name"),
            channel_language=str(channel_language) if channel_language else None,
            chosen_language=tracker.get_slot("language_choice"),
            previous_language=tracker.get_slot("language"),
            confidence=float(intent.get("confidence") or 0.0),
            ranking=tuple(
                (str(entry["name"]), float(entry.get("confidence") or 0.0))
                for entry in message.get("intent_ranking") or []
                if isinstance(entry, dict) and entry.get("name")
            ),
            entities=entities,
            user=user_of(tracker, str(display_name) if display_name else None),
            slots=tuple(tracker.slots.items()),
            active_loop=(tracker.active_loop or {}).get("name"),
            previous_text=previous_text(tracker),
        )

    def slot(self, name: str) -> Any:
        return dict(self.slots).get(name)

    @property
    def starts_form(self) -> bool:
        """Whether a form's validation is called as the form starts (no field asked yet):
        Rasa validates at activation, with the form already active but no `requested_slot`."""
        return not self.slot(REQUESTED_SLOT)


def previous_text(tracker: Tracker) -> str | None:
    """The text of the user's message before the latest one, if there is one."""
    said = [e.get("text") for e in tracker.events if isinstance(e, dict) and e.get("event") == "user"]
    return printable(str(said[-2])) if len(said) >= 2 and said[-2] else None


def take_handed_vector(tracker: Tracker) -> None:
    """Remember the vector Rasa made of the latest message (rasa_addons/query_vectors.py), so that
    searching the event with that message does not embed it a second time."""
    message: dict[str, Any] = tracker.latest_message or {}
    text, encoder = message.get("text"), shared_encoder()
    vector = taken_vector(encoder.name, message.get(HANDED_VECTOR_KEY))
    if isinstance(text, str) and vector is not None:
        encoder.remember_query(text, vector)


def user_of(tracker: Tracker, display_name: str | None) -> User:
    """Who writes: the Telegram gateway talks to Rasa over REST as `telegram-<user id>`, so that sender
    is the Telegram user of that id; any other sender is a user of the channel Rasa received it on."""
    sender = str(tracker.sender_id)
    telegram = TELEGRAM_SENDER.fullmatch(sender)
    if telegram:
        return User("telegram", telegram.group(1), display_name)
    return User(tracker.get_latest_input_channel() or "rest", sender, display_name)


def _language(turn: Turn, event: Event | None, *, detect: bool) -> tuple[str, list[EventType]]:
    requested = requested_language(turn.text) if turn.intent == "change_language" else None
    event_languages = list(event.languages) if event else list(SUPPORTED_LANGUAGES)
    lang = choose_language(
        requested=requested,
        chosen=turn.chosen_language,
        channel=turn.channel_language,
        detected=detect_language(turn.text) if detect else None,
        previous=turn.previous_language,
        event_languages=event_languages,
    )
    slot_events: list[EventType] = [SlotSet("language", lang)]
    if requested:
        slot_events.append(SlotSet("language_choice", requested))
    return lang, slot_events


# The current event as the answers read it: loaded again only when it has changed; and its
# semantic index, built again only when the event has changed.
CURRENT_EVENT = lookup.CurrentEventCache()
INDEXES: IndexCache | None = None


def event_index(event: Event) -> EventIndex:
    global INDEXES
    if INDEXES is None:
        INDEXES = IndexCache(shared_encoder())
    return INDEXES.get(event)


def warm_up() -> None:
    """Load the current event and build its index now, so that the first questions do not all
    wait for it (embedding a pack's passages takes seconds). Errors are logged, never raised:
    the first question then builds it as usual."""
    try:
        with session_scope(shared_engine()) as session:
            event = CURRENT_EVENT.get(session)
        if event is not None:
            index = event_index(event)
            logger.info("Indexed the current event %s: %d passages", event.id, len(index.passages))
    except Exception:
        logger.exception("Could not index the current event ahead of the first question")


def compose(turn: Turn, answer: Answer) -> tuple[Reply, list[EventType]]:
    """Answer one turn from the current event in the database (blocking I/O)."""
    with session_scope(shared_engine()) as session:
        event = CURRENT_EVENT.get(session)
    lang, slot_events = _language(turn, event, detect=True)
    if event is None:
        return answer_no_event(lang), slot_events
    ask = ask_of(turn, event, lang, None if is_payload(turn.text) else event_index(event))
    reply = answer_by_meaning(ask, answer)
    if reply.unanswered:  # counted, and offered to the organisers when they can reply
        with session_scope(shared_engine()) as session:
            reply = offer_hand_off(session, ask, asker_of(turn.user.channel, turn.user.user_id), reply)
    elif reply.for_a_need:  # the mentors who can help: a Telegram user may call one
        with session_scope(shared_engine()) as session:
            reply = offer_mentor_call(session, ask, turn.user.channel, reply)
    return reply, slot_events


def ask_of(turn: Turn, event: Event, lang: str, index: EventIndex | None) -> Ask:
    return Ask(
        event=event,
        lang=lang,
        now=now_in(event.timezone),
        text=turn.text,
        intent=turn.intent,
        confidence=turn.confidence,
        ranking=turn.ranking,
        index=index,
    )


def compose_step(turn: Turn, function: FormFunction, *, detect: bool) -> tuple[Step | None, list[EventType]]:
    """Run a form function in one transaction, committed when it returns (blocking I/O).

    `detect`: whether the message's own language counts (not for answers such as a team name).
    """
    with session_scope(shared_engine()) as session:  # the index comes from the shared copy of the event
        cached = CURRENT_EVENT.get(session)
    index = event_index(cached) if cached is not None else None
    with session_scope(shared_engine()) as session:
        # The event's parts are read as the function needs them, in this transaction.
        event = lookup.current_event_row(session)
        lang, slot_events = _language(turn, event, detect=detect)
        if event is None:
            return Step(answer_no_event(lang), close=True), slot_events
        form_turn = FormTurn(
            ask=ask_of(turn, event, lang, index),
            session=session,
            user=turn.user,
            slots=dict(turn.slots),
            requested=turn.slot(REQUESTED_SLOT) if turn.active_loop else None,
            intent=turn.intent,
            confidence=turn.confidence,
            entities=dict(turn.entities),
            previous_text=turn.previous_text,
        )
        result = function(form_turn)
    step = Step(result) if isinstance(result, Reply) else result
    return step, slot_events


def step_events(step: Step) -> list[EventType]:
    events_: list[EventType] = [SlotSet(name, value) for name, value in step.slots.items()]
    if step.close:
        events_ += [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]
    if step.then:
        events_.append(FollowupAction(step.then))
    return events_


def apologise(dispatcher: CollectingDispatcher, action: str, tracker: Tracker, turn: Turn) -> None:
    """An action failed (the database is down, a pack holds something unexpected...): the error
    is logged, with ids and lengths only (never what people wrote), and the user still gets an
    answer, in their language as far as it is known."""
    logger.exception(
        "%s failed for %s (a message of %d characters)", action, tracker.sender_id, len(turn.text)
    )
    lang = turn.chosen_language or turn.previous_language or detect_language(turn.text) or "fr"
    utter(dispatcher, Reply(t("internal_error", lang)))


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
        take_handed_vector(tracker)
        turn = Turn.from_tracker(tracker)
        try:
            reply, slot_events = await asyncio.to_thread(compose, turn, self.answer)
        except Exception:
            apologise(dispatcher, self.name(), tracker, turn)
            return []
        utter(dispatcher, reply)
        return slot_events


class FormStepAction(Action, ABC):  # type: ignore[misc]  # rasa_sdk is untyped
    """An action that runs one function of a form (or of "my team") on the database.

    Subclasses set `action_name` and `step = staticmethod(<bot function>)`. The function
    returning None means "not for me" (a form's answer that is another request): the action
    then returns no event, which makes Rasa reject the form's turn and handle the request.
    """

    action_name: ClassVar[str]
    detects_language: ClassVar[bool] = True
    """Whether the message's language counts: not for answers to a form (names, emails)."""
    asks_a_field: ClassVar[bool] = False
    """A form's question (action_ask_<slot>): it remembers the message it follows."""

    @staticmethod
    @abstractmethod
    def step(turn: FormTurn) -> Step | Reply | None: ...

    def name(self) -> str:
        return self.action_name

    def choose(self, turn: Turn) -> FormFunction:
        """The function to run for this turn (by default, `step`)."""
        return self.step

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        take_handed_vector(tracker)
        turn = Turn.from_tracker(tracker)
        detect = self.detects_language and not (turn.active_loop and turn.slot(REQUESTED_SLOT))
        try:
            step, slot_events = await asyncio.to_thread(compose_step, turn, self.choose(turn), detect=detect)
        except Exception:
            apologise(dispatcher, self.name(), tracker, turn)
            return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)] if turn.active_loop else []
        if step is None:
            return []
        if step.reply is not None:
            utter(dispatcher, step.reply)
        remembered = [SlotSet(LAST_MESSAGE, turn.text)] if self.asks_a_field else []
        return slot_events + step_events(step) + remembered
