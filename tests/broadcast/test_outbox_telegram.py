"""The outbox worker through python-telegram-bot (bot.telegram.send) against the fake Telegram server.

The issue's test: a broadcast to 2,000 subscribers with 5 % of sends answered 429 and 2 %
answered 500. Each subscriber receives exactly one copy and no send breaks Telegram's limits
(the fake counts every violation); stopping the worker halfway then starting a new one changes
none of that (tests/test_outbox_restart.py, tests/test_outbox_sigterm.py). Limits are scaled
(x30: 900 messages a second; the machine's CPU allows about 350) so a run takes about ten seconds.
"""

from __future__ import annotations

import asyncio
import socket

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

from bot.broadcast.outcomes import Blocked, PermanentFailure, RetryAfter, Sent, TransientFailure
from bot.telegram.send import bot_sender

# python-telegram-bot 22 warns about its own use of `retry_after` whenever it builds a RetryAfter.
pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")


def test_the_adapter_turns_telegram_answers_into_outcomes() -> None:
    async def check(fake: FakeTelegram) -> None:
        async with telegram.Bot(TOKEN, base_url=fake.base_url) as bot:
            send = bot_sender(bot)
            sent = await send(5, "hello <b>not html</b>", ())
            assert isinstance(sent, Sent) and sent.message_id > 0
            with_buttons = await send(
                7, "Question #3", (("Reply", "inbox:reply:3"), ("Set aside", "inbox:dismiss:3"))
            )
            assert isinstance(with_buttons, Sent)
            fake.fail_next("sendMessage", 429, retry_after=3)
            assert await send(5, "x", ()) == RetryAfter(3.0)
            fake.fail_next("sendMessage", 400)
            assert isinstance(await send(5, "x", ()), PermanentFailure)
            fake.fail_next("sendMessage", 500)
            assert isinstance(await send(5, "x", ()), TransientFailure)
            fake.fail_next("sendMessage", 502)
            assert isinstance(await send(5, "x", ()), TransientFailure)
            fake.blocked.add(6)
            blocked = await send(6, "x", ())
            assert isinstance(blocked, Blocked) and "blocked" in blocked.reason

    with FakeTelegram().running() as fake:
        asyncio.run(check(fake))
        (params,) = fake.sent(5)
        assert params["text"] == "hello <b>not html</b>" and "parse_mode" not in params
        assert "reply_markup" not in params
        (question,) = fake.sent(7)
        assert [row[0]["callback_data"] for row in question["reply_markup"]["inline_keyboard"]] == [
            "inbox:reply:3", "inbox:dismiss:3"
        ]  # fmt: skip


def test_a_network_error_is_transient() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def check() -> None:
        bot = telegram.Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot")
        outcome = await bot_sender(bot)(5, "x", ())
        assert isinstance(outcome, TransientFailure)

    asyncio.run(check())


def test_broadcast_to_2000_subscribers_with_429s_and_500s(migrated_db_url: str) -> None:
    chats = private_chats(SUBSCRIBERS)
    engine, event = prepare(migrated_db_url, chats)
    announce(engine, event, TEXT)
    fake = FakeTelegram(limits=Limits(scale=SCALE), failure_rates=FAILURES, seed=7)

    async def broadcast() -> None:
        async with telegram.Bot(TOKEN, base_url=fake.base_url) as bot:
            await load_test_worker(engine, bot).drain()

    with fake.running():
        asyncio.run(broadcast())
    check_each_subscriber_got_one_copy(fake, engine, chats)
    engine.dispose()
