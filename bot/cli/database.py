"""`hackbot db`: the database schema."""

from __future__ import annotations

import argparse

from sqlalchemy.engine import make_url

from bot.cli.arguments import url_from
from bot.core import migrations


def add_db_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = commands.add_parser("db", help="manage the database")
    db_commands = db.add_subparsers(title="db commands", metavar="COMMAND", required=True)
    upgrade = db_commands.add_parser("upgrade", help="create or upgrade the tables to the latest schema")
    upgrade.set_defaults(handler=db_upgrade)


def db_upgrade(args: argparse.Namespace) -> int:
    url = url_from(args)
    migrations.upgrade(url)
    print(f"Database is up to date: {make_url(url).render_as_string(hide_password=True)}")
    return 0
