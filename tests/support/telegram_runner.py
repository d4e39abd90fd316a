"""The Telegram gateway run in a thread of the test process, as `hackbot telegram` runs it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bot.telegram.app import build_application, run
from bot.telegram.config import TelegramConfig
from support.fake_telegram import FakeTelegram


@contextmanager
def running_gateway(
    config: TelegramConfig,
    fake: FakeTelegram,
    ready: str = "setMyCommands",
    calls: int = 3,
    **build: Any,
) -> Iterator[None]:
    """The gateway's application run in a thread (as `hackbot telegram` runs it) until the block ends.

    Ready once its start has made `calls` calls of the `ready` method: the command menu is set at
    the end of its start, before polling (updates pushed from then on are fetched by the first
    poll; the fake records a getUpdates call only when its long poll ends)."""
    application = build_application(config, **build)
    loop = asyncio.new_event_loop()
    failures: list[BaseException] = []

    def serve() -> None:
        asyncio.set_event_loop(loop)
        try:
            run(application, config, handle_signals=False)
        except BaseException as error:
            failures.append(error)

    seen = len(fake.calls_to(ready))
    thread = threading.Thread(target=serve, name="telegram-gateway", daemon=True)
    thread.start()
    fake.wait_for(lambda: bool(failures) or len(fake.calls_to(ready)) >= seen + calls, timeout=30)
    try:
        yield
    finally:
        if not loop.is_closed():
            loop.call_soon_threadsafe(application.stop_running)
        thread.join(30)
        assert not thread.is_alive(), "the gateway did not stop"
    if failures:
        raise failures[0]
