"""Event-local time: the real clock in the event's zone, or the fixed `HACKBOT_NOW`."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.core.clock import now_in


def test_hackbot_now_fixes_the_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HACKBOT_NOW", "2021-09-21T14:30")
    assert now_in("Europe/Luxembourg") == dt.datetime(2021, 9, 21, 14, 30)
    assert now_in("America/New_York") == dt.datetime(2021, 9, 21, 14, 30)  # already event-local


@pytest.mark.parametrize("value", ["tomorrow", "2021-09-21", "21/09/2021 14:30", "2021-13-01T10:00"])
def test_invalid_hackbot_now_names_the_variable(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("HACKBOT_NOW", value)
    with pytest.raises(ValueError, match="HACKBOT_NOW"):
        now_in("Europe/Paris")


def test_real_clock_gives_naive_wall_time_in_the_event_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HACKBOT_NOW", raising=False)
    for zone in ("Europe/Paris", "Pacific/Auckland", "America/Los_Angeles"):
        before = dt.datetime.now(ZoneInfo(zone)).replace(tzinfo=None)
        now = now_in(zone)
        after = dt.datetime.now(ZoneInfo(zone)).replace(tzinfo=None)
        assert now.tzinfo is None
        assert before <= now <= after


def test_empty_hackbot_now_means_the_real_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HACKBOT_NOW", "")
    assert abs(now_in("UTC") - dt.datetime.now(dt.UTC).replace(tzinfo=None)) < dt.timedelta(minutes=1)


def test_unknown_time_zone_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HACKBOT_NOW", raising=False)
    with pytest.raises(ValueError, match="Mars/Olympus"):
        now_in("Mars/Olympus")
