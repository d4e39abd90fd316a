"""The programme from an iCalendar file (.ics), as Outlook, Google Calendar, Nextcloud or
Thunderbird export it: one session an event, in the pack's own time zone.

`icalendar` reads the file (time zones from its VTIMEZONE blocks, Windows' names such as
"Romance Standard Time" included), `x-wr-timezone` makes Google's calendar-wide time zone
standard, and `recurring-ical-events` expands recurring events (RRULE, RDATE, EXDATE and moved
occurrences) within the event's dates, across a change of summer time: a weekly meeting at
10:00 in Paris stays at 10:00 after the clocks change.

Each session's id comes from the event's UID alone (and, for an occurrence of a recurring event, its
original date), not from its title, so an edited calendar imported again updates the same
sessions, renamed ones included. A session's
kind comes from the event's categories, or from its title when the title is the kind's name
("Déjeuner", "Keynote"); otherwise it is "other". Day-long events (a calendar's "Hackathon" over
three days) are not sessions: they are left out and reported. Cancelled events are left out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import x_wr_timezone

from bot.core.models import LocalText
from bot.events.imports.sessions import (
    ImportedSession,
    SourceError,
    SourceProblem,
    kind_named,
    source_bytes,
)

_SIGNATURE = re.compile(r"^\s*[_\-=~*]{8,}\s*$", re.M)
"""A line of underscores or dashes: where Outlook and Teams append their joining instructions."""


@dataclass
class CalendarImport:
    sessions: list[ImportedSession]
    left_out: list[str] = field(default_factory=list)
    """What the calendar has that is not a session (day-long events), said to the organiser."""


def sessions_from_calendar(
    data: bytes, source: str, *, timezone: str, first_day: dt.date, last_day: dt.date
) -> CalendarImport:
    """The calendar's events from `first_day` to `last_day` (inclusive, in `timezone`) as sessions;
    SourceError when the file is not a calendar or an event cannot be read."""
    zone = ZoneInfo(timezone)
    try:
        calendar = x_wr_timezone.to_standard(icalendar.Calendar.from_ical(data))
    except Exception as error:  # icalendar's own errors vary (ValueError, KeyError, IndexError)
        message = f"is not an iCalendar file this can read ({type(error).__name__}); export it again as .ics"
        raise SourceError(source, [SourceProblem("the file", message)]) from None
    start = dt.datetime.combine(first_day, dt.time(0), zone)
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0), zone)
    try:
        occurrences = recurring_ical_events.of(calendar).between(start, end)
    except Exception as error:  # a recurrence rule or date it cannot expand
        message = f"has an event whose dates or recurrence cannot be read ({error})"
        raise SourceError(source, [SourceProblem("the file", message)]) from None
    recurring = {str(event.get("UID")) for event in calendar.walk("VEVENT") if _repeats(event)}
    result = CalendarImport(sessions=[])
    problems: list[SourceProblem] = []
    for event in occurrences:
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        title = _text(event.get("SUMMARY"))
        starts = event.get("DTSTART")
        where = f"the event {title!r}" if title else f"the event {event.get('UID')}"
        if starts is None or not title:
            problems.append(SourceProblem(where, "has no title or no start; give it both in the calendar"))
            continue
        if not isinstance(starts.dt, dt.datetime):
            result.left_out.append(f"{title} ({starts.dt:%Y-%m-%d}): a day-long event, not a session")
            continue
        result.sessions.append(_session(event, title, zone, str(event.get("UID")) in recurring))
    if problems:
        raise SourceError(source, problems)
    result.sessions.sort(key=lambda session: (session.starts, session.id))
    return result


def sessions_from_calendar_file(
    path: Path, *, timezone: str, first_day: dt.date, last_day: dt.date
) -> CalendarImport:
    """The same from a file; SourceError when it cannot be read."""
    data = source_bytes(path)
    return sessions_from_calendar(data, str(path), timezone=timezone, first_day=first_day, last_day=last_day)


def _repeats(event: Any) -> bool:
    return any(event.get(key) is not None for key in ("RRULE", "RDATE", "RECURRENCE-ID"))


def _session(event: Any, title: str, zone: ZoneInfo, recurring: bool) -> ImportedSession:
    starts = _local(event["DTSTART"].dt, zone)
    ends_property = event.get("DTEND")
    ends = _local(ends_property.dt, zone) if ends_property is not None else None
    if ends is None and event.get("DURATION") is not None:
        ends = starts + event["DURATION"].dt
    location = _text(event.get("LOCATION"))
    description = _description(event.get("DESCRIPTION"))
    return ImportedSession(
        id=_session_id(event, title, starts, recurring),
        title=_any_language(title),
        starts=starts,
        ends=ends if ends is not None and ends > starts else None,
        location=_any_language(location) if location else None,
        kind=_kind(event, title),
        description=_any_language(description) if description else None,
    )


def _session_id(event: Any, title: str, starts: dt.datetime, recurring: bool) -> str:
    """Stable across imports: from the UID, and for a recurring event's occurrence, the date it was
    planned on (its RECURRENCE-ID, which a moved occurrence keeps)."""
    uid = str(event.get("UID") or title)
    session_id = f"ics-{hashlib.sha1(uid.encode()).hexdigest()[:10]}"
    if recurring:
        planned = event.get("RECURRENCE-ID")
        day = planned.dt if planned is not None else starts
        session_id += f"-{day:%Y%m%d}"
    return session_id


def _local(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """A calendar time as the pack writes it: local to the event, without a zone. A "floating" time
    (no zone) is already local."""
    if moment.tzinfo is None:
        return moment.replace(second=0, microsecond=0)
    return moment.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)


def _kind(event: Any, title: str) -> str:
    categories = event.get("CATEGORIES")
    listed = categories if isinstance(categories, list) else [categories] if categories is not None else []
    for category in listed:
        for word in getattr(category, "cats", [category]):
            kind = kind_named(str(word))
            if kind:
                return kind
    return kind_named(title) or "other"


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _description(value: Any) -> str:
    """The description without what calendars append to it (a meeting's joining instructions)."""
    if value is None:
        return ""
    text = _SIGNATURE.split(str(value).replace("\r\n", "\n"))[0]
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _any_language(text: str) -> LocalText:
    return {"*": text}
