"""An event written back as an event pack (`hackbot event export`): what the database holds,
in the pack format (`bot.events.pack`), so that what organisers added through the assistant (an
FAQ item from the inbox) goes back into their file, which stays the source of truth.

Every item is written with the pack's own field names (the columns are named after them), in
the items' order; empty values are left out. `parse_pack_text(pack_yaml(event))` gives back a
pack that loads into the same event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from pydantic import BaseModel

from bot.core.models import Event
from bot.events.method_specs import method_data
from bot.events.pack import (
    AwardSpec,
    ChallengeSpec,
    FaqSpec,
    JurorSpec,
    MentorSpec,
    PrizeSpec,
    RuleSpec,
    SessionSpec,
    TeamsSpec,
)
from bot.events.pack_values import FORMAT_VERSION


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_value(item) for item in value]
    if isinstance(value, dict):
        if set(value) == {"*"}:  # a text written once for every language
            return value["*"]
        return {key: _value(item) for key, item in value.items()}
    return value


def _kept(values: dict[str, Any]) -> dict[str, Any]:
    """The values worth writing: no empty value, no empty list."""
    return {
        key: _value(value)
        for key, value in values.items()
        if value is not None and value != [] and value != {}
    }


def _item(spec: type[BaseModel], row: object) -> dict[str, Any]:
    """A row as its pack item: each field of `spec` read from the column of the same name (the
    item's `id` is its row's `key`)."""
    return _kept({name: getattr(row, "key" if name == "id" else name) for name in spec.model_fields})


def pack_data(event: Event) -> dict[str, Any]:
    """The event as the data of a pack (plain values, ready for YAML)."""
    venue = _kept({"name": event.venue_name, "address": event.venue_address, "map_url": event.venue_map_url})
    contact = _kept({"email": event.contact_email, "phone": event.contact_phone, "url": event.contact_url})
    data: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "event": _kept(
            {
                "slug": event.slug,
                "name": event.name,
                "organiser": event.organiser,
                "timezone": event.timezone,
                "starts": event.starts,
                "ends": event.ends,
                "languages": list(event.languages),
                "description": event.description,
                "venue": venue if venue.get("name") else None,
                "contact": contact or None,
                "audience": event.audience,
                "retention_days": event.retention_days,
            }
        ),
    }
    if event.team_settings is not None:
        data["teams"] = _item(TeamsSpec, event.team_settings)
    lists: list[tuple[str, type[BaseModel], list[Any]]] = [
        ("sessions", SessionSpec, event.sessions),
        ("challenges", ChallengeSpec, event.challenges),
        ("rules", RuleSpec, event.rules),
        ("faq", FaqSpec, event.faq),
        ("mentors", MentorSpec, event.mentors),
        ("jury", JurorSpec, event.jury),
        ("prizes", PrizeSpec, event.prizes),
    ]
    for name, spec, rows in lists:
        if rows:
            data[name] = [_item(spec, row) for row in sorted(rows, key=lambda row: row.position)]
    results = event.results
    awards = sorted(event.awards, key=lambda award: award.position)
    if results is not None and (results.published or awards or results.follow_up):
        data["results"] = _kept(
            {
                "published": results.published,
                "awards": [{**_item(AwardSpec, award), "prize": award.prize.key} for award in awards],
                "follow_up": results.follow_up,
            }
        )
    methods = _kept(
        {
            "hide": [row.key for row in sorted(event.hidden_methods, key=lambda row: row.position)],
            "add": [method_data(row) for row in sorted(event.added_methods, key=lambda row: row.position)],
        }
    )
    if methods:
        data["methods"] = methods
    if event.judging is not None:
        data["judging"] = judging_data(event)
    return data


def _number(value: float) -> int | float:
    """A weight as the pack wrote it: 2, not 2.0."""
    return int(value) if float(value).is_integer() else value


def judging_data(event: Event) -> dict[str, Any]:
    """The event's `judging` section as a pack writes it (the scale and normalisation always, so
    that the file says them)."""
    settings = event.judging
    assert settings is not None
    criteria = [
        _kept(
            {"id": row.key, "name": row.name, "description": row.description, "weight": _number(row.weight)}
        )
        for row in sorted(event.criteria, key=lambda row: row.position)
    ]
    teams = [
        _kept({"name": row.name, "challenge": row.challenge.key if row.challenge else None})
        for row in sorted(event.judged_teams, key=lambda row: row.position)
    ]
    prizes = [
        _kept(
            {
                "prize": row.key,
                "by": row.awarded_by,
                "challenge": row.challenge.key if row.challenge else None,
            }
        )
        for row in sorted(event.prize_rules, key=lambda row: row.position)
    ]
    return _kept(
        {
            "scale": {"min": settings.scale_min, "max": settings.scale_max},
            "normalise": settings.normalise,
            "criteria": criteria,
            "teams": teams,
            "prizes": prizes,
        }
    )


def pack_yaml(event: Event) -> str:
    """The event as the text of a pack file."""
    header = f"# {event.slug}: exported by `hackbot event export` from the database.\n"
    return header + yaml.safe_dump(pack_data(event), allow_unicode=True, sort_keys=False, width=100)
