"""The jury's cards and ranking for the organisers (`hackbot jury export`): as JSON, or as CSV with
one row per card (a team no juror scored has one row without a juror).

Every card is there with its scores, its juror's mark (their weighted mean) and comment. The
ranking (rank, score, ties, missing scores) and the draft palmarès are there once voting is
closed, as `hackbot jury status` shows them; while it is open, teams come in their own order.
Numbers are rounded to 6 decimals; CSV cells that would start a formula are made text.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlalchemy.orm import Session

from bot.core.models import Event
from bot.core.spreadsheets import spreadsheet_text
from bot.jury import ranking
from bot.jury.scoring import cards_of, judging_of, voting_state

DECIMALS = 6


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS)


def export_data(session: Session, event: Event) -> dict[str, Any]:
    """The cards, and the ranking once voting is closed, as plain data (JSON-ready)."""
    judging = judging_of(session, event)
    state = voting_state(session, event)
    closed = state is not None and state.closed_at is not None
    names = {juror.key: juror.name for juror in judging.jurors}
    rows = cards_of(session, event)
    cards_by_team: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        card = ranking.Card(row.juror_key, row.team_key, {s.criterion_key: s.value for s in row.scores})
        counts = card.juror in names and ranking.card_counts(card, judging)
        cards_by_team.setdefault(row.team_key, []).append(
            {
                "juror": row.juror_name,
                "scores": {c.key: card.values.get(c.key) for c in judging.criteria},
                "mark": _number(ranking.mark(card.values, judging.criteria)) if counts else None,
                "counts": counts,
                "comment": row.comment,
                "updated_at": row.updated_at.isoformat(timespec="seconds"),
            }
        )
    teams: list[dict[str, Any]] = []
    if closed:
        for standing in ranking.rank(judging):
            teams.append(
                {
                    "key": standing.team.key,
                    "name": standing.team.name,
                    "challenge": standing.team.challenge,
                    "rank": standing.rank,
                    "score": _number(standing.score),
                    "mean": _number(standing.mean),
                    "tied": standing.tied,
                    "missing": list(standing.missing),
                    "cards": cards_by_team.get(standing.team.key, []),
                }
            )
    else:
        for team in judging.teams:
            teams.append(
                {
                    "key": team.key,
                    "name": team.name,
                    "challenge": team.challenge,
                    "cards": cards_by_team.get(team.key, []),
                }
            )
    assert event.judging is not None
    data: dict[str, Any] = {
        "event": event.slug,
        "voting": {
            "closed": closed,
            "closed_at": state.closed_at.isoformat(timespec="seconds") if state and state.closed_at else None,
            "closed_by": state.closed_by if state else None,
        },
        "scale": {"min": judging.scale[0], "max": judging.scale[1]},
        "normalise": judging.normalise,
        "criteria": [{"id": row.key, "name": dict(row.name), "weight": row.weight} for row in event.criteria],
        "jurors": [{"name": juror.name, "linked": juror.linked} for juror in judging.jurors],
        "teams": teams,
    }
    if closed:
        data["palmares"] = [
            {
                "prize": award.prize,
                "by": award.by,
                "challenge": award.challenge,
                "team": award.team.name if award.team else None,
                "tied_with": [team.name for team in award.tied_with],
                "missing_scores": award.missing_scores,
            }
            for award in ranking.draft_palmares(judging, ranking.rank(judging))
        ]
    return data


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_csv(data: dict[str, Any]) -> str:
    """One row per card, with its team's ranking columns (empty while voting is open) and one
    column per criterion (`score_<id>`)."""
    criteria = [f"score_{criterion['id']}" for criterion in data["criteria"]]
    fields = [
        "rank", "team", "challenge", "team_score", "team_mean", "tied", "missing", "juror",
        *criteria, "mark", "counts", "comment", "updated_at",
    ]  # fmt: skip
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for team in data["teams"]:
        ranked = {
            "rank": team.get("rank"),
            "team": team["name"],
            "challenge": team["challenge"],
            "team_score": team.get("score"),
            "team_mean": team.get("mean"),
            "tied": _yes(team.get("tied")),
            "missing": "; ".join(team.get("missing", [])),
        }
        for card in team["cards"] or [None]:
            cells: dict[str, Any] = dict(ranked)
            if card is not None:
                cells |= {
                    "juror": card["juror"],
                    **{f"score_{key}": value for key, value in card["scores"].items()},
                    "mark": card["mark"],
                    "counts": _yes(card["counts"]),
                    "comment": card["comment"],
                    "updated_at": card["updated_at"],
                }
            writer.writerow({key: spreadsheet_text(value) for key, value in cells.items()})
    return buffer.getvalue()


def _yes(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")
