"""Database fixtures shared by every test.

`db_url` runs a test on SQLite (a temporary file) and, when `TEST_DATABASE_URL`
is set, on PostgreSQL (a throwaway database created on that server for this
test session). The schema comes from the real Alembic migrations. `session`
gives each test one transaction that is rolled back at the end. `fresh_db_url` is an empty
database of the test's own; `migrated_db_url` one with the schema already (a copy of a database
migrated once per session).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from support.databases import BACKENDS, MigratedTemplates, throwaway_postgres_database
from support.packs import DEMO_PACK

from bot.core.db import make_engine, normalise_url
from bot.core.migrations import upgrade
from bot.core.models import Event
from bot.events.loader import load_pack
from bot.events.lookup import get_event
from bot.events.pack import parse_pack


@pytest.fixture(scope="session", params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database: a temporary SQLite file, or a throwaway PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        upgrade(url)
        yield url
        return
    with throwaway_postgres_database(normalise_url(os.environ["TEST_DATABASE_URL"])) as url:
        upgrade(url)
        yield url


@pytest.fixture(params=BACKENDS)
def fresh_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of its own for this test (no tables): for code that commits, like the CLI."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    with throwaway_postgres_database(normalise_url(os.environ["TEST_DATABASE_URL"])) as url:
        yield url


@pytest.fixture(scope="session")
def migrated_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MigratedTemplates]:
    templates = MigratedTemplates(tmp_path_factory.mktemp("templates"))
    try:
        yield templates
    finally:
        templates.close()


@pytest.fixture(params=BACKENDS)
def migrated_db_url(
    request: pytest.FixtureRequest, tmp_path: Path, migrated_templates: MigratedTemplates
) -> Iterator[str]:
    """A migrated database of its own for this test (for code that commits), like `fresh_db_url`
    after `upgrade`: a copy of the database the real migrations made once for the session."""
    with migrated_templates.copy(request.param, tmp_path / "migrated.sqlite3") as url:
        yield url


@pytest.fixture(scope="session")
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)  # the production engine, SQLite's transaction recipe included
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session inside one transaction rolled back after the test (commits become savepoints)."""
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()


@pytest.fixture
def load_pack_file(session: Session) -> Callable[..., Event]:
    """`load_pack_file(path, current=True) -> Event`: parse a pack file and load it in the test session."""

    def load(path: Path, current: bool = True) -> Event:
        pack = parse_pack(path)
        load_pack(session, pack, make_current=current)
        event = get_event(session, pack.event.slug)
        assert event is not None
        return event

    return load


@pytest.fixture
def demo_event(load_pack_file: Callable[..., Event]) -> Event:
    """The project's demo pack, loaded and made current in the test's session."""
    return load_pack_file(DEMO_PACK)
