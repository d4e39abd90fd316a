"""Which reader a programme's file goes to, by its extension: a spreadsheet (.csv, .xlsx), a
calendar (.ics) or a conference schedule (.json, frab/pretalx). Calendars and schedules carry
their own times and zones: they are read in the pack's time zone, and a calendar within the
pack's dates (its recurring events expanded there)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.events.imports.calendar import sessions_from_calendar_file
from bot.events.imports.conference import sessions_from_schedule_file
from bot.events.imports.sessions import ImportedSession, SourceError, SourceProblem
from bot.events.imports.spreadsheet import sessions_from_file
from bot.events.pack import Pack

SPREADSHEETS = (".csv", ".xlsx", ".xlsm")
CALENDARS = (".ics", ".ical", ".icalendar")
SCHEDULES = (".json",)


@dataclass
class SourceRead:
    sessions: list[ImportedSession]
    left_out: list[str] = field(default_factory=list)
    """What the source has that is not a session, told to the organiser."""


def read_programme(path: Path, pack: Pack, *, sheet: str | None = None) -> SourceRead:
    """The sessions of the file at `path` for the event of `pack`; SourceError with every problem."""
    suffix = path.suffix.lower()
    event = pack.event
    if suffix in SPREADSHEETS:
        return SourceRead(sessions_from_file(path, sheet))
    if suffix in CALENDARS:
        read = sessions_from_calendar_file(
            path, timezone=event.timezone, first_day=event.starts, last_day=event.ends
        )
        return SourceRead(read.sessions, read.left_out)
    if suffix in SCHEDULES:
        return SourceRead(sessions_from_schedule_file(path, timezone=event.timezone))
    known = ", ".join(SPREADSHEETS + CALENDARS + SCHEDULES)
    problem = SourceProblem("the file", f"is not a kind this reads; give one of: {known}")
    raise SourceError(str(path), [problem])
