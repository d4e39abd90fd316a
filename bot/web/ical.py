"""An event's programme as iCalendar (RFC 5545), importable by calendar apps.

One VEVENT per session, with its times in the event's zone (`DTSTART;TZID=<IANA zone>`) and a
VTIMEZONE describing that zone over the years of the event, so that apps which do not know the
IANA name still place the sessions right. Texts are in the language asked for. The file uses
CRLF line ends, escapes `\\ ; ,` and newlines in texts, and folds lines at 75 octets.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from bot.core.i18n import localize
from bot.core.models import Event, ProgrammeSession
from bot.core.texts import t
from bot.events.timeline import ordered_sessions, session_end

PRODID = "-//hackbot//hackbot event programme//EN"
MAX_OCTETS = 75
CONTENT_TYPE = "text/calendar; charset=utf-8"


# ------------------------------------------------------------------ lines


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\n", "\\n")


def param_value(value: str) -> str:
    """A parameter value, quoted when it holds `:`, `;` or `,` (double quotes cannot be written)."""
    value = value.replace('"', "")
    return f'"{value}"' if re.search(r"[:;,]", value) else value


def fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= MAX_OCTETS:
        return line
    parts: list[str] = []
    start, limit = 0, MAX_OCTETS
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte: step back
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, MAX_OCTETS - 1  # continuation lines start with one space
    return "\r\n ".join(parts)


def _local(value: dt.datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%S")


def _utc(value: dt.datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%SZ")


def _offset(value: dt.timedelta) -> str:
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


# ------------------------------------------------------------------ time zone


def _transitions(zone: ZoneInfo, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """The UTC instants (aware) in [start, end) at which the zone's UTC offset or name changes."""

    def state(moment: dt.datetime) -> tuple[dt.timedelta | None, str | None]:
        local = moment.astimezone(zone)
        return local.utcoffset(), local.tzname()

    found = []
    step = dt.timedelta(hours=1)
    moment = start
    before = state(moment)
    while moment < end:
        after_moment = moment + step
        after = state(after_moment)
        if after != before:
            low, high = moment, after_moment  # the change happens in (low, high]
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                if state(middle) == before:
                    low = middle
                else:
                    high = middle
            found.append(high.replace(second=0, microsecond=0))
        moment, before = after_moment, after
    return found


def _observance(zone: ZoneInfo, instant: dt.datetime, offset_from: dt.timedelta) -> list[str]:
    """A STANDARD or DAYLIGHT sub-component starting at the UTC `instant`."""
    local = instant.astimezone(zone)
    kind = "DAYLIGHT" if local.dst() else "STANDARD"
    offset_to = local.utcoffset() or dt.timedelta()
    onset = (instant + offset_from).replace(tzinfo=None)  # local time, in the offset before the change
    return [
        f"BEGIN:{kind}",
        f"DTSTART:{_local(onset)}",
        f"TZOFFSETFROM:{_offset(offset_from)}",
        f"TZOFFSETTO:{_offset(offset_to)}",
        f"TZNAME:{escape_text(local.tzname() or '')}",
        f"END:{kind}",
    ]


def vtimezone(timezone: str, first_year: int, last_year: int) -> list[str]:
    """A VTIMEZONE for the IANA zone, exact from 1 January of `first_year` to the end of `last_year`."""
    zone = ZoneInfo(timezone)
    # A day of margin on each side: local 1 January starts before 00:00 UTC east of Greenwich.
    start = dt.datetime(first_year, 1, 1, tzinfo=dt.UTC) - dt.timedelta(days=1)
    end = dt.datetime(last_year + 1, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=1)
    initial = start.astimezone(zone).utcoffset() or dt.timedelta()
    lines = ["BEGIN:VTIMEZONE", f"TZID:{escape_text(timezone)}"]
    lines += _observance(zone, start, initial)
    offset = initial
    for instant in _transitions(zone, start, end):
        lines += _observance(zone, instant, offset)
        offset = instant.astimezone(zone).utcoffset() or dt.timedelta()
    lines.append("END:VTIMEZONE")
    return lines


# ------------------------------------------------------------------ the calendar


def _description(session: ProgrammeSession, event: Event, lang: str, page_url: str | None) -> str:
    parts = [localize(session.description, lang, event.languages), page_url or ""]
    return "\n\n".join(p for p in parts if p)


def _vevent(
    event: Event,
    session: ProgrammeSession,
    lang: str,
    stamp: dt.datetime,
    page_url: str | None,
    uid_domain: str,
) -> list[str]:
    tzid = param_value(event.timezone)
    location = localize(session.location, lang, event.languages) or localize(
        event.venue_name, lang, event.languages
    )
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(f'{event.slug}-{session.key}@{uid_domain}')}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART;TZID={tzid}:{_local(session.starts)}",
        f"DTEND;TZID={tzid}:{_local(session_end(session, event))}",
        f"SUMMARY:{escape_text(localize(session.title, lang, event.languages))}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    description = _description(session, event, lang, page_url)
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    lines.append(f"CATEGORIES:{escape_text(t(f'kind_{session.kind}', lang))}")
    if page_url:
        lines.append(f"URL:{page_url}")
    lines.append("END:VEVENT")
    return lines


def calendar_lines(
    event: Event,
    lang: str,
    *,
    page_url: str | None = None,
    stamp: dt.datetime | None = None,
    uid_domain: str = "hackbot",
) -> Iterator[str]:
    """The unfolded content lines of the event's calendar."""
    stamp = stamp or dt.datetime.now(dt.UTC)
    stamp = stamp.astimezone(dt.UTC) if stamp.tzinfo else stamp
    sessions = ordered_sessions(event)
    yield "BEGIN:VCALENDAR"
    yield "VERSION:2.0"
    yield f"PRODID:{PRODID}"
    yield "CALSCALE:GREGORIAN"
    yield "METHOD:PUBLISH"
    yield f"X-WR-CALNAME:{escape_text(localize(event.name, lang, event.languages))}"
    yield f"X-WR-TIMEZONE:{escape_text(event.timezone)}"
    description = localize(event.description, lang, event.languages)
    if description:
        yield f"X-WR-CALDESC:{escape_text(description)}"
    years = [event.starts.year, event.ends.year]
    years += [s.starts.year for s in sessions] + [session_end(s, event).year for s in sessions]
    yield from vtimezone(event.timezone, min(years), max(years))
    for session in sessions:
        yield from _vevent(event, session, lang, stamp, page_url, uid_domain)
    yield "END:VCALENDAR"


def serialise(lines: Iterable[str]) -> str:
    """Content lines folded and ended with CRLF."""
    return "".join(fold(line) + "\r\n" for line in lines)


def event_calendar(
    event: Event,
    lang: str,
    *,
    page_url: str | None = None,
    stamp: dt.datetime | None = None,
    uid_domain: str = "hackbot",
) -> str:
    """The iCalendar text of the event's programme in `lang` ("fr" or "en")."""
    return serialise(calendar_lines(event, lang, page_url=page_url, stamp=stamp, uid_domain=uid_domain))
