"""The audience's vote (bot.jury.public_vote): only prizes awarded by the public are voted for; a vote
takes one ballot per voter, never changed, for an eligible team, while it is open; a web address
casts at most its limit; the tally counts every eligible team, ties flagged; opening and closing
are audited, ballots are not, and the logs name no voter. On SQLite and PostgreSQL, with the rows
asserted."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from support.jury_packs import T1, T2, T3, T4, TEAMS, jury_data
from support.vote_packs import PUBLIC, PUBLIC_DATA, load_vote_event, vote_data

from bot.core.models import AuditEntry, Event, PublicBallot, PublicVote
from bot.jury import public_vote
from bot.jury.public_vote import PublicVoteError

KEY = "a site secret"


@pytest.fixture
def event(session: Session) -> Event:
    return load_vote_event(session)


@pytest.fixture
def opened(session: Session, event: Event) -> Event:
    public_vote.open_vote(session, event, PUBLIC, by="cli")
    public_vote.open_vote(session, event, PUBLIC_DATA, by="telegram:810001")
    return event


def voter(number: int) -> str:
    return public_vote.telegram_voter(900_000 + number)


def refused(code: str, *args: Any, **kwargs: Any) -> PublicVoteError:
    with pytest.raises(PublicVoteError) as caught:
        public_vote.cast(*args, **kwargs)
    assert caught.value.code == code, caught.value.details
    return caught.value


def ballots(session: Session) -> list[tuple[str, str, str]]:
    """(prize, voter, team) of every ballot, as the database holds them."""
    session.expire_all()
    query = (
        select(PublicVote.prize_key, PublicBallot.voter_key, PublicBallot.team_key)
        .join(PublicVote, PublicBallot.vote_id == PublicVote.id)
        .order_by(PublicBallot.id)
    )
    return [(prize, key, team) for prize, key, team in session.execute(query)]


def audited(session: Session) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (e.actor, e.action, e.details) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    ]


def counts(tally: public_vote.Tally) -> list[tuple[str, int, int, bool]]:
    return [(entry.team.key, entry.votes, entry.rank, entry.tied) for entry in tally.teams]


# ------------------------------------------------------------------ opening and closing


def test_only_a_prize_awarded_by_the_public_is_opened_and_opening_is_audited_once(
    session: Session, event: Event
) -> None:
    for prize in ("grand-prix", "nope"):
        with pytest.raises(PublicVoteError) as caught:
            public_vote.open_vote(session, event, prize, by="cli")
        assert caught.value.code == "not_public_prize"
        assert caught.value.details == {"prize": prize, "public": f"{PUBLIC}, {PUBLIC_DATA}"}
    assert public_vote.open_vote(session, event, PUBLIC, by="cli") is True
    assert public_vote.open_vote(session, event, PUBLIC, by="cli") is False
    assert public_vote.open_vote(session, event, PUBLIC_DATA, by="telegram:1") is True
    assert audited(session) == [
        ("cli", "public_vote.opened", {"prize": PUBLIC, "teams": 4}),
        ("telegram:1", "public_vote.opened", {"prize": PUBLIC_DATA, "teams": 2}),
    ]
    assert [vote.prize for vote in public_vote.open_votes(session, event)] == [PUBLIC, PUBLIC_DATA]


def test_an_event_without_public_prizes_has_nothing_to_vote_for(session: Session) -> None:
    event = load_vote_event(session, jury_data(prizes=[{"prize": "grand-prix"}]))
    with pytest.raises(PublicVoteError) as caught:
        public_vote.open_vote(session, event, PUBLIC, by="cli")
    assert caught.value.details == {"prize": PUBLIC, "public": ""}
    assert public_vote.status(session, event) == []
    assert public_vote.open_votes(session, event) == []


def test_closing_freezes_the_vote_and_reopening_keeps_its_ballots(session: Session, opened: Event) -> None:
    public_vote.cast(session, opened, PUBLIC, voter_key=voter(1), team_key=T1)
    assert public_vote.close_vote(session, opened, PUBLIC, by="cli") is True
    assert public_vote.close_vote(session, opened, PUBLIC, by="cli") is False
    refused("closed", session, opened, PUBLIC, voter_key=voter(2), team_key=T1)
    assert [vote.prize for vote in public_vote.open_votes(session, opened)] == [PUBLIC_DATA]
    assert public_vote.open_vote(session, opened, PUBLIC, by="telegram:5") is True
    public_vote.cast(session, opened, PUBLIC, voter_key=voter(2), team_key=T3)
    assert ballots(session) == [(PUBLIC, voter(1), T1), (PUBLIC, voter(2), T3)]
    assert audited(session)[-2:] == [
        ("cli", "public_vote.closed", {"prize": PUBLIC, "ballots": 1}),
        ("telegram:5", "public_vote.reopened", {"prize": PUBLIC, "ballots": 1}),
    ]
    vote = session.scalars(select(PublicVote).where(PublicVote.prize_key == PUBLIC)).one()
    assert (vote.closed_at, vote.closed_by, vote.opened_by) == (None, None, "cli")


def test_a_vote_never_opened_cannot_be_closed_nor_voted_in(session: Session, event: Event) -> None:
    with pytest.raises(PublicVoteError) as caught:
        public_vote.close_vote(session, event, PUBLIC, by="cli")
    assert (caught.value.code, caught.value.details) == ("not_open", {"prize": PUBLIC})
    with pytest.raises(PublicVoteError) as caught:
        public_vote.close_vote(session, event, "grand-prix", by="cli")
    assert caught.value.code == "not_public_prize"
    refused("not_open", session, event, PUBLIC, voter_key=voter(1), team_key=T1)
    refused("not_public_prize", session, event, "grand-prix", voter_key=voter(1), team_key=T1)
    assert ballots(session) == [] and audited(session) == []


# ------------------------------------------------------------------ ballots


def test_one_ballot_per_voter_never_changed_and_not_in_the_audit_log(session: Session, opened: Event) -> None:
    done = public_vote.cast(session, opened, PUBLIC, voter_key=voter(1), team_key=T2)
    assert (done.team.key, done.team.name, done.ballot.team_name) == (T2, TEAMS[1], TEAMS[1])
    for team in (T2, T3):  # the same team again (a double tap), or another: refused alike
        error = refused("already_voted", session, opened, PUBLIC, voter_key=voter(1), team_key=team)
        assert error.details == {"team": T2, "team_name": TEAMS[1]}
    # One vote per prize: the same voter votes in the other vote.
    public_vote.cast(session, opened, PUBLIC_DATA, voter_key=voter(1), team_key=T4)
    assert ballots(session) == [(PUBLIC, voter(1), T2), (PUBLIC_DATA, voter(1), T4)]
    ballot = public_vote.ballot_of(session, opened, PUBLIC, voter(1))
    assert ballot is not None and ballot.team_key == T2
    assert public_vote.ballot_of(session, opened, PUBLIC, voter(2)) is None
    assert all(action.startswith("public_vote.opened") for _, action, _ in audited(session))


def test_a_team_not_in_the_running_is_refused(session: Session, opened: Event) -> None:
    for team in (T1, T3, "listed-0000000000", "team-1"):  # another challenge's, or no such team
        error = refused("unknown_team", session, opened, PUBLIC_DATA, voter_key=voter(1), team_key=team)
        assert error.details == {"team": team}
    assert [team.key for team in public_vote.open_votes(session, opened)[1].teams] == [T2, T4]
    assert ballots(session) == []


@pytest.mark.parametrize("key", ["", "cli", "forgotten:3", "web", "telegram:" + "9" * 100])
def test_a_voter_key_that_is_no_voter_is_refused(session: Session, opened: Event, key: str) -> None:
    refused("invalid_voter", session, opened, PUBLIC, voter_key=key, team_key=T1)


def test_an_address_casts_at_most_its_limit_and_telegram_voters_have_none(
    session: Session, opened: Event
) -> None:
    office, home = public_vote.address_key("10.0.0.7", KEY), public_vote.address_key("10.0.0.8", KEY)
    web = [public_vote.web_voter(f"cookie-{n}", KEY) for n in range(4)]
    for n in range(3):
        public_vote.cast(
            session, opened, PUBLIC, voter_key=web[n], team_key=T1, address_key=office, per_address_limit=3
        )
    error = refused(
        "address_limit",
        session,
        opened,
        PUBLIC,
        voter_key=web[3],
        team_key=T1,
        address_key=office,
        per_address_limit=3,
    )
    assert error.details == {"limit": "3"}
    # Another address, another vote of the same address, and Telegram voters are not held back.
    public_vote.cast(
        session, opened, PUBLIC, voter_key=web[3], team_key=T1, address_key=home, per_address_limit=3
    )
    public_vote.cast(
        session, opened, PUBLIC_DATA, voter_key=web[0], team_key=T2, address_key=office, per_address_limit=3
    )
    for n in range(5):
        public_vote.cast(session, opened, PUBLIC, voter_key=voter(n), team_key=T2, per_address_limit=3)
    assert public_vote.tally(session, opened, PUBLIC).ballots == 9


def test_voter_and_address_keys_are_keyed_digests_that_keep_neither_the_cookie_nor_the_address() -> None:
    voter_key, address = public_vote.web_voter("my-cookie", KEY), public_vote.address_key("192.0.2.44", KEY)
    assert voter_key.startswith("web:") and len(voter_key) == 36 and "my-cookie" not in voter_key
    assert voter_key == public_vote.web_voter("my-cookie", KEY) != public_vote.web_voter("my-cookie", "other")
    assert len(address) == 64 and "192.0.2.44" not in address
    assert address != public_vote.address_key("192.0.2.45", KEY)
    assert public_vote.telegram_voter(123) == "telegram:123"


def test_a_ballot_meeting_the_constraint_is_refused_in_a_savepoint_and_the_transaction_goes_on(
    session: Session, opened: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As when two presses of one voter pass the check at once (SQLite, or a lock not taken): the
    database's constraint refuses the second, and the caller's transaction is still usable."""
    public_vote.cast(session, opened, PUBLIC, voter_key=voter(1), team_key=T1)
    real = public_vote.ballot_of
    misses = iter([None])
    monkeypatch.setattr(public_vote, "ballot_of", lambda *args: next(misses, None) or real(*args))
    error = refused("already_voted", session, opened, PUBLIC, voter_key=voter(1), team_key=T4)
    assert error.details == {"team": T1, "team_name": TEAMS[0]}
    public_vote.cast(session, opened, PUBLIC, voter_key=voter(2), team_key=T4)
    assert ballots(session) == [(PUBLIC, voter(1), T1), (PUBLIC, voter(2), T4)]


