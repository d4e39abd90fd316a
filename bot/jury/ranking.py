"""The jury's ranking and the draft palmarès, computed from the scorecards: pure functions of plain
data (`Judging`, which bot.jury.scoring.judging_of reads from the database).

**A juror's mark** for a team is the weighted mean of their scores over the criteria:
Σ weight × score ÷ Σ weight. A card counts only when it fits the pack as it is: a score for every
criterion, each within the scale (a card recorded before a criterion was added or the scale
changed waits for its juror to score again), and its juror still on the pack's jury.

**A team's score** is the mean of its jurors' marks, on the scale. With `normalise: true`, each
juror's marks are first made z-scores over the teams that juror scored: (mark − the juror's mean
mark) ÷ the standard deviation of their marks (population); a juror who gave every team the same
mark, or scored one team only, counts 0 for each (they prefer no team). A lenient juror and a
strict one then weigh the same; the team's score is the mean of its z-scores (0 is an average
team for its jurors), and its mean mark on the scale is given beside it.

**Ranking**: best score first; teams whose scores differ by at most 1e-9 share a rank (1, 2, 2, 4)
and are flagged tied; a team no counting card scores has no rank and comes last. A team is flagged
missing the scores of each linked juror (on the pack's jury and linked to Telegram) who has no
counting card for it.

**The draft palmarès**: for each prize of `judging.prizes` in order (or, when the pack lists none
there, each prize of the pack in order, awarded by the jury), the best-ranked team not yet awarded
a jury prize, among the teams of the prize's challenge if it has one. It is flagged when another
such team has the same score (a tie decides it: the organisers choose) and when the team misses
scores. A prize awarded by the public gets no team here: the audience votes for it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

EPSILON = 1e-9
"""Scores closer than this are equal: a tie."""


@dataclass(frozen=True)
class Criterion:
    key: str
    weight: float = 1.0


@dataclass(frozen=True)
class Team:
    key: str
    name: str
    challenge: str | None = None


@dataclass(frozen=True)
class Juror:
    """A jury member of the pack; `linked` ones are expected to score every team."""

    key: str
    name: str
    linked: bool = True


@dataclass(frozen=True)
class Card:
    """A juror's scores for a team, by criterion key."""

    juror: str
    team: str
    values: Mapping[str, int]


@dataclass(frozen=True)
class PrizeRule:
    prize: str
    by: str = "jury"
    challenge: str | None = None


@dataclass(frozen=True)
class Judging:
    """Everything the ranking is computed from."""

    criteria: tuple[Criterion, ...]
    scale: tuple[int, int]
    normalise: bool
    teams: tuple[Team, ...]
    jurors: tuple[Juror, ...]
    cards: tuple[Card, ...]
    prize_rules: tuple[PrizeRule, ...] = ()
    """The pack's `judging.prizes`."""
    prizes: tuple[str, ...] = ()
    """The ids of the pack's prizes, in order (awarded by the jury when `prize_rules` is empty)."""


@dataclass(frozen=True)
class Standing:
    team: Team
    rank: int | None
    """None: no counting card scores it."""
    score: float | None
    """What the rank is on: the mean of its jurors' marks, or of their z-scores when normalised."""
    mean: float | None
    """The mean of its jurors' marks, on the scale."""
    marks: Mapping[str, float] = field(default_factory=dict)
    """Each counting juror's mark (juror key -> weighted mean)."""
    tied: bool = False
    missing: tuple[str, ...] = ()
    """The names of the linked jurors who have not scored it (or whose card no longer counts)."""


@dataclass(frozen=True)
class DraftAward:
    prize: str
    by: str
    challenge: str | None
    team: Team | None
    """None: awarded by the public, or no team can have it."""
    tied_with: tuple[Team, ...] = ()
    """Teams that could have it with the same score: a tie decides it."""
    missing_scores: bool = False


def card_counts(card: Card, judging: Judging) -> bool:
    """Whether the card fits the pack as it is: every criterion scored, within the scale."""
    low, high = judging.scale
    return all(
        criterion.key in card.values and low <= card.values[criterion.key] <= high
        for criterion in judging.criteria
    )


