"""Scoring under concurrency, on PostgreSQL where two connections really run at once: an organiser
closing voting while a juror confirms a card never loses it nor half-writes it (the card is wholly
in before the close, or refused after it), and a juror's double tap at the same moment leaves one
card."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session
from support.jury_packs import SLUG, T1, card, link_jurors, load_jury_event

from bot.core.db import session_scope
from bot.core.models import Event, JurorLink, Scorecard, VotingState
from bot.events.lookup import get_event
from bot.jury import links, scoring
from bot.jury.scoring import ScoringError

WAIT = 30.0
"""Seconds a thread waits for the other at most (a failing test must not hang)."""
BLOCKED_FOR = 0.5
"""How long a transaction waiting for the other's lock is checked to be still waiting."""


@pytest.fixture
def new_engine(migrated_db_url: str) -> Iterator[Engine]:
    """The jury's event with its jurors linked, before anything was scored or closed: no voting
    state yet (the first card or close makes it)."""
    if not migrated_db_url.startswith("postgresql"):
        pytest.skip("the races are run on PostgreSQL, where two connections really run at once")
    engine = create_engine(migrated_db_url, pool_size=4, max_overflow=0)
    with session_scope(engine) as setup:
        link_jurors(setup, load_jury_event(setup))
    yield engine
    engine.dispose()


@pytest.fixture
def engine(new_engine: Engine) -> Engine:
    """The same once voting has been closed and reopened: its voting state exists, as during most
    of the judging."""
    with session_scope(new_engine) as setup:
        event = get_event(setup, SLUG)
        assert event is not None
        scoring.close_voting(setup, event, by="cli")
        scoring.reopen_voting(setup, event, by="cli")
    return new_engine


def in_transaction(engine: Engine, action: Callable[[Session, Event, JurorLink], object]) -> object:
    """Run `action` in one transaction of its own; what it returned, or the ScoringError's code."""
    try:
        with session_scope(engine) as session:
            event = get_event(session, SLUG)
            assert event is not None
            juror = links.link_of_user(session, event, 8001)
            assert juror is not None
            return action(session, event, juror)
    except ScoringError as error:
        return error.code


def the_card(engine: Engine) -> dict[str, int] | None:
    with session_scope(engine) as session:
        found = session.scalars(select(Scorecard).where(Scorecard.team_key == T1)).all()
        assert len(found) <= 1
        return {s.criterion_key: s.value for s in found[0].scores} if found else None


def closed(engine: Engine) -> bool:
    with session_scope(engine) as session:
        state = session.scalars(select(VotingState)).one_or_none()
        return state is not None and state.closed_at is not None


def held(
    engine: Engine, first: Callable[..., object], second: Callable[..., object]
) -> tuple[object, object, bool]:
    """`first` runs and holds its transaction open; `second` starts meanwhile; whether `second`
    was still waiting when `first` committed; then both outcomes."""
    done_first, release, done_second = threading.Event(), threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def hold(session: Session, event: Event, juror: JurorLink) -> object:
        result = first(session, event, juror)
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


def confirm(values: dict[str, int]) -> Callable[..., object]:
    def recording(session: Session, event: Event, juror: JurorLink) -> object:
        return scoring.record(session, event, juror, T1, values).changed

    return recording


def close(session: Session, event: Event, _juror: JurorLink) -> object:
    return scoring.close_voting(session, event, by="cli")


def test_an_organiser_closing_while_a_juror_confirms_waits_for_the_whole_card(engine: Engine) -> None:
    recorded, closing, waited = held(engine, confirm(card(4, 3, 2)), close)
    assert (recorded, closing, waited) == (True, True, True)
    assert the_card(engine) == card(4, 3, 2) and closed(engine)


def test_a_juror_confirming_while_an_organiser_closes_is_refused_and_writes_nothing(engine: Engine) -> None:
    closing, recorded, waited = held(engine, close, confirm(card(4, 3, 2)))
    assert (closing, recorded, waited) == (True, "voting_closed", True)
    assert the_card(engine) is None and closed(engine)


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


def test_a_revision_racing_the_close_is_wholly_in_or_wholly_out(engine: Engine) -> None:
    in_transaction(engine, confirm(card(3, 3, 3)))
    for attempt in range(5):  # several rounds, so that the race is really run
        revised = card(1 + attempt, 5 - attempt, 1)  # a card of its own each round
        before = the_card(engine)
        recorded, closing = at_once(engine, confirm(revised), close)
        assert closing is True and recorded in (True, "voting_closed"), (attempt, recorded)
        assert the_card(engine) == (revised if recorded is True else before), (attempt, recorded)
        in_transaction(engine, lambda s, e, _j: scoring.reopen_voting(s, e, by="cli"))


def created(values: dict[str, int]) -> Callable[..., object]:
    def recording(session: Session, event: Event, juror: JurorLink) -> object:
        return scoring.record(session, event, juror, T1, values).created

    return recording


def test_a_double_tap_at_the_same_moment_leaves_one_card(engine: Engine) -> None:
    for attempt, values in enumerate((card(2, 2, 2), card(4, 4, 4), card(1, 5, 1))):
        outcomes = at_once(engine, created(values), created(values))
        assert sorted(outcomes, key=str) == [False, attempt == 0], (attempt, outcomes)
        assert the_card(engine) == values
    with session_scope(engine) as session:
        assert len(session.scalars(select(Scorecard)).all()) == 1
        assert session.scalars(select(VotingState)).one().closed_at is None


def test_the_very_first_card_and_close_at_the_same_moment_are_one_after_the_other(new_engine: Engine) -> None:
    recorded, closing = at_once(new_engine, confirm(card(2, 3, 4)), close)
    assert closing is True and recorded in (True, "voting_closed"), recorded
    assert the_card(new_engine) == (card(2, 3, 4) if recorded is True else None)
    assert closed(new_engine)


def test_the_very_first_double_tap_leaves_one_card(new_engine: Engine) -> None:
    outcomes = at_once(new_engine, created(card(2, 2, 2)), created(card(2, 2, 2)))
    assert sorted(outcomes, key=str) == [False, True]
    assert the_card(new_engine) == card(2, 2, 2)
