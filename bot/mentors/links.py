"""Mentors reachable on Telegram, and their one-time invitations.

A mentor is a person of the event's pack (`Mentor`, by name); linking them to a Telegram account
(`link`, from `hackbot mentors link NAME --telegram-id N`, or `/start mentor_<code>` with an
invitation from `hackbot mentors invite NAME`) lets teams call them. The link names the mentor,
not the pack's row, so reloading the pack keeps it; a mentor the pack no longer has stays linked
but is called by nobody (`on_call`). Every change is in the audit log. Functions take the
caller's session and only flush.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.clock import utcnow
from bot.core.matching import folded_name
from bot.core.models import Event, Mentor, MentorLink, OrganiserInvite
from bot.events.organisers import (
    DEFAULT_INVITE_VALIDITY,
    audit,
    invite_code_from,
    new_invite_code,
    take_invite,
    telegram_actor,
)

INVITE_PREFIX = "mentor_"
"""What precedes the code in the `/start` payload of a mentor's invitation."""


class MentorLinkError(Exception):
    """`code`: `unknown_mentor` (no mentor of that name in the event), `taken` (that Telegram
    account is another mentor of the event)."""

    def __init__(self, code: str, **details: str) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def find_mentor(event: Event, name: str) -> Mentor | None:
    key = folded_name(name)
    return next((m for m in event.mentors if folded_name(m.name) == key), None)


def _link_of_name(session: Session, event: Event, name: str) -> MentorLink | None:
    query = select(MentorLink).where(
        MentorLink.event_id == event.id, MentorLink.name_key == folded_name(name)
    )
    return session.scalars(query).one_or_none()


def link_of_user(session: Session, event: Event, telegram_user_id: int) -> MentorLink | None:
    """The mentor this Telegram user is at the event, if any."""
    query = select(MentorLink).where(
        MentorLink.event_id == event.id, MentorLink.telegram_user_id == telegram_user_id
    )
    return session.scalars(query).one_or_none()


def link(session: Session, event: Event, name: str, telegram_user_id: int, *, by: str) -> MentorLink:
    """Make the Telegram user the event's mentor of that name (replacing the account linked to
    that mentor before, if any). MentorLinkError when the pack has no such mentor, or the account
    is already another mentor of the event."""
    mentor = find_mentor(event, name)
    if mentor is None:
        raise MentorLinkError("unknown_mentor", name=name)
    other = link_of_user(session, event, telegram_user_id)
    if other is not None and other.name_key != folded_name(mentor.name):
        raise MentorLinkError("taken", name=other.name)
    current = _link_of_name(session, event, mentor.name)
    if current is not None:
        if current.telegram_user_id == telegram_user_id:
            return current
        current.telegram_user_id = telegram_user_id
        current.linked_by, current.linked_at = by, utcnow()
    else:
        current = MentorLink(
            event_id=event.id,
            name=mentor.name,
            name_key=folded_name(mentor.name),
            telegram_user_id=telegram_user_id,
            linked_by=by,
            linked_at=utcnow(),
        )
        session.add(current)
    session.flush()
    audit(session, event, by, "mentor.linked", mentor=mentor.name, telegram_user_id=telegram_user_id)
    return current


def unlink(session: Session, event: Event, name: str, *, by: str) -> bool:
    """Remove the mentor's Telegram link; False if there was none."""
    current = _link_of_name(session, event, name)
    if current is None:
        return False
    session.delete(current)
    session.flush()
    audit(session, event, by, "mentor.unlinked", mentor=current.name)
    return True


@dataclass(frozen=True)
class MentorStatus:
    """A mentor of the pack, or a link whose mentor the pack no longer has."""

    name: str
    telegram_user_id: int | None
    in_pack: bool


def roster(session: Session, event: Event) -> list[MentorStatus]:
    """The pack's mentors in order, each with its link if any; then links to mentors no longer in
    the pack."""
    links = {
        item.name_key: item
        for item in session.scalars(select(MentorLink).where(MentorLink.event_id == event.id))
    }
    found = []
    for mentor in event.mentors:
        linked = links.pop(folded_name(mentor.name), None)
        found.append(MentorStatus(mentor.name, linked.telegram_user_id if linked else None, True))
    found += [MentorStatus(item.name, item.telegram_user_id, False) for item in links.values()]
    return found


def on_call(session: Session, event: Event) -> dict[str, int]:
    """The pack's mentors who can be called: folded name -> Telegram user id."""
    in_pack = {folded_name(m.name) for m in event.mentors}
    query = select(MentorLink).where(MentorLink.event_id == event.id)
    return {
        item.name_key: item.telegram_user_id for item in session.scalars(query) if item.name_key in in_pack
    }


def is_mentor(session: Session, event: Event, telegram_user_id: int) -> bool:
    """Whether the user is linked to a mentor the event's pack still has."""
    return telegram_user_id in on_call(session, event).values()


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
    """A one-time invitation for the mentor of that name: `/start mentor_<code>` links whoever
    uses it first. MentorLinkError `unknown_mentor`."""
    if valid_for <= dt.timedelta(0):
        raise ValueError("an invitation must be valid for some time")
    mentor = find_mentor(event, name)
    if mentor is None:
        raise MentorLinkError("unknown_mentor", name=name)
    invite = OrganiserInvite(
        event_id=event.id,
        code=new_invite_code(),
        created_at=now,
        expires_at=now + valid_for,
        mentor_name=mentor.name,
    )
    session.add(invite)
    session.flush()
    audit(
        session,
        event,
        created_by,
        "mentor.invite_created",
        invite_id=invite.id,
        mentor=mentor.name,
        expires_at=invite.expires_at.isoformat(timespec="minutes"),
    )
    return invite


def invite_payload(invite: OrganiserInvite) -> str:
    """`mentor_<code>`: at most 64 characters of [A-Za-z0-9_-], as Telegram's deep links need."""
    return INVITE_PREFIX + invite.code


def redeem_invite(
    session: Session, payload: str, telegram_user_id: int, *, now: dt.datetime
) -> tuple[Event, MentorLink] | None:
    """Link the user to the invitation's mentor; None if the code is unknown, used, expired, an
    organiser's, or its mentor is gone from the pack. Only the first use counts, even at the same
    moment (the invitation is taken by a conditional update). MentorLinkError `taken` when the
    account is already another mentor of the event (the invitation stays unused)."""
    code = invite_code_from(payload, INVITE_PREFIX)
    if code is None:
        return None
    query = select(OrganiserInvite).where(
        OrganiserInvite.code == code, OrganiserInvite.mentor_name.is_not(None)
    )
    invite = session.scalars(query).one_or_none()
    if invite is None or invite.used_at is not None or invite.expires_at <= now or invite.mentor_name is None:
        return None
    event = session.get(Event, invite.event_id)
    if event is None or find_mentor(event, invite.mentor_name) is None:
        return None
    other = link_of_user(session, event, telegram_user_id)
    if other is not None and other.name_key != folded_name(invite.mentor_name):
        raise MentorLinkError("taken", name=other.name)
    if not take_invite(session, invite, telegram_user_id, now=now):
        return None
    actor = telegram_actor(telegram_user_id)
    audit(session, event, actor, "mentor.invite_redeemed", invite_id=invite.id)
    return event, link(session, event, invite.mentor_name, telegram_user_id, by=f"invite:{invite.id}")