def mark(values: Mapping[str, int], criteria: Sequence[Criterion]) -> float:
    """The weighted mean of the scores over the criteria."""
    total = sum(criterion.weight for criterion in criteria)
    return sum(criterion.weight * values[criterion.key] for criterion in criteria) / total


def marks(judging: Judging) -> dict[str, dict[str, float]]:
    """Each juror of the pack's marks for the teams judged, by their counting cards: juror key ->
    team key -> mark."""
    jurors = {juror.key for juror in judging.jurors}
    teams = {team.key for team in judging.teams}
    found: dict[str, dict[str, float]] = {}
    for card in judging.cards:
        if card.juror in jurors and card.team in teams and card_counts(card, judging):
            found.setdefault(card.juror, {})[card.team] = mark(card.values, judging.criteria)
    return found


def normalised(by_juror: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    """Each juror's marks as z-scores over the teams they scored (see the module's docstring)."""
    found: dict[str, dict[str, float]] = {}
    for juror, teams in by_juror.items():
        values = list(teams.values())
        average = sum(values) / len(values)
        deviation = math.sqrt(sum((value - average) ** 2 for value in values) / len(values))
        found[juror] = {
            team: (value - average) / deviation if deviation > EPSILON else 0.0
            for team, value in teams.items()
        }
    return found


def rank(judging: Judging) -> list[Standing]:
    """The teams judged, best first, with their rank, score, ties and missing scores."""
    raw = marks(judging)
    ranked_on = normalised(raw) if judging.normalise else raw
    linked = [juror for juror in judging.jurors if juror.linked]
    unranked: list[Standing] = []
    for team in judging.teams:
        team_marks = {juror: teams[team.key] for juror, teams in raw.items() if team.key in teams}
        on = [teams[team.key] for teams in ranked_on.values() if team.key in teams]
        missing = tuple(juror.name for juror in linked if juror.key not in team_marks)
        unranked.append(
            Standing(
                team,
                None,
                sum(on) / len(on) if on else None,
                sum(team_marks.values()) / len(team_marks) if team_marks else None,
                team_marks,
                False,
                missing,
            )
        )
    order = sorted(
        range(len(unranked)),
        key=lambda i: (unranked[i].score is None, -(unranked[i].score or 0.0), i),
    )
    ordered = [unranked[i] for i in order]
    standings: list[Standing] = []
    for position, standing in enumerate(ordered):
        if standing.score is None:
            standings.append(standing)
            continue
        previous = standings[-1] if standings else None
        same = previous is not None and previous.score is not None and _equal(previous.score, standing.score)
        following = ordered[position + 1] if position + 1 < len(ordered) else None
        tied = same or (
            following is not None and following.score is not None and _equal(following.score, standing.score)
        )
        place = previous.rank if same and previous is not None else position + 1
        standings.append(
            Standing(
                standing.team, place, standing.score, standing.mean, standing.marks, tied, standing.missing
            )
        )
    return standings


def _equal(first: float, second: float) -> bool:
    return abs(first - second) <= EPSILON


def prize_rules(judging: Judging) -> tuple[PrizeRule, ...]:
    """The pack's rules, or each of its prizes awarded by the jury when it has none."""
    return judging.prize_rules or tuple(PrizeRule(prize) for prize in judging.prizes)


def draft_palmares(judging: Judging, standings: Sequence[Standing]) -> list[DraftAward]:
    """The draft palmarès from the ranking (see the module's docstring)."""
    awarded: set[str] = set()
    draft: list[DraftAward] = []
    for rule in prize_rules(judging):
        if rule.by != "jury":
            draft.append(DraftAward(rule.prize, rule.by, rule.challenge, None))
            continue
        eligible = [
            standing
            for standing in standings
            if standing.score is not None
            and standing.team.key not in awarded
            and (rule.challenge is None or standing.team.challenge == rule.challenge)
        ]
        if not eligible:
            draft.append(DraftAward(rule.prize, rule.by, rule.challenge, None))
            continue
        best = eligible[0]
        assert best.score is not None
        tied = tuple(
            other.team
            for other in eligible[1:]
            if other.score is not None and _equal(other.score, best.score)
        )
        awarded.add(best.team.key)
        draft.append(DraftAward(rule.prize, rule.by, rule.challenge, best.team, tied, bool(best.missing)))
    return draft