def test_the_logs_name_ballots_by_id_never_the_voter_nor_the_team(
    session: Session, opened: Event, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="bot.jury.public_vote"):
        public_vote.cast(session, opened, PUBLIC, voter_key=voter(77), team_key=T3)
    assert caplog.messages and all("900077" not in m and T3 not in m for m in caplog.messages)


# ------------------------------------------------------------------ counting


def test_the_tally_counts_every_eligible_team_most_first_with_ties_flagged(
    session: Session, opened: Event
) -> None:
    assert counts(public_vote.tally(session, opened, PUBLIC)) == [
        (T1, 0, 1, True),
        (T2, 0, 1, True),
        (T3, 0, 1, True),
        (T4, 0, 1, True),
    ]
    assert public_vote.tally(session, opened, PUBLIC).leaders == ()
    for n, team in enumerate([T3, T3, T3, T1, T2, T2, T4, T4]):
        public_vote.cast(session, opened, PUBLIC, voter_key=voter(n), team_key=team)
    tally = public_vote.tally(session, opened, PUBLIC)
    assert counts(tally) == [(T3, 3, 1, False), (T2, 2, 2, True), (T4, 2, 2, True), (T1, 1, 4, False)]
    assert (tally.ballots, tally.not_counted) == (8, 0)
    assert tally.winner is not None and tally.winner.team.name == TEAMS[2]
    public_vote.cast(session, opened, PUBLIC, voter_key=voter(20), team_key=T2)
    tally = public_vote.tally(session, opened, PUBLIC)
    assert counts(tally)[:2] == [(T2, 3, 1, True), (T3, 3, 1, True)]
    assert tally.winner is None and [entry.team.key for entry in tally.leaders] == [T2, T3]


