"""Organisers of an event, one-time invitations and the audit log (bot.events.organisers) on a real
database."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.models import AuditEntry, Event
from bot.events import organisers

NOW = dt.datetime(2027, 3, 10, 9, 0)


@pytest.fixture
def event(session: Session, demo_event: Event) -> Event:
    return demo_event


def actions(session: Session, event: Event) -> list[tuple[str, str]]:
    return [(e.actor, e.action) for e in reversed(organisers.audit_log(session, event))]


def test_grant_is_idempotent_and_audited_once(session: Session, event: Event) -> None:
    assert not organisers.is_organiser(session, event, 42)
    first = organisers.grant(session, event, 42, granted_by="cli")
    again = organisers.grant(session, event, 42, granted_by="telegram:7")
    assert again is first and first.granted_by == "cli"
    assert organisers.is_organiser(session, event, 42)
    assert [o.telegram_user_id for o in organisers.list_organisers(session, event)] == [42]
    assert actions(session, event) == [("cli", "organiser.granted")]


def test_revoke_removes_and_audits(session: Session, event: Event) -> None:
    organisers.grant(session, event, 42, granted_by="cli")
    assert organisers.revoke(session, event, 42, revoked_by="telegram:7")
    assert not organisers.revoke(session, event, 42, revoked_by="telegram:7")
    assert not organisers.is_organiser(session, event, 42)
    assert actions(session, event)[-1] == ("telegram:7", "organiser.revoked")


def test_organisers_are_per_event(session: Session, event: Event) -> None:
    other = Event(
        slug="other-event",
        name={"en": "Other"},
        organiser={"en": "Someone"},
        timezone="Europe/Paris",
        starts=dt.date(2030, 1, 1),
        ends=dt.date(2030, 1, 2),
        languages=["en"],
    )
    session.add(other)
    session.flush()
    organisers.grant(session, event, 42, granted_by="cli")
    assert not organisers.is_organiser(session, other, 42)


def test_invite_code_fits_a_telegram_deep_link_and_is_unguessable(session: Session, event: Event) -> None:
    codes = {organisers.create_invite(session, event, now=NOW).code for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        payload = organisers.INVITE_PREFIX + code
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload)
        assert len(code) >= 20  # 16 random bytes
    invite = organisers.create_invite(session, event, now=NOW)
    assert organisers.invite_payload(invite) == "org_" + invite.code
    assert invite.expires_at == NOW + dt.timedelta(days=7)
    # The audit names the invitation, never its secret code.
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "organiser.invite_created")).first()
    assert entry is not None and invite.code not in str(entry.details)


def test_an_invite_is_redeemed_once(session: Session, event: Event) -> None:
    invite = organisers.create_invite(session, event, now=NOW)
    later = NOW + dt.timedelta(hours=1)
    redeemed = organisers.redeem_invite(session, "org_" + invite.code, 1001, now=later)
    assert redeemed is not None and redeemed.id == event.id
    assert organisers.is_organiser(session, event, 1001)
    assert invite.used_by == 1001 and invite.used_at == later
    assert organisers.redeem_invite(session, invite.code, 1002, now=later) is None
    assert not organisers.is_organiser(session, event, 1002)
    assert ("telegram:1001", "organiser.invite_redeemed") in actions(session, event)
    (organiser,) = organisers.list_organisers(session, event)
    assert organiser.granted_by == f"invite:{invite.id}"


def test_an_expired_or_unknown_invite_grants_nothing(session: Session, event: Event) -> None:
    invite = organisers.create_invite(session, event, now=NOW, valid_for=dt.timedelta(hours=2))
    assert organisers.redeem_invite(session, invite.code, 1001, now=NOW + dt.timedelta(hours=2)) is None
    assert organisers.redeem_invite(session, "org_" + "x" * 22, 1001, now=NOW) is None
    assert organisers.redeem_invite(session, "org_", 1001, now=NOW) is None
    assert organisers.redeem_invite(session, "not a code!", 1001, now=NOW) is None
    assert organisers.list_organisers(session, event) == []


def test_an_organiser_using_a_code_leaves_it_for_someone_else(session: Session, event: Event) -> None:
    organisers.grant(session, event, 1001, granted_by="cli")
    invite = organisers.create_invite(session, event, now=NOW)
    assert organisers.redeem_invite(session, invite.code, 1001, now=NOW) is not None
    assert invite.used_at is None
    assert organisers.redeem_invite(session, invite.code, 1002, now=NOW) is not None
    assert organisers.is_organiser(session, event, 1002)


def test_aware_times_are_taken_as_utc(session: Session, event: Event) -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    invite = organisers.create_invite(session, event, now=dt.datetime(2027, 3, 10, 10, 0, tzinfo=paris))
    assert invite.created_at == NOW


def test_audit_keeps_who_what_when_and_details(session: Session, event: Event) -> None:
    entry = organisers.audit(session, event, "telegram:5", "broadcast.queued", broadcast_id=3, recipients=10)
    assert entry.id and entry.at is not None
    stored = session.get(AuditEntry, entry.id)
    assert stored is not None and stored.details == {"broadcast_id": 3, "recipients": 10}
    assert stored.actor == "telegram:5" and stored.event_id == event.id
