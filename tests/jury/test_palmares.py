"""The palmarès adopted from judging: proposed from the jury's ranking once voting is closed, changed
prize by prize among the teams each prize may go to, adopted as the event's awards (still
embargoed), kept by a reload of a pack listing no awards, refused while results are public."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
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
    jury_text,
    link_jurors,
    load_jury_event,
)

from bot.broadcast.publication import publish
from bot.core.models import AuditEntry, Award, Event
from bot.events.loader import load_pack
from bot.events.pack import parse_pack_text
from bot.events.results import results_are_public
from bot.jury import palmares, public_vote, scoring
from bot.jury.palmares import PalmaresError

CARDS = {
    # Weighted 2-1-1: Anne 5, 4, 3, 2; Bruno 4.5, 4, 3.5, 1; Chloé 4, 5, 3, 2.
    ANNE: {T1: card(5, 5, 5), T2: card(4, 4, 4), T3: card(3, 3, 3), T4: card(2, 2, 2)},
    BRUNO: {T1: card(5, 4, 4), T2: card(4, 4, 4), T3: card(4, 3, 3), T4: card(1, 1, 1)},
    CHLOE: {T1: card(4, 4, 4), T2: card(5, 5, 5), T3: card(3, 3, 3), T4: card(2, 2, 2)},
}
"""Means by hand: Les Débrouillards 4.5, Data Lagon 4.33, Guichet Unique 3.17, Open Fare 1.67."""


@pytest.fixture
def event(session: Session) -> Event:
    event = load_jury_event(session)
    jurors = link_jurors(session, event)
    for name, cards in CARDS.items():
        for team, values in cards.items():
            scoring.record(session, event, jurors[name], team, values)
    return event


def closed(session: Session, event: Event) -> Event:
    scoring.close_voting(session, event, by="cli")
    return event


def outcome(lines: list[palmares.Line]) -> list[tuple[str, str | None, bool]]:
    return [(line.prize, line.team.name if line.team else None, line.edited) for line in lines]


def refused(code: str, *args: Any, **kwargs: Any) -> PalmaresError:
    with pytest.raises(PalmaresError) as caught:
        palmares.prepare(*args, **kwargs)
    assert caught.value.code == code
    return caught.value


def test_nothing_is_proposed_while_the_jury_votes(session: Session, event: Event) -> None:
    refused("voting_open", session, event)


def test_the_proposal_follows_the_ranking_computed_by_hand(session: Session, event: Event) -> None:
    lines = palmares.prepare(session, closed(session, event))
    assert outcome(lines) == [
        ("grand-prix", TEAMS[0], False),
        ("prix-donnees", TEAMS[1], False),
        ("prix-acces", TEAMS[2], False),
        ("prix-public", None, False),
    ]
    assert lines[3].by == "public" and lines[3].vote == "none"
    assert all(not line.tied_with and not line.missing_scores for line in lines)


def test_an_organiser_changes_a_prize_among_the_teams_it_may_go_to(session: Session, event: Event) -> None:
    closed(session, event)
    lines = palmares.prepare(session, event, {"grand-prix": T2, "prix-donnees": T4, "prix-acces": None})
    assert outcome(lines)[:3] == [
        ("grand-prix", TEAMS[1], True),
        ("prix-donnees", TEAMS[3], True),
        ("prix-acces", None, True),
    ]
    assert lines[0].proposed is not None and lines[0].proposed.name == TEAMS[0]
    unchanged = palmares.prepare(session, event, {"grand-prix": T1})
    assert not unchanged[0].edited
    error = refused("not_eligible", session, event, {"prix-acces": T2})
    assert error.details == {"prize": "prix-acces", "team": TEAMS[1]}
    refused("unknown_team", session, event, {"grand-prix": "listed-0000000000"})
    refused("unknown_prize", session, event, {"prix-inconnu": T1})


def test_adopting_makes_the_awards_which_stay_hidden_until_published(session: Session, event: Event) -> None:
    closed(session, event)
    revision = event.revision
    lines = palmares.prepare(session, event, {"prix-acces": T3, "grand-prix": T2, "prix-donnees": T4})
    awards = palmares.adopt(session, event, lines, by="telegram:42")
    session.expire_all()
    rows = session.scalars(select(Award).order_by(Award.position)).all()
    assert [(a.prize.key, a.team, a.origin, a.position) for a in rows] == [
        ("grand-prix", TEAMS[1], "judging", 0),
        ("prix-donnees", TEAMS[3], "judging", 1),
        ("prix-acces", TEAMS[2], "judging", 2),
    ]
    assert len(awards) == 3 and not results_are_public(event)
    assert event.revision > revision  # the answers' caches see the new awards
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "palmares.adopted")).one()
    assert (entry.actor, entry.details) == ("telegram:42", {"awards": 3, "edited": 2})


def test_a_reload_keeps_adopted_awards_unless_the_pack_lists_its_own(session: Session, event: Event) -> None:
    palmares.adopt(session, event, palmares.prepare(session, closed(session, event)), by="cli")
    event = load_jury_event(session)
    assert [(a.prize.key, a.team) for a in event.awards] == [
        ("grand-prix", TEAMS[0]),
        ("prix-donnees", TEAMS[1]),
        ("prix-acces", TEAMS[2]),
    ]
    without_access = jury_data(
        prizes=[{"prize": "grand-prix"}, {"prize": "prix-donnees", "challenge": "donnees"}]
    )
    without_access["prizes"] = [p for p in without_access["prizes"] if p["id"] != "prix-acces"]
    event = load_jury_event(session, without_access)
    assert [(a.prize.key, a.team) for a in event.awards] == [
        ("grand-prix", TEAMS[0]),
        ("prix-donnees", TEAMS[1]),
    ]
    listed = jury_data()
    listed["results"] = {"awards": [{"prize": "grand-prix", "team": "Équipe du dossier"}]}
    event = load_jury_event(session, listed)
    assert [(a.prize.key, a.team, a.origin) for a in event.awards] == [
        ("grand-prix", "Équipe du dossier", "pack")
    ]


def test_adopting_is_refused_while_results_are_public_or_when_nobody_wins(
    session: Session, event: Event
) -> None:
    closed(session, event)
    lines = palmares.prepare(session, event)
    palmares.adopt(session, event, lines, by="cli")
    publish(session, event, actor="cli")
    with pytest.raises(PalmaresError) as caught:
        palmares.adopt(session, event, lines, by="cli")
    assert caught.value.code == "results_public"
    assert [a.team for a in event.awards] == TEAMS[:3]
    nobody = palmares.prepare(session, event, {"grand-prix": None, "prix-donnees": None, "prix-acces": None})
    event.results.published = False  # type: ignore[union-attr]
    with pytest.raises(PalmaresError) as caught:
        palmares.adopt(session, event, nobody, by="cli")
    assert caught.value.code == "nobody_awarded"


def test_an_event_without_judging_has_no_palmares_to_adopt(session: Session) -> None:
    data = jury_data()
    data.pop("judging")
    event = load_jury_event(session, data)
    refused("no_judging", session, event)


def test_a_reload_that_changes_the_criteria_says_how_many_cards_must_be_scored_again(
    session: Session, event: Event
) -> None:
    same = load_pack(session, parse_pack_text(jury_text()))
    assert same.cards_unfit == 0 and not any("juror card" in line for line in same.summary())
    data = jury_data()
    data["judging"]["criteria"].append({"id": "ouverture", "name": "Ouverture"})
    report = load_pack(session, parse_pack_text(jury_text(data)))
    assert report.cards_unfit == 12
    assert (
        "  judging: 12 juror card(s) no longer fit the criteria or the scale and do not count until their "
        "jurors score those teams again (`hackbot jury status` says who)"
    ) in report.summary()
    narrower = jury_data(scale={"min": 1, "max": 4})
    assert load_pack(session, parse_pack_text(jury_text(narrower))).cards_unfit == 3  # the three 5s


def test_a_prize_of_the_public_goes_to_the_most_voted_team_once_its_vote_is_closed(
    session: Session, event: Event
) -> None:
    closed(session, event)

    def public_line() -> palmares.Line:
        return palmares.prepare(session, event)[3]

    public_vote.open_vote(session, event, "prix-public", by="cli")
    assert (public_line().team, public_line().vote) == (None, "open")
    for voter, team in enumerate([T4, T4, T2, T4, T2, T1]):
        public_vote.cast(session, event, "prix-public", voter_key=f"telegram:{voter}", team_key=team)
    assert public_line().team is None, "no winner while the public still votes"
    public_vote.close_vote(session, event, "prix-public", by="cli")
    line = public_line()
    assert (line.team.name if line.team else None, line.vote, line.tied_with) == (TEAMS[3], "closed", ())
    # The public's prize may go to a team holding a jury prize: the audience chooses freely.
    public_vote.open_vote(session, event, "prix-public", by="cli")
    public_vote.cast(session, event, "prix-public", voter_key="telegram:90", team_key=T2)
    public_vote.close_vote(session, event, "prix-public", by="cli")
    line = public_line()
    # A tie: the first of the tied in the teams' order is proposed, flagged for the organisers.
    assert line.team is not None and line.team.name == TEAMS[1] and line.tied_with == (TEAMS[3],)
    edited = palmares.prepare(session, event, {"prix-public": T4})
    awards = palmares.adopt(session, event, edited, by="cli")
    assert [(a.prize.key, a.team) for a in awards][-1] == ("prix-public", TEAMS[3])
