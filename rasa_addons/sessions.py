"""Conversation sessions of bounded length.

Rasa starts a new conversation session only after a silence (`session_expiration_time` in
`domain.yml`). A participant who keeps asking builds one session that grows without end, and
much of Rasa's work per turn grows with it: reading and writing the session in the tracker
store, replaying it into dialogue states for the policies, and sending it to the action
server on every call. Measured on hackbot, a turn took 17 times longer at turn 300 than at
turn 10.

`install(max_turns)` makes Rasa also consider a session over once it holds `max_turns` user
messages. The next message then opens a new session through Rasa's own path
(`action_session_start`: hackbot's carries the slots and the form in progress over), so a
long conversation costs what a short one does, a form left open among many questions
included. The policies lose nothing: hackbot's rules and stories look at most three turns
back (`max_history: 3` in `config.yml`), and none is conditioned on the conversation's start.
"""

from __future__ import annotations

from collections.abc import Callable

from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

_ORIGINAL = "_hackbot_original_has_session_expired"


def is_long(tracker: DialogueStateTracker, max_turns: int) -> bool:
    """Whether the tracker's session holds `max_turns` user messages."""
    turns = sum(isinstance(event, UserUttered) for event in tracker.applied_events())
    return turns >= max_turns


def install(max_turns: int) -> None:
    """Make `MessageProcessor` end long sessions as well as expired ones (idempotent)."""
    if max_turns < 1:
        raise ValueError(f"max_turns must be at least 1, not {max_turns}")
    original: Callable[[MessageProcessor, DialogueStateTracker], bool] = getattr(
        MessageProcessor, _ORIGINAL, MessageProcessor._has_session_expired
    )

    def has_session_expired(self: MessageProcessor, tracker: DialogueStateTracker) -> bool:
        if original(self, tracker):
            return True
        return self.domain.session_config.are_sessions_enabled() and is_long(tracker, max_turns)

    setattr(MessageProcessor, _ORIGINAL, original)
    MessageProcessor._has_session_expired = has_session_expired  # type: ignore[method-assign]
