"""Jurors' scorecards, and whether voting is closed.

`record` keeps a juror's card for a team: a score for each criterion of the pack, within its scale,
and an optional comment, all at once or nothing (ScoringError says what is wrong). Recording the
same card again (a double tap) changes nothing; recording another replaces the card's values. The
organisers close voting (`close_voting`: the cards are frozen and the ranking can be computed,
bot.jury.ranking) and may reopen it (`reopen_voting`); both are audited.

Concurrency: recording and closing both lock the event's voting state row first
(`SELECT … FOR UPDATE` on PostgreSQL; SQLite's writers are serialised by BEGIN IMMEDIATE), then
check and write in the same transaction. A card recorded while an organiser closes voting is thus
either wholly written before the close or refused after it, never half-written; two taps at once
are one after the other, and the second finds the first's card. The database holds one card per
juror and team, one score per card and criterion.

Scores reach nobody but their juror (`my_scores`) and the organisers (`status`, the ranking, the
export). Functions take the caller's session and only flush.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.core.clock import utcnow
from bot.core.models import SCORECARD_COMMENT_MAX_LENGTH, Event, JurorLink, Score, Scorecard, VotingState
from bot.events.organisers import audit, telegram_actor
from bot.jury import ranking
from bot.jury.links import find_juror, roster
from bot.jury.teams import TeamToJudge, teams_to_judge


class ScoringError(Exception):
    """`code`: `no_judging` (the pack has no `judging` section), `not_juror` (the link's juror is
    no longer on the pack's jury), `voting_closed`, `unknown_team` (details: `team`),
    `missing_criteria` and `unknown_criteria` (details: `criteria`, comma-separated ids),
    `out_of_scale` (details: `criterion`, `value`, `min`, `max`), `comment_too_long` (details:
    `length`, `max`)."""

    def __init__(self, code: str, **details: str) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


@dataclass(frozen=True)
class Recorded:
    card: Scorecard
    created: bool
    changed: bool
    """False for the same card recorded again (a double tap): nothing was written."""


def _settings(event: Event) -> tuple[int, int]:
    if event.judging is None:
        raise ScoringError("no_judging")
    return event.judging.scale_min, event.judging.scale_max


def voting_state(session: Session, event: Event) -> VotingState | None:
    """The event's voting state as last committed (no lock); None: nothing scored or closed yet."""
    query = select(VotingState).where(VotingState.event_id == event.id)
    return session.scalars(query).one_or_none()


def voting_is_closed(session: Session, event: Event) -> bool:
    state = voting_state(session, event)
    return state is not None and state.closed_at is not None


def _locked_state(session: Session, event: Event) -> VotingState:
    """The event's voting state row, locked until the transaction ends (made if missing: by this
    transaction, or by another that made it at the same moment, whose row is then locked)."""
    query = (
        select(VotingState)
        .where(VotingState.event_id == event.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    state = session.scalars(query).one_or_none()
    if state is None:
        try:
            with session.begin_nested():
                session.add(VotingState(event_id=event.id))
        except IntegrityError:
            pass  # made by another transaction meanwhile: lock theirs
        state = session.scalars(query).one()
    return state


def _checked_values(event: Event, scores: Mapping[str, int], scale: tuple[int, int]) -> dict[str, int]:
    expected = [criterion.key for criterion in event.criteria]
    missing = [key for key in expected if key not in scores]
    if missing:
        raise ScoringError("missing_criteria", criteria=", ".join(missing))
    unknown = sorted(key for key in scores if key not in expected)
    if unknown:
        raise ScoringError("unknown_criteria", criteria=", ".join(unknown))
    low, high = scale
    for key in expected:
        value = scores[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ScoringError("out_of_scale", criterion=key, value=str(value), min=str(low), max=str(high))
    return {key: scores[key] for key in expected}


def _checked_comment(comment: str | None) -> str | None:
    text = (comment or "").strip()
    if len(text) > SCORECARD_COMMENT_MAX_LENGTH:
        raise ScoringError("comment_too_long", length=str(len(text)), max=str(SCORECARD_COMMENT_MAX_LENGTH))
    return text or None


def _card_query(event: Event, juror_key: str, team_key: str) -> Select[Scorecard]:
    return (
        select(Scorecard)
        .where(
            Scorecard.event_id == event.id, Scorecard.juror_key == juror_key, Scorecard.team_key == team_key
        )
        .options(selectinload(Scorecard.scores))
        .execution_options(populate_existing=True)
    )


def record(
    session: Session,
    event: Event,
    juror: JurorLink,
    team_key: str,
    scores: Mapping[str, int],
    comment: str | None = None,
) -> Recorded:
    """Keep the juror's card for the team: `scores` by criterion id, every criterion of the pack,
    each within the scale; `comment` replaces the card's (None or blank: no comment). Refused
    (ScoringError) once voting is closed, checked under the voting state's lock."""
    scale = _settings(event)
    if juror.event_id != event.id or find_juror(event, juror.name) is None:
        raise ScoringError("not_juror")
    values = _checked_values(event, scores, scale)
    text = _checked_comment(comment)
    state = _locked_state(session, event)
    if state.closed_at is not None:
        raise ScoringError("voting_closed")
    team = next((t for t in teams_to_judge(session, event) if t.key == team_key), None)
    if team is None:
        raise ScoringError("unknown_team", team=team_key)
    card = session.scalars(_card_query(event, juror.name_key, team.key)).one_or_none()
    now = utcnow()
    created = card is None
    if card is None:
        card = Scorecard(
            event_id=event.id,
            juror_key=juror.name_key,
            juror_name=juror.name,
            team_key=team.key,
            team_name=team.name,
            comment=text,
            created_at=now,
            updated_at=now,
            scores=[Score(criterion_key=key, value=value) for key, value in values.items()],
        )
        session.add(card)
    else:
        before = {score.criterion_key: score.value for score in card.scores}
        if before == values and card.comment == text:
            return Recorded(card, created=False, changed=False)
        for score in list(card.scores):
            if score.criterion_key in values:
                score.value = values[score.criterion_key]
            else:  # a criterion the pack no longer has
                card.scores.remove(score)
        card.scores += [Score(criterion_key=k, value=v) for k, v in values.items() if k not in before]
        card.comment, card.updated_at = text, now
        card.juror_name, card.team_name = juror.name, team.name
    session.flush()
    audit(
        session,
        event,
        telegram_actor(juror.telegram_user_id),
        "jury.scored",
        juror=juror.name,
        team=team.key,
        revised=not created,
        comment_length=len(text or ""),
    )
    return Recorded(card, created=created, changed=True)


def close_voting(session: Session, event: Event, *, by: str) -> bool:
    """Close voting: no card can be recorded or revised any more. False if it was closed already."""
    _settings(event)
    state = _locked_state(session, event)
    if state.closed_at is not None:
        return False
    state.closed_at, state.closed_by = utcnow(), by
    session.flush()
    cards = session.scalar(select(func.count(Scorecard.id)).where(Scorecard.event_id == event.id)) or 0
    audit(session, event, by, "jury.voting_closed", cards=cards)
    return True


def reopen_voting(session: Session, event: Event, *, by: str) -> bool:
    """Reopen voting: jurors may record and revise cards again. False if it was open."""
    _settings(event)
    state = _locked_state(session, event)
    if state.closed_at is None:
        return False
    state.closed_at, state.closed_by = None, None
    session.flush()
    audit(session, event, by, "jury.voting_reopened")
    return True


# ------------------------------------------------------------------ reading the cards


def cards_of(session: Session, event: Event) -> list[Scorecard]:
    """Every card of the event, with its scores, oldest first."""
    query = (
        select(Scorecard)
        .where(Scorecard.event_id == event.id)
        .options(selectinload(Scorecard.scores))
        .order_by(Scorecard.created_at, Scorecard.id)
    )
    return list(session.scalars(query))


def _card(row: Scorecard) -> ranking.Card:
    return ranking.Card(
        row.juror_key, row.team_key, {score.criterion_key: score.value for score in row.scores}
    )


def judging_of(session: Session, event: Event) -> ranking.Judging:
    """What the ranking is computed from, as it is in the database now."""
    scale = _settings(event)
    assert event.judging is not None
    return ranking.Judging(
        criteria=tuple(ranking.Criterion(row.key, row.weight) for row in event.criteria),
        scale=scale,
        normalise=event.judging.normalise,
        teams=tuple(
            ranking.Team(team.key, team.name, team.challenge) for team in teams_to_judge(session, event)
        ),
        jurors=tuple(
            ranking.Juror(status.key, status.name, status.telegram_user_id is not None)
            for status in roster(session, event)
            if status.in_pack
        ),
        cards=tuple(_card(row) for row in cards_of(session, event)),
        prize_rules=tuple(
            ranking.PrizeRule(rule.key, rule.awarded_by, rule.challenge.key if rule.challenge else None)
            for rule in event.prize_rules
        ),
        prizes=tuple(prize.key for prize in event.prizes),
    )


@dataclass(frozen=True)
class CardView:
    """A card as its juror sees it."""

    team: TeamToJudge
    values: dict[str, int]
    comment: str | None
    updated_at: dt.datetime
    counts: bool
    """False when it no longer fits the pack (a criterion added, the scale changed): to score again."""


def my_scores(session: Session, event: Event, juror: JurorLink) -> list[CardView]:
    """The juror's cards, in the order of the teams to judge (teams no longer judged left out)."""
    judging = judging_of(session, event)
    query = (
        select(Scorecard)
        .where(Scorecard.event_id == event.id, Scorecard.juror_key == juror.name_key)
        .options(selectinload(Scorecard.scores))
    )
    rows = {row.team_key: row for row in session.scalars(query)}
    found = []
    for team in teams_to_judge(session, event):
        row = rows.get(team.key)
        if row is not None:
            card = _card(row)
            found.append(
                CardView(
                    team, dict(card.values), row.comment, row.updated_at, ranking.card_counts(card, judging)
                )
            )
    return found


@dataclass(frozen=True)
class TeamProgress:
    team: TeamToJudge
    scored_by: tuple[str, ...]
    """Jurors whose card for it counts."""
    to_score_again: tuple[str, ...]
    """Jurors whose card no longer fits the pack."""
    waiting_for: tuple[str, ...]
    """Linked jurors with no card for it."""


@dataclass(frozen=True)
class VotingStatus:
    closed_at: dt.datetime | None
    closed_by: str | None
    jurors: tuple[str, ...]
    """The pack's jurors linked to Telegram: those expected to score every team."""
    teams: tuple[TeamProgress, ...]
    not_counted: int
    """Cards for teams no longer judged, or by jurors no longer on the jury."""


def status(session: Session, event: Event) -> VotingStatus:
    """Who scored which team, for the organisers (no score in it)."""
    judging = judging_of(session, event)
    state = voting_state(session, event)
    names = {juror.key: juror.name for juror in judging.jurors}
    linked = [juror for juror in judging.jurors if juror.linked]
    by_team: dict[str, dict[str, bool]] = {}
    not_counted = 0
    for card in judging.cards:
        if card.juror not in names or all(team.key != card.team for team in judging.teams):
            not_counted += 1
            continue
        by_team.setdefault(card.team, {})[card.juror] = ranking.card_counts(card, judging)
    progress = []
    for team in teams_to_judge(session, event):
        cards = by_team.get(team.key, {})
        progress.append(
            TeamProgress(
                team,
                tuple(name for key, name in names.items() if cards.get(key) is True),
                tuple(name for key, name in names.items() if cards.get(key) is False),
                tuple(juror.name for juror in linked if juror.key not in cards),
            )
        )
    return VotingStatus(
        state.closed_at if state else None,
        state.closed_by if state else None,
        tuple(juror.name for juror in linked),
        tuple(progress),
        not_counted,
    )
