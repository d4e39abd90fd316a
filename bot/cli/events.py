"""`hackbot event`: validate, load, list and choose event packs."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from sqlalchemy.orm import Session

from bot.broadcast.changes import (
    offer_change_alert,
    pending_changes,
    queue_change_alert,
    remember_before_reload,
    withdraw_stale_reminders,
)
from bot.cli.arguments import has_schema, url_from
from bot.core import migrations
from bot.core.clock import now_in
from bot.core.db import make_engine, session_scope
from bot.core.i18n import localize
from bot.core.models import Event, LocalText
from bot.events import lookup
from bot.events.changes import ADDED, MOVED, PackChanges, compare
from bot.events.export import pack_yaml
from bot.events.imports.into_pack import import_into
from bot.events.imports.sessions import SourceError
from bot.events.imports.sources import read_programme
from bot.events.loader import load_pack
from bot.events.organisers import CLI_ACTOR
from bot.events.pack import Pack, PackError, parse_pack
from bot.events.schema import SCHEMA_FILE_NAME, schema_text
from bot.events.starter import DEFAULT_TIMEZONE, starter_pack
from bot.methods.catalogue import shipped_method_ids


def add_event_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    event = commands.add_parser("event", help="validate, load and choose events")
    event_commands = event.add_subparsers(title="event commands", metavar="COMMAND", required=True)

    new = event_commands.add_parser("new", help="write a starter pack, valid as it is, to fill in")
    new.add_argument("slug", metavar="SLUG", help="the event's id: lowercase letters, digits, dashes")
    new.add_argument("--output", "-o", type=Path, help="the file (default: print it)")
    new.add_argument(
        "--timezone", default=DEFAULT_TIMEZONE, help=f"an IANA name (default {DEFAULT_TIMEZONE})"
    )
    new.add_argument("--starts", metavar="YYYY-MM-DD", help="the first day (default: in 30 days)")
    new.set_defaults(handler=event_new)

    imports = event_commands.add_parser(
        "import-sessions",
        help="write a programme (spreadsheet, calendar or pretalx schedule) into a pack's sessions",
    )
    imports.add_argument(
        "source", type=Path, metavar="FILE",
        help="a spreadsheet (.csv, .xlsx: one session a row), a calendar (.ics) "
        "or a frab/pretalx schedule (.json)",
    )  # fmt: skip
    imports.add_argument(
        "--into", type=Path, required=True, metavar="PACK", help="the pack to write them into"
    )
    imports.add_argument(
        "--replace", action="store_true", help="also remove the pack's sessions the source does not have"
    )
    imports.add_argument("--sheet", help="the workbook's sheet (default: its first)")
    imports.set_defaults(handler=event_import_sessions)

    schema = event_commands.add_parser(
        "schema", help="the pack format as a JSON Schema, for editors that check packs as they are typed"
    )
    schema.add_argument("--output", "-o", type=Path, help="the file (default: print it)")
    schema.set_defaults(handler=event_schema)

    validate = event_commands.add_parser("validate", help="check an event pack and list every problem")
    validate.add_argument("file", type=Path, metavar="FILE")
    validate.set_defaults(handler=event_validate)

    load = event_commands.add_parser(
        "load", help="load or reload an event pack (nothing is written if invalid)"
    )
    load.add_argument("file", type=Path, metavar="FILE")
    load.add_argument("--current", action="store_true", help="make it the current event")
    telling = load.add_mutually_exclusive_group()
    telling.add_argument(
        "--dry-run",
        action="store_true",
        help="only say what the reload would change (sessions, challenges, rules)",
    )
    telling.add_argument(
        "--notify-changes", action="store_true",
        help="tell every subscriber (Telegram) of the sessions to come moved, added or cancelled",
    )  # fmt: skip
    load.set_defaults(handler=event_load)

    use = event_commands.add_parser("use", help="make a loaded event the current one")
    use.add_argument("slug", metavar="SLUG")
    use.set_defaults(handler=event_use)

    list_ = event_commands.add_parser("list", help="list loaded events")
    list_.set_defaults(handler=event_list)
    export = event_commands.add_parser(
        "export", help="write an event back as a pack (with what was added since, e.g. FAQ from the inbox)"
    )
    export.add_argument("slug", metavar="SLUG")
    export.add_argument("--output", "-o", type=Path, help="the file (default: print it)")
    export.set_defaults(handler=event_export)


def _read_pack(file: Path) -> Pack | None:
    """The pack, its warnings printed; or None with every problem printed (its `methods` checked
    against the coach's shipped catalogue)."""
    try:
        pack = parse_pack(file, shipped_methods=shipped_method_ids())
    except PackError as error:
        for problem in error.problems:
            print(problem.format(error.source), file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count > 1 else ''} found in {file}.", file=sys.stderr)
        return None
    for warning in pack.warnings:
        print(warning.format(str(file), prefix="warning"), file=sys.stderr)
    return pack


def _describe(pack: Pack) -> str:
    counts = [
        (len(pack.sessions), "session"),
        (len(pack.challenges), "challenge"),
        (len(pack.rules), "rule"),
        (len(pack.faq), "FAQ item"),
        (len(pack.mentors), "mentor"),
        (len(pack.jury), "jury member"),
        (len(pack.prizes), "prize"),
    ]
    if pack.methods is not None:  # the coach's catalogue changed for this event
        counts += [(len(pack.methods.hide), "hidden method"), (len(pack.methods.add), "added method")]
    parts = [pack.event.slug, *(f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts)]
    if pack.judging is not None:  # how the jury scores teams
        criteria = len(pack.judging.criteria)
        parts.append(f"{criteria} judging criteri{'on' if criteria == 1 else 'a'}")
    return ", ".join(parts)


def event_validate(args: argparse.Namespace) -> int:
    pack = _read_pack(args.file)
    if pack is None:
        return 1
    print(f"OK: {_describe(pack)}")
    return 0


def event_load(args: argparse.Namespace) -> int:
    pack = _read_pack(args.file)
    if pack is None:
        print("Nothing was loaded.", file=sys.stderr)
        return 1
    url = url_from(args)
    migrations.upgrade(url)
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            changes = compare(lookup.get_event(session, pack.event.slug), pack)
            if args.dry_run:
                print("\n".join(describe_changes(changes)))
                print("Nothing was written (--dry-run).")
                return 0
            existing = lookup.get_event(session, pack.event.slug)
            if existing is not None and changes.sessions:  # what subscribers knew before it
                remember_before_reload(session, existing)
            report = load_pack(session, pack, make_current=args.current)
            summary = report.summary()
            if existing is not None:
                summary += _tell_changes(session, report.event, changes, notify=args.notify_changes)
    finally:
        engine.dispose()
    print("\n".join(summary))
    return 0


def _tell_changes(session: Session, event: Event, changes: PackChanges, *, notify: bool) -> list[str]:
    """After a reload: stale reminders withdrawn; the changes to come not told yet queued for the
    subscribers (`notify`), or offered to the organisers on Telegram."""
    withdraw_stale_reminders(session, event, changes.sessions)
    now = now_in(event.timezone)
    pending = pending_changes(session, event, now)
    if notify:
        told = queue_change_alert(session, event, actor=CLI_ACTOR, now=now)
        return [
            f"  told {told} subscriber(s) of {len(pending)} session change(s) to come"
            " (the Telegram gateway sends the alerts)"
        ]
    if not pending:
        return []
    offered = offer_change_alert(session, event, now=now)
    where = (
        f"a preview went to {offered} organiser(s) on Telegram, to send or cancel"
        if offered
        else "no organiser is on Telegram to preview it"
    )
    return [
        f"  {len(pending)} session change(s) to come are not told to subscribers yet: {where}"
        " (--notify-changes tells them now)"
    ]


def describe_changes(changes: PackChanges) -> list[str]:
    """The changes a reload makes, in plain words (the organisers' terminal is in English)."""
    if not changes:
        return ["No session, challenge or rule would change."]

    def text(value: LocalText | None) -> str:
        return localize(value, "en", ("en", "fr")) if value else "no place"

    lines = []
    for change in changes.sessions:
        when = change.starts.strftime("%a %d %b %H:%M")
        title = f"{change.key} “{text(change.title)}”"
        if change.kind == MOVED:
            was = change.was_starts.strftime("%a %d %b %H:%M") if change.was_starts else "?"
            before, after = f"{was} at {text(change.was_location)}", f"{when} at {text(change.location)}"
            lines.append(f"session moved: {title}, {before} → {after}")
        elif change.kind == ADDED:
            lines.append(f"session added: {title}, {when} at {text(change.location)}")
        else:
            lines.append(f"session cancelled: {title}, was {when} at {text(change.location)}")
    lines += [f"{item.what} {item.kind}: {item.key} “{text(item.title)}”" for item in changes.items]
    return lines


def event_use(args: argparse.Namespace) -> int:
    engine = make_engine(url_from(args))
    try:
        if not has_schema(engine):
            return 1
        with session_scope(engine) as session:
            try:
                lookup.set_current(session, args.slug)
            except lookup.UnknownEventError:
                return _unknown(session, args.slug)
    finally:
        engine.dispose()
    print(f"{args.slug} is now the current event.")
    return 0


def event_list(args: argparse.Namespace) -> int:
    engine = make_engine(url_from(args))
    try:
        if not has_schema(engine):
            return 1
        with session_scope(engine) as session:
            loaded = lookup.list_events(session)
            if not loaded:
                print("No events loaded yet: load one with `hackbot event load FILE --current`.")
                return 0
            width = max(len(e.slug) for e in loaded)
            for e in loaded:
                name = localize(e.name, e.languages[0] if e.languages else "", e.languages)
                mark = "*" if e.is_current else " "
                print(f"{mark} {e.slug:<{width}}  {e.starts} to {e.ends}  {name}")
            print("(* = current event)")
    finally:
        engine.dispose()
    return 0


def _unknown(session: Session, slug: str) -> int:
    slugs = ", ".join(e.slug for e in lookup.list_events(session)) or "none"
    print(f"No event has the slug {slug!r}. Loaded events: {slugs}.", file=sys.stderr)
    return 1


def event_new(args: argparse.Namespace) -> int:
    try:
        text = starter_pack(args.slug, today=dt.date.today(), starts=args.starts, timezone=args.timezone)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.output is None:
        sys.stdout.write(text)
        return 0
    if args.output.exists():
        print(f"error: {args.output} exists already; choose another file name", file=sys.stderr)
        return 2
    if not args.output.parent.is_dir():
        print(f"error: there is no folder {args.output.parent}; create it first", file=sys.stderr)
        return 2
    args.output.write_text(text, encoding="utf-8")
    beside = args.output.parent / SCHEMA_FILE_NAME
    if not beside.exists():  # the pack's first line points editors to it
        beside.write_text(schema_text(), encoding="utf-8")
    print(f"Wrote a starter pack for {args.slug} to {args.output}: fill it in, then")
    print(f"`hackbot event validate {args.output}` and `hackbot event load {args.output} --current`.")
    return 0


def event_import_sessions(args: argparse.Namespace) -> int:
    if not args.into.is_file():
        print(f"error: there is no pack {args.into}; write one first (`hackbot event new`)", file=sys.stderr)
        return 2
    try:
        pack = parse_pack(args.into, shipped_methods=shipped_method_ids())
    except PackError as error:
        print(error, file=sys.stderr)
        print(f"{args.into} is not a valid pack yet: fix it first; nothing was imported.", file=sys.stderr)
        return 1
    try:
        read = read_programme(args.source, pack, sheet=args.sheet)
        merge = import_into(args.into, read.sessions, replace=args.replace)
    except SourceError as error:
        print(error, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) found: nothing was written to {args.into}.", file=sys.stderr)
        return 1
    except PackError as error:
        print(error, file=sys.stderr)
        print(f"The pack would not be valid: nothing was written to {args.into}.", file=sys.stderr)
        return 1
    print(
        f"{args.into}: {len(read.sessions)} session(s) from {args.source}: {len(merge.added)} added, "
        f"{len(merge.updated)} updated, {len(merge.unchanged)} unchanged, {len(merge.removed)} removed."
    )
    for left_out in read.left_out:
        print(f"left out: {left_out}")
    for warning in merge.warnings:
        print(f"warning: {warning}")
    if merge.not_in_source:
        kept = ", ".join(merge.not_in_source)
        print(f"Kept, though not in the source (--replace removes them): {kept}")
    print(f"Check it with `hackbot event validate {args.into}`, then load it.")
    return 0


def event_schema(args: argparse.Namespace) -> int:
    if args.output is None:
        sys.stdout.write(schema_text())
        return 0
    if not args.output.parent.is_dir():
        print(f"error: there is no folder {args.output.parent}; create it first", file=sys.stderr)
        return 2
    args.output.write_text(schema_text(), encoding="utf-8")
    print(f"Wrote the pack format's JSON Schema to {args.output}.")
    return 0


def event_export(args: argparse.Namespace) -> int:
    engine = make_engine(url_from(args))
    try:
        if not has_schema(engine):
            return 1
        with session_scope(engine) as session:
            event = lookup.get_event(session, args.slug)
            if event is None:
                return _unknown(session, args.slug)
            text = pack_yaml(event)
    finally:
        engine.dispose()
    if args.output is None:
        sys.stdout.write(text)
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"Wrote {args.slug} to {args.output}: check it with `hackbot event validate {args.output}`.")
    return 0
