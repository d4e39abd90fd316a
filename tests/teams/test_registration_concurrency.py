"""Registration under concurrent requests: one team per name, never more members than a team's
size, never more teams than the event's maximum. On PostgreSQL, threads race on one server (row
locks and the unique index decide); on SQLite, separate processes race on one file with the
production engine (`bot.core.db.make_engine`: BEGIN IMMEDIATE), as several action servers or the
CLI beside them would."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, select
from support.team_packs import NOW, load_event

from bot.core.db import make_engine, session_scope
from bot.core.models import Team, TeamMember
from bot.events.lookup import get_event
from bot.teams.registration import RegistrationError, create_team, get_or_create_participant, join_team

SLUG = "jam-2030"


@cache
def engine_for(url: str) -> Engine:
    if url.startswith("sqlite"):
        return make_engine(url)
    return create_engine(url, pool_size=25, max_overflow=0)


def outcome(work: Callable[..., str], url: str, *args: Any) -> str:
    try:
        return work(url, *args)
    except RegistrationError as error:
        return error.code
    except Exception as error:
        return f"crash: {error!r}"


def create_named(url: str, i: int, name: str) -> str:
    with session_scope(engine_for(url)) as session:
        event = get_event(session, SLUG)
        assert event is not None
        captain = get_or_create_participant(session, "rest", f"u{i}", f"Person {i}")
        create_team(
            session, event, captain, name=name, challenge="water", members=[], email="a@b.fr", now=NOW
        )
    return "created"


def create_numbered(url: str, i: int) -> str:
    return create_named(url, i, f"Team {i}")


def join(url: str, i: int, code: str) -> str:
    with session_scope(engine_for(url)) as session:
        event = get_event(session, SLUG)
        assert event is not None
        join_team(
            session, event, get_or_create_participant(session, "rest", f"j{i}", f"Joiner {i}"), code, NOW
        )
    return "joined"


def _in_process(barrier: Any, results: Any, work: Callable[..., str], url: str, i: int, args: tuple) -> None:
    engine_for.cache_clear()  # nothing of the parent's connections is used here
    barrier.wait()
    results.put((i, outcome(work, url, i, *args)))


def run_at_once(url: str, count: int, work: Callable[..., str], *args: Any) -> list[str]:
    """`work(url, i, *args)` for i in range(count), all started together; each outcome."""
    outcomes = [""] * count
    if url.startswith("sqlite"):
        context = multiprocessing.get_context("fork")
        barrier, results = context.Barrier(count), context.Queue()
        processes = [
            context.Process(target=_in_process, args=(barrier, results, work, url, i, args))
            for i in range(count)
        ]
        for process in processes:
            process.start()
        for _ in range(count):
            i, result = results.get(timeout=120)
            outcomes[i] = result
        for process in processes:
            process.join(timeout=60)
        return outcomes
    start = threading.Barrier(count)

    def run(i: int) -> None:
        start.wait()
        outcomes[i] = outcome(work, url, i, *args)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def url(migrated_db_url: str) -> str:
    return migrated_db_url


def count(url: str, column: Any) -> int:
    with session_scope(engine_for(url)) as session:
        return session.scalar(select(func.count(column))) or 0


@pytest.mark.parametrize("with_team_rules", [True, False], ids=["team-rules", "no-team-rules"])
def test_concurrent_creations_with_the_same_name_make_one_team(url: str, with_team_rules: bool) -> None:
    # With team rules, creations are serialised by a lock on them; without, the unique index decides.
    with session_scope(engine_for(url)) as setup:
        load_event(setup, max_teams=50, teams=with_team_rules)
    outcomes = run_at_once(url, 12, create_named, "Même Nom")
    assert sorted(outcomes) == ["created"] + ["name_taken"] * 11
    assert count(url, Team.id) == 1


def test_concurrent_joins_never_exceed_the_team_size(url: str) -> None:
    with session_scope(engine_for(url)) as setup:
        event = load_event(setup, max_size=4)
        captain = get_or_create_participant(setup, "rest", "captain", "Captain")
        team = create_team(
            setup,
            event,
            captain,
            name="Equipe Alpha",
            challenge="water",
            members=["B", "C"],
            email="cap@example.org",
            now=NOW,
        )  # fmt: skip  (one place left)
        code = team.join_code
    outcomes = run_at_once(url, 10, join, code)
    assert sorted(outcomes) == ["joined"] + ["team_full"] * 9
    assert count(url, TeamMember.id) == 4


def test_concurrent_creations_never_exceed_max_teams(url: str) -> None:
    with session_scope(engine_for(url)) as setup:
        load_event(setup, max_teams=3)
    outcomes = run_at_once(url, 10, create_numbered)
    assert sorted(outcomes) == ["created"] * 3 + ["event_full"] * 7
    assert count(url, Team.id) == 3
