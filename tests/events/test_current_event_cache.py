"""The action server's copy of the current event (bot.events.lookup.CurrentEventCache) is read again
whenever the event changes, whoever changes it: each change raises `Event.revision`.

Each writer runs on an engine of its own, as the CLI does in another process; the reader keeps
its cache across transactions, as the action server does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, select
from support.packs import DEMO_PACK

from bot.broadcast.publication import publish
from bot.core.db import make_engine, session_scope
from bot.core.models import Event
from bot.events import lookup
from bot.events.loader import load_pack
from bot.events.pack import parse_pack_text

DEMO: dict[str, Any] = yaml.safe_load(DEMO_PACK.read_text(encoding="utf-8"))


def load(url: str, data: dict[str, Any], *, current: bool = True) -> None:
    """Load a pack on an engine of its own, committed, as `hackbot event load` does."""
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            load_pack(
                session, parse_pack_text(yaml.safe_dump(data, allow_unicode=True)), make_current=current
            )
    finally:
        engine.dispose()


@pytest.fixture
def reader(migrated_db_url: str) -> Iterator[Engine]:
    load(migrated_db_url, DEMO)
    engine = make_engine(migrated_db_url)
    yield engine
    engine.dispose()


def read(engine: Engine, cache: lookup.CurrentEventCache) -> Event | None:
    with session_scope(engine) as session:
        return cache.get(session)


def revision(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.scalars(select(Event.revision).where(Event.is_current)).one()


def test_an_unchanged_event_is_not_read_again(reader: Engine) -> None:
    cache = lookup.CurrentEventCache()
    first = read(reader, cache)
    assert first is not None and first.slug == DEMO["event"]["slug"] and first.sessions
    assert read(reader, cache) is first


def test_a_session_changed_by_another_process_is_read_again(reader: Engine, migrated_db_url: str) -> None:
    cache = lookup.CurrentEventCache()
    before, held = revision(reader), read(reader, cache)
    changed = yaml.safe_load(yaml.safe_dump(DEMO))
    changed["sessions"][0]["title"] = {"fr": "Accueil déplacé", "en": "Welcome moved"}
    load(migrated_db_url, changed)
    assert revision(reader) > before
    event = read(reader, cache)
    assert event is not held and event is not None
    assert event.sessions[0].title == {"fr": "Accueil déplacé", "en": "Welcome moved"}


def test_a_challenge_removed_is_read_again(reader: Engine, migrated_db_url: str) -> None:
    cache = lookup.CurrentEventCache()
    assert len(read(reader, cache).challenges) == len(DEMO["challenges"])  # type: ignore[union-attr]
    changed = yaml.safe_load(yaml.safe_dump(DEMO))
    changed["challenges"].pop()
    load(migrated_db_url, changed)
    assert len(read(reader, cache).challenges) == len(DEMO["challenges"]) - 1  # type: ignore[union-attr]


def test_published_results_are_read_again(reader: Engine, migrated_db_url: str) -> None:
    cache = lookup.CurrentEventCache()
    held = read(reader, cache)
    assert held is not None and held.results is not None and not held.results.published
    writer = make_engine(migrated_db_url)
    try:
        with session_scope(writer) as session:
            current = lookup.current_event(session)
            assert current is not None
            publish(session, current, actor="test")
    finally:
        writer.dispose()
    event = read(reader, cache)
    assert event is not None and event.results is not None and event.results.published


def test_another_current_event_is_read(reader: Engine, migrated_db_url: str) -> None:
    cache = lookup.CurrentEventCache()
    read(reader, cache)
    other = yaml.safe_load(yaml.safe_dump(DEMO))
    other["event"]["slug"] = "other-2030"
    load(migrated_db_url, other)
    event = read(reader, cache)
    assert event is not None and event.slug == "other-2030"
    with session_scope(reader) as session:
        lookup.set_current(session, DEMO["event"]["slug"])
    assert read(reader, cache).slug == DEMO["event"]["slug"]  # type: ignore[union-attr]
    with session_scope(reader) as session:
        for current in session.scalars(select(Event).where(Event.is_current)):
            current.is_current = False
    assert read(reader, cache) is None


def test_reloading_the_same_pack_keeps_answers_identical(reader: Engine, migrated_db_url: str) -> None:
    cache = lookup.CurrentEventCache()
    held = read(reader, cache)
    load(migrated_db_url, DEMO)
    event = read(reader, cache)
    assert event is not None and held is not None
    assert [s.title for s in event.sessions] == [s.title for s in held.sessions]
