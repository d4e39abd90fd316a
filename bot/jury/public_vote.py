"""The audience's vote for a prize the pack awards `by: public` (docs/judging-format.md).

The organisers open the vote (`open_vote`) and close it (`close_vote`; opening it again keeps its
ballots); while it is open anyone casts one ballot (`cast`) for one of the eligible teams: the
teams judged (bot.jury.teams), only those of the prize's challenge when the prize has one.

A voter is a key: "telegram:<user id>" (`telegram_voter`) or "web:<keyed digest of the visitor's
cookie>" (`web_voter`). One ballot per voter and vote: a second is refused (`already_voted`, which
says the team they chose), a ballot is never changed. A web ballot also carries a keyed digest of
the address it came from (`address_key`: never the address itself), and one vote takes at most
`per_address_limit` ballots from one address (HACKBOT_VOTES_PER_ADDRESS, bot.core.settings).

Concurrency: casting, opening and closing lock the vote's row first (`SELECT … FOR UPDATE` on
PostgreSQL; SQLite's writers are serialised by BEGIN IMMEDIATE), then check and write in the same
transaction. A ballot cast while the vote closes is thus in before the close or refused after it;
the count of an address's ballots is exact; two presses at once are one after the other, and the
second finds the first's ballot. The database holds one ballot per voter and vote (a unique
constraint): an insert that meets it all the same is caught in a SAVEPOINT, so that the caller's
transaction goes on, and told as `already_voted`.

Secrecy: the counts (`tally`, `status`) are for the organisers, and for the palmarès once the
results are published; nothing here is for voters. Opening and closing are in the audit log;
ballots are not, and the log lines name votes and ballots by id only. Functions take the caller's
session and only flush.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import logging
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.clock import utcnow
from bot.core.models import PUBLIC_VOTER_KEY_MAX_LENGTH, Event, LocalText, PrizeRule, PublicBallot, PublicVote
from bot.core.settings import DEFAULT_VOTES_PER_ADDRESS
from bot.events.organisers import audit
from bot.jury.teams import TeamToJudge, for_challenge, teams_to_judge

logger = logging.getLogger(__name__)

PUBLIC = "public"
"""A prize rule's `by` for the audience's vote."""
TELEGRAM_PREFIX = "telegram:"
WEB_PREFIX = "web:"
FORGOTTEN_PREFIX = "forgotten:"
"""The voter key of a ballot whose voter asked to be forgotten (bot.privacy): it still counts."""
TEAM_NAME_MAX_LENGTH = 200


class PublicVoteError(Exception):
    """`code`: `not_public_prize` (details: `prize`, and `public`: the ids of the prizes the pack
    awards by the public, comma-separated), `not_open` (never opened; details: `prize`), `closed`
    (details: `prize`), `unknown_team` (not eligible; details: `team`), `already_voted` (details:
    `team` and `team_name`, of the voter's ballot), `address_limit` (details: `limit`),
    `invalid_voter`."""

    def __init__(self, code: str, **details: str) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


# ------------------------------------------------------------------ voters


def telegram_voter(telegram_user_id: int) -> str:
    """The voter key of a Telegram user."""
    return f"{TELEGRAM_PREFIX}{telegram_user_id}"


def _digest(key: str, purpose: str, value: str) -> bytes:
    return hmac.new(key.encode("utf-8"), f"{purpose}\n{value}".encode(), hashlib.sha256).digest()


def web_voter(token: str, key: str) -> str:
    """The voter key of a web visitor whose cookie holds `token`: HMAC-SHA256 with the site's key."""
    return WEB_PREFIX + base64.urlsafe_b64encode(_digest(key, "voter", token)[:24]).decode("ascii")


def address_key(address: str, key: str) -> str:
    """What a web ballot keeps of the address it came from: HMAC-SHA256 with the site's key (hex)."""
    return _digest(key, "address", address).hex()


# ------------------------------------------------------------------ prizes and teams


def public_rules(event: Event) -> list[PrizeRule]:
    """The pack's prizes awarded by the public, in the pack's order."""
    return [rule for rule in event.prize_rules if rule.awarded_by == PUBLIC]


def public_rule(event: Event, prize_key: str) -> PrizeRule:
    """The rule of a prize the pack awards by the public; PublicVoteError `not_public_prize` else."""
    rules = public_rules(event)
    found = next((rule for rule in rules if rule.key == prize_key), None)
    if found is None:
        raise PublicVoteError(
            "not_public_prize", prize=prize_key, public=", ".join(rule.key for rule in rules)
        )
    return found


def prize_name(event: Event, prize_key: str) -> LocalText:
    """The prize's name in each language (its id when the pack no longer has it)."""
    prize = next((prize for prize in event.prizes if prize.key == prize_key), None)
    return dict(prize.name) if prize is not None else {"en": prize_key, "fr": prize_key}


def eligible_teams(session: Session, event: Event, rule: PrizeRule) -> list[TeamToJudge]:
    """The teams one may vote for: the teams judged, those of the prize's challenge if it has one."""
    challenge = rule.challenge.key if rule.challenge is not None else None
    return for_challenge(teams_to_judge(session, event), challenge)


# ------------------------------------------------------------------ opening and closing


def _vote_query(event: Event, prize_key: str) -> Select[PublicVote]:
    return select(PublicVote).where(PublicVote.event_id == event.id, PublicVote.prize_key == prize_key)


def _locked_vote(session: Session, event: Event, prize_key: str) -> PublicVote | None:
    """The vote's row, locked until the transaction ends, as last committed; None if never opened."""
    query = _vote_query(event, prize_key).with_for_update().execution_options(populate_existing=True)
    return session.scalars(query).one_or_none()


def _ballots(session: Session, vote: PublicVote) -> int:
    return session.scalar(select(func.count(PublicBallot.id)).where(PublicBallot.vote_id == vote.id)) or 0


def open_vote(session: Session, event: Event, prize_key: str, *, by: str) -> bool:
    """Open the audience's vote for the prize (only one the pack awards by the public), or open it
    again once closed, its ballots kept. False if it was open already."""
    rule = public_rule(event, prize_key)
    vote = _locked_vote(session, event, prize_key)
    if vote is None:
        try:
            with session.begin_nested():
                session.add(
                    PublicVote(event_id=event.id, prize_key=prize_key, opened_at=utcnow(), opened_by=by)
                )
        except IntegrityError:  # opened by another transaction meanwhile: theirs is the one
            pass
        else:
            teams = len(eligible_teams(session, event, rule))
            audit(session, event, by, "public_vote.opened", prize=prize_key, teams=teams)
            return True
        vote = _locked_vote(session, event, prize_key)
        assert vote is not None
    if vote.closed_at is None:
        return False
    vote.closed_at, vote.closed_by = None, None
    session.flush()
    audit(session, event, by, "public_vote.reopened", prize=prize_key, ballots=_ballots(session, vote))
    return True


def close_vote(session: Session, event: Event, prize_key: str, *, by: str) -> bool:
    """Close the vote: no ballot is taken any more. False if it was closed already; PublicVoteError
    when it was never opened (`not_open`, or `not_public_prize` for a prize not awarded by the public)."""
    vote = _locked_vote(session, event, prize_key)
    if vote is None:
        public_rule(event, prize_key)
        raise PublicVoteError("not_open", prize=prize_key)
    if vote.closed_at is not None:
        return False
    vote.closed_at, vote.closed_by = utcnow(), by
    session.flush()
    audit(session, event, by, "public_vote.closed", prize=prize_key, ballots=_ballots(session, vote))
    return True


@dataclass(frozen=True)
class OpenVote:
    """A vote open now, as a voter is shown it (no count)."""

    prize: str
    name: LocalText
    challenge: str | None
    teams: tuple[TeamToJudge, ...]


def open_votes(session: Session, event: Event) -> list[OpenVote]:
    """The event's open votes for prizes the pack (still) awards by the public, in the pack's order,
    each with the teams one may vote for."""
    query = select(PublicVote.prize_key).where(
        PublicVote.event_id == event.id, PublicVote.closed_at.is_(None)
    )
    opened = set(session.scalars(query))
    return [
        OpenVote(
            rule.key,
            prize_name(event, rule.key),
            rule.challenge.key if rule.challenge is not None else None,
            tuple(eligible_teams(session, event, rule)),
        )
        for rule in public_rules(event)
        if rule.key in opened
    ]


# ------------------------------------------------------------------ ballots


@dataclass(frozen=True)
class Cast:
    ballot: PublicBallot
    team: TeamToJudge


def ballot_of(session: Session, event: Event, prize_key: str, voter_key: str) -> PublicBallot | None:
    """The voter's ballot in the event's vote for that prize, if they cast one."""
    query = (
        select(PublicBallot)
        .join(PublicVote, PublicBallot.vote_id == PublicVote.id)
        .where(
            PublicVote.event_id == event.id,
            PublicVote.prize_key == prize_key,
            PublicBallot.voter_key == voter_key,
        )
        .execution_options(populate_existing=True)
    )
    return session.scalars(query).one_or_none()


def _voted(earlier: PublicBallot) -> PublicVoteError:
    return PublicVoteError("already_voted", team=earlier.team_key, team_name=earlier.team_name)


def cast(
    session: Session,
    event: Event,
    prize_key: str,
    *,
    voter_key: str,
    team_key: str,
    address_key: str | None = None,
    per_address_limit: int = DEFAULT_VOTES_PER_ADDRESS,
) -> Cast:
    """Record the voter's ballot for the team, once: refused (PublicVoteError) when the prize is not
    awarded by the public, the vote is not open, the team may not have it, the voter has voted
    already (a ballot is never changed), or `address_key` has cast `per_address_limit` ballots of
    this vote already. Checked under the vote's row lock (see the module's docstring)."""
    if (
        not voter_key
        or len(voter_key) > PUBLIC_VOTER_KEY_MAX_LENGTH
        or not voter_key.startswith((TELEGRAM_PREFIX, WEB_PREFIX))
    ):
        raise PublicVoteError("invalid_voter")
    rule = public_rule(event, prize_key)
    vote = _locked_vote(session, event, prize_key)
    if vote is None:
        raise PublicVoteError("not_open", prize=prize_key)
    if vote.closed_at is not None:
        raise PublicVoteError("closed", prize=prize_key)
    team = next((team for team in eligible_teams(session, event, rule) if team.key == team_key), None)
    if team is None:
        raise PublicVoteError("unknown_team", team=team_key)
    earlier = ballot_of(session, event, prize_key, voter_key)
    if earlier is not None:
        raise _voted(earlier)
    if address_key is not None:
        query = select(func.count(PublicBallot.id)).where(
            PublicBallot.vote_id == vote.id, PublicBallot.address_key == address_key
        )
        if (session.scalar(query) or 0) >= per_address_limit:
            raise PublicVoteError("address_limit", limit=str(per_address_limit))
    ballot = PublicBallot(
        vote_id=vote.id,
        voter_key=voter_key,
        address_key=address_key,
        team_key=team.key,
        team_name=team.name[:TEAM_NAME_MAX_LENGTH],
        cast_at=utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(ballot)
    except IntegrityError:  # the same voter's ballot, written meanwhile by another transaction
        earlier = ballot_of(session, event, prize_key, voter_key)
        if earlier is None:
            raise
        raise _voted(earlier) from None
    logger.info("public vote %s: ballot %s cast", vote.id, ballot.id)
    return Cast(ballot, team)


# ------------------------------------------------------------------ counting (organisers only)


@dataclass(frozen=True)
class TeamVotes:
    team: TeamToJudge
    votes: int
    rank: int
    """1 for the most votes; teams with as many votes share a rank (1, 2, 2, 4)."""
    tied: bool
    """Another eligible team has as many votes."""


@dataclass(frozen=True)
class Tally:
    """The votes for each eligible team (zeros included), the most first (ties in the teams' order)."""

    prize: str
    teams: tuple[TeamVotes, ...]
    ballots: int
    """Ballots counted: those for eligible teams."""
    not_counted: int
    """Ballots for teams no longer eligible (withdrawn, or the prize's challenge changed)."""

    @property
    def leaders(self) -> tuple[TeamVotes, ...]:
        """The teams with the most votes, if anyone voted: several when a tie decides it."""
        if not self.teams or self.teams[0].votes == 0:
            return ()
        return tuple(entry for entry in self.teams if entry.votes == self.teams[0].votes)

    @property
    def winner(self) -> TeamVotes | None:
        """The one team with the most votes; None when nobody voted or several are tied first."""
        leaders = self.leaders
        return leaders[0] if len(leaders) == 1 else None


def _tally(session: Session, event: Event, rule: PrizeRule, vote: PublicVote | None) -> Tally:
    counts: dict[str, int] = {}
    if vote is not None:
        query = (
            select(PublicBallot.team_key, func.count(PublicBallot.id))
            .where(PublicBallot.vote_id == vote.id)
            .group_by(PublicBallot.team_key)
        )
        counts = {key: int(number) for key, number in session.execute(query)}
    teams = eligible_teams(session, event, rule)
    ordered = sorted(enumerate(teams), key=lambda item: (-counts.get(item[1].key, 0), item[0]))
    entries: list[TeamVotes] = []
    for position, (_, team) in enumerate(ordered):
        votes = counts.get(team.key, 0)
        same = [other for other in teams if counts.get(other.key, 0) == votes]
        rank = entries[-1].rank if entries and entries[-1].votes == votes else position + 1
        entries.append(TeamVotes(team, votes, rank, len(same) > 1))
    eligible = {team.key for team in teams}
    counted = sum(number for key, number in counts.items() if key in eligible)
    not_counted = sum(number for key, number in counts.items() if key not in eligible)
    return Tally(rule.key, tuple(entries), counted, not_counted)


def tally(session: Session, event: Event, prize_key: str) -> Tally:
    """The votes for each team that may have the prize, the most first, ties flagged (zeros when
    the vote was never opened). For the organisers and the published palmarès only."""
    rule = public_rule(event, prize_key)
    vote = session.scalars(_vote_query(event, prize_key)).one_or_none()
    return _tally(session, event, rule, vote)


@dataclass(frozen=True)
class VoteStatus:
    """Where one public prize's vote stands, with its counts: for the organisers."""

    prize: str
    name: LocalText
    challenge: str | None
    state: str
    """"not_opened", "open" or "closed"."""
    opened_at: dt.datetime | None
    opened_by: str | None
    closed_at: dt.datetime | None
    closed_by: str | None
    tally: Tally


def status(session: Session, event: Event, prize_key: str | None = None) -> list[VoteStatus]:
    """Each prize the pack awards by the public (or only `prize_key`'s), in the pack's order: its
    vote's state and counts. For the organisers only."""
    rules = [public_rule(event, prize_key)] if prize_key is not None else public_rules(event)
    found = []
    for rule in rules:
        vote = session.scalars(_vote_query(event, rule.key)).one_or_none()
        state = "not_opened" if vote is None else "open" if vote.closed_at is None else "closed"
        found.append(
            VoteStatus(
                rule.key,
                prize_name(event, rule.key),
                rule.challenge.key if rule.challenge is not None else None,
                state,
                vote.opened_at if vote is not None else None,
                vote.opened_by if vote is not None else None,
                vote.closed_at if vote is not None else None,
                vote.closed_by if vote is not None else None,
                _tally(session, event, rule, vote),
            )
        )
    return found
