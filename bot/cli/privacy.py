"""`hackbot privacy`: a person's requests made to the organisers (GDPR articles 15 and 17):
everything stored about them as JSON (`export`), and its erasure (`erase`); and an event's
personal data deleted once kept long enough after its end (`purge`, with a dry run)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from bot.cli.arguments import has_schema, url_from
from bot.core.db import make_engine, session_factory, session_scope
from bot.events import lookup
from bot.privacy.personal import (
    Person,
    TeamHasMembers,
    erase,
    holds_anything,
    teams_to_withdraw,
    what_is_stored,
)
from bot.privacy.retention import DEFAULT_RETENTION_DAYS, TooEarly, purge


def add_privacy_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    privacy = commands.add_parser("privacy", help="a person's data: export or erase it (for organisers)")
    privacy_commands = privacy.add_subparsers(title="privacy commands", metavar="COMMAND", required=True)
    for name, help_text, handler in (
        ("export", "print everything stored about a person, as JSON", privacy_export),
        ("erase", "erase everything stored about a person", privacy_erase),
    ):
        command = privacy_commands.add_parser(name, help=help_text)
        who = command.add_mutually_exclusive_group(required=True)
        who.add_argument("--telegram-id", type=int, metavar="N", help="their Telegram user id")
        who.add_argument("--sender", metavar="ID", help="another channel's sender id (as in `hackbot chat`)")
        if name == "erase":
            command.add_argument("--yes", action="store_true", help="erase without asking")
        command.set_defaults(handler=handler)
    purging = privacy_commands.add_parser(
        "purge", help="delete an event's personal data once kept long enough after its end"
    )
    purging.add_argument("--event", metavar="SLUG", required=True)
    purging.add_argument(
        "--after-days", type=int, metavar="N",
        help=f"days after the event's end (default: its retention_days, else {DEFAULT_RETENTION_DAYS})",
    )  # fmt: skip
    purging.add_argument("--dry-run", action="store_true", help="say what would be deleted, delete nothing")
    purging.set_defaults(handler=privacy_purge)


def privacy_purge(args: argparse.Namespace) -> int:
    engine = make_engine(url_from(args))
    try:
        if not has_schema(engine):
            return 1
        session = session_factory(engine)()
        try:
            event = lookup.get_event(session, args.event)
            if event is None:
                print(f"No event with the slug {args.event!r}: see `hackbot event list`.", file=sys.stderr)
                return 1
            days = (
                args.after_days
                if args.after_days is not None
                else (event.retention_days or DEFAULT_RETENTION_DAYS)
            )
            try:
                counts = purge(session, event, dt.date.today(), days)
            except TooEarly as early:
                print(
                    f"{event.slug}'s personal data is kept until {early.keep_until}"
                    f" ({days} days after its end)."
                )
                return 1
            summary = ", ".join(f"{kind} {count}" for kind, count in sorted(counts.items())) or "nothing"
            if args.dry_run:
                session.rollback()
                print(f"Would delete ({event.slug}, kept {days} days): {summary}. Nothing deleted (dry run).")
            else:
                session.commit()
                print(f"Deleted ({event.slug}, kept {days} days): {summary}.")
            return 0
        finally:
            session.close()
    finally:
        engine.dispose()


def _person(args: argparse.Namespace) -> Person:
    if args.telegram_id is not None:
        return Person("telegram", str(args.telegram_id))
    return Person("rest", args.sender)


def privacy_export(args: argparse.Namespace) -> int:
    engine = make_engine(url_from(args))
    try:
        if not has_schema(engine):
            return 1
        with session_scope(engine) as session:
            stored = what_is_stored(session, _person(args))
    finally:
        engine.dispose()
    json.dump(stored, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def privacy_erase(args: argparse.Namespace) -> int:
    person = _person(args)
    engine = make_engine(url_from(args))
    try:
        if not has_schema(engine):
            return 1
        with session_scope(engine) as session:
            if not holds_anything(what_is_stored(session, person)):
                print("Nothing is stored about this person.")
                return 0
            try:
                teams = [team.name for team in teams_to_withdraw(session, person)]
            except TeamHasMembers as refusal:
                print(
                    f"They captain {', '.join(refusal.teams)}, which others have joined: the team must be "
                    "handed over or withdrawn first (the captain can withdraw it with “withdraw our team”).",
                    file=sys.stderr,
                )
                return 1
            if not args.yes:
                also = f" and withdraw their team(s) {', '.join(teams)}" if teams else ""
                answer = input(f"Erase everything stored about {person.actor}{also}? [y/N] ")
                if answer.strip().lower() not in {"y", "yes", "o", "oui"}:
                    print("Nothing erased.")
                    return 1
            erased = erase(session, person)
    finally:
        engine.dispose()
    print("Erased: " + ", ".join(f"{kind} {count}" for kind, count in sorted(erased.counts.items())))
    return 0
