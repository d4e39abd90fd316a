"""Run in Rasa's environment: with `sessions.install(3)`, Rasa's processor ends a session that
holds three user messages, form or no form, unless sessions are disabled; it still ends one
after the silence `session_expiration_time` gives."""

import time
from types import SimpleNamespace

from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_addons import sessions


def domain(expiration_minutes: float) -> Domain:
    return Domain.from_dict(
        {
            "intents": ["greet"],
            "forms": {"team_form": {"required_slots": []}},
            "session_config": {"session_expiration_time": expiration_minutes},
        }
    )


def tracker(messages: int, *, form: bool = False, seconds_ago: float = 0.0) -> DialogueStateTracker:
    events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    for index in range(messages):
        events.append(UserUttered(f"m{index}", {"name": "greet"}, timestamp=time.time() - seconds_ago))
        events.append(ActionExecuted("action_listen"))
    if form:
        events.insert(-1, ActiveLoop("team_form"))
    return DialogueStateTracker.from_events("someone", events)


def expired(d: Domain, t: DialogueStateTracker) -> bool:
    return MessageProcessor._has_session_expired(SimpleNamespace(domain=d), t)  # type: ignore[arg-type]


sixty = domain(60)
assert not expired(sixty, tracker(5)), "before: length alone never ends a session"
sessions.install(3)
sessions.install(3)  # idempotent: wraps Rasa's own check once
assert not expired(sixty, tracker(2))
assert expired(sixty, tracker(3))
assert expired(sixty, tracker(3, form=True)), "a form is carried over to the new session"
assert not expired(domain(0), tracker(7)), "sessions disabled stay disabled"
assert expired(sixty, tracker(1, seconds_ago=3601)), "silence still ends a session"
assert not expired(sixty, tracker(1, seconds_ago=60))
try:
    sessions.install(0)
except ValueError:
    pass
else:
    raise AssertionError("max_turns 0 is refused")
print("ok")
