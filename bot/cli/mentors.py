"""`hackbot mentors`: which mentors teams can call on Telegram, and the calls they made."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from sqlalchemy.orm import Session

from bot.cli.arguments import positive_int, telegram_id, with_event
from bot.cli.organisers import print_start_link
from bot.core.models import Event
from bot.events.organisers import CLI_ACTOR
from bot.mentors import links, requests


def add_mentors_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    mentors = commands.add_parser("mentors", help="mentors teams can call on Telegram, and their calls")
    mentors_commands = mentors.add_subparsers(title="mentors commands", metavar="COMMAND", required=True)
    listing = mentors_commands.add_parser("list", help="the event's mentors, and who is linked to Telegram")
    listing.add_argument("--event", metavar="SLUG", help="the event (default: the current one)")
    listing.set_defaults(handler=mentors_list)
    link = mentors_commands.add_parser("link", help="link a mentor of the pack to their Telegram account")
    link.add_argument("name", metavar="NAME", help="the mentor's name, as in the pack")
    link.add_argument(
        "--telegram-id", type=telegram_id, required=True, metavar="ID", help="their Telegram user id"
    )
    link.add_argument("--event", metavar="SLUG", help="the event (default: the current one)")
    link.set_defaults(handler=mentors_link)
    unlink = mentors_commands.add_parser("unlink", help="teams can no longer call this mentor")
    unlink.add_argument("name", metavar="NAME")
    unlink.add_argument("--event", metavar="SLUG", help="the event (default: the current one)")
    unlink.set_defaults(handler=mentors_unlink)
    invite = mentors_commands.add_parser(
        "invite", help="a one-time link: whoever opens it first on Telegram becomes this mentor"
    )
    invite.add_argument("name", metavar="NAME")
    invite.add_argument("--event", metavar="SLUG", help="the event (default: the current one)")
    invite.add_argument(
        "--days", type=positive_int, default=7, metavar="N", help="valid for N days (default 7)"
    )
    invite.set_defaults(handler=mentors_invite)
    calls = mentors_commands.add_parser(
        "requests", help="teams' calls for a mentor, with their waiting times"
    )
    calls.add_argument("--open", action="store_true", help="only those still waiting for a mentor")
    calls.add_argument("--event", metavar="SLUG", help="the event (default: the current one)")
    calls.set_defaults(handler=mentors_requests)


def _unknown(event: Event, name: str) -> int:
    known = ", ".join(m.name for m in event.mentors) or "none"
    print(f"{event.slug} has no mentor called {name!r} (its mentors: {known}).", file=sys.stderr)
    return 2


def mentors_list(args: argparse.Namespace) -> int:
    def listing(session: Session, event: Event) -> int:
        found = links.roster(session, event)
        if not found:
            print(f"{event.slug} has no mentor in its pack.")
            return 0
        for status in found:
            linked = f"Telegram {status.telegram_user_id}" if status.telegram_user_id else "not linked"
            gone = " (no longer in the pack: called by nobody)" if not status.in_pack else ""
            print(f"{status.name}: {linked}{gone}")
        on_call = len(links.on_call(session, event))
        print(f"{on_call} of {len(event.mentors)} mentor(s) of {event.slug} can be called on Telegram.")
        return 0

    return with_event(args, listing)


def mentors_link(args: argparse.Namespace) -> int:
    def link(session: Session, event: Event) -> int:
        try:
            made = links.link(session, event, args.name, args.telegram_id, by=CLI_ACTOR)
        except links.MentorLinkError as error:
            if error.code == "taken":
                print(
                    f"Telegram {args.telegram_id} is already {error.details['name']}, "
                    f"a mentor of {event.slug}: unlink them first.",
                    file=sys.stderr,
                )
                return 2
            return _unknown(event, args.name)
        print(
            f"{made.name} ({event.slug}) is linked to Telegram {made.telegram_user_id}: teams can call them."
        )
        return 0

    return with_event(args, link)


def mentors_unlink(args: argparse.Namespace) -> int:
    def unlink(session: Session, event: Event) -> int:
        if not links.unlink(session, event, args.name, by=CLI_ACTOR):
            print(f"No mentor called {args.name!r} is linked at {event.slug}.", file=sys.stderr)
            return 2
        print(f"{args.name} ({event.slug}) is no longer linked: teams cannot call them.")
        return 0

    return with_event(args, unlink)


def mentors_invite(args: argparse.Namespace) -> int:
    def invite(session: Session, event: Event) -> int:
        try:
            created = links.create_invite(
                session,
                event,
                args.name,
                now=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                valid_for=dt.timedelta(days=args.days),
                created_by=CLI_ACTOR,
            )
        except links.MentorLinkError:
            return _unknown(event, args.name)
        payload = links.invite_payload(created)
        expires = created.expires_at.strftime("%Y-%m-%d %H:%M")
        print(
            f"Invitation for {created.mentor_name}, mentor of {event.slug}, valid once until {expires} UTC."
        )
        print_start_link("The mentor", payload)
        return 0

    return with_event(args, invite)


def mentors_requests(args: argparse.Namespace) -> int:
    def listing(session: Session, event: Event) -> int:
        found = requests.requests(session, event, include_claimed=not args.open)
        if not found:
            print(f"No mentor request{' waiting' if args.open else ''} at {event.slug}.")
            return 0
        for line in found:
            request = line.request
            created = request.created_at.strftime("%Y-%m-%d %H:%M")
            minutes = int(line.waited.total_seconds() // 60)
            team = request.team_name or "(no team)"
            if request.status == "claimed":
                state = f"taken by {request.claimed_mentor} after {minutes} min"
            else:
                state = f"waiting for {minutes} min"
                if request.escalated_at is not None:
                    state += ", organisers told"
            called = ", ".join(
                call.mentor_name + (" (can't)" if call.declined_at else "") for call in request.calls
            )
            print(f"#{request.id} {created} UTC {team} at {request.place}: {state}")
            print(f"    needs: {request.topic}")
            print(f"    called: {called}")
        waiting = [line for line in found if line.request.status == "open"]
        taken = [line.waited for line in found if line.request.status == "claimed"]
        summary = f"{len(found)} request(s), {len(waiting)} waiting"
        if taken:
            average = sum(taken, dt.timedelta()) / len(taken)
            summary += f"; taken after {int(average.total_seconds() // 60)} min on average"
        print(summary + ".")
        return 0

    return with_event(args, listing)
