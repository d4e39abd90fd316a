"""An event with team rules, loaded for registration tests (import with `from team_packs import ...`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from bot.core.models import Event
from bot.events.loader import load_pack
from bot.events.lookup import get_event
from bot.events.pack import parse_pack_text

OPENS = dt.datetime(2030, 2, 1, 8, 0)
CLOSES = dt.datetime(2030, 3, 11, 9, 0)
NOW = dt.datetime(2030, 2, 15, 12, 0)


def pack_text(
    *,
    min_size: int = 1,
    max_size: int = 4,
    max_teams: int = 5,
    require_challenge: bool = True,
    teams: bool = True,
    slug: str = "jam-2030",
    opens: dt.datetime = OPENS,
    closes: dt.datetime = CLOSES,
) -> str:
    text = f"""
format: 1
event:
  slug: {slug}
  name: {{fr: Jam 2030, en: Jam 2030}}
  organiser: Ministère
  timezone: Europe/Paris
  starts: 2030-03-11
  ends: 2030-03-12
  languages: [fr, en]
teams:
  min_size: {min_size}
  max_size: {max_size}
  max_teams: {max_teams}
  registration_opens: {opens:%Y-%m-%dT%H:%M}
  registration_closes: {closes:%Y-%m-%dT%H:%M}
  require_challenge: {"true" if require_challenge else "false"}
challenges:
  - id: water
    title: {{fr: Eau, en: Water}}
    summary: {{fr: L'eau, en: Water}}
  - id: schools
    title: {{fr: Écoles, en: Schools}}
    summary: {{fr: Les écoles, en: Schools}}
"""
    if not teams:
        start, end = text.index("teams:"), text.index("challenges:")
        text = text[:start] + text[end:]
    return text


def load_event(session: Session, **settings: Any) -> Event:
    pack = parse_pack_text(pack_text(**settings))
    load_pack(session, pack, make_current=True)
    event = get_event(session, pack.event.slug)
    assert event is not None
    return event
