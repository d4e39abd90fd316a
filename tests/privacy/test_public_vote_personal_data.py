"""A voter's data in the audience's votes: /mydata and the export list their ballots (prize and team);
/forget takes their identity off the ballots of closed votes, which still count, and withdraws those
of votes still open (they may vote again, once); the retention purge deletes the event's ballots.
An organiser who opened or closed a vote becomes "erased" there once forgotten or purged."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from support.jury_packs import T1, T2, T3, T4, TEAMS
from support.vote_packs import PUBLIC, PUBLIC_DATA, load_vote_event

from bot.core.models import Event, PublicBallot, PublicVote
from bot.jury import public_vote
from bot.privacy.personal import Person, erase, holds_anything, what_is_stored
from bot.privacy.retention import DEFAULT_RETENTION_DAYS, purge
from bot.privacy.views import describe

VOTER = Person("telegram", "777001")
ORGANISER = Person("telegram", "777002")


def voted(session: Session) -> Event:
    """The voter voted in both votes, others too; the data prize's vote is closed by the organiser."""
    event = load_vote_event(session)
    public_vote.open_vote(session, event, PUBLIC, by="cli")
    public_vote.open_vote(session, event, PUBLIC_DATA, by=ORGANISER.actor)
    public_vote.cast(session, event, PUBLIC, voter_key="telegram:777001", team_key=T3)
    public_vote.cast(session, event, PUBLIC_DATA, voter_key="telegram:777001", team_key=T4)
    public_vote.cast(session, event, PUBLIC, voter_key="telegram:5", team_key=T1)
    public_vote.cast(session, event, PUBLIC_DATA, voter_key="web:abc", team_key=T2, address_key="f" * 64)
    public_vote.close_vote(session, event, PUBLIC_DATA, by=ORGANISER.actor)
    return event


def test_a_voters_data_lists_their_ballots(session: Session) -> None:
    event = voted(session)
    stored = what_is_stored(session, VOTER)
    assert holds_anything(stored)
    assert [(b["event"], b["prize"], b["team"]) for b in stored["public_ballots"]] == [
        (event.slug, PUBLIC, TEAMS[2]),
        (event.slug, PUBLIC_DATA, TEAMS[3]),
    ]
    text = describe(stored, "en")
    assert f"• Your vote for “Audience award” (Jury jam): {TEAMS[2]}" in text
    assert f"• Your vote for “Data audience award” (Jury jam): {TEAMS[3]}" in text
    assert TEAMS[0] not in text  # another voter's choice
    assert f"• Votre vote pour « Prix du public » (Jam du jury) : {TEAMS[2]}" in describe(stored, "fr")
    assert what_is_stored(session, Person("telegram", "777003"))["public_ballots"] == []
    assert what_is_stored(session, Person("rest", "web-abc"))["public_ballots"] == []


def test_forgetting_a_voter_keeps_their_closed_votes_ballot_anonymous_and_withdraws_the_open_ones(
    session: Session,
) -> None:
    event = voted(session)
    erased = erase(session, VOTER)
    assert erased.counts["public_ballots_anonymised"] == 1 and erased.counts["public_ballots_withdrawn"] == 1
    session.expire_all()
    assert not holds_anything(what_is_stored(session, VOTER))
    keys = {b.voter_key for b in session.scalars(select(PublicBallot))}
    assert "telegram:777001" not in keys and any(key.startswith("forgotten:") for key in keys)
    data = public_vote.tally(session, event, PUBLIC_DATA)
    assert {entry.team.key: entry.votes for entry in data.teams} == {T2: 1, T4: 1}, "still counted"
    audience = public_vote.tally(session, event, PUBLIC)
    assert audience.ballots == 1 and audience.winner is not None and audience.winner.team.key == T1
    # The vote still open takes their ballot again, once.
    public_vote.cast(session, event, PUBLIC, voter_key="telegram:777001", team_key=T2)
    assert public_vote.tally(session, event, PUBLIC).ballots == 2


def test_forgetting_an_organiser_erases_them_as_who_opened_and_closed_a_vote(session: Session) -> None:
    voted(session)
    erase(session, ORGANISER)
    session.expire_all()
    vote = session.scalars(select(PublicVote).where(PublicVote.prize_key == PUBLIC_DATA)).one()
    assert (vote.opened_by, vote.closed_by) == ("erased", "erased")


def test_the_retention_purge_deletes_the_events_ballots(session: Session) -> None:
    event = voted(session)
    deleted = purge(session, event, event.ends + dt.timedelta(days=DEFAULT_RETENTION_DAYS + 1))
    assert deleted["public_ballots"] == 4
    assert session.scalar(select(func.count(PublicBallot.id))) == 0
    rows = session.scalars(select(PublicVote).order_by(PublicVote.prize_key)).all()
    assert [(v.opened_by, v.closed_by) for v in rows] == [("erased", None), ("erased", "erased")]
    assert not holds_anything(what_is_stored(session, VOTER))
