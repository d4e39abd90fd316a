"""Which methods fit a team: by the stage it is at, the time it has (a recommendation never takes
longer than that), how many it is and whether it can reach real users; among those, the closest
in meaning to what it asked first. Pure functions over the catalogue and the event's programme."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from bot.core.models import Event, ProgrammeSession
from bot.events.timeline import current_sessions, ordered_sessions, session_end
from bot.methods.catalogue import Catalogue, Method
from bot.methods.reading import Need, read_stage

COUNT = 3
"""Methods recommended at once ("another one" gives the next)."""
WHOLE = 0.001
"""What a method gains when it can be done whole (its usual time) in the time the team has."""
MILESTONE_KINDS = ("pitch", "jury")
"""The sessions a team works towards: the time it has is, by default, the time until the next."""


WORK_KINDS = ("hacking", "workshop", "mentoring")
"""The sessions in which teams work on their project: how far they are counts in these."""
PROGRESS = (
    (0.15, "understand"),
    (0.25, "define"),
    (0.4, "ideate"),
    (0.7, "prototype"),
    (0.9, "test"),
    (1.0, "pitch"),
)
"""Where teams usually are, by the share of their working time gone before the milestone."""
PITCH_SOON = 120
"""Minutes before the milestone from which a team is preparing its pitch, wherever it is."""


@dataclass(frozen=True)
class Fit:
    method: Method
    minutes: int
    """The time to give it: its usual time, or all the team has when that is less."""


def fitting(catalogue: Catalogue, need: Need) -> list[Method]:
    """The methods that fit the need: its stage, no longer than its time at their quickest, no more
    people than the team, no real users when it cannot reach any."""
    return [
        method
        for method in catalogue.methods
        if (need.stage is None or need.stage in method.stages)
        and (need.minutes is None or method.minutes.minimum <= need.minutes)
        and (need.people is None or method.people.minimum <= need.people)
        and (need.users_reachable is not False or not method.people.users)
    ]


def recommend(
    catalogue: Catalogue,
    need: Need,
    *,
    relevance: Mapping[str, float] | None = None,
    exclude: Collection[str] = (),
    count: int = COUNT,
) -> list[Fit]:
    """Up to `count` fitting methods not in `exclude`, the closest to the question first (`relevance`
    by method id), then those that can be done whole in the time, then the quickest."""
    relevance = relevance or {}

    def rank(method: Method) -> tuple[float, int]:
        whole = need.minutes is not None and method.minutes.typical <= need.minutes
        return (-(relevance.get(method.id, 0.0) + (WHOLE if whole else 0.0)), method.minutes.minimum)

    chosen = sorted((m for m in fitting(catalogue, need) if m.id not in exclude), key=rank)[:count]
    return [
        Fit(m, min(m.minutes.typical, need.minutes) if need.minutes else m.minutes.typical) for m in chosen
    ]


def quickest(catalogue: Catalogue, need: Need) -> Method | None:
    """The method of the need's stage (whatever the time) that takes the least time: what to say
    when nothing fits in the time the team has."""
    candidates = fitting(catalogue, replace(need, minutes=None))
    return min(candidates, key=lambda m: m.minutes.minimum) if candidates else None


def next_milestone(event: Event, now: dt.datetime) -> ProgrammeSession | None:
    """The next session a team works towards (the pitches, the jury), if the programme has one."""
    return next(
        (s for s in ordered_sessions(event) if s.kind in MILESTONE_KINDS and s.starts > now),
        None,
    )


def minutes_until(session: ProgrammeSession, now: dt.datetime) -> int:
    return max(0, int((session.starts - now).total_seconds() // 60))


def stage_at(event: Event, now: dt.datetime, milestone: ProgrammeSession | None) -> str | None:
    """Where a team usually is at `now` ("what should we do now?"): the stage a session going on
    names ("User testing", « Atelier pitch »), else the pitch when the milestone is close, else
    the stage for the share of the working time before the milestone already gone (the time of
    the hacking, workshop and mentoring sessions; the time since the first session when the
    programme has none)."""
    for session in reversed(current_sessions(event, now)):
        named = read_stage(" ".join(session.title.values()))
        if named is not None:
            return named
    if milestone is None:
        return None
    if minutes_until(milestone, now) <= PITCH_SOON:
        return "pitch"
    sessions = [s for s in ordered_sessions(event) if s.starts < milestone.starts]
    if not sessions:
        return None
    working = [s for s in sessions if s.kind in WORK_KINDS]
    spans = [(s.starts, min(session_end(s, event), milestone.starts)) for s in working] or [
        (sessions[0].starts, milestone.starts)
    ]
    total = sum((end - start).total_seconds() for start, end in _merged(spans))
    gone = sum((min(end, now) - start).total_seconds() for start, end in _merged(spans) if start < now)
    share = gone / total if total > 0 else 0.0
    return next(stage for limit, stage in PROGRESS if share < limit or limit == 1.0)


def _merged(spans: list[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    """Time spans joined where they overlap (mentoring during the hacking counts once)."""
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif end > start:
            merged.append((start, end))
    return merged