def test_ballots_for_a_team_no_longer_in_the_running_are_not_counted(session: Session, opened: Event) -> None:
    for n, team in enumerate([T4, T4, T2]):
        public_vote.cast(session, opened, PUBLIC, voter_key=voter(n), team_key=team)
    data = vote_data()
    data["judging"]["teams"] = data["judging"]["teams"][:3]  # Open Fare (T4) is no longer judged
    event = load_vote_event(session, data)
    tally = public_vote.tally(session, event, PUBLIC)
    assert counts(tally) == [(T2, 1, 1, False), (T1, 0, 2, True), (T3, 0, 2, True)]
    assert (tally.ballots, tally.not_counted) == (1, 2)
    assert session.scalar(select(func.count(PublicBallot.id))) == 3, "the ballots stay, uncounted"


def test_the_status_gives_each_public_prize_its_state_and_counts(session: Session, event: Event) -> None:
    public_vote.open_vote(session, event, PUBLIC_DATA, by="cli")
    public_vote.cast(session, event, PUBLIC_DATA, voter_key=voter(1), team_key=T4)
    public_vote.close_vote(session, event, PUBLIC_DATA, by="telegram:9")
    states = public_vote.status(session, event)
    assert [(s.prize, s.state, s.challenge, s.name["en"]) for s in states] == [
        (PUBLIC, "not_opened", None, "Audience award"),
        (PUBLIC_DATA, "closed", "donnees", "Data audience award"),
    ]
    assert states[0].opened_at is None and counts(states[0].tally)[0] == (T1, 0, 1, True)
    closed = states[1]
    assert (closed.opened_by, closed.closed_by) == ("cli", "telegram:9") and closed.closed_at is not None
    assert counts(closed.tally) == [(T4, 1, 1, False), (T2, 0, 2, False)]
    assert [s.prize for s in public_vote.status(session, event, PUBLIC_DATA)] == [PUBLIC_DATA]
    with pytest.raises(PublicVoteError):
        public_vote.status(session, event, "grand-prix")
