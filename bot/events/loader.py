"""Loading a validated event pack into the database (insert or update, by event slug).

`load_pack` works inside the caller's transaction and only flushes. Items with
ids (sessions, challenges, rules, FAQ, prizes, and the methods the pack hides or
adds) are matched by id, so reloading an edited pack updates rows in place and
their primary keys stay stable; mentors, jury and awards have no ids and are
matched by position. A pack without a `methods` section leaves the event with the
coach's catalogue as shipped. The `judging` section's criteria are matched by id, its listed
teams by name (folded) and its prize rules by prize id; a pack without it leaves the event with
no judging settings (the jurors' links and scorecards, which are not the pack's, stay).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.matching import folded_name
from bot.core.models import (
    Award,
    Challenge,
    Event,
    EventMethod,
    FaqItem,
    HiddenMethod,
    JudgedTeam,
    JudgingCriterion,
    JudgingSettings,
    JuryMember,
    Mentor,
    Prize,
    PrizeRule,
    ProgrammeSession,
    Results,
    Rule,
    Scorecard,
    TeamSettings,
)
from bot.events import lookup
from bot.events.method_specs import method_columns
from bot.events.organisers import CLI_ACTOR, audit
from bot.events.pack import MethodsSpec, Pack, ResultsSpec

LISTS = (
    "sessions",
    "challenges",
    "rules",
    "faq",
    "prizes",
    "mentors",
    "jury",
    "awards",
    "hidden methods",
    "added methods",
    "criteria",
    "judged teams",
    "prize rules",
)
INBOX_FAQ_PREFIX = "asked-"
"""The keys of FAQ items made from questions of the inbox (bot.inbox.questions.add_to_faq)."""


@dataclass
class Changes:
    """Rows created, updated (some value changed) and removed in one list."""

    created: int = 0
    updated: int = 0
    removed: int = 0

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def __str__(self) -> str:
        parts = [(self.created, "created"), (self.updated, "updated"), (self.removed, "removed")]
        return ", ".join(f"{count} {word}" for count, word in parts if count) or "unchanged"


@dataclass
class LoadReport:
    """What `load_pack` changed."""

    event: Event
    event_created: bool
    event_updated: bool
    """Some field of the event itself, its team settings or results follow-up changed."""
    changes: dict[str, Changes] = field(default_factory=dict)
    """One entry per list in `LISTS`."""
    published_now: bool = False
    made_current: bool = False
    public_results_changed: bool = False
    """Awards or follow-up of already published results changed: the correction is public at once."""
    kept_from_inbox: list[str] = field(default_factory=list)
    """FAQ items added from the inbox that the pack does not hold yet: kept (export to write them)."""
    cards_unfit: int = 0
    """Jurors' cards that this load's change of criteria or scale leaves unfit: to score again."""

    @property
    def changed(self) -> bool:
        return self.event_created or self.event_updated or any(self.changes.values()) or self.published_now

    def summary(self) -> list[str]:
        """Lines for a person, e.g. `sessions: 1 created, 2 updated`."""
        if self.event_created:
            lines = [f"Event {self.event.slug} created."]
        elif self.changed:
            lines = [f"Event {self.event.slug} updated."]
        else:
            lines = [f"Event {self.event.slug} unchanged."]
        lines += [f"  {name}: {changes}" for name, changes in self.changes.items() if changes]
        if self.published_now:
            lines.append("  results: published")
        elif self.public_results_changed:
            lines.append("  results: the published results changed (the correction is public now)")
        if self.kept_from_inbox:
            kept = ", ".join(self.kept_from_inbox)
            lines.append(
                f"  faq: kept {len(self.kept_from_inbox)} item(s) added from the inbox that this file does"
                f" not hold ({kept}): `hackbot event export {self.event.slug}` writes them into a pack"
            )
        if self.cards_unfit:
            lines.append(
                f"  judging: {self.cards_unfit} juror card(s) no longer fit the criteria or the scale and do"
                " not count until their jurors score those teams again (`hackbot jury status` says who)"
            )
        if self.made_current:
            lines.append(f"  {self.event.slug} is now the current event.")
        return lines


def load_pack(session: Session, pack: Pack, *, make_current: bool = False) -> LoadReport:
    """Insert or update the event of `pack` (matched by slug); flush, never commit."""
    event = lookup.get_event(session, pack.event.slug)
    created = event is None
    if event is None:
        event = Event(slug=pack.event.slug, is_current=False)
        session.add(event)
    event_changed = _assign(event, _event_values(pack))
    event_changed |= _load_team_settings(event, pack)

    changes: dict[str, Changes] = {}
    _previous_faq = list(event.faq)
    event.sessions, changes["sessions"] = _sync_by_key(
        event.sessions, _keyed(pack.sessions), ProgrammeSession
    )
    event.challenges, changes["challenges"] = _sync_by_key(
        event.challenges, _keyed(pack.challenges), Challenge
    )
    event.rules, changes["rules"] = _sync_by_key(event.rules, _keyed(pack.rules), Rule)
    event.faq, changes["faq"] = _sync_by_key(event.faq, _keyed(pack.faq), FaqItem)
    # FAQ items organisers added from the inbox stay until the pack holds them (`hackbot event export`).
    added = [row for row in _previous_faq if row.key.startswith(INBOX_FAQ_PREFIX) and row not in event.faq]
    for position, row in enumerate(added, start=len(event.faq)):
        row.position = position
    event.faq = [*event.faq, *added]
    changes["faq"].removed -= len(added)
    kept_from_inbox = [row.key for row in added]
    event.prizes, changes["prizes"] = _sync_by_key(event.prizes, _keyed(pack.prizes), Prize)
    event.mentors, changes["mentors"] = _sync_by_position(
        event.mentors, [m.model_dump() for m in pack.mentors], Mentor
    )
    event.jury, changes["jury"] = _sync_by_position(
        event.jury, [j.model_dump() for j in pack.jury], JuryMember
    )

    results = pack.results or ResultsSpec()
    prizes = {prize.key: prize for prize in event.prizes}
    awards = [{**a.model_dump(), "prize": prizes[a.prize], "origin": "pack"} for a in results.awards]
    if not awards:
        # Awards an organiser adopted from judging (bot.jury.palmares) stay while the pack lists none.
        kept = (_adopted(award, prizes) for award in event.awards if award.origin == "judging")
        awards = [values for values in kept if values is not None]
    event.awards, changes["awards"] = _sync_by_position(event.awards, awards, Award)

    methods = pack.methods or MethodsSpec()
    event.hidden_methods, changes["hidden methods"] = _sync_by_key(
        event.hidden_methods, [(method_id, {}) for method_id in methods.hide], HiddenMethod
    )
    event.added_methods, changes["added methods"] = _sync_by_key(
        event.added_methods, [(method.id, method_columns(method)) for method in methods.add], EventMethod
    )

    judging_changed = _load_judging(event, pack, changes)
    event_changed |= judging_changed

    if event.results is None:
        event.results = Results(published=False)
    follow_up_changed = _assign(event.results, {"follow_up": results.follow_up})
    event_changed |= follow_up_changed
    # Publishing is one-way: `published: false` never hides results an organiser has published
    # (hiding them is `hackbot results unpublish`, see bot.broadcast.publication).
    was_public = event.results.published
    published_now = results.published and not was_public
    if published_now:
        event.results.published = True
        event.results.published_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    session.flush()
    public_results_changed = was_public and bool(changes["awards"] or follow_up_changed)
    if published_now:
        audit(session, event, CLI_ACTOR, "results.published", via="pack", awards=len(event.awards))
    elif public_results_changed:
        audit(session, event, CLI_ACTOR, "results.changed", via="pack", awards=str(changes["awards"]))

    made_current = make_current and not event.is_current
    if made_current:
        lookup.make_current(session, event)
    rescale = judging_changed or bool(changes["criteria"])
    return LoadReport(
        event,
        created,
        event_changed and not created,
        changes,
        published_now,
        made_current,
        public_results_changed,
        kept_from_inbox,
        _unfit_cards(session, event) if rescale and not created else 0,
    )


def _keyed(specs: Sequence[BaseModel]) -> list[tuple[str, dict[str, Any]]]:
    """(id, column values) of items whose fields are named like their columns."""
    items = []
    for spec in specs:
        values = spec.model_dump()
        items.append((str(values.pop("id")), values))
    return items


def _event_values(pack: Pack) -> dict[str, Any]:
    spec = pack.event
    venue, contact = spec.venue, spec.contact
    return dict(
        name=spec.name,
        organiser=spec.organiser,
        timezone=spec.timezone,
        starts=spec.starts,
        ends=spec.ends,
        languages=list(spec.languages),
        description=spec.description,
        audience=spec.audience,
        venue_name=venue.name if venue else None,
        venue_address=venue.address if venue else None,
        venue_map_url=venue.map_url if venue else None,
        contact_email=contact.email if contact else None,
        contact_phone=contact.phone if contact else None,
        contact_url=contact.url if contact else None,
        retention_days=spec.retention_days,
    )


def _load_team_settings(event: Event, pack: Pack) -> bool:
    """Apply the pack's `teams` mapping (none: no team settings); True if something changed."""
    if pack.teams is None:
        changed = event.team_settings is not None
        event.team_settings = None
        return changed
    values = pack.teams.model_dump()
    if event.team_settings is None:
        event.team_settings = TeamSettings(**values)
        return True
    return _assign(event.team_settings, values)


