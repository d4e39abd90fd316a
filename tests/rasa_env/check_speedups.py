"""Run in Rasa's environment: the cheaper checks and look-ups give exactly Rasa's own results.

The action-result check is compared with Rasa's on answers valid and invalid in every way the
schema can tell (each event type, unknown types, wrong field types, missing fields, not a
list...): the same verdict and, when rejected, the same error message. The event-type cache
gives the same class (or error) as Rasa's look-up for every event type name and unknown ones.
"""

import copy

import jsonschema
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

from rasa_addons.speedups import install

action = RemoteAction("action_now", None)
EVENTS = [
    {"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet"}, "entities": []}},
    {"event": "user", "text": "hi", "parse_data": {"entities": [{"entity": "x", "value": "y", "start": 0}]}},
    {"event": "action", "name": "action_now", "policy": None, "confidence": 0.9},
    {"event": "slot", "name": "language", "value": "fr", "timestamp": None},
    {"event": "slot", "name": "language", "value": None, "metadata": {"a": 1}},
    {"event": "entities", "entities": [{"entity": "x", "value": "y"}]},
    {"event": "active_loop", "name": "team_form"},
    {"event": "active_loop", "name": None},
    {"event": "followup", "name": "action_now"},
    {"event": "bot", "text": "hello", "data": {}},
    {"event": "session_started"},
    {"event": "restart"},
    {"event": "rewind"},
    {"event": "undo"},
    {"event": "reset_slots"},
    {"event": "pause"},
    {"event": "resume"},
    {"event": "action_execution_rejected", "name": "team_form"},
    {"event": "loop_interrupted", "is_interrupted": True},
    {"event": "form_validation", "validate": False},
    {"event": "reminder", "intent": "x", "date_time": "2027-01-01T00:00:00"},
    {"event": "cancel_reminder"},
    {"event": "export"},
    {"event": "agent", "text": "x"},
    {"event": "form", "name": "f"},
    {"event": "user_featurization", "use_text_for_featurization": True},
]
BROKEN_EVENTS = [
    {"event": 42},
    {"event": "no_such_event"},
    {"name": "language", "value": "fr"},
    {"event": "slot", "value": "fr"},
    {"event": "slot", "name": 3, "value": "fr"},
    {"event": "slot", "name": "language"},
    {"event": "slot", "name": "language", "value": "fr", "timestamp": "yesterday"},
    {"event": "slot", "name": "language", "value": "fr", "metadata": "no"},
    {"event": "entities"},
    {"event": "entities", "entities": [{"entity": "x"}]},
    {"event": "user", "text": "hi", "parse_data": {"entities": [{"value": "y"}]}},
    "slot",
    None,
]
ANSWERS = [{"events": [event], "responses": [{"text": "x"}]} for event in EVENTS + BROKEN_EVENTS]
ANSWERS += [
    {"events": EVENTS, "responses": []},
    {"events": [*EVENTS, BROKEN_EVENTS[1]], "responses": []},
    {},
    {"events": []},
    {"events": "not a list"},
    {"events": {"event": "slot"}},
    {"responses": "not a list"},
    {"responses": ["not an object"]},
    {"events": [], "responses": [{"text": "x"}], "extra": 1},
    [],
    "answer",
]


def verdict(result: object) -> object:
    try:
        return action._validate_action_result(copy.deepcopy(result))
    except jsonschema.ValidationError as error:
        return "rejected: " + error.message


def resolved(name: str) -> object:
    try:
        return Event.resolve_by_type(name), Event.resolve_by_type(name, default=Event)
    except ValueError as error:
        return str(error)


NAMES = [cls.type_name for cls in all_subclasses(Event)] + ["no_such_event", "topic", "user"]
before = [verdict(answer) for answer in ANSWERS]
names_before = [resolved(name) for name in NAMES]
original = RemoteAction._validate_action_result
install()
assert RemoteAction._validate_action_result is not original, "the cheaper check is installed"
install()  # idempotent
after = [verdict(answer) for answer in ANSWERS]
names_after = [resolved(name) for name in NAMES] + [resolved(name) for name in NAMES]
for answer, one, other in zip(ANSWERS, before, after, strict=True):
    assert one == other, (answer, one, other)
