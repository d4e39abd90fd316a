"""Background loops that survive their errors: run again after a pause that grows, and say so.

The Telegram gateway runs the outbox worker and the reminders for as long as it runs. A database
restart, a network cut or a bug in one message must not leave announcements pending until
someone restarts the gateway: `supervised` runs the loop again after `first_delay` seconds,
doubling the pause after each failure up to `max_delay`, back to `first_delay` once a run lasted
longer than `max_delay`. Every failure is logged with its traceback and the pause.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress

logger = logging.getLogger(__name__)


async def supervised(
    name: str,
    run: Callable[[], Awaitable[object]],
    stop: asyncio.Event,
    *,
    first_delay: float = 1.0,
    max_delay: float = 60.0,
) -> int:
    """Run `run()` until it returns or `stop` is set, running it again after each error; the
    number of restarts."""
    delay = first_delay
    restarts = 0
    while not stop.is_set():
        started = time.monotonic()
        try:
            await run()
            return restarts
        except asyncio.CancelledError:
            raise
        except Exception:
            if time.monotonic() - started > max_delay:
                delay = first_delay
            logger.exception("%s failed; starting it again in %.3g s", name, delay)
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
        if stop.is_set():
            break
        restarts += 1
        logger.info("%s: restart %d", name, restarts)
        delay = min(delay * 2, max_delay)
    return restarts
