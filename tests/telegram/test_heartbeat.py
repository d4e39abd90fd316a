"""The gateway's heartbeat: the supervisor tells a working gateway from a stuck one by it."""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path

from bot.telegram.heartbeat import MAX_POLL_SILENCE, MAX_SILENCE, alive, beat, write_beat


def test_a_recent_beat_of_the_same_process_that_heard_from_telegram_is_alive(tmp_path: Path) -> None:
    path = tmp_path / "telegram.heartbeat"
    write_beat(path, last_poll=time.time())
    assert alive(path, os.getpid())
    assert not alive(path, os.getpid() + 1)  # a beat left by the process before a restart
    assert not alive(path, os.getpid(), now=time.time() + MAX_SILENCE + 1)  # the loop stopped beating


def test_a_gateway_whose_polls_go_unanswered_is_not_alive_but_a_webhook_one_needs_no_polls(
    tmp_path: Path,
) -> None:
    path = tmp_path / "telegram.heartbeat"
    write_beat(path, last_poll=time.time() - MAX_POLL_SILENCE - 1)
    assert not alive(path, os.getpid())
    write_beat(path, last_poll=None)  # webhook mode
    assert alive(path, os.getpid())


def test_no_file_or_a_damaged_one_is_not_alive(tmp_path: Path) -> None:
    path = tmp_path / "telegram.heartbeat"
    assert not alive(path, os.getpid())
    path.write_text("{")
    assert not alive(path, os.getpid())
    path.write_text(json.dumps({"pid": os.getpid()}))
    assert not alive(path, os.getpid())


def test_the_beat_is_rewritten_until_stopped(tmp_path: Path) -> None:
    path = tmp_path / "run" / "telegram.heartbeat"

    async def scenario() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(beat(path, None, stop))
        await asyncio.sleep(0.05)
        assert alive(path, os.getpid())
        stop.set()
        await asyncio.wait_for(task, 1)

    asyncio.run(scenario())
