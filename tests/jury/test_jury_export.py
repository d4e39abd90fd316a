"""The jury's export for the organisers: every card with its scores, mark and comment, as CSV (one
row per card) and JSON; the ranking and draft palmarès only once voting is closed."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy.orm import Session
from support.jury_packs import ANNE, BRUNO, CHLOE, T1, T2, TEAMS, card, link_jurors, load_jury_event

from bot.core.models import Event
from bot.jury import export, scoring


@pytest.fixture
def event(session: Session) -> Event:
    event = load_jury_event(session)
    jurors = link_jurors(session, event)
    scoring.record(session, event, jurors[ANNE], T1, card(5, 4, 3), '=HYPERLINK("x")')
    scoring.record(session, event, jurors[BRUNO], T1, card(4, 4, 4), "Solide")
    scoring.record(session, event, jurors[ANNE], T2, card(3, 3, 3))
    return event


def test_while_voting_is_open_the_export_has_the_cards_and_no_ranking(session: Session, event: Event) -> None:
    data = export.export_data(session, event)
    assert data["voting"] == {"closed": False, "closed_at": None, "closed_by": None}
    assert "palmares" not in data and all("rank" not in team for team in data["teams"])
    assert [team["name"] for team in data["teams"]] == TEAMS  # in their own order
    assert data["criteria"][0] == {
        "id": "impact",
        "name": {"fr": "Impact pour les usagers", "en": "Impact for users"},
        "weight": 2.0,
    }
    first = data["teams"][0]["cards"][0]
    assert {key: first[key] for key in ("juror", "scores", "mark", "counts", "comment")} == {
        "juror": ANNE,
        "scores": {"impact": 5, "faisabilite": 4, "pitch": 3},
        "mark": 4.25,
        "counts": True,
        "comment": '=HYPERLINK("x")',
    }
    json.loads(export.as_json(data))  # plain data


def test_once_voting_is_closed_the_export_ranks_the_teams_and_drafts_the_palmares(
    session: Session, event: Event
) -> None:
    scoring.close_voting(session, event, by="cli")
    data = json.loads(export.as_json(export.export_data(session, event)))
    assert data["voting"]["closed"] is True and data["voting"]["closed_by"] == "cli"
    assert [(t["name"], t["rank"], t["score"], t["tied"], t["missing"]) for t in data["teams"]] == [
        (TEAMS[0], 1, 4.125, False, [CHLOE]),  # (4.25 + 4) / 2
        (TEAMS[1], 2, 3.0, False, [BRUNO, CHLOE]),
        (TEAMS[2], None, None, False, [ANNE, BRUNO, CHLOE]),
        (TEAMS[3], None, None, False, [ANNE, BRUNO, CHLOE]),
    ]
    assert [(a["prize"], a["team"], a["missing_scores"]) for a in data["palmares"]] == [
        ("grand-prix", TEAMS[0], True),
        ("prix-donnees", TEAMS[1], True),
        ("prix-acces", None, False),
        ("prix-public", None, False),
    ]


def test_the_csv_has_a_row_per_card_a_column_per_criterion_and_no_formula(
    session: Session, event: Event
) -> None:
    scoring.close_voting(session, event, by="cli")
    text = export.as_csv(export.export_data(session, event))
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == [
        "rank", "team", "challenge", "team_score", "team_mean", "tied", "missing", "juror",
        "score_impact", "score_faisabilite", "score_pitch", "mark", "counts", "comment", "updated_at",
    ]  # fmt: skip
    found = [
        (r["rank"], r["team"], r["juror"], r["score_impact"], r["mark"], r["missing"], r["comment"])
        for r in reader
    ]
    assert found == [
        ("1", TEAMS[0], ANNE, "5", "4.25", CHLOE, '\'=HYPERLINK("x")'),
        ("1", TEAMS[0], BRUNO, "4", "4.0", CHLOE, "Solide"),
        ("2", TEAMS[1], ANNE, "3", "3.0", f"{BRUNO}; {CHLOE}", ""),
        ("", TEAMS[2], "", "", "", f"{ANNE}; {BRUNO}; {CHLOE}", ""),
        ("", TEAMS[3], "", "", "", f"{ANNE}; {BRUNO}; {CHLOE}", ""),
    ]
