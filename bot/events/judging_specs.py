"""The format of a pack's `judging:` section (hackbot's own, beside the shared format; described in
docs/judging-format.md): the scale jurors score on, whether each juror's scores are normalised
before ranking, the criteria (with their weights), the teams judged when they did not register
through the assistant, and how each of the pack's prizes is awarded.

One model per part, each value read by a parser whose error says what to write; `judging_problems`
checks what involves several fields or other sections (ids used twice, a scale whose max is not
above its min, a prize or challenge the pack does not have), each with its place, as the rest of
the pack validator (bot.events.pack) does.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema

from bot.core.matching import folded_name
from bot.core.models import PRIZE_AWARDED_BY
from bot.events.documents import Loc, location
from bot.events.pack_values import Slug, String, Text, show_value

DEFAULT_SCALE = (1, 5)
MAX_SCALE_VALUES = 21
"""A scale has at most 21 values (0 to 20, as French marks go): a juror picks one with a button."""


def parse_mark(value: object) -> int:
    """A value of the scale: a whole number, 0 or more."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{show_value(value)} is not a whole number; write one such as 1 or 5")
    if value < 0:
        raise ValueError(f"{value} is below 0; scores start at 0 or more")
    return value


def parse_weight(value: object) -> float:
    """A criterion's weight: a number above 0 (a whole one, or one such as 1.5)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{show_value(value)} is not a number; write a weight such as 1, 2 or 0.5")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{show_value(value)} is not above 0; a weight is a number such as 1, 2 or 0.5")
    return value


def parse_awarded_by(value: object) -> str:
    if isinstance(value, str) and value in PRIZE_AWARDED_BY:
        return value
    raise ValueError(
        f"{show_value(value)} is not who awards a prize; write jury (the jurors' scores) or public "
        "(the audience's vote)"
    )


Mark = Annotated[int, PlainValidator(parse_mark), WithJsonSchema({"type": "integer", "minimum": 0})]
Weight = Annotated[
    float, PlainValidator(parse_weight), WithJsonSchema({"type": "number", "exclusiveMinimum": 0})
]
AwardedBy = Annotated[str, PlainValidator(parse_awarded_by), WithJsonSchema({"enum": list(PRIZE_AWARDED_BY)})]


class JudgingPart(BaseModel):
    """A part of the section: unknown keys are errors, values are never coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Scale(JudgingPart):
    min: Mark = DEFAULT_SCALE[0]
    """The lowest score a juror can give."""
    max: Mark = DEFAULT_SCALE[1]
    """The highest; above `min`."""


class Criterion(JudgingPart):
    id: Slug
    name: Text
    description: Text | None = None
    weight: Weight = 1
    """How much it counts in a juror's mean for a team, against the other criteria's weights."""


class ListedTeam(JudgingPart):
    """A team judged though it did not register through the assistant."""

    name: String
    challenge: Slug | None = None


class PrizeAward(JudgingPart):
    prize: Slug
    """A prize id of the pack's `prizes`."""
    by: AwardedBy = "jury"
    challenge: Slug | None = None
    """Only the teams of this challenge may win it."""


class JudgingSpec(JudgingPart):
    """hackbot's own section: how the jury scores teams, and how prizes are awarded."""

    scale: Scale = Scale()
    normalise: bool = False
    """Rank teams on each juror's means normalised (a z-score per juror, bot.jury.ranking)."""
    criteria: Annotated[list[Criterion], Field(min_length=1)]
    teams: list[ListedTeam] = []
    prizes: list[PrizeAward] = []


def _known(what: str, value: str, ids: list[str], section: str) -> str:
    known = f"the {what} ids are: {', '.join(ids)}" if ids else f"add the {what} under {section}"
    return f"no {what} has the id '{value}'; {known}"


def _listed(value: object) -> list[tuple[int, dict[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]


def _reference(
    item: dict[str, Any], key: str, ids: list[str], at: Loc, what: str, section: str
) -> list[tuple[Loc, str]]:
    """A reference to an item of another section that the pack does not have."""
    value = item.get(key)
    if isinstance(value, str) and value and value not in ids:
        return [((*at, key), _known(what, value, ids, section))]
    return []


def judging_problems(
    judging: object, challenge_ids: Collection[str], prize_ids: Collection[str], *, registration: bool
) -> tuple[list[tuple[Loc, str]], list[tuple[Loc, str]]]:
    """What the models alone cannot say of the section `judging` (errors, then warnings): a scale
    whose max is not above its min or with too many values, a criterion id or a team name used
    twice, a prize named twice, a reference to a challenge or prize the pack does not have; and,
    when the pack also opens registration (`registration`), that its listed teams are judged only
    while no team has registered through the assistant (bot.jury.teams)."""
    if not isinstance(judging, dict):
        return [], []
    errors = _scale_problems(judging.get("scale"))
    challenges, prizes = list(challenge_ids), list(prize_ids)
    first: dict[str, int] = {}
    for index, criterion in _listed(judging.get("criteria")):
        criterion_id = criterion.get("id")
        if not isinstance(criterion_id, str):
            continue
        if criterion_id in first:
            where = location(("judging", "criteria", first[criterion_id]))
            message = f"the id '{criterion_id}' is already used by {where}"
            errors.append((("judging", "criteria", index, "id"), message))
        else:
            first[criterion_id] = index
    names: dict[str, int] = {}
    for index, team in _listed(judging.get("teams")):
        at: Loc = ("judging", "teams", index)
        name = team.get("name")
        if isinstance(name, str) and name.strip():
            key = folded_name(name)
            if key in names:
                where = location(("judging", "teams", names[key]))
                message = f"the team {name!r} is already listed at {where} (names are compared ignoring case)"
                errors.append(((*at, "name"), message))
            else:
                names[key] = index
        errors += _reference(team, "challenge", challenges, at, "challenge", "challenges")
    awarded: dict[str, int] = {}
    for index, award in _listed(judging.get("prizes")):
        at = ("judging", "prizes", index)
        prize = award.get("prize")
        if isinstance(prize, str) and prize in awarded:
            where = location(("judging", "prizes", awarded[prize]))
            errors.append(
                ((*at, "prize"), f"the prize '{prize}' is already at {where}; a prize is awarded once")
            )
        elif isinstance(prize, str):
            awarded[prize] = index
            errors += _reference(award, "prize", prizes, at, "prize", "prizes")
        errors += _reference(award, "challenge", challenges, at, "challenge", "challenges")
    warnings: list[tuple[Loc, str]] = []
    if registration and judging.get("teams"):
        message = (
            "these teams are judged only while no team has registered through the assistant; this pack "
            "also opens registration (teams:), whose teams are judged instead once one has registered"
        )
        warnings.append((("judging", "teams"), message))
    return errors, warnings


def _scale_problems(scale: object) -> list[tuple[Loc, str]]:
    """A max not above the min, or more values than buttons can offer."""
    if not isinstance(scale, dict):
        return []
    low, high = scale.get("min", DEFAULT_SCALE[0]), scale.get("max", DEFAULT_SCALE[1])
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (low, high)):
        return []  # the models say what is wrong with each
    place: Loc = ("judging", "scale", "max" if "max" in scale else "min")
    if high <= low:
        return [(place, f"the scale's max ({high}) is not above its min ({low})")]
    if high - low + 1 > MAX_SCALE_VALUES:
        message = (
            f"the scale has {high - low + 1} values; at most {MAX_SCALE_VALUES} (such as 0 to 20), as a "
            "juror picks one with a button"
        )
        return [(place, message)]
    return []
