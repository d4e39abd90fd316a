"""The issue's test with the worker in a process of its own (tests/outbox_process.py), stopped by
SIGTERM halfway through a broadcast to 2,000 subscribers (5 % of sends answered 429, 2 % answered
500), as a service manager stops the gateway; a new worker then finishes the broadcast.

The stopped process must have written down every message it had sent (its count equals the fake
server's) and left nothing leased, so each subscriber receives exactly one copy.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import signal
import subprocess
import sys
from pathlib import Path

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
    rows,
)
from support.fake_telegram import TOKEN, FakeTelegram, Limits

pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")
PROCESS = Path(__file__).resolve().parents[1] / "support" / "outbox_process.py"


def test_a_worker_process_stopped_by_sigterm_halfway_then_a_new_one(migrated_db_url: str) -> None:
    chats = private_chats(SUBSCRIBERS)
    engine, event = prepare(migrated_db_url, chats)
    announce(engine, event, TEXT)
    fake = FakeTelegram(limits=Limits(scale=SCALE), failure_rates=FAILURES, seed=13)
    with fake.running():
        process = subprocess.Popen(
            [sys.executable, str(PROCESS), migrated_db_url, fake.base_url, str(SCALE)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            fake.wait_for(lambda: len(fake.calls) >= SUBSCRIBERS // 2, timeout=60)
            process.send_signal(signal.SIGTERM)
            out, _ = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        assert process.returncode == 0
        stats = json.loads(out.strip().splitlines()[-1])
        halfway = len(fake.sent())
        assert stats["sent"] == halfway and 0 < halfway < SUBSCRIBERS
        # Nothing is left leased: what was not sent can be taken at once by the next worker.
        soon = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(seconds=5)
        assert all(r.next_attempt_at <= soon for r in rows(engine) if r.status == "pending")

        async def finish() -> None:
            async with telegram.Bot(TOKEN, base_url=fake.base_url) as bot:
                await load_test_worker(engine, bot).drain()

        asyncio.run(finish())
    check_each_subscriber_got_one_copy(fake, engine, chats)
    engine.dispose()
