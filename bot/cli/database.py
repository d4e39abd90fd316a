"""`hackbot db`: the database schema, and its backups (`backup`, `restore`)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.cli.arguments import url_from
from bot.core import backup, migrations
from bot.core.settings import StackConfig


def add_db_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = commands.add_parser("db", help="manage the database")
    db_commands = db.add_subparsers(title="db commands", metavar="COMMAND", required=True)
    upgrade = db_commands.add_parser("upgrade", help="create or upgrade the tables to the latest schema")
    upgrade.set_defaults(handler=db_upgrade)
    saving = db_commands.add_parser("backup", help="a consistent copy of the database, while it runs")
    saving.add_argument("--output", "-o", type=Path, help="the file (default: var/backups/hackbot-<time>)")
    saving.add_argument(
        "--keep", type=int, metavar="N",
        help="then delete all but the N newest backups of var/backups (default: keep them all)",
    )  # fmt: skip
    saving.set_defaults(handler=db_backup)
    restoring = db_commands.add_parser("restore", help="replace the database's content with a backup")
    restoring.add_argument("file", type=Path)
    restoring.add_argument("--yes", action="store_true", help="restore without asking")
    restoring.set_defaults(handler=db_restore)


def db_upgrade(args: argparse.Namespace) -> int:
    url = url_from(args)
    migrations.upgrade(url)
    print(f"Database is up to date: {make_url(url).render_as_string(hide_password=True)}")
    return 0


def db_backup(args: argparse.Namespace) -> int:
    url = url_from(args)
    if args.keep is not None and args.keep < 1:
        print("error: keep at least one backup (--keep 1 or more)", file=sys.stderr)
        return 1
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    directory = StackConfig.from_env().log_dir.parent / "backups"
    target = args.output or directory / f"{backup.BACKUP_PREFIX}{stamp}{backup.suffix(url)}"
    try:
        backup.backup(url, target)
        pruned = backup.prune(directory, args.keep) if args.keep is not None else []
    except backup.BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Backup written to {target} ({target.stat().st_size} bytes).")
    if pruned:
        print(f"Deleted {len(pruned)} older backup(s) of {directory}, keeping the {args.keep} newest.")
    return 0


def db_restore(args: argparse.Namespace) -> int:
    url = url_from(args)
    shown = make_url(url).render_as_string(hide_password=True)
    if not args.yes:
        answer = input(f"Replace everything in {shown} with {args.file}? Stop the services first. [y/N] ")
        if answer.strip().lower() not in {"y", "yes", "o", "oui"}:
            print("Nothing restored.")
            return 1
    try:
        backup.restore(url, args.file)
    except backup.BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Restored {args.file} into {shown}.")
    return 0
