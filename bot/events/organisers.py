"""Organisers of an event, their one-time invitations, and the audit log of what they do.

An organiser is a Telegram user id allowed to use the organiser commands of one event. The
role is granted from the command line (`hackbot organisers add`) or by a one-time invitation:
`hackbot organisers invite` prints a code, and whoever first sends `/start org_<code>` to the
bot becomes an organiser of that event. Every change and every organiser action is written
to the audit log (`audit`): who ("telegram:<user id>" or "cli"), what, when, and details.

Functions take the caller's session and only flush; times are naive UTC.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any, cast

from sqlalchemy import CursorResult, Update, select, update
from sqlalchemy.orm import Session

from bot.core.clock import utcnow
from bot.core.models import AuditEntry, Event, Organiser, OrganiserInvite

CLI_ACTOR = "cli"
INVITE_PREFIX = "org_"
"""What precedes the code in the `/start` payload of an invitation link."""
DEFAULT_INVITE_VALIDITY = dt.timedelta(days=7)
_CODE_BYTES = 16
"""16 random bytes: 22 URL-safe characters, `org_` + code fits Telegram's 64-character deep links."""
_CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,32}")


def telegram_actor(telegram_user_id: int) -> str:
    """The audit log's name for a Telegram user."""
    return f"telegram:{telegram_user_id}"


def _utc(moment: dt.datetime) -> dt.datetime:
    """Naive UTC (an aware time is converted; a naive one is taken as UTC already)."""
    if moment.tzinfo is not None:
        return moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


# ------------------------------------------------------------------ audit log


def audit(session: Session, event: Event | None, actor: str, action: str, **details: Any) -> AuditEntry:
    """Write one line of the audit log (`details` must be JSON values)."""
    entry = AuditEntry(
        event_id=event.id if event is not None else None,
        actor=actor,
        action=action,
        details=details,
        at=utcnow(),
    )
    session.add(entry)
    session.flush()
    return entry


def audit_log(session: Session, event: Event, limit: int = 50) -> list[AuditEntry]:
    """The event's latest audit entries, newest first."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.event_id == event.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


# ------------------------------------------------------------------ organisers


def _find(session: Session, event: Event, telegram_user_id: int) -> Organiser | None:
    query = select(Organiser).where(
        Organiser.event_id == event.id, Organiser.telegram_user_id == telegram_user_id
    )
    return session.scalars(query).one_or_none()


def is_organiser(session: Session, event: Event, telegram_user_id: int) -> bool:
    return _find(session, event, telegram_user_id) is not None


def grant(session: Session, event: Event, telegram_user_id: int, *, granted_by: str) -> Organiser:
    """Make the user an organiser of the event (nothing changes, nor is audited, if already one)."""
    organiser = _find(session, event, telegram_user_id)
    if organiser is not None:
        return organiser
    organiser = Organiser(
        event_id=event.id, telegram_user_id=telegram_user_id, granted_by=granted_by, granted_at=utcnow()
    )
    session.add(organiser)
    session.flush()
    audit(session, event, granted_by, "organiser.granted", telegram_user_id=telegram_user_id)
    return organiser


def revoke(session: Session, event: Event, telegram_user_id: int, *, revoked_by: str) -> bool:
    """Remove the user from the event's organisers; False if they were not one."""
    organiser = _find(session, event, telegram_user_id)
    if organiser is None:
        return False
    session.delete(organiser)
    session.flush()
    audit(session, event, revoked_by, "organiser.revoked", telegram_user_id=telegram_user_id)
    return True


def list_organisers(session: Session, event: Event) -> list[Organiser]:
    """The event's organisers, first granted first."""
    query = (
        select(Organiser).where(Organiser.event_id == event.id).order_by(Organiser.granted_at, Organiser.id)
    )
    return list(session.scalars(query))


# ------------------------------------------------------------------ invitations


def _execute(session: Session, statement: Update) -> int:
    """Run an UPDATE without touching the session's objects; the number of rows it changed."""
    result = session.execute(statement, execution_options={"synchronize_session": False})
    return int(cast(CursorResult[Any], result).rowcount)


def create_invite(
    session: Session,
    event: Event,
    *,
    now: dt.datetime,
    valid_for: dt.timedelta = DEFAULT_INVITE_VALIDITY,
    created_by: str = CLI_ACTOR,
) -> OrganiserInvite:
    """A new one-time invitation; `/start org_<code>` (see `invite_payload`) redeems it."""
    if valid_for <= dt.timedelta(0):
        raise ValueError("an invitation must be valid for some time")
    now = _utc(now)
    invite = OrganiserInvite(
        event_id=event.id,
        code=new_invite_code(),
        created_at=now,
        expires_at=now + valid_for,
    )
    session.add(invite)
    session.flush()
    # The code itself is a secret until used: the log names the invitation by its id.
    audit(
        session,
        event,
        created_by,
        "organiser.invite_created",
        invite_id=invite.id,
        expires_at=invite.expires_at.isoformat(timespec="minutes"),
    )
    return invite


def invite_payload(invite: OrganiserInvite) -> str:
    """The `/start` payload of the invitation: `org_<code>` (at most 64 characters, [A-Za-z0-9_-])."""
    return INVITE_PREFIX + invite.code


def new_invite_code() -> str:
    """A one-time invitation's code: 22 URL-safe characters (with its prefix, it fits a deep link)."""
    return secrets.token_urlsafe(_CODE_BYTES)


def invite_code_from(payload: str, prefix: str = INVITE_PREFIX) -> str | None:
    """The code in a `/start` payload `<prefix><code>` (or a bare code), or None if it cannot be one."""
    code = payload.strip().removeprefix(prefix)
    return code if _CODE_PATTERN.fullmatch(code) else None


def take_invite(
    session: Session, invite: OrganiserInvite, telegram_user_id: int, *, now: dt.datetime
) -> bool:
    """Mark the invitation used by the user, if it is still unused and valid: one conditional
    update, so that of two people using it at the same moment only one does."""
    taken = _execute(
        session,
        update(OrganiserInvite)
        .where(
            OrganiserInvite.id == invite.id,
            OrganiserInvite.used_at.is_(None),
            OrganiserInvite.expires_at > _utc(now),
        )
        .values(used_at=_utc(now), used_by=telegram_user_id),
    )
    return taken == 1


def redeem_invite(session: Session, code: str, telegram_user_id: int, *, now: dt.datetime) -> Event | None:
    """Make the user an organiser of the invitation's event; None if the code is unknown, used or expired.

    `code` may be given with its `org_` prefix. Only the first use counts, even when two people
    use the same code at once (the invitation is taken by a conditional update). An organiser of
    the event using a code leaves it for someone else.
    """
    clean = invite_code_from(code)
    if clean is None:
        return None
    now = _utc(now)
    # A mentor's or a juror's invitation (bot.mentors.links, bot.jury.links) never makes an organiser.
    query = select(OrganiserInvite).where(
        OrganiserInvite.code == clean,
        OrganiserInvite.mentor_name.is_(None),
        OrganiserInvite.juror_name.is_(None),
    )
    invite = session.scalars(query).one_or_none()
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        return None
    event = session.get(Event, invite.event_id)
    if event is None:  # pragma: no cover (the foreign key cascades)
        return None
    if is_organiser(session, event, telegram_user_id):
        return event
    if not take_invite(session, invite, telegram_user_id, now=now):
        return None
    session.refresh(invite)
    actor = telegram_actor(telegram_user_id)
    audit(session, event, actor, "organiser.invite_redeemed", invite_id=invite.id)
    grant(session, event, telegram_user_id, granted_by=f"invite:{invite.id}")
    return event
