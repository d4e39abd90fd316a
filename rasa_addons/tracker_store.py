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

Configured in `endpoints.yml` (`tracker_store: type: rasa_addons.tracker_store.
LastSessionTrackerStore`); several Rasa instances use Rasa's SQL tracker store instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
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
    """Conversations in memory; a turn reads and writes the events of its session only."""

    def __init__(self, domain: Domain, event_broker: EventBroker | None = None, **kwargs: Any) -> None:
        super().__init__(domain, event_broker, **kwargs)
        # Per conversation: the events (as JSON texts) of the earlier sessions, and of the
        # current one.
        self.earlier: dict[str, list[str]] = {}
        self.current: dict[str, list[str]] = {}

    async def keys(self) -> Iterable[str]:
        return self.current.keys()

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        events = list(tracker.events)
        current = self.current.setdefault(tracker.sender_id, [])
        earlier = self.earlier.setdefault(tracker.sender_id, [])
        start = last_session_start(events)
        if start > 0 and (not current or current[0] != json.dumps(events[start].as_dict())):
            # A session began in this tracker after the stored one: close the stored session
            # with the events that came before the new one.
            earlier.extend(current)
            earlier.extend(json.dumps(event.as_dict()) for event in events[len(current) : start])
            current.clear()
        current.extend(json.dumps(event.as_dict()) for event in events[start + len(current) :])

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The conversation's current session, as Rasa's in-memory store returns it."""
        if sender_id not in self.current:
            return None
        return self._tracker(sender_id, self.current[sender_id])

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        """Every session of the conversation."""
        if sender_id not in self.current:
            return None
        return self._tracker(sender_id, self.earlier[sender_id] + self.current[sender_id])

    def _tracker(self, sender_id: str, events: list[str]) -> DialogueStateTracker:
        return DialogueStateTracker.from_dict(
            sender_id,
            [json.loads(event) for event in events],
            self.domain.slots,
            self.max_event_history,
        )
