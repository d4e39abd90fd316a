"""The vector of the message Rasa has just read, handed to the action server with the tracker.

`SemanticIntents` embeds every message with the sentence encoder to read its intent; the action
server then searches the event's index with the same message and the same encoder. Embedding a
message is most of the cost of reading it (about 20 ms of a core on this project's machine), so
Rasa hands its vector over: each call to the action server carries it in the tracker's
`latest_message` under `HANDED_VECTOR_KEY` (the model's name and the float32 values in
base64; `bot.understanding.encoder.handed_vector`), and the action server takes it for that
text instead of embedding it again (`actions.answering`).

Only the request carries it: the tracker's own events, which the tracker store keeps, are left as
they are (the request's `latest_message` is a copy). A message Rasa did not embed (a button's
payload) or no longer remembers carries nothing, and the action server embeds it itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa.core.actions.action import RemoteAction

from bot.understanding.encoder import HANDED_VECTOR_KEY, CachedEncoder, handed_vector

_ORIGINAL = "_hackbot_original_action_call_format"
_holder: list[CachedEncoder] = []


def share(encoder: CachedEncoder) -> None:
    """The encoder whose remembered messages are handed over (SemanticIntents' own)."""
    _holder[:] = [encoder]


def with_vector(body: dict[str, Any]) -> dict[str, Any]:
    """The action server's request with the latest message's vector, when it is known."""
    tracker = body.get("tracker")
    latest = tracker.get("latest_message") if isinstance(tracker, dict) else None
    if not _holder or not isinstance(latest, dict) or not isinstance(latest.get("text"), str):
        return body
    vector = _holder[0].known_query(latest["text"])
    if vector is None:
        return body
    tracker = {
        **tracker,
        "latest_message": {**latest, HANDED_VECTOR_KEY: handed_vector(_holder[0].name, vector)},
    }
    return {**body, "tracker": tracker}


def install() -> None:
    """Hand the vector over in every call to the action server (once per process)."""
    if hasattr(RemoteAction, _ORIGINAL):
        return
    original: Callable[..., dict[str, Any]] = RemoteAction._action_call_format
    setattr(RemoteAction, _ORIGINAL, original)

    def _action_call_format(self: RemoteAction, tracker: Any, domain: Any) -> dict[str, Any]:
        return with_vector(original(self, tracker, domain))

    RemoteAction._action_call_format = _action_call_format  # type: ignore[method-assign]
