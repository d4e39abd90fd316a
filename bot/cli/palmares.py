"""`hackbot jury palmares`: the palmarès proposed by judging (the jury's draft, the public votes'
winners), changed prize by prize with `--set PRIZE=TEAM` or `--nobody PRIZE`, and adopted with
`--adopt` as the event's results, which stay embargoed until `hackbot results publish`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sqlalchemy.orm import Session

from bot.cli.arguments import with_event
from bot.core.i18n import localize
from bot.core.models import Event
from bot.events.organisers import CLI_ACTOR
from bot.jury import palmares
from bot.jury.palmares import Line, PalmaresError
from bot.jury.teams import team_named

ERRORS = {
    "no_judging": "{slug} has no judging section in its pack: see docs/judging-format.md.",
    "voting_open": "The jury still votes at {slug}: close voting first (`hackbot jury close`).",
    "results_public": (
        "The results of {slug} are public: hide them first (`hackbot results unpublish {slug}`), "
        "adopt the new palmarès, then publish again."
    ),
    "unknown_prize": "{slug} awards no prize {prize!r} through judging (see `hackbot jury status`).",
    "unknown_team": "No team judged at {slug} is called {team!r} (see `hackbot jury status`).",
    "not_eligible": "{team} cannot have {prize}: the prize is restricted to another challenge.",
    "nobody_awarded": "No prize has a team yet: nothing to adopt.",
}


def add_palmares_command(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PRIZE=TEAM",
        help="give the prize (its id) to that team (its name) instead of the proposal; repeatable",
    )
    parser.add_argument(
        "--nobody", action="append", default=[], metavar="PRIZE", help="award that prize to no team"
    )
    parser.add_argument(
        "--adopt",
        action="store_true",
        help="make this palmarès the event's results (still embargoed until `hackbot results publish`)",
    )


def _edits(session: Session, event: Event, args: argparse.Namespace) -> dict[str, str | None]:
    edits: dict[str, str | None] = {prize: None for prize in args.nobody}
    for setting in args.set:
        prize, separator, name = setting.partition("=")
        if not separator or not prize.strip() or not name.strip():
            raise PalmaresError("bad_setting", setting=setting)
        team = team_named(session, event, name.strip())
        edits[prize.strip()] = team.key if team is not None else name.strip()
    return edits


def _outcome(line: Line) -> str:
    if line.team is None and not line.edited and line.by == "public" and line.vote != "closed":
        return "no team yet: the public vote is " + ("still open" if line.vote == "open" else "not opened")
    text = line.team.name if line.team is not None else "nobody"
    if line.edited:
        proposed = line.proposed.name if line.proposed else "nobody"
        text += f"  [changed by you; proposed: {proposed}]"
    if line.tied_with:
        text += f"  [TIE decides it: also {', '.join(line.tied_with)}]"
    if line.missing_scores:
        text += "  [MISSING scores]"
    return text


def print_lines(event: Event, lines: Sequence[Line]) -> None:
    for line in lines:
        name = localize(line.prize_name, "en", event.languages)
        how = "jury" if line.by == "jury" else "public vote"
        where = f", {line.challenge} only" if line.challenge else ""
        print(f"  {name} ({line.prize}; {how}{where}): {_outcome(line)}")


def jury_palmares(args: argparse.Namespace) -> int:
    def run(session: Session, event: Event) -> int:
        try:
            lines = palmares.prepare(session, event, _edits(session, event, args))
            if args.adopt:
                awards = palmares.adopt(session, event, lines, by=CLI_ACTOR)
        except PalmaresError as error:
            if error.code == "bad_setting":
                print(f"--set takes PRIZE=TEAM, not {error.details['setting']!r}.", file=sys.stderr)
            else:
                print(ERRORS[error.code].format(slug=event.slug, **error.details), file=sys.stderr)
            return 2
        if not args.adopt:
            print(f"Palmarès of {event.slug} proposed by judging (not adopted, not published):")
            print_lines(event, lines)
            print(f"Adopt it with `hackbot jury palmares --event {event.slug} --adopt` (and any --set).")
            return 0
        print(f"Adopted as the results of {event.slug}: {len(awards)} award(s), NOT published yet:")
        print_lines(event, lines)
        print(
            f"Check them with `hackbot results show {event.slug}`, then `hackbot results publish "
            f"{event.slug} --announce` (or /publish_results on Telegram)."
        )
        return 0

    return with_event(args, run)
