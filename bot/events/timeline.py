"""When an event's sessions take place: in order, on a day, now and next (pure functions, reused
by the answers, the web page and the reminders).

A session without an end time is taken to last until the next session starts, at most
`DEFAULT_DURATION`.
"""

from __future__ import annotations

import datetime as dt

from bot.core.models import Event, ProgrammeSession

DEFAULT_DURATION = dt.timedelta(hours=1)


def ordered_sessions(event: Event) -> list[ProgrammeSession]:
    """The event's sessions by start time (then their order in the pack)."""
    return sorted(event.sessions, key=lambda s: (s.starts, s.position))


def session_end(session: ProgrammeSession, event: Event) -> dt.datetime:
    """When a session ends; without an end time, at the next start (at most `DEFAULT_DURATION`)."""
    if session.ends is not None:
        return session.ends
    later = [s.starts for s in event.sessions if s.starts > session.starts]
    return min([session.starts + DEFAULT_DURATION, *later])


def sessions_on(event: Event, day: dt.date) -> list[ProgrammeSession]:
    """The sessions taking place (at least partly) on `day`, by start time."""
    day_start = dt.datetime.combine(day, dt.time())
    day_end = day_start + dt.timedelta(days=1)
    return [s for s in ordered_sessions(event) if s.starts < day_end and session_end(s, event) > day_start]


def current_sessions(event: Event, now: dt.datetime) -> list[ProgrammeSession]:
    """The sessions on at `now` (several when they overlap), by start time."""
    return [s for s in ordered_sessions(event) if s.starts <= now < session_end(s, event)]


def next_sessions(event: Event, now: dt.datetime) -> list[ProgrammeSession]:
    """The session(s) starting next after `now` (all those starting at that same time)."""
    upcoming = [s for s in ordered_sessions(event) if s.starts > now]
    if not upcoming:
        return []
    return [s for s in upcoming if s.starts == upcoming[0].starts]
