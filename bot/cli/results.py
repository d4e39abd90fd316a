"""`hackbot results`: show, publish and hide an event's results."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from sqlalchemy.orm import Session

from bot.broadcast import publication
from bot.cli.arguments import with_event
from bot.core.i18n import SUPPORTED_LANGUAGES
from bot.core.models import Event
from bot.events import organisers, subscriptions


def add_results_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    results = commands.add_parser(
        "results",
        help="show, publish or hide an event's results (from its pack, or adopted from judging)",
        description=(
            "An event's results (the pack's results.awards and results.follow_up, or the palmarès adopted "
            "with `hackbot jury palmares --adopt`) stay hidden from everyone but organisers until "
            "published. To correct them, edit the pack and reload it with `hackbot event load`, or adopt "
            "the palmarès again, then publish again."
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

    return with_event(args, show)


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

    return with_event(args, publish)


def results_unpublish(args: argparse.Namespace) -> int:
    def unpublish(session: Session, event: Event) -> int:
        if not publication.unpublish(session, event, actor=organisers.CLI_ACTOR):
            print(f"The results of {event.slug} are not published: nothing to hide.")
            return 0
        print(f"The results of {event.slug} are hidden again.")
        print("Note: loading a pack whose results say `published: true` publishes them again.")
        return 0

    return with_event(args, unpublish)
