"""Databases with subscribers and queued broadcasts, for the outbox tests and the broadcast benchmark.

`prepare(url, chats)` migrates the database at `url`, creates a small event with the given
subscribed chats and returns its engine and the event; `announce(engine, event, text)` queues
an announcement to all of them; `rows(engine)` reads the outbox back. The issue's load test
(2,000 subscribers, 429s and 500s injected by the fake server) shares its settings, its worker
and its checks here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import telegram
from sqlalchemy import Engine, insert, select

from bot.broadcast import announcements
from bot.broadcast.limits import RetryPolicy, SendLimits
from bot.broadcast.worker import OutboxWorker
from bot.core.db import make_engine, session_scope
from bot.core.migrations import upgrade
from bot.core.models import Event, OutboxMessage, Subscriber
from bot.telegram.send import bot_sender
from support.fake_telegram import FakeTelegram

SCALE = 30.0
"""The issue's load test runs Telegram's limits x30 (900 messages a second; the CPU allows ~350)."""
SUBSCRIBERS = 2000
FAILURES = {429: 0.05, 500: 0.02}
TEXT = "The final pitches start at 14:00 in the main hall."


@dataclass(frozen=True)
class Chat:
    chat_id: int
    chat_type: str = "private"
    language: str = "en"


def private_chats(count: int, first: int = 100_001) -> list[Chat]:
    return [Chat(first + i, "private", "fr" if i % 3 == 0 else "en") for i in range(count)]


def prepare(url: str, chats: Iterable[Chat], *, slug: str = "broadcast-test") -> tuple[Engine, Event]:
    assert url, "a database URL is needed (an empty one would mean the configured database)"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        event = Event(
            slug=slug,
            name={"en": "Broadcast test", "fr": "Test de diffusion"},
            organiser={"*": "Tests"},
            timezone="Europe/Paris",
            starts=dt.date(2030, 3, 11),
            ends=dt.date(2030, 3, 12),
            languages=["fr", "en"],
        )
        session.add(event)
        session.flush()
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        rows = [
            {
                "event_id": event.id,
                "chat_id": c.chat_id,
                "chat_type": c.chat_type,
                "language": c.language,
                "subscribed_at": now,
            }
            for c in chats
        ]
        if rows:
            session.execute(insert(Subscriber), rows)
    return engine, event


def announce(engine: Engine, event: Event, text: str = "Lunch is served") -> int:
    """Queue an announcement to every subscriber; its broadcast id."""
    with session_scope(engine) as session:
        return announcements.announce(session, event, text, created_by="cli").id


def rows(engine: Engine) -> list[OutboxMessage]:
    with session_scope(engine) as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def load_test_worker(engine: Engine, bot: telegram.Bot) -> OutboxWorker:
    # The fake answers 429 with retry_after=1 (unscaled): the worker pauses 1/SCALE s.
    return OutboxWorker(
        engine,
        bot_sender(bot),
        limits=SendLimits(scale=SCALE),
        retry=RetryPolicy(max_attempts=8, backoff=1.0),
    )


def check_each_subscriber_got_one_copy(fake: FakeTelegram, engine: Engine, chats: list[Chat]) -> None:
    delivered = Counter(int(p["chat_id"]) for p in fake.sent())
    assert delivered == Counter({c.chat_id: 1 for c in chats})
    assert fake.violations == []
    statuses = Counter(int(c.status) for c in fake.calls_to("sendMessage"))
    assert statuses[429] > 50 and statuses[500] > 20  # the failures did happen
    assert {r.status for r in rows(engine)} == {"sent"}
