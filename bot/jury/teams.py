"""The teams the jury judges: the event's active registered teams (bot.teams.roster), each with its
challenge, oldest first; when no team has registered through the assistant, the teams the pack
lists under `judging.teams`, in its order.

Each has a key, which scorecards name it by and which stays the same as long as the team does:
`team-<id>` for a registered team (its row's id: a team that renames itself keeps its cards),
`listed-<10 hex digits>` for a listed one (a digest of its folded name: a reload of the pack keeps
it; a listed team renamed in the pack is a new team, whose cards start afresh).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.core.matching import folded_name
from bot.core.models import Event
from bot.teams.roster import list_teams

REGISTERED_PREFIX = "team-"
LISTED_PREFIX = "listed-"


@dataclass(frozen=True)
class TeamToJudge:
    key: str
    name: str
    challenge: str | None
    """The id of its challenge in the pack, if it has one."""
    registered: bool
    """Registered through the assistant (else listed in the pack)."""


def listed_key(name: str) -> str:
    """The key of a team the pack lists: short enough for a Telegram button's data."""
    digest = hashlib.blake2b(folded_name(name).encode("utf-8"), digest_size=5).hexdigest()
    return LISTED_PREFIX + digest


def teams_to_judge(session: Session, event: Event) -> list[TeamToJudge]:
    """The teams the jury judges, in order (see the module's docstring)."""
    registered = list_teams(session, event)
    if registered:
        return [
            TeamToJudge(
                f"{REGISTERED_PREFIX}{team.id}",
                team.name,
                team.challenge.key if team.challenge is not None else None,
                True,
            )
            for team in registered
        ]
    return [
        TeamToJudge(listed_key(row.name), row.name, row.challenge.key if row.challenge else None, False)
        for row in sorted(event.judged_teams, key=lambda row: row.position)
    ]


def for_challenge(teams: Sequence[TeamToJudge], challenge: str | None) -> list[TeamToJudge]:
    """The teams a prize restricted to `challenge` may go to (all of them when it is None)."""
    return [team for team in teams if challenge is None or team.challenge == challenge]


def team_named(session: Session, event: Event, wanted: str) -> TeamToJudge | None:
    """A team judged by its key or its name (case and accents aside): how the command line names it."""
    return next(
        (
            team
            for team in teams_to_judge(session, event)
            if team.key == wanted or folded_name(team.name) == folded_name(wanted)
        ),
        None,
    )


def find_team(session: Session, event: Event, key: str) -> TeamToJudge | None:
    """The team to judge with that key, if any."""
    return next((team for team in teams_to_judge(session, event) if team.key == key), None)
