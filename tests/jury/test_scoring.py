"""Jurors' scorecards: recorded whole or not at all, once per juror and team however often sent,
revised in place, refused once voting is closed (closing and reopening audited); what each juror
and the organisers see; on SQLite and PostgreSQL, with the exact rows asserted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select
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

from bot.core.models import AuditEntry, Event, JurorLink, Score, Scorecard, VotingState
from bot.jury import scoring
from bot.jury.scoring import ScoringError
from bot.jury.teams import teams_to_judge
from bot.teams.registration import create_team, get_or_create_participant


@pytest.fixture
def event(session: Session) -> Event:
    return load_jury_event(session)


@pytest.fixture
def jurors(session: Session, event: Event) -> dict[str, JurorLink]:
    return link_jurors(session, event)


def rows(session: Session) -> list[tuple[str, str, dict[str, int], str | None]]:
    """(juror, team, scores, comment) of every card, as the database holds them."""
    session.expire_all()
    cards = session.scalars(select(Scorecard).order_by(Scorecard.id))
    return [
        (c.juror_name, c.team_name, {s.criterion_key: s.value for s in c.scores}, c.comment) for c in cards
    ]


def refused(code: str, *args: Any, **kwargs: Any) -> ScoringError:
    with pytest.raises(ScoringError) as caught:
        scoring.record(*args, **kwargs)
    assert caught.value.code == code
    return caught.value


def audited(session: Session, action: str) -> list[AuditEntry]:
    return list(
        session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))
    )


def test_a_card_is_recorded_whole_and_audited_without_its_scores_or_comment(
    session: Session, event: Event, jurors: dict[str, JurorLink]
) -> None:
    done = scoring.record(session, event, jurors[ANNE], T1, card(5, 4, 3), "  Très clair.  ")
    assert done.created and done.changed
    assert rows(session) == [(ANNE, TEAMS[0], {"impact": 5, "faisabilite": 4, "pitch": 3}, "Très clair.")]
    [logged] = audited(session, "jury.scored")
    assert logged.actor == "telegram:8001"
    assert logged.details == {"juror": ANNE, "team": T1, "revised": False, "comment_length": 11}


def test_a_card_without_every_criterion_or_with_an_unknown_one_records_nothing(
    session: Session, event: Event, jurors: dict[str, JurorLink]
) -> None:
    error = refused("missing_criteria", session, event, jurors[ANNE], T1, {"impact": 5})
    assert error.details == {"criteria": "faisabilite, pitch"}
    error = refused("unknown_criteria", session, event, jurors[ANNE], T1, {**card(5, 4, 3), "design": 2})
    assert error.details == {"criteria": "design"}
    assert rows(session) == []


@pytest.mark.parametrize("value", [0, 6, -1, True, 2.5, "4"])
def test_a_score_outside_the_scale_or_not_a_whole_number_records_nothing(
    session: Session, event: Event, jurors: dict[str, JurorLink], value: Any
) -> None:
    error = refused("out_of_scale", session, event, jurors[BRUNO], T2, {**card(3, 3, 3), "pitch": value})
    assert error.details == {"criterion": "pitch", "value": str(value), "min": "1", "max": "5"}
    assert rows(session) == []


def test_a_double_tap_leaves_one_card_and_one_line_in_the_log(
    session: Session, event: Event, jurors: dict[str, JurorLink]
) -> None:
    first = scoring.record(session, event, jurors[ANNE], T1, card(5, 4, 3))
    again = scoring.record(session, event, jurors[ANNE], T1, card(5, 4, 3))
    assert (again.created, again.changed, again.card.id) == (False, False, first.card.id)
    assert len(rows(session)) == 1 and session.scalar(select(func.count(Score.id))) == 3
    assert len(audited(session, "jury.scored")) == 1


def test_revising_a_card_replaces_its_values_and_comment_in_place(
    session: Session, event: Event, jurors: dict[str, JurorLink]
) -> None:
    first = scoring.record(session, event, jurors[ANNE], T4, card(5, 5, 5), "Bof")
    created_at = first.card.created_at
    revised = scoring.record(session, event, jurors[ANNE], T4, card(2, 3, 1))
    assert (revised.created, revised.changed, revised.card.id) == (False, True, first.card.id)
    assert rows(session) == [(ANNE, TEAMS[3], {"impact": 2, "faisabilite": 3, "pitch": 1}, None)]
    assert revised.card.created_at == created_at and revised.card.updated_at >= created_at
    assert [entry.details["revised"] for entry in audited(session, "jury.scored")] == [False, True]


def test_a_comment_too_long_is_refused_and_a_blank_one_is_none(
    session: Session, event: Event, jurors: dict[str, JurorLink]
) -> None:
    error = refused("comment_too_long", session, event, jurors[ANNE], T1, card(3, 3, 3), "x" * 2001)
    assert error.details == {"length": "2001", "max": "2000"}
    scoring.record(session, event, jurors[ANNE], T1, card(3, 3, 3), "   ")
    assert rows(session)[0][3] is None


def test_an_unknown_team_or_a_juror_gone_from_the_pack_is_refused(
    session: Session, event: Event, jurors: dict[str, JurorLink]
) -> None:
    error = refused("unknown_team", session, event, jurors[ANNE], "listed-0000000000", card(3, 3, 3))
    assert error.details == {"team": "listed-0000000000"}
    data = jury_data()
    data["jury"] = [{"name": ANNE}, {"name": BRUNO}]
    reloaded = load_jury_event(session, data)
    refused("not_juror", session, reloaded, jurors[CHLOE], T1, card(3, 3, 3))
    assert rows(session) == []


def test_an_event_without_judging_has_no_scoring(
    session: Session, event: Event, jurors: dict[str, JurorLink]
) -> None:
    data = jury_data()
    del data["judging"]
    reloaded = load_jury_event(session, data)
    refused("no_judging", session, reloaded, jurors[ANNE], T1, card(3, 3, 3))
    with pytest.raises(ScoringError):
        scoring.close_voting(session, reloaded, by="cli")


def test_closing_voting_freezes_the_cards_and_reopening_lets_jurors_revise(
    session: Session, event: Event, jurors: dict[str, JurorLink]
) -> None:
    scoring.record(session, event, jurors[ANNE], T1, card(3, 3, 3))
    assert not scoring.voting_is_closed(session, event)
    assert scoring.close_voting(session, event, by="telegram:9001")
    assert not scoring.close_voting(session, event, by="cli")  # already closed: nothing more
    state = session.get(VotingState, event.id)
    assert state is not None and state.closed_by == "telegram:9001" and state.closed_at is not None
    refused("voting_closed", session, event, jurors[ANNE], T1, card(5, 5, 5))
    refused("voting_closed", session, event, jurors[BRUNO], T2, card(5, 5, 5))
    assert [r[2]["impact"] for r in rows(session)] == [3]
    assert scoring.reopen_voting(session, event, by="cli")
    assert not scoring.reopen_voting(session, event, by="cli")
    scoring.record(session, event, jurors[ANNE], T1, card(5, 5, 5))
    assert [r[2]["impact"] for r in rows(session)] == [5]
    [closed] = audited(session, "jury.voting_closed")
    assert (closed.actor, closed.details) == ("telegram:9001", {"cards": 1})
    assert [e.actor for e in audited(session, "jury.voting_reopened")] == ["cli"]


def test_a_juror_sees_their_own_cards_only_in_the_order_of_the_teams(
    session: Session, event: Event, jurors: dict[str, JurorLink]
) -> None:
    scoring.record(session, event, jurors[ANNE], T3, card(3, 3, 3), "Correct")
    scoring.record(session, event, jurors[ANNE], T1, card(4, 4, 4))
    scoring.record(session, event, jurors[BRUNO], T2, card(5, 5, 5), "Bravo")
    mine = scoring.my_scores(session, event, jurors[ANNE])
    assert [(c.team.name, c.values["impact"], c.comment, c.counts) for c in mine] == [
        (TEAMS[0], 4, None, True),
        (TEAMS[2], 3, "Correct", True),
    ]
    assert [c.team.key for c in scoring.my_scores(session, event, jurors[CHLOE])] == []


def test_the_status_says_who_scored_which_team_and_who_is_awaited(
    session: Session, event: Event, jurors: dict[str, JurorLink]
) -> None:
    scoring.record(session, event, jurors[BRUNO], T1, card(3, 3, 3))
    scoring.record(session, event, jurors[ANNE], T1, card(4, 4, 4))
    scoring.record(session, event, jurors[CHLOE], T2, card(5, 5, 5))
    status = scoring.status(session, event)
    assert (status.closed_at, status.closed_by, status.jurors) == (None, None, (ANNE, BRUNO, CHLOE))
    assert [(p.team.name, p.scored_by, p.waiting_for) for p in status.teams] == [
        (TEAMS[0], (ANNE, BRUNO), (CHLOE,)),
        (TEAMS[1], (CHLOE,), (ANNE, BRUNO)),
        (TEAMS[2], (), (ANNE, BRUNO, CHLOE)),
        (TEAMS[3], (), (ANNE, BRUNO, CHLOE)),
    ]
    assert status.not_counted == 0


def test_a_criterion_added_by_a_reload_sends_the_cards_back_to_their_jurors(
    session: Session, event: Event, jurors: dict[str, JurorLink]
) -> None:
    scoring.record(session, event, jurors[ANNE], T1, card(4, 4, 4))
    criteria = [*jury_data()["judging"]["criteria"], {"id": "design", "name": "Design"}]
    reloaded = load_jury_event(session, jury_data(criteria=criteria))
    [mine] = scoring.my_scores(session, reloaded, jurors[ANNE])
    assert not mine.counts
    progress = scoring.status(session, reloaded).teams[0]
    assert (progress.scored_by, progress.to_score_again) == ((), (ANNE,))
    refused("missing_criteria", session, reloaded, jurors[ANNE], T1, card(4, 4, 4))
    scoring.record(session, reloaded, jurors[ANNE], T1, {**card(4, 4, 4), "design": 2})
    assert rows(session)[0][2] == {"impact": 4, "faisabilite": 4, "pitch": 4, "design": 2}
    assert scoring.my_scores(session, reloaded, jurors[ANNE])[0].counts
    # A criterion removed leaves the card and goes from it at its next revision.
    reloaded = load_jury_event(session, jury_data())
    assert scoring.my_scores(session, reloaded, jurors[ANNE])[0].counts
    scoring.record(session, reloaded, jurors[ANNE], T1, card(4, 4, 5))
    assert rows(session)[0][2] == {"impact": 4, "faisabilite": 4, "pitch": 5}


def test_registered_teams_are_judged_and_a_renamed_team_keeps_its_cards(
    session: Session, jurors: dict[str, JurorLink]
) -> None:
    data = jury_data()
    data["teams"] = {"registration_opens": "2030-02-01T08:00", "registration_closes": "2030-03-11T09:00"}
    event = load_jury_event(session, data)
    assert [t.key for t in teams_to_judge(session, event)] == [T1, T2, T3, T4]  # none registered yet
    captain = get_or_create_participant(session, "telegram", "4242", "Anne Muller")
    team = create_team(
        session, event, captain, name="Blue Lagoon", challenge="donnees", members=[], email="a@example.org",
        now=dt.datetime(2030, 2, 15, 12, 0),
    )  # fmt: skip
    [judged] = teams_to_judge(session, event)
    assert (judged.key, judged.name, judged.challenge, judged.registered) == (
        f"team-{team.id}",
        "Blue Lagoon",
        "donnees",
        True,
    )
    scoring.record(session, event, jurors[ANNE], judged.key, card(4, 4, 4))
    refused("unknown_team", session, event, jurors[ANNE], T1, card(4, 4, 4))
    team.name = "Blue Lagoon 2"
    session.flush()
    assert [c.team.name for c in scoring.my_scores(session, event, jurors[ANNE])] == ["Blue Lagoon 2"]
