"""Alembic environment: the schema is `bot.core.models.Base.metadata`.

The database URL comes, in this order, from `config.attributes["database_url"]`
(set by `bot.core.migrations.upgrade`), the `sqlalchemy.url` option, or
`bot.core.db.database_url()` (the `DATABASE_URL` environment variable).
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from bot.core.db import database_url, make_engine, normalise_url
from bot.core.models import Base

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _url() -> str:
    url = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
    return normalise_url(url) if url else database_url()


def run_migrations_offline() -> None:
    url = _url()
    context.configure(
        url=url,
        target_metadata=Base.metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(_url())
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                render_as_batch=connection.dialect.name == "sqlite",
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
