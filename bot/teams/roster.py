"""The registered teams of an event as organisers see them: listed, or exported as plain data."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.core.models import Event, Team


def team_loading() -> list[Any]:
    return [
        selectinload(Team.members),
        selectinload(Team.challenge),
        selectinload(Team.captain),
    ]


def list_teams(session: Session, event: Event) -> list[Team]:
    """The active (not withdrawn) teams of `event`, oldest first, with members and challenge loaded."""
    query = (
        select(Team)
        .where(Team.event_id == event.id, Team.withdrawn_at.is_(None))
        .order_by(Team.created_at, Team.id)
        .options(*team_loading())
    )
    return list(session.scalars(query))


def export_teams(session: Session, event: Event) -> list[dict[str, Any]]:
    """The active teams as plain data for organisers (JSON/CSV-ready)."""
    return [
        {
            "name": team.name,
            "challenge": team.challenge.key if team.challenge is not None else None,
            "captain": next((m.name for m in team.members if m.is_captain), ""),
            "contact_email": team.contact_email,
            "members": [m.name for m in sorted(team.members, key=lambda m: not m.is_captain)],
            "size": len(team.members),
            "join_code": team.join_code,
            "created_at": team.created_at.isoformat(timespec="minutes"),
        }
        for team in list_teams(session, event)
    ]
