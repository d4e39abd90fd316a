"""Cheaper work per turn for Rasa Open Source 3.6, without changing any result.

Measured with py-spy on hackbot's stack under load, two pieces of Rasa's own bookkeeping
took about a third of the Rasa server's CPU time:

- **Checking the action server's answers.** Rasa checks every answer against a JSON schema
  with `jsonschema.validate`, which validates the schema itself and builds a new validator on
  every call, and whose event schema is a `oneOf` over the 23 event types: each event is
  checked against all of them. `install_action_result_check()` builds the validators once,
  and checks each event against the schema of its own type only. Each type's schema requires
  its own `event` name (`const`), so an event can match no other, and "matches its own type's
  schema" is exactly "matches exactly one of them". Anything that does not pass goes through
  Rasa's own check, which decides and raises exactly as before.
- **Replaying the session for each policy.** `DialogueStateTracker.applied_events` replays
  the tracker's events (undoing reverted ones) on every call, and one prediction calls it
  about six times on the same events (the processor, each policy, each policy's featurizer).
  `install_applied_events_cache()` keeps the last result on the tracker, keyed by the number
  of events and the identity of the last one: the tracker only ever appends events, so that
  pair changes whenever the result can.
- **Opening a connection for every call to the action server.** `EndpointConfig.request` opens
  a new aiohttp session, and so a new TCP connection, for every request, and closes it after
  (about 5 % of the Rasa server's CPU under load). `install_kept_sessions()` keeps one session
  per endpoint and event loop, open across requests, so connections are kept alive and reused:
  the same request, headers and answer, without the setup. Idle connections are closed by the
  client after 10 s, well before the action server's keep-alive ends, so a request never goes
  to a connection the server has just closed.
- **Finding an event's class by its name.** `Event.resolve_by_type` walks every subclass of
  `Event` (recursively, checking each for abstractness) for every event it reads: every event
  of a tracker loaded from the tracker store, and of every action server answer.
  `install_event_type_cache()` remembers each name's class once found.

Installed by `rasa_addons.runtime.ServerAddons` (listed in `config.yml`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import aiohttp
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

_ORIGINAL_CHECK = "_hackbot_original_validate_action_result"
_ORIGINAL_RESOLVE = "_hackbot_original_resolve_by_type"
_ORIGINAL_APPLIED = "_hackbot_original_applied_events"
_APPLIED = "_hackbot_applied_events"

Validator = Callable[[Any], bool]


def _validator(schema: dict[str, Any]) -> Validator:
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    is_valid: Validator = validator_class(schema).is_valid
    return is_valid


def per_event_type_check(schema: dict[str, Any]) -> Validator | None:
    """A check equivalent to `schema` (Rasa's action response schema) that checks each event
    against its own type's schema only; None when the schema is not shaped as expected."""
    events = schema.get("properties", {}).get("events", {})
    event_schema = events.get("items", {})
    alternatives = event_schema.get("oneOf")
    if events.get("type") != "array" or not alternatives:
        return None
    names = [alternative.get("properties", {}).get("event", {}).get("const") for alternative in alternatives]
    if None in names or len(set(names)) != len(names) or "event" not in event_schema.get("required", []):
        return None
    base = {key: value for key, value in event_schema.items() if key != "oneOf"}
    by_type = {
        name: _validator({"allOf": [base, alternative]})
        for name, alternative in zip(names, alternatives, strict=True)
    }
    outer = {**schema, "properties": {**schema["properties"], "events": {"type": "array"}}}
    outer_valid = _validator(outer)

    def is_valid(result: Any) -> bool:
        if not outer_valid(result):
            return False
        for event in result.get("events") or []:
            check = by_type.get(event.get("event")) if isinstance(event, dict) else None
            if check is None or not check(event):
                return False
        return True

    return is_valid


def install_action_result_check() -> None:
    """Replace `RemoteAction._validate_action_result` by its cheaper equivalent (idempotent)."""
    if hasattr(RemoteAction, _ORIGINAL_CHECK):
        return
    original: Callable[[RemoteAction, dict[str, Any]], bool] = RemoteAction._validate_action_result
    schema = RemoteAction.action_response_format_spec()
    is_valid = per_event_type_check(schema) or _validator(schema)

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        if is_valid(result):
            return True
        return original(self, result)  # raises Rasa's own ValidationError, message and all

    setattr(RemoteAction, _ORIGINAL_CHECK, original)
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


def install_event_type_cache() -> None:
    """Make `Event.resolve_by_type` remember the class found for each name (idempotent)."""
    if hasattr(Event, _ORIGINAL_RESOLVE):
        return
    original = Event.resolve_by_type
    found: dict[str, type[Event]] = {}

    def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
        cls = found.get(type_name)
        if cls is None:
            cls = original(type_name, default)
            if cls is not None and cls is not default:
                found[type_name] = cls
        return cls

    setattr(Event, _ORIGINAL_RESOLVE, original)
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign,assignment]


def install_applied_events_cache() -> None:
    """Make `DialogueStateTracker.applied_events` reuse its last result while the tracker's
    events are unchanged (idempotent). Callers get a list of their own, as before."""
    if hasattr(DialogueStateTracker, _ORIGINAL_APPLIED):
        return
    original: Callable[[DialogueStateTracker], list[Event]] = DialogueStateTracker.applied_events

    def applied_events(self: DialogueStateTracker) -> list[Event]:
        events = self.events
        key = (len(events), id(events[-1]) if events else None)
        held = self.__dict__.get(_APPLIED)
        if held is None or held[0] != key:
            held = (key, events[-1] if events else None, original(self))
            self.__dict__[_APPLIED] = held  # the last event is kept so its id is not reused
        return list(held[2])

    setattr(DialogueStateTracker, _ORIGINAL_APPLIED, original)
    DialogueStateTracker.applied_events = applied_events  # type: ignore[method-assign]


KEPT_CONNECTION_SECONDS = 10.0
_ORIGINAL_SESSION = "_hackbot_original_session"
_SESSIONS = "_hackbot_sessions"


class _LentSession:
    """What `async with endpoint.session() as session` gets: the endpoint's open session, lent
    for the request and not closed after it."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *exc: object) -> None:
        return None


def install_kept_sessions() -> None:
    if hasattr(EndpointConfig, _ORIGINAL_SESSION):
        return
    setattr(EndpointConfig, _ORIGINAL_SESSION, EndpointConfig.session)

    def session(self: EndpointConfig) -> Any:
        loop = asyncio.get_running_loop()
        kept: dict[int, tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession]] = self.__dict__.setdefault(
            _SESSIONS, {}
        )
        held_loop, held = kept.get(id(loop), (None, None))
        if held is None or held.closed or held_loop is not loop:
            # as Rasa's own session() makes it, with a connector that keeps connections
            auth = (
                aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
                if self.basic_auth
                else None
            )
            held = aiohttp.ClientSession(
                headers=self.headers,
                auth=auth,
                timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(keepalive_timeout=KEPT_CONNECTION_SECONDS),
            )
            kept[id(loop)] = (loop, held)
        return _LentSession(held)

    EndpointConfig.session = session  # type: ignore[method-assign]


def install() -> None:
    install_kept_sessions()
    install_action_result_check()
    install_event_type_cache()
    install_applied_events_cache()
