"""`hackbot privacy`: a person's requests made to the organisers (GDPR articles 15 and 17):
everything stored about them as JSON (`export`), and its erasure (`erase`)."""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli.arguments import has_schema, url_from
from bot.core.db import make_engine, session_scope
from bot.privacy.personal import (
    Person,
    TeamHasMembers,
    erase,
    holds_anything,
    teams_to_withdraw,
    what_is_stored,
)


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
