"""Jurors who score on Telegram, and their one-time invitations.

A juror is a jury member of the event's pack (`JuryMember`, by name); linking them to a Telegram
account (`link`, from `hackbot jury link NAME --telegram-id N`, or `/start jury_<code>` with an
invitation from `hackbot jury invite NAME`) lets them score teams. The link names the juror, not
the pack's row, so reloading the pack keeps it; a juror the pack no longer has stays linked but
may not score (`is_juror`), and their cards no longer count (bot.jury.ranking). Every change is
in the audit log. Functions take the caller's session and only flush.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.clock import utcnow
from bot.core.matching import folded_name
from bot.core.models import Event, JurorLink, JuryMember, OrganiserInvite
from bot.events.organisers import (
    DEFAULT_INVITE_VALIDITY,
    audit,
    invite_code_from,
    new_invite_code,
    take_invite,
    telegram_actor,
)

INVITE_PREFIX = "jury_"
"""What precedes the code in the `/start` payload of a juror's invitation."""


class JurorLinkError(Exception):
    """`code`: `unknown_juror` (no jury member of that name in the event), `taken` (that Telegram
    account is another juror of the event; details: `name`)."""

    def __init__(self, code: str, **details: str) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def find_juror(event: Event, name: str) -> JuryMember | None:
    """The pack's jury member of that name (compared folded: case, accents, spaces)."""
    key = folded_name(name)
    return next((member for member in event.jury if folded_name(member.name) == key), None)


def _link_of_name(session: Session, event: Event, name: str) -> JurorLink | None:
    query = select(JurorLink).where(JurorLink.event_id == event.id, JurorLink.name_key == folded_name(name))
    return session.scalars(query).one_or_none()


def link_of_user(session: Session, event: Event, telegram_user_id: int) -> JurorLink | None:
    """The juror this Telegram user is at the event, if any (in the pack or not: see `is_juror`)."""
    query = select(JurorLink).where(
        JurorLink.event_id == event.id, JurorLink.telegram_user_id == telegram_user_id
    )
    return session.scalars(query).one_or_none()


def link(session: Session, event: Event, name: str, telegram_user_id: int, *, by: str) -> JurorLink:
    """Make the Telegram user the event's juror of that name (replacing the account linked to that
    juror before, if any). JurorLinkError when the pack has no such jury member, or the account is
    already another juror of the event."""
    juror = find_juror(event, name)
    if juror is None:
        raise JurorLinkError("unknown_juror", name=name)
    other = link_of_user(session, event, telegram_user_id)
    if other is not None and other.name_key != folded_name(juror.name):
        raise JurorLinkError("taken", name=other.name)
    current = _link_of_name(session, event, juror.name)
    if current is not None:
        if current.telegram_user_id == telegram_user_id:
            return current
        current.telegram_user_id = telegram_user_id
        current.linked_by, current.linked_at = by, utcnow()
    else:
        current = JurorLink(
            event_id=event.id,
            name=juror.name,
            name_key=folded_name(juror.name),
            telegram_user_id=telegram_user_id,
            linked_by=by,
            linked_at=utcnow(),
        )
        session.add(current)
    session.flush()
    audit(session, event, by, "juror.linked", juror=juror.name, telegram_user_id=telegram_user_id)
    return current


def unlink(session: Session, event: Event, name: str, *, by: str) -> bool:
    """Remove the juror's Telegram link (their cards stay: they are the jury's); False if there
    was none."""
    current = _link_of_name(session, event, name)
    if current is None:
        return False
    session.delete(current)
    session.flush()
    audit(session, event, by, "juror.unlinked", juror=current.name)
    return True


@dataclass(frozen=True)
class JurorStatus:
    """A jury member of the pack, or a link whose juror the pack no longer has."""

    name: str
    key: str
    """The name folded: how cards name their juror."""
    telegram_user_id: int | None
    in_pack: bool
    chair: bool = False


