"""An in-memory tracker store whose cost per turn is the current conversation session only.

Rasa's `InMemoryTrackerStore` keeps each conversation as one JSON text: every turn parses
and replays the whole of it, then splits it into sessions to return the last one, and writes
back the tracker it was given (so the earlier sessions are forgotten once a new one starts).
A conversation's turns therefore get slower as it grows (measured on hackbot: the in-memory
store's load and save were a quarter of the Rasa server's time at turn 300).

`LastSessionTrackerStore` keeps the conversation split in two: the events of the earlier
sessions, which only `retrieve_full_tracker` (the HTTP API's tracker endpoint) reads, and
those of the current session, which every turn reads. Like Rasa's SQL tracker store, it
treats the tracker it is given to save as the current session as it was retrieved plus new
events, and stores only those new events. A session starts at `action_session_start`, where
Rasa's in-memory store also splits, so `retrieve` returns what Rasa's own store returns.

Bounded: a conversation idle for `idle_minutes` (default a day) is forgotten, and so is the least
recently active one beyond `max_conversations` (default 5,000), so that a crowd of one-message
visitors (a new web cookie each) cannot grow the server without limit; a person who comes back
starts a new conversation, as after a session's expiry. Earlier sessions are kept only when
`keep_earlier_sessions` is set (the HTTP API's full tracker then has them): by default a
conversation holds its current session only.

Configured in `endpoints.yml` (`tracker_store: type: rasa_addons.tracker_store.
LastSessionTrackerStore`, with those settings); several Rasa instances use Rasa's SQL tracker
store instead.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker


def last_session_start(events: list[Event]) -> int:
    """The index of the last `action_session_start` in `events` (0 when there is none)."""
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if isinstance(event, ActionExecuted) and event.action_name == ACTION_SESSION_START_NAME:
            return index
    return 0


class LastSessionTrackerStore(TrackerStore):
    """Conversations in memory, bounded; a turn reads and writes the events of its session only."""

    def __init__(
        self,
        domain: Domain,
        event_broker: EventBroker | None = None,
        *,
        max_conversations: int = 5000,
        idle_minutes: float = 24 * 60,
        keep_earlier_sessions: bool = False,
        clock: Callable[[], float] = time.monotonic,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.max_conversations = int(max_conversations)
        self.idle_seconds = float(idle_minutes) * 60
        self.keep_earlier_sessions = bool(keep_earlier_sessions)
        self.clock = clock
        # Per conversation, least recently active first: the events (as JSON texts) of the
        # current session, and when kept, of the earlier ones; and when it was last active.
        self.current: OrderedDict[str, list[str]] = OrderedDict()
        self.earlier: dict[str, list[str]] = {}
        self.last_active: dict[str, float] = {}

    async def keys(self) -> Iterable[str]:
        self._forget_idle()
        return list(self.current.keys())

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        sender = tracker.sender_id
        events = list(tracker.events)
        current = self.current.setdefault(sender, [])
        start = last_session_start(events)
        if start > 0 and (not current or current[0] != json.dumps(events[start].as_dict())):
            # A session began in this tracker after the stored one: close the stored session
            # with the events that came before the new one.
            if self.keep_earlier_sessions:
                earlier = self.earlier.setdefault(sender, [])
                earlier.extend(current)
                earlier.extend(json.dumps(event.as_dict()) for event in events[len(current) : start])
            current.clear()
        current.extend(json.dumps(event.as_dict()) for event in events[start + len(current) :])
        self._touch(sender)
        self._forget_idle()
        while len(self.current) > self.max_conversations:
            self._forget(next(iter(self.current)))

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The conversation's current session, as Rasa's in-memory store returns it."""
        self._forget_idle()
        if sender_id not in self.current:
            return None
        self._touch(sender_id)
        return self._tracker(sender_id, self.current[sender_id])

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        """Every session of the conversation that is kept (the current one only, by default)."""
        self._forget_idle()
        if sender_id not in self.current:
            return None
        return self._tracker(sender_id, self.earlier.get(sender_id, []) + self.current[sender_id])

    def _touch(self, sender_id: str) -> None:
        self.current.move_to_end(sender_id)
        self.last_active[sender_id] = self.clock()

    def _forget_idle(self) -> None:
        deadline = self.clock() - self.idle_seconds
        while self.current:
            oldest = next(iter(self.current))
            if self.last_active.get(oldest, deadline) > deadline:
                return
            self._forget(oldest)

    def _forget(self, sender_id: str) -> None:
        self.current.pop(sender_id, None)
        self.earlier.pop(sender_id, None)
        self.last_active.pop(sender_id, None)

    def _tracker(self, sender_id: str, events: list[str]) -> DialogueStateTracker:
        return DialogueStateTracker.from_dict(
            sender_id,
            [json.loads(event) for event in events],
            self.domain.slots,
            self.max_event_history,
        )
