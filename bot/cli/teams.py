"""`hackbot teams`: the registered teams, listed or exported (CSV, JSON)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

from bot.cli.arguments import has_schema, url_from
from bot.core.db import make_engine, session_scope
from bot.core.spreadsheets import spreadsheet_text
from bot.events import lookup
from bot.teams import roster


def add_teams_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    teams = commands.add_parser("teams", help="registered teams (for organisers)")
    teams_commands = teams.add_subparsers(title="teams commands", metavar="COMMAND", required=True)
    listing = teams_commands.add_parser("list", help="the registered teams of an event")
    listing.add_argument("--event", metavar="SLUG", help="the event (default: the current one)")
    listing.set_defaults(handler=teams_list)
    export = teams_commands.add_parser("export", help="export the registered teams as CSV or JSON")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--event", metavar="SLUG", help="the event (default: the current one)")
    export.add_argument("--output", "-o", type=Path, help="write to FILE instead of the screen")
    export.set_defaults(handler=teams_export)


def _team_rows(args: argparse.Namespace) -> list[dict[str, Any]] | None:
    """The event's teams as exported rows, or None (after saying why) when there is no such event."""
    engine = make_engine(url_from(args))
    try:
        if not has_schema(engine):
            return None
        with session_scope(engine) as session:
            event = lookup.get_event(session, args.event) if args.event else lookup.current_event(session)
            if event is None:
                which = f"No event with the slug {args.event!r}" if args.event else "No current event"
                print(f"{which}: see `hackbot event list`.", file=sys.stderr)
                return None
            return roster.export_teams(session, event)
    finally:
        engine.dispose()


def teams_list(args: argparse.Namespace) -> int:
    rows = _team_rows(args)
    if rows is None:
        return 1
    if not rows:
        print("No team registered yet.")
        return 0
    for row in rows:
        challenge = row["challenge"] or "no challenge"
        print(
            f"{row['name']}  ({challenge}, {row['size']} members,"
            f" captain {row['captain']}, code {row['join_code']})"
        )
        print(f"    {', '.join(row['members'])}")
    print(f"{len(rows)} team(s).")
    return 0


def teams_export(args: argparse.Namespace) -> int:
    rows = _team_rows(args)
    if rows is None:
        return 1
    buffer = io.StringIO()
    if args.format == "json":
        json.dump(rows, buffer, ensure_ascii=False, indent=2)
        buffer.write("\n")
    else:
        writer = csv.DictWriter(buffer, fieldnames=list(CSV_FIELDS), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            cells = {**{k: row[k] for k in CSV_FIELDS}, "members": "; ".join(row["members"])}
            writer.writerow({k: spreadsheet_text(v) for k, v in cells.items()})
    if args.output:
        args.output.write_text(buffer.getvalue(), encoding="utf-8")
        print(f"{len(rows)} team(s) written to {args.output}.")
    else:
        sys.stdout.write(buffer.getvalue())
    return 0


CSV_FIELDS = ("name", "challenge", "captain", "contact_email", "members", "size", "join_code", "created_at")
