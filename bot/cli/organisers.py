"""`hackbot organisers`, `announce` and `broadcasts`: who organises an event, and what is sent
to its subscribers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from sqlalchemy.orm import Session

from bot.broadcast import announcements
from bot.cli.arguments import positive_int, telegram_id, with_event
from bot.core.models import Event
from bot.events import organisers


def add_organisers_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    organisers = commands.add_parser("organisers", help="who may use the organiser commands on Telegram")
    organisers_commands = organisers.add_subparsers(
        title="organisers commands", metavar="COMMAND", required=True
    )
    add = organisers_commands.add_parser("add", help="make a Telegram user an organiser of an event")
    add.add_argument(
        "--telegram-id", type=telegram_id, required=True, metavar="ID", help="their Telegram user id"
    )
    add.add_argument("--event", metavar="SLUG", help="the event (default: the current one)")
    add.set_defaults(handler=organisers_add)
    remove = organisers_commands.add_parser("remove", help="remove an organiser of an event")
    remove.add_argument("--telegram-id", type=telegram_id, required=True, metavar="ID")
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
        "--days", type=positive_int, default=7, metavar="N", help="valid for N days (default 7)"
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
    progress.add_argument("--limit", type=positive_int, default=10, metavar="N", help="how many (default 10)")
    progress.set_defaults(handler=broadcasts_list)


def organisers_add(args: argparse.Namespace) -> int:
    def add(session: Session, event: Event) -> int:
        if organisers.is_organiser(session, event, args.telegram_id):
            print(f"{args.telegram_id} is already an organiser of {event.slug}.")
            return 0
        organisers.grant(session, event, args.telegram_id, granted_by=organisers.CLI_ACTOR)
        print(f"{args.telegram_id} is now an organiser of {event.slug}.")
        return 0

    return with_event(args, add)


def organisers_remove(args: argparse.Namespace) -> int:
    def remove(session: Session, event: Event) -> int:
        if not organisers.revoke(session, event, args.telegram_id, revoked_by=organisers.CLI_ACTOR):
            print(f"{args.telegram_id} is not an organiser of {event.slug}.", file=sys.stderr)
            return 2
        print(f"{args.telegram_id} is no longer an organiser of {event.slug}.")
        return 0

    return with_event(args, remove)


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

    return with_event(args, listing)


def organisers_invite(args: argparse.Namespace) -> int:
    def invite(session: Session, event: Event) -> int:
        created = organisers.create_invite(
            session, event, now=dt.datetime.now(dt.UTC), valid_for=dt.timedelta(days=args.days)
        )
        payload = organisers.invite_payload(created)
        expires = created.expires_at.strftime("%Y-%m-%d %H:%M")
        print(f"Invitation to organise {event.slug}, valid once until {expires} UTC.")
        print(f"Code: {created.code}")
        print_start_link("The new organiser", payload)
        return 0

    return with_event(args, invite)


def print_start_link(who: str, payload: str) -> None:
    """How `who` uses a one-time invitation: `/start <payload>`, and the t.me link when the bot's
    username is known (`TELEGRAM_BOT_USERNAME`)."""
    print(f"{who} sends this to the bot on Telegram: /start {payload}")
    username = os.environ.get("TELEGRAM_BOT_USERNAME", "").strip().lstrip("@")
    if username:
        print(f"or opens this link: https://t.me/{username}?start={payload}")


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

    return with_event(args, announce)


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

    return with_event(args, listing)
