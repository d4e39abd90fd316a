"""Join codes: how they are made, how a message offers one, and how guessing them locks itself out.

A join code is 6 characters from a 32-sign alphabet (no I/1, O/0), a digit and a letter among
them: about 880 million codes, so an event's hundred teams leave one chance in nine million per
guess. Only what a message clearly offers as a code is tried (`offered_codes`: at most two, never
a list), and after `MAX_FAILURES` wrong codes within `WINDOW`, that person's codes are not tried
for `LOCK` after the last of them; a right code clears the count. Failures are kept a day at
most. Functions take the caller's session and only flush.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.core.models import Event, JoinCodeFailure, Participant, Team

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Letters and digits that cannot be confused when read aloud or copied (no I/1, O/0)."""
JOIN_CODE_LENGTH = 6

# ------------------------------------------------------------------ codes


def new_join_code(session: Session) -> str:
    """A code no team has, with a digit and a letter: told apart from a word or a number in a
    message ("join K7Q2MX")."""
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not (any(ch.isdigit() for ch in code) and any(ch.isalpha() for ch in code)):
            continue
        if session.scalars(select(Team.id).where(Team.join_code == code)).first() is None:
            return code


def normalize_join_code(code: str) -> str:
    """A code as typed ("ab3-k7q ") in its stored form ("AB3K7Q")."""
    return re.sub(r"[\s\-_.]", "", code).upper()


def find_team_by_code(session: Session, event: Event, code: str) -> Team | None:
    """The active team of `event` with this join code (as typed), or None."""
    query = select(Team).where(
        Team.event_id == event.id,
        Team.join_code == normalize_join_code(code),
        Team.withdrawn_at.is_(None),
    )
    return session.scalars(query).one_or_none()


# ------------------------------------------------------------------ in a message

_CODE_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])([0-9A-Za-z]{3})[\s\-_.]?([0-9A-Za-z]{3})(?![0-9A-Za-z])")

_CODE_SIGNS = frozenset(JOIN_CODE_ALPHABET)
MAX_OFFERED_CODES = 2


def offered_codes(text: str, *, asked: bool = False) -> list[str]:
    """The join codes a message clearly offers, upper-cased: its 6-sign tokens written with the
    codes' alphabet that read as a code (a digit, or typed in capitals); when a code was asked for
    (`asked`), also its only 6-sign token ("kqmxab"). None when it offers more than
    `MAX_OFFERED_CODES`: a message listing guesses tries none."""
    tokens = ["".join(m.groups()) for m in _CODE_CANDIDATE.finditer(text)]
    tokens = [t for t in tokens if len(t) == JOIN_CODE_LENGTH and set(t.upper()) <= _CODE_SIGNS]
    codelike = [t.upper() for t in tokens if any(ch.isdigit() for ch in t) or t.isupper()]
    if len(codelike) > MAX_OFFERED_CODES:
        return []
    if not codelike and asked and len(tokens) == 1:
        return [tokens[0].upper()]
    return codelike


# ------------------------------------------------------------------ guessing

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
