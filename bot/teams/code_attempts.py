"""Wrong join codes, counted per person and event: guessing codes locks itself out.

A join code is 6 characters from a 32-sign alphabet, a digit and a letter among them (about 880
million codes), so an event's hundred teams leave one chance in nine million per guess. Only
what a message clearly offers as a code is tried (`bot.teams.form_answers.offered_codes`: at
most two), and after
`MAX_FAILURES` wrong codes within `WINDOW`, that person's codes are not tried for `LOCK` after
the last of them; a right code clears the count. Failures are kept a day at most.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.core.models import Event, JoinCodeFailure, Participant

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
LOCK = dt.timedelta(minutes=15)
KEEP = dt.timedelta(days=1)


def locked_until(
    session: Session, event: Event, participant: Participant, now: dt.datetime
) -> dt.datetime | None:
    """When this person may try codes again, if they may not now."""
    last = list(
        session.scalars(
            select(JoinCodeFailure.failed_at)
            .where(JoinCodeFailure.participant_id == participant.id, JoinCodeFailure.event_id == event.id)
            .order_by(JoinCodeFailure.failed_at.desc())
            .limit(MAX_FAILURES)
        )
    )
    if len(last) < MAX_FAILURES or last[0] - last[-1] > WINDOW:
        return None
    until = last[0] + LOCK
    return until if until > now else None


def record_failures(
    session: Session, event: Event, participant: Participant, now: dt.datetime, count: int = 1
) -> dt.datetime | None:
    """Count `count` wrong codes; when this person may try again, if this locked them out."""
    session.execute(delete(JoinCodeFailure).where(JoinCodeFailure.failed_at < now - KEEP))
    session.add_all(
        JoinCodeFailure(participant_id=participant.id, event_id=event.id, failed_at=now) for _ in range(count)
    )
    session.flush()
    return locked_until(session, event, participant, now)


def clear_failures(session: Session, event: Event, participant: Participant) -> None:
    """A right code: the count starts again."""
    session.execute(
        delete(JoinCodeFailure).where(
            JoinCodeFailure.participant_id == participant.id, JoinCodeFailure.event_id == event.id
        )
    )
