"""The ranking and the draft palmarès, against figures computed by hand here: three jurors, four
teams, weights 2-1-1, one score revised, one card missing, a tie, prizes restricted to a challenge;
with and without each juror's marks normalised. Then the rules' edges, on plain data."""

from __future__ import annotations

import math

import pytest
from sqlalchemy.orm import Session
from support.jury_packs import (
    ANNE,
    BRUNO,
    CHLOE,
    T1,
    T2,
    T3,
    T4,
    TEAMS,
    card,
    jury_data,
    link_jurors,
    load_jury_event,
)

from bot.core.models import Event
from bot.jury import ranking, scoring
from bot.jury.ranking import Card, Criterion, Judging, Juror, PrizeRule, Team

# Each juror's cards: (impact ×2, feasibility, pitch) -> their mark, the weighted mean (÷ 4).
HAND = {
    ANNE: {
        T1: (card(5, 4, 3), 17 / 4),
        T2: (card(4, 4, 4), 4.0),
        T3: (card(3, 3, 3), 3.0),
        T4: (card(2, 3, 1), 2.0),  # revised from (5, 5, 5)
    },
    BRUNO: {
        T1: (card(4, 4, 4), 4.0),
        T2: (card(5, 3, 3), 4.0),
        T3: (card(4, 2, 2), 3.0),
        T4: (card(3, 3, 2), 11 / 4),
    },
    CHLOE: {  # no card for T3
        T1: (card(3, 3, 3), 3.0),
        T2: (card(3, 3, 4), 13 / 4),
        T4: (card(1, 1, 2), 5 / 4),
    },
}


@pytest.fixture
def event(session: Session) -> Event:
    event = load_jury_event(session)
    jurors = link_jurors(session, event)
    scoring.record(session, event, jurors[ANNE], T4, card(5, 5, 5))  # revised below
    for name, cards in HAND.items():
        for team, (values, _) in cards.items():
            scoring.record(session, event, jurors[name], team, values)
    return event


def z_scores(marks: list[float]) -> list[float]:
    """(mark − mean) ÷ population standard deviation, by hand."""
    mean = sum(marks) / len(marks)
    deviation = math.sqrt(sum((m - mean) ** 2 for m in marks) / len(marks))
    return [(m - mean) / deviation for m in marks]


def test_the_marks_are_each_jurors_weighted_means_after_the_revision(session: Session, event: Event) -> None:
    marks = ranking.marks(scoring.judging_of(session, event))
    keys = {ANNE: "anne juge", BRUNO: "bruno jure", CHLOE: "chloe juree"}
    assert marks == {
        keys[name]: {team: mark for team, (_, mark) in cards.items()} for name, cards in HAND.items()
    }


def test_without_normalisation_the_first_two_tie_and_the_team_chloe_did_not_score_is_flagged(
    session: Session, event: Event
) -> None:
    # T1: (4.25 + 4 + 3) / 3 = 3.75; T2: (4 + 4 + 3.25) / 3 = 3.75;
    # T3: (3 + 3) / 2 = 3; T4: (2 + 2.75 + 1.25) / 3 = 2
    judging = scoring.judging_of(session, event)
    standings = ranking.rank(judging)
    assert [(s.team.name, s.rank, s.score, s.tied, s.missing) for s in standings] == [
        (TEAMS[0], 1, 3.75, True, ()),
        (TEAMS[1], 1, 3.75, True, ()),
        (TEAMS[2], 3, 3.0, False, (CHLOE,)),
        (TEAMS[3], 4, 2.0, False, ()),
    ]
    assert all(s.mean == s.score for s in standings)
    draft = ranking.draft_palmares(judging, standings)
    summary = [
        (a.prize, a.team.name if a.team else None, [t.name for t in a.tied_with], a.missing_scores)
        for a in draft
    ]
    assert summary == [
        ("grand-prix", TEAMS[0], [TEAMS[1]], False),  # a tie decides it: flagged
        ("prix-donnees", TEAMS[1], [], False),  # T1 (acces-droits) won already; T2 is the best of donnees
        ("prix-acces", TEAMS[2], [], True),  # T1 won already: T3, which Chloé did not score
        ("prix-public", None, [], False),  # the audience's vote, not the jury's
    ]  # fmt: skip


def test_with_normalisation_each_jurors_z_scores_break_the_tie(session: Session, event: Event) -> None:
    judging = scoring.judging_of(session, load_jury_event(session, jury_data(normalise=True)))
    anne = z_scores([17 / 4, 4.0, 3.0, 2.0])
    bruno = z_scores([4.0, 4.0, 3.0, 11 / 4])
    chloe = z_scores([3.0, 13 / 4, 5 / 4])  # T1, T2, T4
    expected = {
        T1: (anne[0] + bruno[0] + chloe[0]) / 3,  # ≈ 0.86754
        T2: (anne[1] + bruno[1] + chloe[1]) / 3,  # ≈ 0.86762: just above T1
        T3: (anne[2] + bruno[2]) / 2,  # ≈ -0.55964
        T4: (anne[3] + bruno[3] + chloe[2]) / 3,  # ≈ -1.36206
    }
    standings = ranking.rank(judging)
    assert [s.team.key for s in standings] == [T2, T1, T3, T4]
    assert [s.rank for s in standings] == [1, 2, 3, 4] and not any(s.tied for s in standings)
    for standing in standings:
        assert standing.score == pytest.approx(expected[standing.team.key], abs=1e-12)
    assert [s.mean for s in standings] == [3.75, 3.75, 3.0, 2.0]  # the mean marks stay beside
    draft = ranking.draft_palmares(judging, standings)
    assert [(a.prize, a.team.name if a.team else None, a.tied_with) for a in draft] == [
        ("grand-prix", TEAMS[1], ()),
        ("prix-donnees", TEAMS[3], ()),  # T2 won already: the other team of donnees
        ("prix-acces", TEAMS[0], ()),
        ("prix-public", None, ()),
    ]


