"""`hackbot methods`: the method coach's catalogue, checked and listed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from bot.cli.arguments import with_event
from bot.core.models import Event
from bot.methods import usage
from bot.methods.catalogue import (
    STAGES,
    Catalogue,
    CatalogueError,
    event_catalogue,
    load_catalogue,
    parse_catalogue,
)


def add_methods_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    methods = commands.add_parser("methods", help="the method coach's catalogue of methods")
    methods_commands = methods.add_subparsers(title="methods commands", metavar="COMMAND", required=True)
    validate = methods_commands.add_parser(
        "validate", help="check a methods catalogue and list every problem (docs/methods-format.md)"
    )
    validate.add_argument("file", type=Path, nargs="?", metavar="FILE", help="default: the shipped catalogue")
    validate.set_defaults(handler=methods_validate)
    listing = methods_commands.add_parser("list", help="the methods, by stage, with their times")
    listing.add_argument("file", type=Path, nargs="?", metavar="FILE", help="default: the shipped catalogue")
    listing.add_argument("--lang", choices=["fr", "en"], default="en")
    listing.set_defaults(handler=methods_list)
    stats = methods_commands.add_parser("stats", help="which methods the coach gave teams, for the debrief")
    stats.add_argument("--event", metavar="SLUG", help="the event (default: the current one)")
    stats.set_defaults(handler=methods_stats)


def _catalogue(file: Path | None) -> Catalogue:
    return parse_catalogue(file) if file is not None else load_catalogue()


def methods_validate(args: argparse.Namespace) -> int:
    try:
        catalogue = _catalogue(args.file)
    except CatalogueError as error:
        print(error, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) found.", file=sys.stderr)
        return 1
    stages = ", ".join(f"{stage} {count}" for stage, count in catalogue.per_stage().items())
    print(f"OK: {len(catalogue.methods)} methods ({stages})")
    return 0


def methods_list(args: argparse.Namespace) -> int:
    try:
        catalogue = _catalogue(args.file)
    except CatalogueError as error:
        print(error, file=sys.stderr)
        return 1
    for stage in STAGES:
        print(f"{stage}:")
        for method in catalogue.methods:
            if stage in method.stages:
                minutes = method.minutes
                users = ", with users" if method.people.users else ""
                print(
                    f"  {method.id}: {method.name[args.lang]} "
                    f"({minutes.minimum}–{minutes.typical} min, {method.people.minimum}+ people{users})"
                )
    return 0


def methods_stats(args: argparse.Namespace) -> int:
    def report(session: Session, event: Event) -> int:
        used, stages = usage.usage(session, event)
        if not used:
            print(f"The coach has given no method at {event.slug} yet.")
            return 0
        # The event's own methods too, and the shipped ones it hides (given before they were hidden).
        methods = [*load_catalogue().methods, *event_catalogue(event).methods]
        names = {method.id: method.name["en"] for method in methods}
        for use in used:
            name = names.get(use.method_id, use.method_id)
            print(f"{name}: recommended {use.recommended}, card opened {use.cards}")
        asked = ", ".join(f"{stage} {stages[stage]}" for stage in STAGES if stages[stage])
        print(f"Requests by stage: {asked or 'none'}.")
        return 0

    return with_event(args, report)
