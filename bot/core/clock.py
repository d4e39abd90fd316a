"""The event-local time of now, or a fixed time for demos and tests (`HACKBOT_NOW`)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

NOW_VARIABLE = "HACKBOT_NOW"
NOW_FORMAT = "%Y-%m-%dT%H:%M"


def now_in(timezone: str) -> datetime:
    """The naive local wall-clock time in the IANA zone `timezone`.

    If the environment variable `HACKBOT_NOW` is set (`YYYY-MM-DDTHH:MM`, already
    event-local), that time is returned instead; an invalid value raises ValueError.
    """
    fixed = os.environ.get(NOW_VARIABLE, "").strip()
    if fixed:
        try:
            return datetime.strptime(fixed, NOW_FORMAT)
        except ValueError:
            raise ValueError(
                f"{NOW_VARIABLE}={fixed!r} is not a local time written YYYY-MM-DDTHH:MM "
                f"(for example 2021-09-21T14:30)"
            ) from None
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {timezone!r} (expected an IANA name such as Europe/Paris)"
        ) from None
    return datetime.now(zone).replace(tzinfo=None)


def utcnow() -> datetime:
    """Naive UTC now: the times of subscriptions, broadcasts, the audit log and stored rows."""
    return datetime.now(UTC).replace(tzinfo=None)
