"""The palmarès an organiser adopts from judging, prize by prize.

`prepare` proposes, for each prize of the pack's `judging.prizes` (or each prize, by the jury, when
it lists none): the team of the jury's draft palmarès (bot.jury.ranking, once the jury's voting is
closed) or the winner of the prize's public vote (bot.jury.public_vote, once that vote is closed).
The organiser may change any line (`edits`: a prize's id -> a team's key, or None for nobody),
among the teams the prize may go to (its challenge's, when it has one). `adopt` makes the lines
the event's awards (origin "judging", see bot.core.models.Award): they are then the event's
results like a pack's, embargoed until an organiser publishes them through the usual flow
(bot.broadcast.publication: preview, publish, announce). Adopting is refused while results are
public (hide them first: a silent correction of published results is not this flow's job), while
the jury still votes, and when no line has a team.

Functions take the caller's session and only flush; adopting is audited.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.core.models import Award, Event, LocalText
from bot.events.organisers import audit
from bot.events.results import results_are_public
from bot.jury import public_vote, ranking, scoring
from bot.jury.teams import TeamToJudge, for_challenge, teams_to_judge

JURY = "jury"
PUBLIC = "public"


class PalmaresError(Exception):
    """`code`: no_judging, voting_open, results_public, unknown_prize, unknown_team, not_eligible,
    nobody_awarded."""

    def __init__(self, code: str, **details: str) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


@dataclass(frozen=True)
class Line:
    """One prize of the palmarès being prepared."""

    prize: str
    """The prize's id in the pack."""
    prize_name: LocalText
    by: str
    """"jury" or "public"."""
    challenge: str | None
    """The id of the challenge the prize is restricted to, if any."""
    team: TeamToJudge | None
    """The team it goes to (None: nobody, or not known yet)."""
    proposed: TeamToJudge | None
    """What the jury's ranking or the public vote proposes."""
    edited: bool = False
    tied_with: tuple[str, ...] = ()
    """The names of the teams the proposal is tied with: a tie decided it."""
    missing_scores: bool = False
    vote: str | None = None
    """For a prize awarded by the public: "closed", "open" or "none" (never opened)."""


def prepare(session: Session, event: Event, edits: Mapping[str, str | None] | None = None) -> list[Line]:
    """The palmarès proposed by judging, with the organiser's `edits` applied (see the module)."""
    if event.judging is None:
        raise PalmaresError("no_judging")
    judging = scoring.judging_of(session, event)
    rules = ranking.prize_rules(judging)
    if any(rule.by == JURY for rule in rules) and not scoring.voting_is_closed(session, event):
        raise PalmaresError("voting_open")
    teams = teams_to_judge(session, event)
    by_key = {team.key: team for team in teams}
    names = {prize.key: prize.name for prize in event.prizes}
    edits = dict(edits or {})
    unknown = sorted(set(edits) - {rule.prize for rule in rules})
    if unknown:
        raise PalmaresError("unknown_prize", prize=unknown[0])
    draft = ranking.draft_palmares(judging, ranking.rank(judging))
    lines: list[Line] = []
    for proposal in draft:
        if proposal.by == PUBLIC:
            line = _public_line(session, event, proposal, by_key, names[proposal.prize])
        else:
            proposed = by_key.get(proposal.team.key) if proposal.team is not None else None
            line = Line(
                proposal.prize,
                names[proposal.prize],
                proposal.by,
                proposal.challenge,
                proposed,
                proposed,
                tied_with=tuple(team.name for team in proposal.tied_with),
                missing_scores=proposal.missing_scores,
            )
        if proposal.prize in edits:
            line = _edited(line, edits[proposal.prize], teams)
        lines.append(line)
    return lines


def _public_line(
    session: Session,
    event: Event,
    proposal: ranking.DraftAward,
    by_key: Mapping[str, TeamToJudge],
    name: LocalText,
) -> Line:
    """A prize the public awards: the team with the most votes once its vote is closed (a tie is
    flagged: the organisers decide)."""
    found = public_vote.status(session, event, proposal.prize)
    state = found[0].state if found else "not_opened"
    if state != "closed":
        vote = "open" if state == "open" else "none"
        return Line(proposal.prize, name, proposal.by, proposal.challenge, None, None, vote=vote)
    leaders = found[0].tally.leaders
    winner = by_key.get(leaders[0].team.key) if leaders else None
    tied = tuple(entry.team.name for entry in leaders[1:])
    return Line(
        proposal.prize, name, proposal.by, proposal.challenge, winner, winner, tied_with=tied, vote="closed"
    )


def _edited(line: Line, team_key: str | None, teams: Sequence[TeamToJudge]) -> Line:
    """The line with the organiser's choice: a team the prize may go to, or nobody."""
    if team_key is None:
        team = None
    else:
        found = next((team for team in teams if team.key == team_key), None)
        if found is None:
            raise PalmaresError("unknown_team", prize=line.prize, team=team_key)
        if found not in for_challenge(teams, line.challenge):
            raise PalmaresError("not_eligible", prize=line.prize, team=found.name)
        team = found
    return Line(
        line.prize,
        line.prize_name,
        line.by,
        line.challenge,
        team,
        line.proposed,
        edited=team != line.proposed,
        tied_with=line.tied_with if team == line.proposed else (),
        missing_scores=line.missing_scores and team == line.proposed,
        vote=line.vote,
    )


def adopt(session: Session, event: Event, lines: Sequence[Line], *, by: str) -> list[Award]:
    """Make the lines that have a team the event's awards, in the pack's order, replacing any
    awards it had (see the module for when this is refused). Returns the new awards."""
    if results_are_public(event):
        raise PalmaresError("results_public")
    awarded = [line for line in lines if line.team is not None]
    if not awarded:
        raise PalmaresError("nobody_awarded")
    prizes = {prize.key: prize for prize in event.prizes}
    with session.no_autoflush:  # each new award joins the event's before anything is flushed
        event.awards = [
            Award(position=position, prize=prizes[line.prize], team=line.team.name, origin="judging")
            for position, line in enumerate(awarded)
            if line.team is not None
        ]
    session.flush()
    audit(
        session,
        event,
        by,
        "palmares.adopted",
        awards=len(event.awards),
        edited=sum(1 for line in lines if line.edited),
    )
    return list(event.awards)
