"""What is stored about one person, and its erasure.

A person is known by their channel account: a Telegram user id (their private chat has the same
id, so their subscription and the messages queued for them are theirs too), or a web visitor's
sender. Functions take the caller's session and only flush: erasure is one transaction, all or
nothing.

Erasure leaves nothing that identifies them: the participant record goes, with their team
memberships (the names they gave), the teams they captain alone (withdrawn, then deleted with
the names and email they typed), their subscriptions and queued messages, the questions they
asked that the assistant could not answer (bot.inbox, with the messages about them), organiser
roles and failed join codes, mentor and juror links and a juror's comments (their scores stay: they
are the jury's, under the juror's name in the pack, until the event's retention purge); their
ballots in the audience's closed votes lose their voter (`forgotten:<ballot id>`) and still count,
those in votes still open are withdrawn (they may vote again, once); in the audit log, as the
author of an organisers' reply, as who closed the jury's voting and as who opened or closed an
audience's vote, their id becomes "erased". A captain whose team others have joined must first
hand it over or withdraw it (`TeamHasMembers`): erasing it would remove people who did not ask
for anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import Executable

from bot.core.models import (
    AuditEntry,
    Broadcast,
    Event,
    JurorLink,
    MentorLink,
    MentorRequest,
    Organiser,
    OrganiserInvite,
    OutboxMessage,
    Participant,
    Prize,
    PublicBallot,
    PublicVote,
    Question,
    Scorecard,
    Subscriber,
    Team,
    TeamMember,
    VotingState,
)

ERASED_ACTOR = "erased"
FORGOTTEN_VOTER = "forgotten:"
"""What a ballot's voter becomes when they are erased, followed by the ballot's id (bot.jury.public_vote)."""


@dataclass(frozen=True)
class Person:
    """A channel account: ("telegram", "123456") or ("rest", "web-...")."""

    channel: str
    user_id: str

    @property
    def telegram_id(self) -> int | None:
        return int(self.user_id) if self.channel == "telegram" and self.user_id.isdigit() else None

    @property
    def actor(self) -> str:
        return f"{self.channel}:{self.user_id}"

    @property
    def asker_channel(self) -> str:
        """Their channel as the inbox names it (bot.inbox): a web visitor writes over REST."""
        if self.channel == "telegram":
            return "telegram"
        return "web" if self.user_id.startswith("web-") else "rest"


def _questions(person: Person) -> Any:
    return (Question.channel == person.asker_channel) & (Question.user_id == person.user_id)


def _mentor_requests(person: Person) -> Any:
    return (MentorRequest.channel == person.channel) & (MentorRequest.user_id == person.user_id)


def _voter_key(person: Person) -> str | None:
    """Their voter key in the audience's votes (bot.jury.public_vote.telegram_voter): a web
    visitor's is a digest of a cookie of their browser that only the browser holds."""
    return f"telegram:{person.telegram_id}" if person.telegram_id is not None else None


def _ballots(session: Session, person: Person) -> list[tuple[PublicBallot, PublicVote]]:
    voter = _voter_key(person)
    if voter is None:
        return []
    query = (
        select(PublicBallot, PublicVote)
        .join(PublicVote, PublicBallot.vote_id == PublicVote.id)
        .where(PublicBallot.voter_key == voter)
        .order_by(PublicBallot.id)
    )
    return [(ballot, vote) for ballot, vote in session.execute(query)]


def _cards_of(juror: JurorLink) -> Any:
    """The cards of the juror a link names (their scores and comments)."""
    return select(Scorecard).where(
        Scorecard.event_id == juror.event_id, Scorecard.juror_key == juror.name_key
    )


class TeamHasMembers(Exception):
    """The person captains a team that others have joined: hand it over or withdraw it first."""

    def __init__(self, teams: list[str]) -> None:
        super().__init__(", ".join(teams))
        self.teams = teams


@dataclass
class Erased:
    """What an erasure removed, by kind (counts)."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, count: int) -> None:
        if count:
            self.counts[kind] = self.counts.get(kind, 0) + count

    @property
    def anything(self) -> bool:
        return bool(self.counts)


def _participant(session: Session, person: Person) -> Participant | None:
    return session.scalars(
        select(Participant).where(
            Participant.channel == person.channel, Participant.channel_user_id == person.user_id
        )
    ).one_or_none()


def what_is_stored(session: Session, person: Person) -> dict[str, Any]:
    """Everything stored about the person, as plain data (JSON-ready): empty lists when nothing.
    Events are named by slug; `event_names` gives each one's name, for showing it to the person."""
    names: dict[str, Any] = {}

    def slug_of(event_id: int | None) -> str | None:
        event = session.get(Event, event_id) if event_id is not None else None
        if event is None:
            return None
        names[event.slug] = dict(event.name)
        return event.slug

    participant = _participant(session, person)
    memberships: list[dict[str, Any]] = []
    if participant is not None:
        rows = session.scalars(select(TeamMember).where(TeamMember.participant_id == participant.id))
        for member in rows:
            team = member.team
            entry: dict[str, Any] = {
                "event": slug_of(team.event_id),
                "team": team.name,
                "name_in_team": member.name,
                "captain": member.is_captain,
                "joined_at": member.joined_at.isoformat(timespec="minutes"),
                "withdrawn": team.withdrawn_at is not None,
            }
            if member.is_captain:
                entry["contact_email"] = team.contact_email
                entry["members"] = [m.name for m in team.members]
            memberships.append(entry)
    chat = person.telegram_id
    subscriptions = []
    queued = 0
    roles = []
    mentor_of: list[dict[str, Any]] = []
    juror_of: list[dict[str, Any]] = []
    jury_cards: list[dict[str, Any]] = []
    if chat is not None:
        for sub in session.scalars(select(Subscriber).where(Subscriber.chat_id == chat)):
            subscriptions.append(
                {
                    "event": slug_of(sub.event_id),
                    "language": sub.language,
                    "since": sub.subscribed_at.isoformat(timespec="minutes"),
                    "unsubscribed": sub.unsubscribed_at is not None,
                }
            )
        queued = (
            session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.chat_id == chat)) or 0
        )
        roles = [
            slug_of(o.event_id)
            for o in session.scalars(select(Organiser).where(Organiser.telegram_user_id == chat))
        ]
        mentor_of = [
            {"event": slug_of(link.event_id), "mentor": link.name}
            for link in session.scalars(select(MentorLink).where(MentorLink.telegram_user_id == chat))
        ]
        for juror in session.scalars(select(JurorLink).where(JurorLink.telegram_user_id == chat)):
            juror_of.append({"event": slug_of(juror.event_id), "juror": juror.name})
            jury_cards += [
                {
                    "event": slug_of(card.event_id),
                    "team": card.team_name,
                    "scores": {score.criterion_key: score.value for score in card.scores},
                    "comment": card.comment,
                    "updated_at": card.updated_at.isoformat(timespec="minutes"),
                }
                for card in session.scalars(_cards_of(juror).order_by(Scorecard.id))
            ]
    audit = session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.actor == person.actor)) or 0
    questions = [
        {
            "event": slug_of(q.event_id),
            "asked_at": q.asked_at.isoformat(timespec="minutes"),
            "question": q.text,
            "passed_on": q.passed_on_at is not None,
            "answer": q.answer,
        }
        for q in session.scalars(select(Question).where(_questions(person)).order_by(Question.id))
    ]
    mentor_requests = [
        {
            "event": slug_of(r.event_id),
            "asked_at": r.created_at.isoformat(timespec="minutes"),
            "topic": r.topic,
            "place": r.place,
            "taken_by": r.claimed_mentor,
        }
        for r in session.scalars(
            select(MentorRequest).where(_mentor_requests(person)).order_by(MentorRequest.id)
        )
    ]
    public_ballots = []
    for ballot, vote in _ballots(session, person):
        prize = session.scalars(
            select(Prize).where(Prize.event_id == vote.event_id, Prize.key == vote.prize_key)
        ).one_or_none()
        public_ballots.append(
            {
                "event": slug_of(vote.event_id),
                "prize": vote.prize_key,
                "prize_name": dict(prize.name) if prize is not None else {"en": vote.prize_key},
                "team": ballot.team_name,
                "cast_at": ballot.cast_at.isoformat(timespec="minutes"),
            }
        )
    return {
        "account": {"channel": person.channel, "id": person.user_id},
        "name": participant.display_name if participant is not None else None,
        "since": participant.created_at.isoformat(timespec="minutes") if participant is not None else None,
        "teams": memberships,
        "subscriptions": subscriptions,
        "messages_for_you": queued,
        "organiser_of": roles,
        "organiser_actions_logged": audit,
        "questions": questions,
        "mentor_of": mentor_of,
        "mentor_requests": mentor_requests,
        "juror_of": juror_of,
        "jury_cards": jury_cards,
        "public_ballots": public_ballots,
        "event_names": names,
    }


def holds_anything(stored: dict[str, Any]) -> bool:
    return bool(
        stored["name"] or stored["since"] or stored["teams"] or stored["subscriptions"]
        or stored["messages_for_you"] or stored["organiser_of"] or stored["organiser_actions_logged"]
        or stored["questions"] or stored["mentor_of"] or stored["mentor_requests"]
        or stored["juror_of"] or stored["jury_cards"] or stored.get("public_ballots")
    )  # fmt: skip


def teams_to_withdraw(session: Session, person: Person) -> list[Team]:
    """The teams erasure would withdraw and delete: those the person captains alone. Raises
    `TeamHasMembers` for an active team that others have joined."""
    participant = _participant(session, person)
    if participant is None:
        return []
    captained = list(session.scalars(select(Team).where(Team.captain_id == participant.id)))
    shared = [
        team.name
        for team in captained
        if team.withdrawn_at is None
        and any(m.participant_id not in (None, participant.id) for m in team.members)
    ]
    if shared:
        raise TeamHasMembers(shared)
    return captained


def rows_changed(session: Session, statement: Executable) -> int:
    """Rows a DELETE or UPDATE changed."""
    result = session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


def erase(session: Session, person: Person) -> Erased:
    """Erase everything stored about the person (see the module's docstring); what was removed."""
    erased = Erased()
    teams = teams_to_withdraw(session, person)  # may raise before anything changes
    participant = _participant(session, person)
    for team in teams:
        session.delete(team)
    erased.add("teams", len(teams))
    session.flush()
    if participant is not None:
        memberships = list(
            session.scalars(select(TeamMember).where(TeamMember.participant_id == participant.id))
        )
        for member in memberships:
            member.team.members.remove(member)  # the team, loaded in this session, sees it too
            session.delete(member)
        erased.add("memberships", len(memberships))
        session.delete(participant)
        erased.add("participant", 1)
    chat = person.telegram_id
    if chat is not None:
        erased.add(
            "subscriptions",
            rows_changed(session, delete(Subscriber).where(Subscriber.chat_id == chat)),
        )
        erased.add(
            "queued_messages",
            rows_changed(session, delete(OutboxMessage).where(OutboxMessage.chat_id == chat)),
        )
        erased.add(
            "organiser_roles",
            rows_changed(session, delete(Organiser).where(Organiser.telegram_user_id == chat)),
        )
        rows_changed(
            session, update(OrganiserInvite).where(OrganiserInvite.used_by == chat).values(used_by=None)
        )
        erased.add(
            "mentor_links",
            rows_changed(session, delete(MentorLink).where(MentorLink.telegram_user_id == chat)),
        )
        # A juror's comments are theirs; their scores stay with the jury's deliberation (by the
        # juror's name in the pack, not their account) until the event's retention purge.
        for juror in list(session.scalars(select(JurorLink).where(JurorLink.telegram_user_id == chat))):
            comments = (
                update(Scorecard)
                .where(
                    Scorecard.event_id == juror.event_id,
                    Scorecard.juror_key == juror.name_key,
                    Scorecard.comment.is_not(None),
                )
                .values(comment=None)
            )
            erased.add("jury_comments", rows_changed(session, comments))
        erased.add(
            "juror_links",
            rows_changed(session, delete(JurorLink).where(JurorLink.telegram_user_id == chat)),
        )
    # Their ballots of closed votes still count, but no longer say whose they are; those of votes
    # still open go (they may vote again: a ballot kept without its voter would count twice).
    for ballot, vote in _ballots(session, person):
        if vote.closed_at is None:
            session.delete(ballot)
            erased.add("public_ballots_withdrawn", 1)
        else:
            ballot.voter_key = f"{FORGOTTEN_VOTER}{ballot.id}"
            erased.add("public_ballots_anonymised", 1)
    erased.add("questions", rows_changed(session, delete(Question).where(_questions(person))))
    requested = delete(MentorRequest).where(_mentor_requests(person))
    erased.add("mentor_requests", rows_changed(session, requested))
    replied = update(Question).where(Question.answered_by == person.actor).values(answered_by=ERASED_ACTOR)
    rows_changed(session, replied)
    logged = update(AuditEntry).where(AuditEntry.actor == person.actor).values(actor=ERASED_ACTOR)
    erased.add("audit_entries_anonymised", rows_changed(session, logged))
    drafted = update(Broadcast).where(Broadcast.created_by == person.actor).values(created_by=ERASED_ACTOR)
    erased.add("announcements_anonymised", rows_changed(session, drafted))
    closed = update(VotingState).where(VotingState.closed_by == person.actor).values(closed_by=ERASED_ACTOR)
    rows_changed(session, closed)
    opened = update(PublicVote).where(PublicVote.opened_by == person.actor).values(opened_by=ERASED_ACTOR)
    rows_changed(session, opened)
    closed = update(PublicVote).where(PublicVote.closed_by == person.actor).values(closed_by=ERASED_ACTOR)
    rows_changed(session, closed)
    session.flush()
    return erased
