"""A starter event pack (`hackbot event new`): every section, both languages, realistic
placeholders and comments saying what to change, valid as it is (`event validate` passes).

The text is `starter/starter-pack.yml` with the slug, time zone and dates filled in; the event
starts `DEFAULT_LEAD` after today unless another day is given, and lasts three days.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from string import Template

from bot.events.pack_values import parse_date, parse_slug, parse_timezone

DEFAULT_LEAD = dt.timedelta(days=30)
DEFAULT_TIMEZONE = "Europe/Paris"


def starter_pack(
    slug: str, *, today: dt.date, starts: dt.date | None = None, timezone: str = DEFAULT_TIMEZONE
) -> str:
    """The starter pack's YAML; ValueError (in the validator's words) for a bad slug, zone or date."""
    slug, timezone = parse_slug(slug), parse_timezone(timezone)
    first = parse_date(starts) if starts is not None else today + DEFAULT_LEAD
    template = resources.files("bot.events").joinpath("starter/starter-pack.yml").read_text(encoding="utf-8")
    days = {f"day{n}": (first + dt.timedelta(days=n - 1)).isoformat() for n in (1, 2, 3)}
    opens = min(today, first)
    return Template(template).substitute(slug=slug, timezone=timezone, today=opens.isoformat(), **days)
