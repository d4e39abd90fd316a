"""Database engines and sessions, built by factories (never at import time).

`DATABASE_URL` picks the database; without it, a SQLite file under `var/`.
The caller owns the transaction: `session_scope()` commits on success and
rolls back on error, and domain functions only flush.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "hackbot.sqlite3"


def database_url() -> str:
    """The configured database URL (`DATABASE_URL`), or the default SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return normalise_url(url)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for plain PostgreSQL URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str | None = None) -> Engine:
    """A new engine for `url` (default: `database_url()`)."""
    url = normalise_url(url) if url else database_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_connection)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


# SQLite, as SQLAlchemy's documentation recommends for several writing processes: SQLAlchemy (not
# the sqlite3 module) begins each transaction, with BEGIN IMMEDIATE, so that a transaction holds
# the write lock from its first read: the checks that count before inserting (a full team, the
# event's maximum of teams) then see what they write over, and savepoints nest. Writers wait for
# each other (busy timeout); readers never wait for writers (WAL).


def _sqlite_connection(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection) -> None:  # type: ignore[no-untyped-def]
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def shared_engine(url: str | None = None) -> Engine:
    """One engine per URL (default: the configured one) for a long-running process."""
    return _engine_for(normalise_url(url) if url else database_url())


@cache
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on error."""
    session = session_factory(engine)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
