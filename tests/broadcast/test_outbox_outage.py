"""The outbox worker survives a database outage: PostgreSQL cut off from the gateway (every
connection dropped, new ones refused, as in a restart), the worker fails, is run again with a
growing pause (`bot.core.supervision`, as the gateway runs it), and once the database is back it
delivers what was announced meanwhile, one copy to each subscriber."""

from __future__ import annotations

import asyncio
import logging
import os
from collections import Counter

import pytest
import telegram
from sqlalchemy.engine import make_url
from support.broadcast_setup import announce, load_test_worker, prepare, private_chats
from support.databases import throwaway_postgres_database
from support.fake_telegram import TOKEN, FakeTelegram, Limits
from support.tcp_proxy import TcpProxy

from bot.core.db import make_engine, normalise_url
from bot.core.supervision import supervised

pytestmark = [pytest.mark.postgres, pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")]


async def until(condition: object, timeout: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():  # type: ignore[operator]
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


def test_the_outbox_worker_survives_a_database_outage_and_delivers_afterwards(
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL (CI does)")
    chats = private_chats(3)
    fake = FakeTelegram(limits=Limits(scale=20))
    with throwaway_postgres_database(normalise_url(server)) as url:
        direct, event = prepare(url, chats)
        target = make_url(url)

        async def scenario() -> int:
            proxy = TcpProxy(target.host or "127.0.0.1", target.port or 5432)
            await proxy.start()
            proxied = make_engine(
                target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
            )
            stop = asyncio.Event()
            async with telegram.Bot(TOKEN, base_url=fake.base_url) as bot:
                task = asyncio.create_task(
                    supervised(
                        "outbox_and_reminders",
                        lambda: load_test_worker(proxied, bot).run(stop),
                        stop,
                        first_delay=0.1,
                        max_delay=1.0,
                    )
                )
                announce(direct, event, "Before the outage")
                await until(lambda: len(fake.sent()) == 3)
                await proxy.cut()
                announce(direct, event, "During the outage")  # the organisers' side still writes
                await until(lambda: any("starting it again" in r.getMessage() for r in caplog.records))
                await asyncio.sleep(0.5)  # a few failed restarts
                await proxy.restore()
                await until(lambda: len(fake.sent()) == 6)
                stop.set()
                restarts = await task
            proxied.dispose()
            await proxy.cut()
            return restarts

        with caplog.at_level(logging.INFO, logger="bot.core.supervision"), fake.running():
            restarts = asyncio.run(scenario())
        direct.dispose()
    assert restarts >= 1
    texts = Counter((int(p["chat_id"]), p["text"]) for p in fake.sent())
    assert texts == Counter(
        {(c.chat_id, text): 1 for c in chats for text in ("Before the outage", "During the outage")}
    )