# ------------------------------------------------------------------ the rules' edges, on plain data

TEAM_A, TEAM_B, TEAM_C = Team("a", "A", "x"), Team("b", "B", "y"), Team("c", "C", "x")


def judging(cards: list[Card], **values: object) -> Judging:
    base: dict[str, object] = dict(
        criteria=(Criterion("q", 1.0),),
        scale=(0, 10),
        normalise=False,
        teams=(TEAM_A, TEAM_B, TEAM_C),
        jurors=(Juror("j1", "J1"), Juror("j2", "J2"), Juror("j3", "J3", linked=False)),
        cards=tuple(cards),
        prizes=("first", "second"),
    )
    return Judging(**{**base, **values})  # type: ignore[arg-type]


def test_a_juror_who_gives_every_team_the_same_mark_counts_zero_once_normalised() -> None:
    cards = [Card("j1", t.key, {"q": 7}) for t in (TEAM_A, TEAM_B, TEAM_C)]
    cards += [Card("j2", "a", {"q": 9}), Card("j2", "b", {"q": 1}), Card("j2", "c", {"q": 5})]
    standings = ranking.rank(judging(cards, normalise=True))
    # j1: 0 for each; j2: z = (9 − 5) / sqrt(32 / 3), 0, −(…)
    z = 4 / math.sqrt(32 / 3)
    assert [(s.team.key, s.score) for s in standings] == [
        ("a", pytest.approx(z / 2)),
        ("c", 0.0),
        ("b", pytest.approx(-z / 2)),
    ]


def test_a_team_nobody_scored_has_no_rank_and_every_linked_juror_is_missing() -> None:
    standings = ranking.rank(judging([Card("j1", "a", {"q": 4}), Card("j3", "a", {"q": 6})]))
    assert [(s.team.key, s.rank, s.score, s.missing) for s in standings] == [
        ("a", 1, 5.0, ("J2",)),  # J3 is not linked: not expected, but their card counts
        ("b", None, None, ("J1", "J2")),
        ("c", None, None, ("J1", "J2")),
    ]


def test_cards_that_no_longer_fit_or_whose_juror_left_the_jury_do_not_count() -> None:
    cards = [
        Card("j1", "a", {"q": 11}),  # outside the scale
        Card("j2", "a", {"other": 3}),  # a criterion the pack no longer has, none for q
        Card("gone", "b", {"q": 10}),  # no longer on the jury
        Card("j1", "zz", {"q": 10}),  # a team no longer judged
        Card("j1", "c", {"q": 2, "other": 9}),  # an extra score is ignored
    ]
    standings = ranking.rank(judging(cards))
    assert [(s.team.key, s.score) for s in standings] == [("c", 2.0), ("a", None), ("b", None)]


def test_three_teams_tied_share_a_rank_and_the_next_one_comes_fourth() -> None:
    cards = [Card("j1", t, {"q": v}) for t, v in (("a", 5), ("b", 5), ("c", 5))]
    four = (TEAM_A, TEAM_B, TEAM_C, Team("d", "D"))
    standings = ranking.rank(judging([*cards, Card("j1", "d", {"q": 9})], teams=four))
    assert [(s.team.key, s.rank, s.tied) for s in standings] == [
        ("d", 1, False),
        ("a", 2, True),
        ("b", 2, True),
        ("c", 2, True),
    ]


def test_without_prize_rules_each_pack_prize_goes_in_order_to_the_next_best_team() -> None:
    cards = [
        Card("j1", "a", {"q": 9}),
        Card("j1", "b", {"q": 8}),
        Card("j2", "a", {"q": 9}),
        Card("j2", "b", {"q": 8}),
    ]
    data = judging(cards, prizes=("first", "second", "third"))
    draft = ranking.draft_palmares(data, ranking.rank(data))
    assert [(a.prize, a.by, a.team.key if a.team else None, a.missing_scores) for a in draft] == [
        ("first", "jury", "a", False),
        ("second", "jury", "b", False),
        ("third", "jury", None, False),  # no team left with a score
    ]


def test_a_prize_for_a_challenge_no_scored_team_is_on_gets_no_team() -> None:
    data = judging([Card("j1", "b", {"q": 3})], prize_rules=(PrizeRule("x-prize", "jury", "x"),))
    [award] = ranking.draft_palmares(data, ranking.rank(data))
    assert (award.prize, award.challenge, award.team) == ("x-prize", "x", None)
