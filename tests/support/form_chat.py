"""Drive the forms' functions (bot.teams.team_form, bot.teams.join_form, bot.mentors.call_form) as
Rasa's form loop does, on a real database.

`FormChat.say(text)` plays one user message: while a form is open, the form's `answer`
takes it (None means "another request": the chat records it as an interruption); then the
first empty field is asked, or the form ends with its `finish`. Button payloads
(`/inform{"challenge":"water"}`) are parsed as Rasa parses them. Each message runs in a
savepoint that is released like the action server's commit.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from sqlalchemy.orm import Session

from bot.answers.replies import Ask, Button
from bot.core.models import Event
from bot.mentors import call_form
from bot.teams import join_form, team_form
from bot.teams.form_turns import LAST_MESSAGE, FormTurn, Step, User
from bot.understanding.index import EventIndex

FORMS: dict[str, tuple[ModuleType, tuple[str, ...]]] = {
    "team_form": (team_form, (*team_form.FIELDS, team_form.CONFIRMED)),
    "join_form": (join_form, (join_form.CODE, join_form.NAME)),
    "mentor_form": (call_form, (call_form.TOPIC, call_form.PLACE)),
}
INTERRUPTED = "<another request>"
_PAYLOAD = re.compile(r"^/(\w+)(\{.*\})?$", re.DOTALL)


@dataclass
class FormChat:
    session: Session
    event: Event
    now: dt.datetime
    user_id: str = "u1"
    lang: str = "en"
    display_name: str | None = None
    channel: str = "rest"
    index: EventIndex | None = None
    """The event's semantic index for the forms' functions (words only without it)."""
    slots: dict[str, Any] = field(default_factory=dict)
    form: str | None = None
    buttons: list[Button] = field(default_factory=list)
    last_intent: str | None = None

    def start(
        self, form: str, text: str, intent: str, previous_text: str | None = None, confidence: float = 1.0
    ) -> list[str]:
        """The user's message that opens `form` (e.g. "join K7Q2MX", intent join_team, read with
        `confidence`), after `previous_text` (what a button such as "Call a mentor" followed)."""
        module, _ = FORMS[form]
        self.form, self.last_intent = form, intent
        turn = self._turn(text, intent, confidence, {}, requested=None, previous_text=previous_text)
        step = module.start(turn)
        return self._after(step)

    def say(self, text: str, intent: str | None = "inform", confidence: float = 0.5) -> list[str]:
        """One message while a form is open (`intent` as the NLU would have it)."""
        assert self.form is not None, "no form is open"
        entities: dict[str, str] = {}
        payload = _PAYLOAD.match(text.strip())
        if payload:
            intent, confidence = payload.group(1), 1.0
            entities = {k: str(v) for k, v in json.loads(payload.group(2) or "{}").items()}
        module, _ = FORMS[self.form]
        self.last_intent = intent
        step = module.answer(self._turn(text, intent, confidence, entities, self.slots.get("requested_slot")))
        if step is None:
            # The dialogue answers the request, then the form asks again (and remembers the message).
            self.slots[LAST_MESSAGE] = text
            return [INTERRUPTED]
        self.slots[LAST_MESSAGE] = text
        return self._after(step)

    def press(self, title_part: str) -> list[str]:
        """Press the button whose title contains `title_part`."""
        button = next(b for b in self.buttons if title_part in b.title)
        return self.say(button.payload)

    def turn(self, text: str, intent: str) -> FormTurn:
        """A message outside any form (for the functions of "my team")."""
        return self._turn(text, intent, 0.95, {}, None)

    def _turn(
        self,
        text: str,
        intent: str | None,
        confidence: float,
        entities: dict[str, str],
        requested: str | None,
        previous_text: str | None = None,
    ) -> FormTurn:
        ask = Ask(event=self.event, lang=self.lang, now=self.now, text=text, index=self.index)
        return FormTurn(
            ask=ask,
            session=self.session,
            user=User(self.channel, self.user_id, self.display_name),
            slots=dict(self.slots),
            requested=requested,
            intent=intent,
            confidence=confidence,
            entities=entities,
            previous_text=previous_text,
        )

    def _after(self, step: Step) -> list[str]:
        assert self.form is not None
        module, required = FORMS[self.form]
        messages = [step.reply.text] if step.reply else []
        self.slots.update(step.slots)
        self.session.flush()
        if not step.close:
            missing = next((slot for slot in required if self.slots.get(slot) is None), None)
            if missing is not None:
                self.slots["requested_slot"] = missing
                turn = self._turn("", self.last_intent, 0.0, {}, missing)
                question = module.question(turn, missing)
                self.buttons = list(question.buttons)
                return [*messages, question.text]
        self.slots["requested_slot"] = None
        closing = list(step.reply.buttons) if step.close and step.reply else []  # e.g. a refusal's
        done = module.finish(self._turn("", None, 0.0, {}, None))
        self.slots.update(done.slots)
        self.form = None
        self.buttons = closing + (list(done.reply.buttons) if done.reply else [])
        return [*messages, *([done.reply.text] if done.reply else [])]
