"""The programme from a conference schedule in the frab JSON format, as pretalx exports it
(« Exporter » → "JSON (frab compatible)", `schedule.json`) and as frab, FOSDEM's tooling and the
c3voc tools write it: `schedule.conference.days[].rooms{room: [talks]}`.

Each talk becomes a session: its room is the place, its track (or else its type: "Workshop",
"Keynote") the kind when it names one, its abstract the description. Times are the talks' own
(`date`, with its UTC offset) put in the pack's time zone; the end is the start plus `duration`
("00:45", "1:30"). A talk's id comes from its pretalx code (or its guid, or its number), never
from its title, so an edited schedule imported again updates the same sessions.

The file's structure is checked with pydantic models of the format: a talk without a start or a
title, or a duration that is not hours:minutes, is reported with its day, room and place in the
room's list, and then nothing is imported.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from bot.events.imports.sessions import (
    ImportedSession,
    SourceError,
    SourceProblem,
    kind_named,
    slug_of,
    source_bytes,
)

_DURATION = re.compile(r"(\d{1,3}):([0-5]\d)(?::[0-5]\d)?")


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Talk(_Model):
    title: str
    date: dt.datetime
    duration: str | None = None
    room: str | None = None
    track: str | None = None
    type: str | None = None
    abstract: str | None = None
    code: str | None = None
    guid: str | None = None
    id: int | str | None = None

    @field_validator("title")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the title is empty")
        return value

    @field_validator("duration")
    @classmethod
    def _hours_minutes(cls, value: str | None) -> str | None:
        if value is not None and value.strip() and not _DURATION.fullmatch(value.strip()):
            raise ValueError(f"the duration {value!r} is not hours:minutes such as 00:45")
        return value

    def length(self) -> dt.timedelta | None:
        match = _DURATION.fullmatch((self.duration or "").strip())
        if not match:
            return None
        return dt.timedelta(hours=int(match.group(1)), minutes=int(match.group(2)))

    def stable_id(self) -> str | None:
        for value in (self.code, self.guid, self.id):
            if value is not None and str(value).strip():
                return f"talk-{slug_of(str(value))}"
        return None


class Day(_Model):
    rooms: dict[str, list[dict[str, object]]] = {}


class Conference(_Model):
    days: list[Day]


class Schedule(_Model):
    conference: Conference


class Export(_Model):
    schedule: Schedule


def sessions_from_schedule(data: bytes, source: str, *, timezone: str) -> list[ImportedSession]:
    """The talks of a frab/pretalx JSON schedule as sessions; SourceError with every problem."""
    try:
        export = Export.model_validate(json.loads(data))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SourceError(source, [SourceProblem("the file", f"is not JSON ({error})")]) from None
    except ValidationError as error:
        where = ".".join(str(part) for part in error.errors()[0]["loc"])
        message = f"is not a frab/pretalx schedule: {where}: {error.errors()[0]['msg']}"
        raise SourceError(source, [SourceProblem("the file", message)]) from None
    zone = ZoneInfo(timezone)
    sessions: list[ImportedSession] = []
    problems: list[SourceProblem] = []
    for day_number, day in enumerate(export.schedule.conference.days, start=1):
        for room, talks in day.rooms.items():
            for position, raw in enumerate(talks, start=1):
                where = f"day {day_number}, room {room!r}, talk {position}"
                try:
                    talk = Talk.model_validate(raw)
                except ValidationError as error:
                    problems.extend(
                        SourceProblem(where, f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}")
                        for e in error.errors()
                    )
                    continue
                session = _session(talk, room, zone)
                if session is None:
                    problems.append(SourceProblem(where, "has no code, guid or id to know it again by"))
                else:
                    sessions.append(session)
    if problems:
        raise SourceError(source, problems)
    return sorted(sessions, key=lambda session: (session.starts, session.id))


def sessions_from_schedule_file(path: Path, *, timezone: str) -> list[ImportedSession]:
    return sessions_from_schedule(source_bytes(path), str(path), timezone=timezone)


def _session(talk: Talk, room: str, zone: ZoneInfo) -> ImportedSession | None:
    session_id = talk.stable_id()
    if session_id is None:
        return None
    starts = talk.date.astimezone(zone) if talk.date.tzinfo else talk.date.replace(tzinfo=zone)
    starts = starts.replace(tzinfo=None, second=0, microsecond=0)
    length = talk.length()
    kind = next((k for k in (kind_named(talk.track or ""), kind_named(talk.type or "")) if k), "other")
    place = (talk.room or room).strip()
    abstract = (talk.abstract or "").strip()
    return ImportedSession(
        id=session_id,
        title={"*": " ".join(talk.title.split())},
        starts=starts,
        ends=starts + length if length else None,
        location={"*": place} if place else None,
        kind=kind,
        description={"*": abstract} if abstract else None,
    )