assert names_after == names_before * 2
rasas_validate = jsonschema.validate


def not_called(*args: object, **kwargs: object) -> None:
    raise AssertionError("a valid answer went through Rasa's slow check")


jsonschema.validate = not_called
assert all(verdict(answer) is True for answer, one in zip(ANSWERS, before, strict=True) if one is True)
jsonschema.validate = rasas_validate
assert sum(v is True for v in before) >= len(EVENTS) + 3, "the valid answers are valid"
assert sum(v is not True for v in before) >= len(BROKEN_EVENTS) + 5, "the broken ones are not"
print("ok", len(ANSWERS))

# applied_events: the same list as Rasa's after every event appended, through restarts, new
# sessions, reverted actions and utterances, and a form's loop; callers get their own list.
from rasa.shared.core.events import (  # noqa: E402
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402

rasas_applied = DialogueStateTracker._hackbot_original_applied_events
story = [
    ActionExecuted("action_session_start"),
    SessionStarted(),
    ActionExecuted("action_listen"),
    UserUttered("hi", {"name": "greet"}),
    ActionExecuted("action_greet"),
    ActionReverted(),
    ActionExecuted("action_listen"),
    UserUttered("register", {"name": "register_team"}),
    ActionExecuted("team_form"),
    ActiveLoop("team_form"),
    SlotSet("requested_slot", "team_name"),
    ActionExecuted("action_listen"),
    UserUttered("Reef", {"name": "inform"}),
    ActionExecuted("team_form"),
    SlotSet("team_name", "Reef"),
    ActionExecuted("action_listen"),
    UserUttered("oops", {"name": "inform"}),
    UserUtteranceReverted(),
    UserUttered("when is lunch", {"name": "ask_session"}),
    ActionExecuted("team_form"),
    ActionExecuted("action_session"),
    ActionExecuted("team_form"),
    ActiveLoop(None),
    ActionExecuted("action_listen"),
    Restarted(),
    ActionExecuted("action_listen"),
    UserUttered("bye", {"name": "goodbye"}),
]
for max_history in (None, 5):
    tracker = DialogueStateTracker("someone", [], max_event_history=max_history)
    for event in story:
        tracker.update(event)
        expected = rasas_applied(tracker)
        assert tracker.applied_events() == expected, (event, max_history)
        tracker.applied_events().clear()  # a caller changing its list changes nobody else's
        assert tracker.applied_events() == expected
print("ok applied events")

# Kept sessions: requests to an endpoint (a real HTTP server on localhost) give the same answers,
# with their headers and token, over one connection kept open, not one connection each.
import asyncio  # noqa: E402

from aiohttp import web  # noqa: E402
from rasa.utils.endpoints import EndpointConfig  # noqa: E402

from rasa_addons.speedups import install_kept_sessions  # noqa: E402


async def kept_sessions() -> None:
    peers: list[object] = []

    async def webhook(request: web.Request) -> web.Response:
        peers.append(request.transport.get_extra_info("peername") if request.transport else None)
        body = await request.json()
        return web.json_response(
            {"echo": body, "secret": request.headers.get("X-Secret"), "token": request.query.get("token")}
        )

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers={"X-Secret": "s"}, token="t")
    install_kept_sessions()  # installed already (install() above): once only
    kept_session = EndpointConfig.session
    EndpointConfig.session = EndpointConfig._hackbot_original_session  # type: ignore[attr-defined]
    before = [await endpoint.request(json={"n": n}, method="post") for n in range(3)]
    EndpointConfig.session = kept_session  # type: ignore[method-assign]
    after = [await endpoint.request(json={"n": n}, method="post") for n in range(3)]
    assert before == after == [{"echo": {"n": n}, "secret": "s", "token": "t"} for n in range(3)], after
    assert len(set(peers[:3])) == 3, peers  # Rasa's own: a connection a request
    assert len(set(peers[3:])) == 1, peers  # kept: one connection for the three
    for _, session in endpoint.__dict__["_hackbot_sessions"].values():
        await session.close()
    await runner.cleanup()


asyncio.run(kept_sessions())
print("ok kept sessions")
