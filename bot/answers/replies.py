"""What an answer function receives (`Ask`) and returns (`Reply`).

Every answer function of the assistant has the signature `(Ask) -> Reply`: it
reads the current event, the user's language, the event-local time and the
user's message, and returns plain text (with optional buttons). Nothing here
knows about Rasa or Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.core.i18n import localize
from bot.core.models import Event, LocalText
from bot.core.texts import t

if TYPE_CHECKING:
    from bot.understanding.index import EventIndex


def is_payload(text: str) -> bool:
    """Whether a message is a button's payload ("/ask_challenge{...}"), not words to understand."""
    return text.startswith("/")


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()
    unanswered: bool = False
    """The assistant had no answer (its honest "I don't know"): the question is counted, and
    its asker may pass it on to the organisers (bot.inbox)."""
    for_a_need: bool = False
    """The mentors who can help with what was asked: the asker may call one (bot.mentors)."""


@dataclass(frozen=True)
class Ask:
    event: Event
    """The current event, relationships loaded."""
    lang: str
    """"fr" or "en": the language to answer in."""
    now: datetime
    """Naive local wall-clock time in the event's time zone."""
    text: str
    """The user's message as typed."""
    intent: str | None = None
    """What the NLU read in the message, if it was asked (`bot.answers.finder` takes it as a prior)."""
    confidence: float = 1.0
    """How sure the NLU was of `intent`."""
    ranking: tuple[tuple[str, float], ...] = ()
    """The NLU's other readings, best first, with their confidences (`intent` among them)."""
    index: EventIndex | None = None
    """The event's semantic index; without it, answers match words only."""

    def local(self, text: LocalText | None) -> str:
        """A text of the pack in the user's language (falling back on the event's languages)."""
        return localize(text, self.lang, self.event.languages)

    def say(self, key: str, **values: Any) -> str:
        """A sentence of the catalogue (`bot.core.texts`) in the user's language."""
        return t(key, self.lang, **values)
