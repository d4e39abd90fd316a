"""Database migrations (Alembic), runnable from code and from any working directory.

`upgrade(url)` brings a database to the latest schema; developers can also use
`alembic` from the repository root (`alembic.ini` points here).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

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


def upgrade(url: str | None = None) -> None:
    """Run `alembic upgrade head` on `url` (default: the configured database)."""
    command.upgrade(alembic_config(url), "head")
