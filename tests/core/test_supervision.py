"""`supervised`: a background loop runs again after each error, with a pause that grows."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.core.supervision import supervised


def test_a_failing_loop_runs_again_with_growing_pauses_until_it_ends(
    caplog: pytest.LogCaptureFixture,
) -> None:
    runs: list[int] = []

    async def flaky() -> None:
        runs.append(len(runs))
        if len(runs) <= 3:
            raise ConnectionError("the database restarts")

    with caplog.at_level(logging.INFO, logger="bot.core.supervision"):
        restarts = asyncio.run(supervised("the outbox worker", flaky, asyncio.Event(), first_delay=0.01))
    assert (restarts, len(runs)) == (3, 4)
    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in failures] == [
        f"the outbox worker failed; starting it again in {pause} s" for pause in ("0.01", "0.02", "0.04")
    ]
    assert all(r.exc_info and isinstance(r.exc_info[1], ConnectionError) for r in failures)


def test_the_pause_doubles_up_to_its_ceiling() -> None:
    pauses: list[float] = []

    async def scenario() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        last = loop.time()

        async def failing() -> None:
            nonlocal last
            now = loop.time()
            pauses.append(now - last)
            last = now
            if len(pauses) == 5:
                stop.set()
            raise RuntimeError("still down")

        await supervised("x", failing, stop, first_delay=0.02, max_delay=0.08)

    asyncio.run(scenario())
    gaps = pauses[1:]
    assert [round(g, 2) >= want for g, want in zip(gaps, (0.02, 0.04, 0.08, 0.08), strict=True)] == [True] * 4
    assert gaps[-1] < 0.3


def test_stopping_during_a_pause_ends_the_loop_at_once() -> None:
    async def scenario() -> tuple[int, float]:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()

        async def failing() -> None:
            loop.call_later(0.05, stop.set)
            raise RuntimeError("down")

        started = loop.time()
        restarts = await supervised("x", failing, stop, first_delay=30)
        return restarts, loop.time() - started

    restarts, took = asyncio.run(scenario())
    assert restarts == 0 and took < 5
