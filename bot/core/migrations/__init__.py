"""Database migrations (Alembic), runnable from code and from any working directory.

`upgrade(url)` brings a database to the latest schema, and refuses a database that a newer
version of hackbot has upgraded (`DatabaseNewerThanCode`): this code would not know its
tables. Developers can also use `alembic` from the repository root (`alembic.ini` points here).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from bot.core.db import make_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration built in code; `url` defaults to `bot.core.db.database_url()`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if url:
        # Passed as an attribute, not an ini option, so `%` in a password needs no escaping.
        config.attributes["database_url"] = url
    return config


class DatabaseNewerThanCode(RuntimeError):
    """The database is at a migration this code does not have (a newer hackbot upgraded it)."""


def unknown_revisions(url: str | None = None) -> list[str]:
    """The database's migrations that this code does not know (none for an empty database)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_heads()
    finally:
        engine.dispose()
    script = ScriptDirectory.from_config(alembic_config(url))
    unknown = []
    for revision in current:
        try:
            script.get_revision(revision)
        except CommandError:
            unknown.append(revision)
    return unknown


def upgrade(url: str | None = None) -> None:
    """Run `alembic upgrade head` on `url` (default: the configured database); raise
    DatabaseNewerThanCode, changing nothing, when a newer version of hackbot upgraded it."""
    unknown = unknown_revisions(url)
    if unknown:
        raise DatabaseNewerThanCode(
            f"The database is at migration {', '.join(unknown)}, which this version of hackbot does "
            "not know: a newer version upgraded it. Run that version (git pull), or restore a backup "
            "taken before the upgrade (hackbot db restore FILE)."
        )
    command.upgrade(alembic_config(url), "head")
