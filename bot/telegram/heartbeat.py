"""The gateway's heartbeat: how `hackbot serve` tells a working gateway from a hung one.

Run under `hackbot serve`, the gateway is given a file (`HEARTBEAT_VARIABLE`) and rewrites it
every `BEAT_EVERY` seconds from its event loop with its pid and the time Telegram last answered
one of its polls (`PollWatch`, the request object of its getUpdates calls). The supervisor
reads it (`alive`): a file older than `MAX_SILENCE` (the loop is stuck, the process stopped) or
polls unanswered for `MAX_POLL_SILENCE` (long polling wedged) and the gateway is restarted. With
a webhook there are no polls, and only the loop's beat counts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from pathlib import Path
from typing import Any

from telegram.request import HTTPXRequest

HEARTBEAT_VARIABLE = "HACKBOT_HEARTBEAT_FILE"
BEAT_EVERY = 5.0
MAX_SILENCE = 20.0
MAX_POLL_SILENCE = 90.0
"""Long polls last 10 s (python-telegram-bot's default): 90 s without one answered is wedged."""


class PollWatch(HTTPXRequest):
    """The getUpdates requests' transport, noting when Telegram last answered one (HTTP 200)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(connection_pool_size=1, **options)
        self.last_answer = time.time()  # a poll is due within its timeout of the start

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        status, payload = await super().do_request(*args, **kwargs)
        if status == 200:
            self.last_answer = time.time()
        return status, payload


def write_beat(path: Path, last_poll: float | None) -> None:
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(json.dumps({"pid": os.getpid(), "at": time.time(), "last_poll": last_poll}))
    partial.replace(path)


async def beat(path: Path, watch: PollWatch | None, stop: asyncio.Event) -> None:
    """Rewrite the heartbeat every `BEAT_EVERY` seconds until `stop` is set."""
    path.parent.mkdir(parents=True, exist_ok=True)
    while not stop.is_set():
        write_beat(path, watch.last_answer if watch else None)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), BEAT_EVERY)


def alive(path: Path, pid: int, now: float | None = None) -> bool:
    """Whether the gateway `pid` beat recently and (when it polls) heard from Telegram recently."""
    now = time.time() if now is None else now
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        if int(state["pid"]) != pid or now - float(state["at"]) > MAX_SILENCE:
            return False
        last_poll = state.get("last_poll")
        return last_poll is None or now - float(last_poll) <= MAX_POLL_SILENCE
    except (OSError, ValueError, KeyError, TypeError):
        return False
