"""The audience's vote under concurrency, on PostgreSQL where two connections really run at once: one
voter pressing twice at the same moment leaves one ballot; an organiser closing the vote while a
ballot is cast never loses it nor lets it in after the close; an address's limit holds when its
ballots arrive together; two organisers opening the vote at once open it once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.orm import Session
from support.jury_packs import T1, T2, T3
from support.vote_packs import PUBLIC, SLUG, load_vote_event

from bot.core.db import session_scope
from bot.core.models import Event, PublicBallot, PublicVote
from bot.events.lookup import get_event
from bot.jury import public_vote
from bot.jury.public_vote import PublicVoteError

WAIT = 30.0
"""Seconds a thread waits for the other at most (a failing test must not hang)."""
BLOCKED_FOR = 0.5
"""How long a transaction waiting for the other's lock is checked to be still waiting."""
OFFICE = public_vote.address_key("10.1.2.3", "secret")


@pytest.fixture
def new_engine(migrated_db_url: str) -> Iterator[Engine]:
    """The event with its public prizes, no vote opened yet."""
    if not migrated_db_url.startswith("postgresql"):
        pytest.skip("the races are run on PostgreSQL, where two connections really run at once")
    engine = create_engine(migrated_db_url, pool_size=10, max_overflow=0)
    with session_scope(engine) as setup:
        load_vote_event(setup)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(new_engine: Engine) -> Engine:
    """The same once the audience's vote for the public prize is open."""
    in_transaction(new_engine, lambda s, e: public_vote.open_vote(s, e, PUBLIC, by="cli"))
    return new_engine


def in_transaction(engine: Engine, action: Callable[[Session, Event], object]) -> object:
    """Run `action` in one transaction of its own; what it returned, or the PublicVoteError's code."""
    try:
        with session_scope(engine) as session:
            event = get_event(session, SLUG)
            assert event is not None
            return action(session, event)
    except PublicVoteError as error:
        return error.code


def cast(voter: int, team: str, address: str | None = None, limit: int = 20) -> Callable[..., object]:
    def casting(session: Session, event: Event) -> object:
        done = public_vote.cast(
            session,
            event,
            PUBLIC,
            voter_key=public_vote.telegram_voter(voter),
            team_key=team,
            address_key=address,
            per_address_limit=limit,
        )
        return done.team.key

    return casting


def close(session: Session, event: Event) -> object:
    return public_vote.close_vote(session, event, PUBLIC, by="cli")


def reopen(session: Session, event: Event) -> object:
    return public_vote.open_vote(session, event, PUBLIC, by="cli")


def ballots(engine: Engine) -> list[tuple[str, str]]:
    with session_scope(engine) as session:
        query = select(PublicBallot.voter_key, PublicBallot.team_key).order_by(PublicBallot.id)
        return [(voter, team) for voter, team in session.execute(query)]


def closed(engine: Engine) -> bool:
    with session_scope(engine) as session:
        return session.scalars(select(PublicVote)).one().closed_at is not None


def held(
    engine: Engine, first: Callable[..., object], second: Callable[..., object]
) -> tuple[object, object, bool]:
    """`first` runs and holds its transaction open; `second` starts meanwhile; whether `second`
    was still waiting when `first` committed; then both outcomes."""
    done_first, release, done_second = threading.Event(), threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def hold(session: Session, event: Event) -> object:
        result = first(session, event)
        done_first.set()
        release.wait(WAIT)
        return result

    def run_first() -> None:
        outcomes["first"] = in_transaction(engine, hold)

    def run_second() -> None:
        outcomes["second"] = in_transaction(engine, second)
        done_second.set()

    one = threading.Thread(target=run_first)
    one.start()
    assert done_first.wait(WAIT)
    two = threading.Thread(target=run_second)
    two.start()
    was_waiting = not done_second.wait(BLOCKED_FOR)
    release.set()
    one.join(WAIT)
    two.join(WAIT)
    return outcomes["first"], outcomes["second"], was_waiting


def at_once(engine: Engine, *actions: Callable[..., object]) -> list[object]:
    """Each action in its own transaction, all started at the same moment; their outcomes in order."""
    start, outcomes = threading.Barrier(len(actions)), [None] * len(actions)

    def run(index: int) -> None:
        start.wait()
        outcomes[index] = in_transaction(engine, actions[index])

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    return outcomes


def test_one_voter_pressing_twice_at_the_same_moment_leaves_one_ballot(engine: Engine) -> None:
    for voter in range(1, 6):  # several rounds, so that the race is really run
        outcomes = at_once(engine, cast(voter, T1), cast(voter, T2))
        assert sorted(outcomes, key=str) in (["already_voted", T1], ["already_voted", T2]), outcomes
    found = ballots(engine)
    assert len(found) == 5 and len({voter for voter, _ in found}) == 5


def test_a_ballot_held_while_the_vote_closes_is_in_and_the_close_waits_for_it(engine: Engine) -> None:
    casting, closing, waited = held(engine, cast(1, T3), close)
    assert (casting, closing, waited) == (T3, True, True)
    assert ballots(engine) == [("telegram:1", T3)] and closed(engine)


def test_a_ballot_cast_while_the_vote_closes_waits_and_is_refused(engine: Engine) -> None:
    closing, casting, waited = held(engine, close, cast(1, T3))
    assert (closing, casting, waited) == (True, "closed", True)
    assert ballots(engine) == [] and closed(engine)


def test_ballots_racing_the_close_are_wholly_in_or_wholly_out(engine: Engine) -> None:
    for voter in range(1, 6):
        before = len(ballots(engine))
        casting, closing = at_once(engine, cast(voter, T2), close)
        assert closing is True and casting in (T2, "closed"), (voter, casting)
        assert len(ballots(engine)) == before + (casting == T2)
        assert in_transaction(engine, reopen) is True


def test_an_addresss_limit_holds_when_its_ballots_arrive_together(engine: Engine) -> None:
    outcomes = at_once(engine, *(cast(voter, T1, OFFICE, limit=3) for voter in range(1, 9)))
    assert sorted(map(str, outcomes)) == ["address_limit"] * 5 + [T1] * 3
    assert len(ballots(engine)) == 3


def test_two_organisers_opening_the_vote_at_once_open_it_once(new_engine: Engine) -> None:
    outcomes = at_once(new_engine, reopen, reopen)
    assert sorted(outcomes, key=str) == [False, True]
    with session_scope(new_engine) as session:
        assert session.scalar(select(func.count(PublicVote.id))) == 1
