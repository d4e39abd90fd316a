"""Run in Rasa's environment: LastSessionTrackerStore returns the current session as Rasa's
in-memory store does, and keeps the whole conversation.

A conversation of three sessions is played turn by turn as Rasa's processor plays it
(retrieve, add the turn's events, save) into both stores. After every turn both return the
same current session, and ours returns every event played as the full tracker (Rasa's own
in-memory store writes back only the session it returned, so it forgets the earlier ones). A
tracker saved twice, and a full tracker saved back, add nothing twice.
"""

import asyncio

from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)

from rasa_addons.tracker_store import LastSessionTrackerStore

DOMAIN = Domain.from_dict(
    {
        "intents": ["greet"],
        "slots": {"language": {"type": "text", "mappings": [{"type": "custom"}]}},
        "actions": ["action_greet"],
    }
)
SENDER = "someone"


def session_start(turn: int) -> list[Event]:
    return [
        SlotSet("session_started_metadata", {"turn": turn}),
        ActionExecuted("action_session_start"),
        SessionStarted(),
        SlotSet("language", "fr" if turn % 2 else "en"),
        ActionExecuted("action_listen"),
    ]


def turn_events(turn: int) -> list[Event]:
    return [
        UserUttered(f"message {turn}", {"name": "greet", "confidence": 1.0}),
        ActionExecuted("action_greet"),
        BotUttered(f"answer {turn}"),
        ActionExecuted("action_listen"),
    ]


def dicts(tracker: object) -> list[dict]:
    return [event.as_dict() for event in tracker.events]  # type: ignore[attr-defined]


async def main() -> None:
    ours, rasas = LastSessionTrackerStore(DOMAIN, keep_earlier_sessions=True), InMemoryTrackerStore(DOMAIN)
    assert await ours.retrieve(SENDER) is None and await ours.retrieve_full_tracker(SENDER) is None
    for store in (ours, rasas):
        await store.create_tracker(SENDER, append_action_listen=False)
    checked, played = 0, []
    for turn in range(1, 13):
        # a session every four turns, as the processor starts one
        events = (session_start(turn) if turn % 4 == 1 else []) + turn_events(turn)
        played += [event.as_dict() for event in events]
        for store in (ours, rasas):
            tracker = await store.retrieve(SENDER)
            tracker.update_with_events(events, DOMAIN, override_timestamp=False)
            await store.save(tracker)
            if turn % 3 == 0:
                await store.save(tracker)  # saved twice: nothing is added twice
        assert dicts(await ours.retrieve(SENDER)) == dicts(await rasas.retrieve(SENDER)), turn
        assert dicts(await ours.retrieve_full_tracker(SENDER)) == played, turn
        checked += 1
    current = await ours.retrieve(SENDER)
    assert current.events[0] == ActionExecuted("action_session_start") and len(current.events) == 20
    assert current.get_slot("language") == "fr"
    await ours.save(await ours.retrieve_full_tracker(SENDER))  # a full tracker saved back
    assert dicts(await ours.retrieve_full_tracker(SENDER)) == played
    assert list(await ours.keys()) == [SENDER] and await ours.exists(SENDER)
    print("ok", checked)


asyncio.run(main())
