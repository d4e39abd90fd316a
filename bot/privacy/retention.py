"""An event's personal data deleted once it has been kept long enough (GDPR article 5(1)(e)).

`purge(session, event, today, after_days)`: when the event ended more than `after_days` ago, its
teams (names, members, contact emails, codes), subscribers, announcement and reminder messages
(texts and chat ids), the questions the assistant could not answer (with their messages),
organisers and their invites, failed join codes, the jury's Telegram links and scorecards (what
each juror scored and wrote of each team), the ballots of the audience's votes (who voted for which
team), and the participants who are left with nothing in any event, are deleted; in its audit log,
and as who closed the jury's voting or opened and closed an audience's vote, the actors become
"erased".
The event itself, its programme and its published results stay: they are public. The caller
owns the transaction (the CLI's dry run rolls it back).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session

from bot.core.models import (
    AuditEntry,
    Broadcast,
    Event,
    JoinCodeFailure,
    JurorLink,
    MentorLink,
    MentorRequest,
    Organiser,
    OrganiserInvite,
    OutboxMessage,
    Participant,
    PublicBallot,
    PublicVote,
    Question,
    Score,
    Scorecard,
    Subscriber,
    Team,
    TeamMember,
    VotingState,
)
from bot.privacy.personal import ERASED_ACTOR, rows_changed

DEFAULT_RETENTION_DAYS = 180
"""How long an event's personal data is kept after its end, unless told otherwise."""


class TooEarly(Exception):
    """The event ended less than the retention period ago (or has not ended)."""

    def __init__(self, keep_until: dt.date) -> None:
        super().__init__(keep_until.isoformat())
        self.keep_until = keep_until


def purge(
    session: Session, event: Event, today: dt.date, after_days: int = DEFAULT_RETENTION_DAYS
) -> dict[str, int]:
    """Delete the event's personal data (see the module's docstring); what was deleted, by kind."""
    keep_until = event.ends + dt.timedelta(days=after_days)
    if today <= keep_until:
        raise TooEarly(keep_until)
    counts: dict[str, int] = {}
    teams = select(Team.id).where(Team.event_id == event.id)
    counts["team_members"] = rows_changed(session, delete(TeamMember).where(TeamMember.team_id.in_(teams)))
    counts["teams"] = rows_changed(session, delete(Team).where(Team.event_id == event.id))
    counts["questions"] = rows_changed(session, delete(Question).where(Question.event_id == event.id))
    counts["mentor_requests"] = rows_changed(
        session, delete(MentorRequest).where(MentorRequest.event_id == event.id)
    )
    counts["mentor_links"] = rows_changed(session, delete(MentorLink).where(MentorLink.event_id == event.id))
    cards = select(Scorecard.id).where(Scorecard.event_id == event.id)
    rows_changed(session, delete(Score).where(Score.scorecard_id.in_(cards)))
    counts["scorecards"] = rows_changed(session, delete(Scorecard).where(Scorecard.event_id == event.id))
    counts["juror_links"] = rows_changed(session, delete(JurorLink).where(JurorLink.event_id == event.id))
    rows_changed(
        session,
        update(VotingState)
        .where(VotingState.event_id == event.id, VotingState.closed_by.is_not(None))
        .values(closed_by=ERASED_ACTOR),
    )
    votes = select(PublicVote.id).where(PublicVote.event_id == event.id)
    counts["public_ballots"] = rows_changed(
        session, delete(PublicBallot).where(PublicBallot.vote_id.in_(votes))
    )
    rows_changed(
        session, update(PublicVote).where(PublicVote.event_id == event.id).values(opened_by=ERASED_ACTOR)
    )
    rows_changed(
        session,
        update(PublicVote)
        .where(PublicVote.event_id == event.id, PublicVote.closed_by.is_not(None))
        .values(closed_by=ERASED_ACTOR),
    )
    broadcasts = select(Broadcast.id).where(Broadcast.event_id == event.id)
    counts["messages"] = rows_changed(
        session, delete(OutboxMessage).where(OutboxMessage.broadcast_id.in_(broadcasts))
    )
    counts["broadcasts_anonymised"] = rows_changed(
        session, update(Broadcast).where(Broadcast.event_id == event.id).values(created_by=ERASED_ACTOR)
    )
    counts["subscribers"] = rows_changed(session, delete(Subscriber).where(Subscriber.event_id == event.id))
    counts["organisers"] = rows_changed(session, delete(Organiser).where(Organiser.event_id == event.id))
    counts["organiser_invites"] = rows_changed(
        session, delete(OrganiserInvite).where(OrganiserInvite.event_id == event.id)
    )
    counts["join_code_failures"] = rows_changed(
        session, delete(JoinCodeFailure).where(JoinCodeFailure.event_id == event.id)
    )
    counts["audit_entries_anonymised"] = rows_changed(
        session, update(AuditEntry).where(AuditEntry.event_id == event.id).values(actor=ERASED_ACTOR)
    )
    in_a_team = exists().where(TeamMember.participant_id == Participant.id)
    captains = exists().where(Team.captain_id == Participant.id)
    counts["participants"] = rows_changed(session, delete(Participant).where(~in_a_team, ~captains))
    session.flush()
    return {kind: count for kind, count in counts.items() if count}
