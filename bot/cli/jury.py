"""`hackbot jury`: the jurors who score on Telegram, who scored which team, closing and reopening
voting, the ranking and draft palmarès once it is closed, and the cards exported."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from bot.cli.arguments import positive_int, telegram_id, with_event
from bot.cli.organisers import print_start_link
from bot.cli.palmares import add_palmares_command, jury_palmares
from bot.core.i18n import localize
from bot.core.models import Event
from bot.events.organisers import CLI_ACTOR
from bot.jury import export, links, ranking, scoring

EVENT_HELP = "the event (default: the current one)"


def add_jury_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    jury = commands.add_parser("jury", help="the jury: jurors on Telegram, their scores, the ranking")
    jury_commands = jury.add_subparsers(title="jury commands", metavar="COMMAND", required=True)

    def command(
        name: str, help_text: str, handler: Callable[[argparse.Namespace], int]
    ) -> argparse.ArgumentParser:
        parser = jury_commands.add_parser(name, help=help_text)
        parser.add_argument("--event", metavar="SLUG", help=EVENT_HELP)
        parser.set_defaults(handler=handler)
        return parser

    command("list", "the pack's jury, and who is linked to Telegram", jury_list)
    link = command("link", "link a jury member of the pack to their Telegram account", jury_link)
    link.add_argument("name", metavar="NAME", help="the juror's name, as in the pack")
    link.add_argument(
        "--telegram-id", type=telegram_id, required=True, metavar="ID", help="their Telegram user id"
    )
    unlink = command("unlink", "the juror can no longer score on Telegram (their scores stay)", jury_unlink)
    unlink.add_argument("name", metavar="NAME")
    invite = command(
        "invite", "a one-time link: whoever opens it first on Telegram becomes this juror", jury_invite
    )
    invite.add_argument("name", metavar="NAME")
    invite.add_argument(
        "--days", type=positive_int, default=7, metavar="N", help="valid for N days (default 7)"
    )
    command(
        "status", "who scored which team; the ranking and draft palmarès once voting is closed", jury_status
    )
    command("close", "close voting: scores are frozen and the ranking is computed", jury_close)
    command("reopen", "reopen voting: jurors may score and revise again", jury_reopen)
    add_palmares_command(
        command(
            "palmares", "the palmarès judging proposes; change it and adopt it as the results", jury_palmares
        )
    )
    exporting = command("export", "the scores, comments and ranking as CSV or JSON", jury_export)
    exporting.add_argument("--format", choices=("csv", "json"), default="csv")
    exporting.add_argument("--output", "-o", type=Path, help="write to FILE instead of the screen")


def _unknown(event: Event, name: str) -> int:
    known = ", ".join(member.name for member in event.jury) or "none"
    print(f"{event.slug} has no jury member called {name!r} (its jury: {known}).", file=sys.stderr)
    return 2


def _with_judging(args: argparse.Namespace, action: Callable[[Session, Event], int]) -> int:
    """`action` on the chosen event, if its pack has a `judging` section (exit code 2 otherwise)."""

    def checked(session: Session, event: Event) -> int:
        if event.judging is None:
            print(
                f"{event.slug} has no judging section in its pack (criteria, scale, prizes): see "
                "docs/judging-format.md.",
                file=sys.stderr,
            )
            return 2
        return action(session, event)

    return with_event(args, checked)


def jury_list(args: argparse.Namespace) -> int:
    def listing(session: Session, event: Event) -> int:
        found = links.roster(session, event)
        if not found:
            print(f"{event.slug} has no jury in its pack.")
            return 0
        for status in found:
            linked = f"Telegram {status.telegram_user_id}" if status.telegram_user_id else "not linked"
            chair = " (chair)" if status.chair else ""
            gone = " (no longer in the pack: may not score)" if not status.in_pack else ""
            print(f"{status.name}{chair}: {linked}{gone}")
        linked_count = len(links.linked_jurors(session, event))
        print(f"{linked_count} of {len(event.jury)} jury member(s) of {event.slug} can score on Telegram.")
        return 0

    return with_event(args, listing)


def jury_link(args: argparse.Namespace) -> int:
    def link(session: Session, event: Event) -> int:
        try:
            made = links.link(session, event, args.name, args.telegram_id, by=CLI_ACTOR)
        except links.JurorLinkError as error:
            if error.code == "taken":
                print(
                    f"Telegram {args.telegram_id} is already {error.details['name']}, "
                    f"a juror of {event.slug}: unlink them first.",
                    file=sys.stderr,
                )
                return 2
            return _unknown(event, args.name)
        print(
            f"{made.name} ({event.slug}) is linked to Telegram {made.telegram_user_id}: they can score teams."
        )
        return 0

    return with_event(args, link)


def jury_unlink(args: argparse.Namespace) -> int:
    def unlink(session: Session, event: Event) -> int:
        if not links.unlink(session, event, args.name, by=CLI_ACTOR):
            print(f"No juror called {args.name!r} is linked at {event.slug}.", file=sys.stderr)
            return 2
        print(f"{args.name} ({event.slug}) is no longer linked: they cannot score (their scores stay).")
        return 0

    return with_event(args, unlink)


def jury_invite(args: argparse.Namespace) -> int:
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
        except links.JurorLinkError:
            return _unknown(event, args.name)
        expires = created.expires_at.strftime("%Y-%m-%d %H:%M")
        print(f"Invitation for {created.juror_name}, juror of {event.slug}, valid once until {expires} UTC.")
        print_start_link("The juror", links.invite_payload(created))
        return 0

    return with_event(args, invite)


def _voting_line(event: Event, state: scoring.VotingStatus) -> str:
    if state.closed_at is None:
        return f"Voting at {event.slug} is open."
    since = state.closed_at.strftime("%Y-%m-%d %H:%M")
    return f"Voting at {event.slug} is closed (since {since} UTC, by {state.closed_by})."


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _print_ranking(event: Event, judging: ranking.Judging) -> None:
    standings = ranking.rank(judging)
    how = (
        "each juror's weighted means normalised (z-scores per juror), then averaged"
        if judging.normalise
        else "the mean over jurors of each juror's weighted mean"
    )
    print(f"Ranking (on {how}):")
    for standing in standings:
        if standing.rank is None:
            place = "  -"
            score = "no score"
        else:
            place = f"{standing.rank:>3}{'=' if standing.tied else '.'}"
            score = f"{_number(standing.score)}"
            if judging.normalise:
                score += f" (mean {_number(standing.mean)})"
            score += f", {len(standing.marks)} juror(s)"
        flags = []
        if standing.tied:
            flags.append("TIED")
        if standing.missing:
            flags.append(f"MISSING scores of {', '.join(standing.missing)}")
        print(f"{place} {standing.team.name}: {score}" + (f"  [{'; '.join(flags)}]" if flags else ""))
    prizes = {prize.key: prize for prize in event.prizes}
    print("Draft palmarès (to confirm; nothing is published):")
    for award in ranking.draft_palmares(judging, standings):
        prize = prizes.get(award.prize)
        name = localize(prize.name, "en", event.languages) if prize else award.prize
        where = f", {award.challenge} only" if award.challenge else ""
        if award.by == "public":
            outcome = "by the public's vote (not counted here)"
        elif award.team is None:
            outcome = "no team can have it (none scored" + (" in that challenge)" if award.challenge else ")")
        else:
            outcome = award.team.name
            if award.tied_with:
                outcome += f"  [TIE decides it: also {', '.join(team.name for team in award.tied_with)}]"
            if award.missing_scores:
                outcome += "  [MISSING scores]"
        print(f"  {name} ({award.prize}{where}): {outcome}")


def jury_status(args: argparse.Namespace) -> int:
    def showing(session: Session, event: Event) -> int:
        state = scoring.status(session, event)
        print(_voting_line(event, state))
        if state.jurors:
            print(f"Jurors who score on Telegram ({len(state.jurors)}): {', '.join(state.jurors)}.")
        else:
            print("No juror is linked to Telegram yet: `hackbot jury link NAME --telegram-id N`.")
        if not state.teams:
            print("No team to judge: none registered, and the pack lists none under judging.teams.")
        for progress in state.teams:
            challenge = f" ({progress.team.challenge})" if progress.team.challenge else ""
            parts = [f"scored by {', '.join(progress.scored_by) or 'nobody'}"]
            if progress.to_score_again:
                parts.append(f"to score again (the pack changed): {', '.join(progress.to_score_again)}")
            if progress.waiting_for:
                parts.append(f"waiting for {', '.join(progress.waiting_for)}")
            print(f"{progress.team.name}{challenge}: {'; '.join(parts)}")
        if state.not_counted:
            print(
                f"{state.not_counted} card(s) not counted: their team is no longer judged or their juror "
                "no longer on the jury."
            )
        if state.closed_at is None:
            print("The ranking is computed once voting is closed: `hackbot jury close`.")
        else:
            _print_ranking(event, scoring.judging_of(session, event))
        return 0

    return _with_judging(args, showing)


def jury_close(args: argparse.Namespace) -> int:
    def closing(session: Session, event: Event) -> int:
        if not scoring.close_voting(session, event, by=CLI_ACTOR):
            print(f"Voting at {event.slug} was already closed.")
            return 0
        print(
            f"Voting at {event.slug} is closed: scores are frozen. `hackbot jury status` shows the ranking."
        )
        return 0

    return _with_judging(args, closing)


def jury_reopen(args: argparse.Namespace) -> int:
    def reopening(session: Session, event: Event) -> int:
        if not scoring.reopen_voting(session, event, by=CLI_ACTOR):
            print(f"Voting at {event.slug} was open already.")
            return 0
        print(f"Voting at {event.slug} is open again: jurors may score and revise.")
        return 0

    return _with_judging(args, reopening)


def jury_export(args: argparse.Namespace) -> int:
    def exporting(session: Session, event: Event) -> int:
        data = export.export_data(session, event)
        text = export.as_json(data) if args.format == "json" else export.as_csv(data)
        cards = sum(len(team["cards"]) for team in data["teams"])
        if args.output:
            args.output.write_text(text, encoding="utf-8")
            ranked = "with the ranking" if data["voting"]["closed"] else "voting still open: no ranking"
            print(f"{cards} card(s) of {len(data['teams'])} team(s) written to {args.output} ({ranked}).")
        else:
            sys.stdout.write(text)
        return 0

    return _with_judging(args, exporting)