def _load_judging(event: Event, pack: Pack, changes: dict[str, Changes]) -> bool:
    """Apply the pack's `judging` section (none: no judging); True if its settings changed (its
    lists' changes go into `changes`)."""
    judging = pack.judging
    challenges = {challenge.key: challenge for challenge in event.challenges}
    prizes = {prize.key: prize for prize in event.prizes}
    criteria = [
        (c.id, {"name": c.name, "description": c.description, "weight": float(c.weight)})
        for c in (judging.criteria if judging else [])
    ]
    event.criteria, changes["criteria"] = _sync_by_key(event.criteria, criteria, JudgingCriterion)
    teams = [
        (folded_name(t.name), {"name": t.name, "challenge": challenges.get(t.challenge or "")})
        for t in (judging.teams if judging else [])
    ]
    event.judged_teams, changes["judged teams"] = _sync_by_key(event.judged_teams, teams, JudgedTeam)
    rules = [
        (
            r.prize,
            {"prize": prizes[r.prize], "awarded_by": r.by, "challenge": challenges.get(r.challenge or "")},
        )
        for r in (judging.prizes if judging else [])
    ]
    event.prize_rules, changes["prize rules"] = _sync_by_key(event.prize_rules, rules, PrizeRule)
    if judging is None:
        changed = event.judging is not None
        event.judging = None
        return changed
    values = {"scale_min": judging.scale.min, "scale_max": judging.scale.max, "normalise": judging.normalise}
    if event.judging is None:
        event.judging = JudgingSettings(**values)
        return True
    return _assign(event.judging, values)


