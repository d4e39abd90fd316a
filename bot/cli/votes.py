"""`hackbot vote`: the audience's vote for the prizes the pack awards by the public, from the
terminal (bot.jury.public_vote): opening it, closing it, and its counts (`status`), which only the
organisers, who run this command, see before the results are published."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.cli.arguments import with_event
from bot.core.i18n import localize
from bot.core.models import Event
from bot.events.organisers import CLI_ACTOR
from bot.jury import public_vote
from bot.jury.public_vote import PublicVoteError

EVENT_HELP = "the event (default: the current one)"


def add_vote_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    vote = commands.add_parser("vote", help="the audience's vote for the prizes awarded by the public")
    vote_commands = vote.add_subparsers(title="vote commands", metavar="COMMAND", required=True)

    def command(
        name: str, help_text: str, handler: Callable[[argparse.Namespace], int]
    ) -> argparse.ArgumentParser:
        parser = vote_commands.add_parser(name, help=help_text)
        parser.add_argument("--event", metavar="SLUG", help=EVENT_HELP)
        parser.set_defaults(handler=handler)
        return parser

    opening = command("open", "open the vote for a prize: anyone may then vote once", vote_open)
    opening.add_argument("prize", metavar="PRIZE", help="the prize's id in the pack")
    closing = command("close", "close the vote for a prize: no ballot is taken any more", vote_close)
    closing.add_argument("prize", metavar="PRIZE", help="the prize's id in the pack")
    showing = command("status", "each vote's state and counts (for the organisers only)", vote_status)
    showing.add_argument("prize", metavar="PRIZE", nargs="?", help="only this prize's vote")


def _name(event: Event, prize_key: str) -> str:
    return f"{localize(public_vote.prize_name(event, prize_key), 'en', event.languages)} ({prize_key})"


def _refused(event: Event, error: PublicVoteError) -> int:
    if error.code == "not_public_prize" and not error.details["public"]:
        print(
            f"{event.slug} awards no prize by the public: see `judging.prizes` in docs/judging-format.md.",
            file=sys.stderr,
        )
    elif error.code == "not_public_prize":
        print(
            f"{event.slug} awards no prize {error.details['prize']!r} by the public "
            f"(those it does: {error.details['public']}).",
            file=sys.stderr,
        )
    else:  # not_open
        prize = error.details["prize"]
        print(
            f"The vote for {_name(event, prize)} at {event.slug} was never opened: "
            f"`hackbot vote open {prize}`.",
            file=sys.stderr,
        )
    return 2


def _in_event(args: argparse.Namespace, action: Callable[[Session, Event], int]) -> int:
    """`action` on the chosen event; its refusals (PublicVoteError) said, with exit code 2."""

    def checked(session: Session, event: Event) -> int:
        try:
            return action(session, event)
        except PublicVoteError as error:
            return _refused(event, error)

    return with_event(args, checked)


def vote_open(args: argparse.Namespace) -> int:
    def opening(session: Session, event: Event) -> int:
        before = public_vote.status(session, event, args.prize)[0]
        name = _name(event, args.prize)
        if not public_vote.open_vote(session, event, args.prize, by=CLI_ACTOR):
            print(f"The vote for {name} at {event.slug} was open already.")
            return 0
        if before.state == "closed":
            kept = before.tally.ballots + before.tally.not_counted
            print(f"The vote for {name} at {event.slug} is open again: its {kept} ballot(s) are kept.")
            return 0
        print(
            f"The vote for {name} at {event.slug} is open, for {len(before.tally.teams)} team(s): anyone "
            "may vote once, with /vote on Telegram or on the web page."
        )
        return 0

    return _in_event(args, opening)


def vote_close(args: argparse.Namespace) -> int:
    def closing(session: Session, event: Event) -> int:
        name = _name(event, args.prize)
        if not public_vote.close_vote(session, event, args.prize, by=CLI_ACTOR):
            print(f"The vote for {name} at {event.slug} was already closed.")
            return 0
        tally = public_vote.tally(session, event, args.prize)
        print(
            f"The vote for {name} at {event.slug} is closed: {tally.ballots + tally.not_counted} "
            f"ballot(s). `hackbot vote status {args.prize}` gives the count."
        )
        return 0

    return _in_event(args, closing)


def _state_line(event: Event, state: public_vote.VoteStatus) -> str:
    name = _name(event, state.prize)
    where = f", {state.challenge} teams only" if state.challenge else ""
    if state.state == "not_opened" or state.opened_at is None:
        return f"{name}{where}: not opened (`hackbot vote open {state.prize}`)."
    since = state.opened_at.strftime("%Y-%m-%d %H:%M")
    if state.state == "open":
        return (
            f"{name}{where}: open (since {since} UTC, by {state.opened_by}), {state.tally.ballots} ballot(s)."
        )
    assert state.closed_at is not None
    closed = state.closed_at.strftime("%Y-%m-%d %H:%M")
    return (
        f"{name}{where}: closed (since {closed} UTC, by {state.closed_by}; opened {since} UTC), "
        f"{state.tally.ballots} ballot(s)."
    )


def vote_status(args: argparse.Namespace) -> int:
    def showing(session: Session, event: Event) -> int:
        states = public_vote.status(session, event, args.prize)
        if not states:
            print(
                f"{event.slug} awards no prize by the public: see `judging.prizes` in docs/judging-format.md."
            )
            return 0
        for state in states:
            print(_state_line(event, state))
            if state.state == "not_opened":
                continue
            tally = state.tally
            for entry in tally.teams:
                place = f"{entry.rank:>3}{'=' if entry.tied else '.'}"
                flag = "  [TIED]" if entry.tied and entry.votes else ""
                print(f"{place} {entry.team.name}: {entry.votes}{flag}")
            if tally.not_counted:
                print(f"  {tally.not_counted} ballot(s) for teams no longer in the running: not counted.")
            if not tally.leaders:
                print("  No ballot yet.")
            elif tally.winner is not None:
                print(f"  Most votes: {tally.winner.team.name}.")
            else:
                names = ", ".join(entry.team.name for entry in tally.leaders)
                print(f"  TIED for the most votes: {names}: the organisers decide.")
        print("The counts are for the organisers: the public sees them only with the published results.")
        return 0

    return _in_event(args, showing)
