"""What the conversational forms receive (`FormTurn`) and return (`Step`).

A form (registering a team, joining one) asks one field at a time. Each user answer is a
`FormTurn`: the event and language (`Ask`), who writes (`User`), the form's slots so far,
the field being asked and what the NLU made of the message. The form's functions answer
with a `Step`: an optional message, the slots to set, and whether the form ends. A form
function returns None instead of a `Step` when the message is not an answer but another
request ("when is lunch?", "cancel"): the dialogue engine then handles it and comes back
to the form. Nothing here knows about Rasa or Telegram.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from bot.answers.replies import Ask, Reply
from bot.core.models import Participant
from bot.teams.form_answers import folded, is_cancel
from bot.teams.registration import get_or_create_participant

FAILURES = "form_failures"
LAST_MESSAGE = "form_last_message"
"""Slot holding the message a form's question followed: the same message sent again right after
is an answer, even if it reads as a request (a team called "Help Desk" can still register)."""
"""Slot counting the failed answers in a row to the field being asked."""
FAILURES_BEFORE_HELP = 2

INTERRUPTING_INTENTS = frozenset(
    {
        "greet",
        "goodbye",
        "thanks",
        "help",
        "change_language",
        "out_of_scope",
        "ask_event",
        "ask_dates",
        "ask_organiser",
        "ask_audience",
        "ask_venue",
        "ask_method",
        "method_details",
        "method_more",
        "ask_contact",
        "ask_schedule",
        "ask_session",
        "ask_now",
        "ask_next",
        "ask_challenges",
        "ask_challenge",
        "ask_rules",
        "ask_faq",
        "ask_teams",
        "ask_mentors",
        "ask_jury",
        "ask_prizes",
        "ask_results",
        "ask_follow_up",
        "pass_on",
    }
)
"""Requests answered in the middle of a form, which then asks its question again
(data/rules/forms.yml has one rule per intent and form)."""

QUESTION_CONFIDENCE = 0.9
"""Below this, a message without "?" during a free-text question is taken as the answer:
team and people names are often mistaken for requests ("Les Mentors Masqués")."""
CONFIRMATION_CONFIDENCE = 0.6


@dataclass(frozen=True)
class User:
    """Who writes: a channel ("rest", "telegram") and the user's id there, and their name if known."""

    channel: str
    user_id: str
    display_name: str | None = None

    def participant(self, session: Session) -> Participant:
        return get_or_create_participant(session, self.channel, self.user_id, self.display_name)


@dataclass(frozen=True)
class FormTurn:
    ask: Ask
    session: Session
    user: User
    slots: Mapping[str, Any]
    requested: str | None
    """The field being asked, None when the form starts."""
    intent: str | None = None
    confidence: float = 0.0
    entities: Mapping[str, str] = field(default_factory=dict)
    previous_text: str | None = None
    """The user's message before this one (what a button followed)."""

    @property
    def text(self) -> str:
        return self.ask.text

    def slot(self, name: str) -> Any:
        return self.slots.get(name)


@dataclass(frozen=True)
class Step:
    reply: Reply | None = None
    slots: Mapping[str, Any] = field(default_factory=dict)
    close: bool = False
    """End the form now (a refusal): the reply says why."""
    then: str | None = None
    """A form to start next, on the same message (e.g. "join_form" for a message giving a code)."""


def is_cancellation(turn: FormTurn) -> bool:
    """ "Cancel", "stop", "laisse tomber"...: the user wants out of the form."""
    if turn.entities.get("field") or turn.entities.get("challenge") or turn.entities.get("member"):
        return False
    return is_cancel(turn.text) or (turn.intent == "cancel" and turn.confidence >= CONFIRMATION_CONFIDENCE)


def cancel(turn: FormTurn) -> Step:
    """Close the form; nothing was saved (forms write only when they end)."""
    return Step(Reply(turn.ask.say("form_cancelled")), close=True)


def is_interruption(turn: FormTurn, answer_is_plausible: bool) -> bool:
    """Whether the message asks something else rather than answering the field.

    `answer_is_plausible` is the field's own verdict (an email address, a known challenge...).
    """
    if turn.intent not in INTERRUPTING_INTENTS or answer_is_plausible:
        return False
    if turn.intent == "out_of_scope" and "?" not in turn.text:
        return False  # nothing about the event, asked without "?": a name ("Quantum 4592"), not a request
    last = turn.slot(LAST_MESSAGE)
    if isinstance(last, str) and folded(last) == folded(turn.text):
        return False
    return "?" in turn.text or turn.confidence >= QUESTION_CONFIDENCE


def failed(turn: FormTurn, slot: str, message: str, help_key: str, *values: Any, **kw: Any) -> Step:
    """A refused answer: say why, ask the field again; from the second failure in a row, explain
    the field and how to stop."""
    failures = int(turn.slot(FAILURES) or 0) + 1
    lines = [message]
    if failures >= FAILURES_BEFORE_HELP:
        lines += [turn.ask.say(help_key, **kw), turn.ask.say("form_stop_hint")]
    return Step(Reply("\n".join(lines)), {slot: None, FAILURES: failures})


def accepted(slot: str, value: Any, **more: Any) -> Step:
    return Step(slots={slot: value, FAILURES: 0, **more})
