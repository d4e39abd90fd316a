"""An outbox worker in a process of its own, stopped by SIGTERM as a service manager stops the gateway.

Usage: python tests/support/outbox_process.py DATABASE_URL BOT_API_BASE_URL SCALE

Sends through python-telegram-bot to the given Bot API (the fake server of a test) until it
receives SIGTERM (or SIGINT), then stops gracefully and prints its statistics as JSON.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import signal
import sys
import warnings

import telegram

from bot.broadcast.limits import RetryPolicy, SendLimits
from bot.broadcast.worker import OutboxWorker
from bot.core.db import make_engine
from bot.telegram.send import bot_sender

TOKEN = "424242:TEST-token"


async def main(url: str, base_url: str, scale: float) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    engine = make_engine(url)
    try:
        async with telegram.Bot(TOKEN, base_url=base_url) as bot:
            worker = OutboxWorker(
                engine,
                bot_sender(bot),
                limits=SendLimits(scale=scale),
                retry=RetryPolicy(max_attempts=8, backoff=1.0),
            )
            print("running", flush=True)
            stats = await worker.run(stop)
    finally:
        engine.dispose()
    print(json.dumps(dataclasses.asdict(stats)), flush=True)
    return 0


if __name__ == "__main__":
    warnings.simplefilter("ignore", DeprecationWarning)
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3]))))