Keyed = TypeVar(
    "Keyed",
    ProgrammeSession,
    Challenge,
    Rule,
    FaqItem,
    Prize,
    HiddenMethod,
    EventMethod,
    JudgingCriterion,
    JudgedTeam,
    PrizeRule,
)
Row = TypeVar("Row", Mentor, JuryMember, Award)


def _unfit_cards(session: Session, event: Event) -> int:
    """The jurors' cards that do not fit the event's criteria and scale as they are now: a criterion
    not scored, or a value out of the scale (bot.jury.ranking counts only cards that fit)."""
    if event.judging is None:
        return 0
    criteria = {criterion.key for criterion in event.criteria}
    low, high = event.judging.scale_min, event.judging.scale_max
    cards = session.scalars(select(Scorecard).where(Scorecard.event_id == event.id))
    return sum(
        1
        for card in cards
        if not criteria <= {score.criterion_key for score in card.scores}
        or any(
            low > score.value or score.value > high
            for score in card.scores
            if score.criterion_key in criteria
        )
    )


def _adopted(award: Award, prizes: dict[str, Prize]) -> dict[str, Any] | None:
    """An adopted award's values, None if the pack no longer has its prize."""
    prize = prizes.get(award.prize.key)
    if prize is None:
        return None
    return {
        "prize": prize,
        "team": award.team,
        "project": award.project,
        "summary": award.summary,
        "origin": award.origin,
    }


def _sync_by_key(
    rows: Sequence[Keyed], items: list[tuple[str, dict[str, Any]]], make: Callable[..., Keyed]
) -> tuple[list[Keyed], Changes]:
    """The new list of rows: existing rows updated by key, new ones created, missing ones left out."""
    changes = Changes()
    by_key = {row.key: row for row in rows}
    result: list[Keyed] = []
    for position, (key, values) in enumerate(items):
        values = {"key": key, "position": position, **values}
        row = by_key.pop(key, None)
        if row is None:
            row = make(**values)
            changes.created += 1
        elif _assign(row, values):
            changes.updated += 1
        result.append(row)
    changes.removed = len(by_key)
    return result, changes


def _sync_by_position(
    rows: Sequence[Row], items: list[dict[str, Any]], make: Callable[..., Row]
) -> tuple[list[Row], Changes]:
    """The new list of rows, the n-th existing row taking the n-th item's values."""
    changes = Changes()
    result: list[Row] = []
    for position, values in enumerate(items):
        values = {"position": position, **values}
        if position < len(rows):
            row = rows[position]
            if _assign(row, values):
                changes.updated += 1
        else:
            row = make(**values)
            changes.created += 1
        result.append(row)
    changes.removed = max(0, len(rows) - len(items))
    return result, changes


def _assign(row: object, values: dict[str, Any]) -> bool:
    """Set the attributes of `row` that differ from `values`; True if any did."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed
