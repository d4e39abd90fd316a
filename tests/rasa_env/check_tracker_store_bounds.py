"""Run in Rasa's environment: LastSessionTrackerStore's memory stays bounded.

10,000 one-message conversations (a crowd of web visitors, a new cookie each) are saved into a
store capped at 1,000: it keeps the 1,000 most recently active, and the memory it holds (measured
with tracemalloc) after 10,000 is that after 1,000, within 10 %. A conversation idle for longer
than `idle_minutes` is forgotten, an active one kept; by default a conversation keeps its current
session only. Prints "ok" and the figures.
"""

import asyncio
import tracemalloc

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered

from rasa_addons.tracker_store import LastSessionTrackerStore

DOMAIN = Domain.from_dict({"intents": ["greet"], "actions": ["action_greet"]})
CAP = 1000
CONVERSATIONS = 10_000


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def one_message(number: int) -> list:
    return [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered(f"hello {number}", {"name": "greet", "confidence": 1.0}),
        ActionExecuted("action_greet"),
        BotUttered(f"Welcome, visitor {number}! Ask me about the programme."),
        ActionExecuted("action_listen"),
    ]


async def talk(store: LastSessionTrackerStore, sender: str, events: list) -> None:
    tracker = await store.retrieve(sender) or await store.create_tracker(sender, append_action_listen=False)
    tracker.update_with_events(events, DOMAIN, override_timestamp=False)
    await store.save(tracker)


async def bounded() -> str:
    store = LastSessionTrackerStore(DOMAIN, max_conversations=CAP)
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    held_at_cap = 0
    for number in range(CONVERSATIONS):
        await talk(store, f"web-visitor-{number}", one_message(number))
        if number == CAP - 1:
            held_at_cap = tracemalloc.get_traced_memory()[0] - base
    held = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    keys = list(await store.keys())
    assert len(keys) == CAP and keys[-1] == f"web-visitor-{CONVERSATIONS - 1}", len(keys)
    assert await store.retrieve("web-visitor-0") is None  # the least recently active went first
    assert held <= held_at_cap * 1.10, (held, held_at_cap)
    at_cap, at_end = f"{held_at_cap / 1e6:.1f} MB at {CAP}", f"{held / 1e6:.1f} MB at {CONVERSATIONS}"
    return f"{len(keys)} of {CONVERSATIONS} kept, {at_cap}, {at_end}"


async def idle_and_sessions() -> None:
    clock = Clock()
    store = LastSessionTrackerStore(DOMAIN, idle_minutes=60, clock=clock)
    await talk(store, "idle", one_message(1))
    await talk(store, "active", one_message(2))
    clock.now = 45 * 60
    await talk(store, "active", one_message(3))  # a new session, 45 minutes later
    clock.now = 61 * 60
    assert await store.retrieve("idle") is None
    active = await store.retrieve_full_tracker("active")
    assert active is not None
    texts = [e.text for e in active.events if isinstance(e, UserUttered)]
    assert texts == ["hello 3"], texts  # the earlier session is not kept by default
    assert list(await store.keys()) == ["active"]


async def main() -> None:
    figures = await bounded()
    await idle_and_sessions()
    print("ok bounded:", figures)


asyncio.run(main())
