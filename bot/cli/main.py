"""The `hackbot` command line.

Each group of commands is added by one function taking the subparsers object
(`add_db_commands`, `add_event_commands`, ...) and sets `handler` on its
parsers: a function `(args) -> exit code`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from bot.cli.database import add_db_commands
from bot.cli.deploy import add_deploy_commands
from bot.cli.events import add_event_commands
from bot.cli.inbox import add_inbox_commands
from bot.cli.jury import add_jury_commands
from bot.cli.mentors import add_mentors_commands
from bot.cli.methods import add_methods_commands
from bot.cli.organisers import add_announce_commands, add_organisers_commands
from bot.cli.privacy import add_privacy_commands
from bot.cli.results import add_results_commands
from bot.cli.serving import add_run_commands, add_telegram_commands
from bot.cli.status import add_status_command
from bot.cli.teams import add_teams_commands
from bot.cli.votes import add_vote_commands
from bot.core.migrations import DatabaseNewerThanCode

Handler = Callable[[argparse.Namespace], int]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="hackbot", description="A bilingual hackathon assistant: events, database, servers and chat."
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="database to use (default: $DATABASE_URL, else the SQLite file var/hackbot.sqlite3)",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    add_db_commands(commands)
    add_event_commands(commands)
    add_run_commands(commands)
    add_telegram_commands(commands)
    add_teams_commands(commands)
    add_organisers_commands(commands)
    add_announce_commands(commands)
    add_inbox_commands(commands)
    add_mentors_commands(commands)
    add_jury_commands(commands)
    add_vote_commands(commands)
    add_methods_commands(commands)
    add_results_commands(commands)
    add_privacy_commands(commands)
    add_status_command(commands)
    add_deploy_commands(commands)

    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except DatabaseNewerThanCode as error:  # every command reading the database may meet it
        print(f"error: {error}", file=sys.stderr)
        return 1
