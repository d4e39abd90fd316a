"""Team rules: how many members, how many teams, when registration opens and closes, and the
event's own rule on teams ("Team composition", « Équipes »): who may be in one, until when a team
may change, which the settings do not say."""

from __future__ import annotations

import datetime as dt

from bot.answers.replies import Ask, Reply
from bot.core.i18n import all_variants
from bot.core.matching import words
from bot.core.models import Rule, TeamSettings
from bot.core.timefmt import format_datetime

TEAM_WORDS = frozenset("team teams equipe equipes".split())
"""Words that make a rule's topic the rule on teams ("Team composition", « Inscription des équipes »)."""


def _size(ask: Ask, settings: TeamSettings) -> str | None:
    low, high = settings.min_size, settings.max_size
    if low is not None and high is not None:
        return (
            ask.say("teams_size_exact", count=low)
            if low == high
            else ask.say("teams_size", min=low, max=high)
        )
    if low is not None:
        return ask.say("teams_size_min", min=low)
    if high is not None:
        return ask.say("teams_size_max", max=high)
    return None


def _moment(ask: Ask, moment: dt.datetime) -> str:
    return format_datetime(moment, ask.lang, year=moment.year != ask.now.year)


def registration_status(ask: Ask, settings: TeamSettings) -> str | None:
    """Whether registration is open, relative to now; None if no date is set."""
    opens, closes, now = settings.registration_opens, settings.registration_closes, ask.now
    if opens is not None and now < opens:
        if closes is not None:
            return ask.say("registration_opens_until", opens=_moment(ask, opens), closes=_moment(ask, closes))
        return ask.say("registration_opens", opens=_moment(ask, opens))
    if closes is not None:
        if now < closes:
            return ask.say("registration_open_until", closes=_moment(ask, closes))
        return ask.say("registration_closed", closes=_moment(ask, closes))
    if opens is not None:
        return ask.say("registration_open_since", opens=_moment(ask, opens))
    return None


def answer_team_rules(ask: Ask) -> Reply:
    """Team size, maximum number of teams, challenge choice and the registration window."""
    settings = ask.event.team_settings
    lines: list[str] = []
    if settings is not None:
        size = _size(ask, settings)
        if size:
            lines.append(size)
        if settings.max_teams is not None:
            lines.append(ask.say("teams_max_teams", count=settings.max_teams))
        if settings.require_challenge and ask.event.challenges:
            lines.append(ask.say("teams_require_challenge"))
        registration = registration_status(ask, settings)
        if registration:
            lines.append(registration)
    rule = team_rule(ask)
    if rule is not None:
        lines.append(ask.say("rule_item", topic=ask.local(rule.topic), text=ask.local(rule.text)))
    if not lines:
        return Reply(ask.say("teams_none", organiser=ask.local(ask.event.organiser)))
    if _window_open(ask, settings):
        lines.append(ask.say("teams_how_to_register"))
    return Reply("\n".join(lines))


def team_rule(ask: Ask) -> Rule | None:
    """The event's one rule whose topic names teams, if it has exactly one."""
    event = ask.event
    found = [
        rule
        for rule in event.rules
        if TEAM_WORDS & {w for variant in all_variants(rule.topic) for w in words(variant)}
    ]
    return found[0] if len(found) == 1 else None


def _window_open(ask: Ask, settings: TeamSettings | None) -> bool:
    """Whether now is within the registration dates (an event without team rules is open)."""
    if settings is None:
        return True
    opens, closes = settings.registration_opens, settings.registration_closes
    return (opens is None or opens <= ask.now) and (closes is None or ask.now < closes)
