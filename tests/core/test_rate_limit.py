"""The token bucket that limits how fast one visitor of the web page may chat."""

from __future__ import annotations

import pytest

from bot.core.rate_limit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_passes_then_the_next_message_waits_its_turn() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=6, burst=3, clock=clock)
    assert [limiter.wait("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.wait("a") == pytest.approx(10.0)  # one message every 10 s
    clock.now += 4
    assert limiter.wait("a") == pytest.approx(6.0)
    clock.now += 6
    assert limiter.wait("a") == 0.0
    assert limiter.wait("a") == pytest.approx(10.0)


def test_visitors_are_limited_separately() -> None:
    limiter = RateLimiter(per_minute=1, burst=1, clock=Clock())
    assert limiter.wait("a") == 0.0
    assert limiter.wait("a") > 0
    assert limiter.wait("b") == 0.0


def test_a_quiet_visitor_gets_the_whole_burst_back_and_old_visitors_are_forgotten() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=2, clock=clock)
    for visitor in range(1500):
        limiter.wait(str(visitor))
    clock.now += 10
    assert [limiter.wait("0") for _ in range(2)] == [0.0, 0.0]
    assert len(limiter._buckets) <= 1001


def test_a_limit_must_allow_something() -> None:
    with pytest.raises(ValueError):
        RateLimiter(per_minute=0, burst=1)
    with pytest.raises(ValueError):
        RateLimiter(per_minute=10, burst=0)
