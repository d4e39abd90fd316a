"""The `hackbot` command line.

Each group of commands is added by one function taking the subparsers object
(`add_db_commands`, `add_event_commands`, ...) and sets `handler` on its
parsers: a function `(args) -> exit code`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bot.broadcast import announcements, publication
from bot.core import migrations
from bot.core.db import database_url, make_engine, normalise_url, session_scope
from bot.core.i18n import SUPPORTED_LANGUAGES, localize
from bot.core.models import Event
from bot.events import lookup, organisers, subscriptions
from bot.events.loader import load_pack
from bot.events.pack import Pack, PackError, parse_pack
from bot.teams import registration

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
    add_results_commands(commands)

    args = parser.parse_args(argv)
    handler: Handler = args.handler
    return handler(args)


def url_from(args: argparse.Namespace) -> str:
    """The database URL chosen by `--database-url` or the environment."""
    url: str | None = args.database_url
    return normalise_url(url) if url else database_url()


# --- hackbot db ----------------------------------------------------------------


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


# --- hackbot event -------------------------------------------------------------


def add_event_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    event = commands.add_parser("event", help="validate, load and choose events")
    event_commands = event.add_subparsers(title="event commands", metavar="COMMAND", required=True)

    validate = event_commands.add_parser("validate", help="check an event pack and list every problem")
    validate.add_argument("file", type=Path, metavar="FILE")
    validate.set_defaults(handler=event_validate)

    load = event_commands.add_parser(
        "load", help="load or reload an event pack (nothing is written if invalid)"
    )
    load.add_argument("file", type=Path, metavar="FILE")
    load.add_argument("--current", action="store_true", help="make it the current event")
    load.set_defaults(handler=event_load)

    use = event_commands.add_parser("use", help="make a loaded event the current one")
    use.add_argument("slug", metavar="SLUG")
    use.set_defaults(handler=event_use)

    list_ = event_commands.add_parser("list", help="list loaded events")
    list_.set_defaults(handler=event_list)


def _read_pack(file: Path) -> Pack | None:
    """The pack, its warnings printed; or None with every problem printed."""
    try:
        pack = parse_pack(file)
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
    return ", ".join([pack.event.slug, *(f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts)])


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
            summary = load_pack(session, pack, make_current=args.current).summary()
    finally:
        engine.dispose()
    print("\n".join(summary))
    return 0


def _has_schema(engine: Engine) -> bool:
    if inspect(engine).has_table("events"):
        return True
    print(
        "The database has no tables yet: run `hackbot db upgrade` or `hackbot event load FILE`.",
        file=sys.stderr,
    )
    return False


def event_use(args: argparse.Namespace) -> int:
    engine = make_engine(url_from(args))
    try:
        if not _has_schema(engine):
            return 1
        with session_scope(engine) as session:
            try:
                lookup.set_current(session, args.slug)
            except lookup.UnknownEventError:
                slugs = ", ".join(e.slug for e in lookup.list_events(session)) or "none"
                print(f"No event has the slug {args.slug!r}. Loaded events: {slugs}.", file=sys.stderr)
                return 1
    finally:
        engine.dispose()
    print(f"{args.slug} is now the current event.")
    return 0


def event_list(args: argparse.Namespace) -> int:
    engine = make_engine(url_from(args))
    try:
        if not _has_schema(engine):
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


# --- hackbot setup / serve / chat ------------------------------------------------


def add_run_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    setup = commands.add_parser(
        "setup", help="migrate the database and load the demo event (current if no event is)"
    )
    setup.set_defaults(handler=run_setup)
    serve = commands.add_parser(
        "serve", help="start the action server and the Rasa server, then chat in the terminal"
    )
    chat_mode = serve.add_mutually_exclusive_group()
    chat_mode.add_argument("--chat", dest="chat", action="store_true", default=None, help="open the chat")
    chat_mode.add_argument("--no-chat", dest="chat", action="store_false", help="only run the servers")
    serve.set_defaults(handler=run_serve)
    chat = commands.add_parser("chat", help="chat with a running assistant over the REST channel")
    chat.add_argument("--url", help="Rasa server (default: http://$HACKBOT_HOST:$HACKBOT_RASA_PORT)")
    chat.add_argument("--sender", help="conversation id (default: terminal-<user>)")
    chat.add_argument("--language", help="language code sent as metadata, as Telegram does (fr, en)")
    chat.set_defaults(handler=run_chat)


def run_setup(args: argparse.Namespace) -> int:
    from bot.cli.run import setup

    setup(url_from(args))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from bot.cli.run import serve
    from bot.cli.services import ServiceError, StackConfig

    config = replace(StackConfig.from_env(), database_url=url_from(args))
    try:
        return serve(config, chat=args.chat)
    except ServiceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def run_chat(args: argparse.Namespace) -> int:
    from bot.cli.chat import Conversation, default_sender, repl
    from bot.cli.services import StackConfig
    from bot.rasa_client import RasaClient

    metadata = {"language_code": args.language} if args.language else {}
    client = RasaClient(args.url or StackConfig.from_env().rasa_url)
    try:
        repl(Conversation(client, args.sender or default_sender(), metadata))
    finally:
        client.close()
    return 0


# --- hackbot telegram ---------------------------------------------------------------


def add_telegram_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    telegram = commands.add_parser(
        "telegram",
        help="run the Telegram gateway (long polling; a webhook when TELEGRAM_WEBHOOK_URL is set)",
        description=(
            "Connect the bot to Telegram and pass participants' messages to a running Rasa server. "
            "Settings: TELEGRAM_BOT_TOKEN (required), TELEGRAM_API_BASE_URL, TELEGRAM_WEBHOOK_URL, "
            "TELEGRAM_WEBHOOK_SECRET, TELEGRAM_WEBHOOK_LISTEN, TELEGRAM_WEBHOOK_PORT, TELEGRAM_CHAT_INTERVAL."
        ),
    )
    telegram.add_argument("--rasa-url", help="Rasa server (default: http://$HACKBOT_HOST:$HACKBOT_RASA_PORT)")
    telegram.set_defaults(handler=run_telegram)


def run_telegram(args: argparse.Namespace) -> int:
    from bot.telegram.app import main as run_gateway
    from bot.telegram.config import TelegramConfig, TelegramConfigError
    from bot.telegram.organisers import add_organiser_commands, outbox_and_reminders

    try:
        config = TelegramConfig.from_env(rasa_url=args.rasa_url, database_url=url_from(args))
    except TelegramConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return run_gateway(config, extensions=[add_organiser_commands], background=[outbox_and_reminders])


# --- hackbot teams -----------------------------------------------------------------


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
        if not _has_schema(engine):
            return None
        with session_scope(engine) as session:
            event = lookup.get_event(session, args.event) if args.event else lookup.current_event(session)
            if event is None:
                which = f"No event with the slug {args.event!r}" if args.event else "No current event"
                print(f"{which}: see `hackbot event list`.", file=sys.stderr)
                return None
            return registration.export_teams(session, event)
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
            writer.writerow({**{k: row[k] for k in CSV_FIELDS}, "members": "; ".join(row["members"])})
    if args.output:
        args.output.write_text(buffer.getvalue(), encoding="utf-8")
        print(f"{len(rows)} team(s) written to {args.output}.")
    else:
        sys.stdout.write(buffer.getvalue())
    return 0


CSV_FIELDS = ("name", "challenge", "captain", "contact_email", "members", "size", "join_code", "created_at")


# --- hackbot organisers / announce / broadcasts ----------------------------------------


def add_organisers_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    organisers = commands.add_parser("organisers", help="who may use the organiser commands on Telegram")
    organisers_commands = organisers.add_subparsers(
        title="organisers commands", metavar="COMMAND", required=True
    )
    add = organisers_commands.add_parser("add", help="make a Telegram user an organiser of an event")
    add.add_argument(
        "--telegram-id", type=_telegram_id, required=True, metavar="ID", help="their Telegram user id"
    )
    add.add_argument("--event", metavar="SLUG", help="the event (default: the current one)")
    add.set_defaults(handler=organisers_add)
    remove = organisers_commands.add_parser("remove", help="remove an organiser of an event")
    remove.add_argument("--telegram-id", type=_telegram_id, required=True, metavar="ID")
    remove.add_argument("--event", metavar="SLUG", help="the event (default: the current one)")
    remove.set_defaults(handler=organisers_remove)
    listing = organisers_commands.add_parser("list", help="the organisers of an event")
    listing.add_argument("--event", metavar="SLUG", help="the event (default: the current one)")
    listing.set_defaults(handler=organisers_list)
    invite = organisers_commands.add_parser(
        "invite",
        help="a one-time code: whoever sends /start org_<code> to the bot first becomes an organiser",
    )
    invite.add_argument("--event", metavar="SLUG", help="the event (default: the current one)")
    invite.add_argument(
        "--days", type=_positive_int, default=7, metavar="N", help="valid for N days (default 7)"
    )
    invite.set_defaults(handler=organisers_invite)


def add_announce_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    announce = commands.add_parser(
        "announce", help="send a message to every subscriber of an event (sent by the Telegram gateway)"
    )
    announce.add_argument("text", metavar="TEXT", help="the announcement, as plain text")
    announce.add_argument("--event", metavar="SLUG", help="the event (default: the current one)")
    announce.set_defaults(handler=announce_text)
    progress = commands.add_parser("broadcasts", help="how far the latest announcements and reminders got")
    progress.add_argument("--event", metavar="SLUG", help="the event (default: the current one)")
    progress.add_argument(
        "--limit", type=_positive_int, default=10, metavar="N", help="how many (default 10)"
    )
    progress.set_defaults(handler=broadcasts_list)


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not above 0")
    return number


def _telegram_id(value: str) -> int:
    try:
        return _positive_int(value)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a Telegram user id (a number such as 123456789; the user can get it "
            "from @userinfobot)"
        ) from None


def _chosen_event(session: Session, args: argparse.Namespace) -> Event | None:
    """The event of `--event`, else the current one; None (after saying why) if there is none."""
    slug: str | None = args.event
    event = lookup.get_event(session, slug) if slug else lookup.current_event(session)
    if event is None:
        which = f"No event has the slug {slug!r}" if slug else "No current event"
        print(f"{which}: see `hackbot event list`.", file=sys.stderr)
    return event


def _with_event(args: argparse.Namespace, action: Callable[[Session, Event], int]) -> int:
    """Run `action` in one transaction on the chosen event; exit code 2 if there is no such event."""
    engine = make_engine(url_from(args))
    try:
        if not _has_schema(engine):
            return 1
        with session_scope(engine) as session:
            event = _chosen_event(session, args)
            if event is None:
                return 2
            return action(session, event)
    finally:
        engine.dispose()


def organisers_add(args: argparse.Namespace) -> int:
    def add(session: Session, event: Event) -> int:
        if organisers.is_organiser(session, event, args.telegram_id):
            print(f"{args.telegram_id} is already an organiser of {event.slug}.")
            return 0
        organisers.grant(session, event, args.telegram_id, granted_by=organisers.CLI_ACTOR)
        print(f"{args.telegram_id} is now an organiser of {event.slug}.")
        return 0

    return _with_event(args, add)


def organisers_remove(args: argparse.Namespace) -> int:
    def remove(session: Session, event: Event) -> int:
        if not organisers.revoke(session, event, args.telegram_id, revoked_by=organisers.CLI_ACTOR):
            print(f"{args.telegram_id} is not an organiser of {event.slug}.", file=sys.stderr)
            return 2
        print(f"{args.telegram_id} is no longer an organiser of {event.slug}.")
        return 0

    return _with_event(args, remove)


def organisers_list(args: argparse.Namespace) -> int:
    def listing(session: Session, event: Event) -> int:
        found = organisers.list_organisers(session, event)
        if not found:
            print(
                f"{event.slug} has no organiser yet: add one with `hackbot organisers add --telegram-id ID`"
            )
            print("or `hackbot organisers invite`.")
            return 0
        for organiser in found:
            granted = organiser.granted_at.strftime("%Y-%m-%d %H:%M")
            print(f"{organiser.telegram_user_id}  granted {granted} UTC by {organiser.granted_by}")
        print(f"{len(found)} organiser(s) of {event.slug}.")
        return 0

    return _with_event(args, listing)


def organisers_invite(args: argparse.Namespace) -> int:
    def invite(session: Session, event: Event) -> int:
        created = organisers.create_invite(
            session, event, now=dt.datetime.now(dt.UTC), valid_for=dt.timedelta(days=args.days)
        )
        payload = organisers.invite_payload(created)
        expires = created.expires_at.strftime("%Y-%m-%d %H:%M")
        print(f"Invitation to organise {event.slug}, valid once until {expires} UTC.")
        print(f"Code: {created.code}")
        print(f"The new organiser sends this to the bot on Telegram: /start {payload}")
        username = os.environ.get("TELEGRAM_BOT_USERNAME", "").strip().lstrip("@")
        if username:
            print(f"or opens this link: https://t.me/{username}?start={payload}")
        return 0

    return _with_event(args, invite)


def announce_text(args: argparse.Namespace) -> int:
    def announce(session: Session, event: Event) -> int:
        try:
            broadcast = announcements.announce(session, event, args.text, created_by=organisers.CLI_ACTOR)
        except announcements.BroadcastError as error:
            if error.code == "too_long":
                print(
                    f"The announcement is too long for one Telegram message ({error.details['length']}"
                    f" characters, at most {error.details['limit']}): nothing was queued.",
                    file=sys.stderr,
                )
            else:
                print("The announcement is empty: nothing was queued.", file=sys.stderr)
            return 2
        recipients = announcements.progress(session, broadcast).recipients
        if not recipients:
            print(f"Announcement #{broadcast.id} recorded, but no chat is subscribed to {event.slug} yet.")
            return 0
        print(f"Announcement #{broadcast.id} queued for {recipients} subscribed chat(s) of {event.slug}.")
        print("The Telegram gateway sends it while it runs; `hackbot broadcasts` shows the progress.")
        return 0

    return _with_event(args, announce)


def broadcasts_list(args: argparse.Namespace) -> int:
    def listing(session: Session, event: Event) -> int:
        found = announcements.status(session, event, limit=args.limit)
        if not found:
            print(f"No announcement or reminder for {event.slug} yet.")
            return 0
        for item in found:
            created = item.created_at.strftime("%Y-%m-%d %H:%M")
            counts = f"{item.sent} sent, {item.pending} to send, {item.failed} failed"
            if item.cancelled:
                counts += f", {item.cancelled} withdrawn"
            state = " (cancelled)" if item.status == "cancelled" else ""
            print(f"#{item.id} {created} UTC {item.kind}{state}: {counts}")
            print(f"    {item.preview}")
        return 0

    return _with_event(args, listing)


# --- hackbot results ------------------------------------------------------------------


def add_results_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    results = commands.add_parser(
        "results",
        help="show, publish or hide an event's results (awards and follow-up come from its pack)",
        description=(
            "An event's results (the pack's results.awards and results.follow_up) stay hidden from "
            "everyone but organisers until published. To correct them, edit the pack and reload it with "
            "`hackbot event load`, then publish again."
        ),
    )
    results_commands = results.add_subparsers(title="results commands", metavar="COMMAND", required=True)
    show = results_commands.add_parser("show", help="print the palmarès, even unpublished (for organisers)")
    show.add_argument("event", metavar="SLUG", help="the event")
    show.add_argument("--language", choices=SUPPORTED_LANGUAGES, help="one language (default: all)")
    show.set_defaults(handler=results_show)
    publish = results_commands.add_parser(
        "publish", help="make the results public: the assistant and the web page give them"
    )
    publish.add_argument("event", metavar="SLUG", help="the event")
    publish.add_argument(
        "--announce",
        action="store_true",
        help="also send them to every subscriber, in their language (sent by the Telegram gateway)",
    )
    publish.set_defaults(handler=results_publish)
    unpublish = results_commands.add_parser("unpublish", help="hide published results again")
    unpublish.add_argument("event", metavar="SLUG", help="the event")
    unpublish.set_defaults(handler=results_unpublish)


def _utc_minutes(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "unknown date"


def results_show(args: argparse.Namespace) -> int:
    def show(session: Session, event: Event) -> int:
        public = event.results is not None and event.results.published
        if public:
            assert event.results is not None
            print(f"{event.slug}: results published ({_utc_minutes(event.results.published_at)}).")
        else:
            print(f"{event.slug}: results NOT published: only organisers may see what follows.")
        organisers.audit(session, event, organisers.CLI_ACTOR, "results.viewed", published=public)
        if not event.awards:
            print("The pack lists no awards (results.awards).")
        languages = [args.language] if args.language else list(SUPPORTED_LANGUAGES)
        for lang in languages:
            print(f"\n[{lang}]")
            print(publication.results_text(event, lang))
        if not public and event.awards:
            count = subscriptions.count(session, event)
            print(f"\nPublish: `hackbot results publish {event.slug}` (add --announce to send them to")
            print(f"{count} subscribed chat(s)).")
        return 0

    return _with_event(args, show)


def results_publish(args: argparse.Namespace) -> int:
    def publish(session: Session, event: Event) -> int:
        try:
            done = publication.publish(session, event, actor=organisers.CLI_ACTOR)
        except publication.PublicationError:
            print(
                f"{event.slug} has no awards to publish: add them under results.awards in its pack, reload"
                " it with `hackbot event load FILE`, then publish. Nothing was published.",
                file=sys.stderr,
            )
            return 2
        again = " again" if done.again else ""
        print(f"Results of {event.slug} published{again} ({done.awards} award(s)).")
        if args.announce and not subscriptions.count(session, event):
            print(f"No chat is subscribed to {event.slug}: no announcement to send.")
        elif args.announce:
            broadcast, recipients = publication.announce_results(session, event, actor=organisers.CLI_ACTOR)
            print(f"Announcement #{broadcast.id} queued for {recipients} subscribed chat(s).")
            print("The Telegram gateway sends it while it runs; `hackbot broadcasts` shows the progress.")
        return 0

    return _with_event(args, publish)


def results_unpublish(args: argparse.Namespace) -> int:
    def unpublish(session: Session, event: Event) -> int:
        if not publication.unpublish(session, event, actor=organisers.CLI_ACTOR):
            print(f"The results of {event.slug} are not published: nothing to hide.")
            return 0
        print(f"The results of {event.slug} are hidden again.")
        print("Note: loading a pack whose results say `published: true` publishes them again.")
        return 0

    return _with_event(args, unpublish)
