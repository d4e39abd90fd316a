"""The issue's test, interrupted: the worker stopped halfway through a broadcast to 2,000 subscribers
(5 % of sends answered 429, 2 % answered 500), then a new worker finishes it. Each subscriber
receives exactly one copy and no send breaks Telegram's limits (tests/test_outbox_sigterm.py:
the same with the worker in a process of its own stopped by SIGTERM).
"""

from __future__ import annotations

import asyncio

import pytest
import telegram
from support.broadcast_setup import (
    FAILURES,
    SCALE,
    SUBSCRIBERS,
    TEXT,
    announce,
    check_each_subscriber_got_one_copy,
    load_test_worker,
    prepare,
    private_chats,
)
from support.fake_telegram import TOKEN, FakeTelegram, Limits

pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")


def test_stopped_halfway_then_restarted_in_the_same_process(migrated_db_url: str) -> None:
    chats = private_chats(SUBSCRIBERS)
    engine, event = prepare(migrated_db_url, chats)
    announce(engine, event, TEXT)
    fake = FakeTelegram(limits=Limits(scale=SCALE), failure_rates=FAILURES, seed=11)

    async def broadcast() -> None:
        async with telegram.Bot(TOKEN, base_url=fake.base_url) as bot:
            stop = asyncio.Event()
            first = asyncio.create_task(load_test_worker(engine, bot).run(stop))
            while len(fake.calls) < SUBSCRIBERS // 2:
                await asyncio.sleep(0.01)
            stop.set()
            stats = await first
            assert 0 < stats.sent < SUBSCRIBERS
            await load_test_worker(engine, bot).drain()

    with fake.running():
        asyncio.run(broadcast())
    check_each_subscriber_got_one_copy(fake, engine, chats)
    engine.dispose()