def roster(session: Session, event: Event) -> list[JurorStatus]:
    """The pack's jury in order, each with its link if any; then links to jurors no longer in the
    pack."""
    links = {
        item.name_key: item
        for item in session.scalars(select(JurorLink).where(JurorLink.event_id == event.id))
    }
    found = []
    for member in event.jury:
        key = folded_name(member.name)
        linked = links.pop(key, None)
        found.append(
            JurorStatus(member.name, key, linked.telegram_user_id if linked else None, True, member.chair)
        )
    found += [JurorStatus(item.name, item.name_key, item.telegram_user_id, False) for item in links.values()]
    return found


def linked_jurors(session: Session, event: Event) -> dict[str, int]:
    """The pack's jury members who can score: folded name -> Telegram user id."""
    return {
        status.key: status.telegram_user_id
        for status in roster(session, event)
        if status.in_pack and status.telegram_user_id is not None
    }


def is_juror(session: Session, event: Event, telegram_user_id: int) -> bool:
    """Whether the user is linked to a jury member the event's pack still has."""
    return telegram_user_id in linked_jurors(session, event).values()


# ------------------------------------------------------------------ invitations


def create_invite(
    session: Session,
    event: Event,
    name: str,
    *,
    now: dt.datetime,
    valid_for: dt.timedelta = DEFAULT_INVITE_VALIDITY,
    created_by: str,
) -> OrganiserInvite:
    """A one-time invitation for the juror of that name: `/start jury_<code>` links whoever uses it
    first. JurorLinkError `unknown_juror`."""
    if valid_for <= dt.timedelta(0):
        raise ValueError("an invitation must be valid for some time")
    juror = find_juror(event, name)
    if juror is None:
        raise JurorLinkError("unknown_juror", name=name)
    invite = OrganiserInvite(
        event_id=event.id,
        code=new_invite_code(),
        created_at=now,
        expires_at=now + valid_for,
        juror_name=juror.name,
    )
    session.add(invite)
    session.flush()
    audit(
        session,
        event,
        created_by,
        "juror.invite_created",
        invite_id=invite.id,
        juror=juror.name,
        expires_at=invite.expires_at.isoformat(timespec="minutes"),
    )
    return invite


def invite_payload(invite: OrganiserInvite) -> str:
    """`jury_<code>`: at most 64 characters of [A-Za-z0-9_-], as Telegram's deep links need."""
    return INVITE_PREFIX + invite.code


def redeem_invite(
    session: Session, payload: str, telegram_user_id: int, *, now: dt.datetime
) -> tuple[Event, JurorLink] | None:
    """Link the user to the invitation's juror; None if the code is unknown, used, expired, not a
    juror's, or its juror is gone from the pack. Only the first use counts, even at the same moment
    (the invitation is taken by a conditional update). JurorLinkError `taken` when the account is
    already another juror of the event (the invitation stays unused)."""
    code = invite_code_from(payload, INVITE_PREFIX)
    if code is None:
        return None
    query = select(OrganiserInvite).where(
        OrganiserInvite.code == code, OrganiserInvite.juror_name.is_not(None)
    )
    invite = session.scalars(query).one_or_none()
    if invite is None or invite.used_at is not None or invite.expires_at <= now or invite.juror_name is None:
        return None
    event = session.get(Event, invite.event_id)
    if event is None or find_juror(event, invite.juror_name) is None:
        return None
    other = link_of_user(session, event, telegram_user_id)
    if other is not None and other.name_key != folded_name(invite.juror_name):
        raise JurorLinkError("taken", name=other.name)
    if not take_invite(session, invite, telegram_user_id, now=now):
        return None
    audit(session, event, telegram_actor(telegram_user_id), "juror.invite_redeemed", invite_id=invite.id)
    return event, link(session, event, invite.juror_name, telegram_user_id, by=f"invite:{invite.id}")
