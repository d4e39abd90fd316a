"""Broadcast throughput: the achieved send rate as a fraction of Telegram's allowed rate.

Usage: .venv/bin/python bench/broadcast.py [--subscribers 10000] [--scale 6] [--latency 0.02]
                                           [--failures] [--json]

Queues one announcement to N subscribers (a temporary SQLite database) and drains it with the
outbox worker through python-telegram-bot, against the fake Telegram server of the tests
(tests/fake_telegram.py) with every limit multiplied by `--scale` (x6: 180 messages a second
allowed, so 10,000 messages take about a minute) and `--latency` seconds per sendMessage.
`--failures` injects the issue's failures (5 % of sends answered 429, 2 % answered 500).

Prints the achieved rate (delivered messages over the time from the first send to the last
delivery), the allowed rate, their ratio, the fake server's limit violations, and duplicated
and lost messages. The worker deliberately stays 10 % under the limit (`SendLimits.margin`), so
0.90 is the most it aims for. Exits 1 only if a subscriber got no copy or more than one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import telegram  # noqa: E402
from support.broadcast_setup import Chat, announce, prepare, private_chats  # noqa: E402
from support.fake_telegram import TOKEN, FakeTelegram, Limits  # noqa: E402

from bot.broadcast.limits import RetryPolicy, SendLimits  # noqa: E402
from bot.broadcast.worker import OutboxWorker  # noqa: E402
from bot.telegram.send import bot_sender  # noqa: E402

GROUPS = 20


def measure(subscribers: int, scale: float, latency: float, failures: bool) -> dict[str, object]:
    chats = [*private_chats(subscribers - GROUPS), *(Chat(-1_000_000 - i, "group") for i in range(GROUPS))]
    with tempfile.TemporaryDirectory() as folder:
        engine, event = prepare(f"sqlite:///{folder}/bench.sqlite3", chats)
        announce(engine, event, "The final pitches start at 14:00 in the main hall.")
        fake = FakeTelegram(
            limits=Limits(scale=scale),
            failure_rates={429: 0.05, 500: 0.02} if failures else {},
            latency=latency,
        )
        limits = SendLimits(scale=scale)

        async def drain() -> dict[str, int]:
            async with telegram.Bot(TOKEN, base_url=fake.base_url) as bot:
                worker = OutboxWorker(
                    engine, bot_sender(bot), limits=limits, retry=RetryPolicy(max_attempts=8, backoff=1.0)
                )
                stats = await worker.drain()
            return {"retried": stats.retried, "rate_limited": stats.rate_limited, "failed": stats.failed}

        started = time.monotonic()
        with fake.running():
            stats = asyncio.run(drain())
        elapsed = time.monotonic() - started
        engine.dispose()
    sends = fake.calls_to("sendMessage")
    delivered_at = [c.at for c in sends if c.status == 200]
    span = max(delivered_at) - min(c.at for c in sends) if delivered_at else 0.0
    copies = Counter(int(p["chat_id"]) for p in fake.sent())
    achieved = len(delivered_at) / span if span else 0.0
    return {
        "subscribers": subscribers,
        "scale": scale,
        "latency_s": latency,
        "injected_failures": failures,
        "elapsed_s": round(elapsed, 1),
        "delivered": len(delivered_at),
        "achieved_rate": round(achieved, 1),
        "allowed_rate": limits.allowed_rate,
        "fraction_of_allowed": round(achieved / limits.allowed_rate, 3),
        "worker_target_fraction": round(limits.global_rate / limits.allowed_rate, 3),
        "violations": len(fake.violations),
        "duplicates": sum(1 for n in copies.values() if n > 1),
        "lost": sum(1 for c in chats if copies[c.chat_id] == 0),
        "http_429": sum(1 for c in sends if c.status == 429),
        "http_5xx": sum(1 for c in sends if c.status >= 500),
        **stats,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--scale", type=float, default=6.0, help="multiply Telegram's limits (default 6)")
    parser.add_argument("--latency", type=float, default=0.02, help="seconds per sendMessage (default 0.02)")
    parser.add_argument("--failures", action="store_true", help="inject 5 %% 429s and 2 %% 500s")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    warnings.simplefilter("ignore", DeprecationWarning)  # python-telegram-bot's own retry_after
    result = measure(args.subscribers, args.scale, args.latency, args.failures)
    if args.json:
        print(json.dumps(result))
    else:
        failures = "with 5 % 429s and 2 % 500s injected" if args.failures else "no failures injected"
        print(
            f"{result['delivered']} of {result['subscribers']} messages delivered in {result['elapsed_s']} s"
            f" (limits x{args.scale:g}, {args.latency * 1000:g} ms latency, {failures})"
        )
        print(
            f"achieved {result['achieved_rate']}/s of {result['allowed_rate']:g}/s allowed:"
            f" {result['fraction_of_allowed']:.3f} of the allowed rate"
            f" (the worker aims at {result['worker_target_fraction']:.2f})"
        )
        print(
            f"limit violations {result['violations']}, duplicates {result['duplicates']},"
            f" lost {result['lost']}; 429 answers {result['http_429']}, 5xx {result['http_5xx']},"
            f" retries {result['retried']}"
        )
    return 1 if result["duplicates"] or result["lost"] else 0


if __name__ == "__main__":
    sys.exit(main())
