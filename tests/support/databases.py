"""The databases the tests run on: SQLite always, PostgreSQL too when TEST_DATABASE_URL is set."""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.core.db import normalise_url
from bot.core.migrations import upgrade

BACKENDS = [pytest.param("sqlite", id="sqlite")]
if os.environ.get("TEST_DATABASE_URL"):
    BACKENDS.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres))


@contextmanager
def throwaway_postgres_database(server_url: str) -> Iterator[str]:
    """A new database `hackbot_test_<random>` on the server of `server_url`, dropped afterwards."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"hackbot_test_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class MigratedTemplates:
    """Each backend's database migrated once (the real Alembic migrations, `upgrade`), then copied
    for every test that needs a migrated database of its own: a copy takes a fraction of what
    running the migrations again takes. PostgreSQL copies with `CREATE DATABASE ... TEMPLATE`,
    SQLite with its backup API."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self._sqlite: Path | None = None
        self._postgres: tuple[str, str] | None = None  # (server URL, template database name)

    def sqlite_template(self) -> Path:
        if self._sqlite is None:
            path = self.workdir / "template.sqlite3"
            upgrade(f"sqlite:///{path}")
            self._sqlite = path
        return self._sqlite

    def postgres_template(self) -> tuple[str, str]:
        if self._postgres is None:
            server = normalise_url(os.environ["TEST_DATABASE_URL"])
            name = f"hackbot_template_{secrets.token_hex(4)}"
            _execute(server, f'CREATE DATABASE "{name}"')
            self._postgres = (server, name)
            upgrade(make_url(server).set(database=name).render_as_string(hide_password=False))
        return self._postgres

    @contextmanager
    def copy(self, backend: str, sqlite_path: Path) -> Iterator[str]:
        """A new migrated database: a SQLite file at `sqlite_path`, or a PostgreSQL database
        (TEST_DATABASE_URL's server) dropped afterwards; its URL."""
        if backend == "sqlite":
            with (
                closing(sqlite3.connect(self.sqlite_template())) as source,
                closing(sqlite3.connect(sqlite_path)) as target,
            ):
                source.backup(target)
            yield f"sqlite:///{sqlite_path}"
            return
        server, template = self.postgres_template()
        name = f"hackbot_test_{secrets.token_hex(4)}"
        _execute(server, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        try:
            yield make_url(server).set(database=name).render_as_string(hide_password=False)
        finally:
            _execute(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        if self._postgres is not None:
            server, template = self._postgres
            _execute(server, f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
            self._postgres = None


def _execute(server_url: str, statement: str) -> None:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(statement))
    finally:
        admin.dispose()
