"""Jurors linked to their Telegram account: by the pack's jury names, kept across pack reloads, one
account one juror, audited; one-time invitations that link their first user and nothing else."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from support.jury_packs import ANNE, BRUNO, CHLOE, JURORS, jury_data, load_jury_event

from bot.core.clock import utcnow
from bot.core.models import AuditEntry, Event, OrganiserInvite
from bot.events import organisers
from bot.jury import links
from bot.jury.links import JurorLinkError
from bot.mentors import links as mentor_links


@pytest.fixture
def event(session: Session) -> Event:
    return load_jury_event(session)


def actions(session: Session) -> list[str]:
    return [entry.action for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_a_juror_is_linked_by_their_name_in_the_pack_in_any_case_and_audited(
    session: Session, event: Event
) -> None:
    made = links.link(session, event, "anne JUGE", 8001, by="cli")
    assert (made.name, made.name_key, made.telegram_user_id) == (ANNE, "anne juge", 8001)
    assert links.is_juror(session, event, 8001) and not links.is_juror(session, event, 8002)
    assert links.link_of_user(session, event, 8001) == made
    assert links.link(session, event, ANNE, 8001, by="cli") == made  # the same link: nothing audited
    assert actions(session) == ["juror.linked"]
    logged = session.scalars(select(AuditEntry)).one()
    assert (logged.actor, logged.details) == ("cli", {"juror": ANNE, "telegram_user_id": 8001})


def test_one_account_is_one_juror_and_an_unknown_name_is_refused(session: Session, event: Event) -> None:
    links.link(session, event, ANNE, 8001, by="cli")
    with pytest.raises(JurorLinkError) as taken:
        links.link(session, event, BRUNO, 8001, by="cli")
    assert (taken.value.code, taken.value.details) == ("taken", {"name": ANNE})
    with pytest.raises(JurorLinkError) as unknown:
        links.link(session, event, "Nobody Here", 8009, by="cli")
    assert unknown.value.code == "unknown_juror"


def test_relinking_a_juror_replaces_their_account(session: Session, event: Event) -> None:
    links.link(session, event, ANNE, 8001, by="cli")
    links.link(session, event, ANNE, 8101, by="cli")
    assert links.linked_jurors(session, event) == {"anne juge": 8101}
    assert actions(session) == ["juror.linked", "juror.linked"]


def test_unlinking_a_juror_is_audited_and_says_when_there_was_no_link(session: Session, event: Event) -> None:
    links.link(session, event, BRUNO, 8002, by="cli")
    assert links.unlink(session, event, "bruno juré", by="cli")
    assert not links.unlink(session, event, BRUNO, by="cli")
    assert links.linked_jurors(session, event) == {} and not links.is_juror(session, event, 8002)
    assert actions(session) == ["juror.linked", "juror.unlinked"]


def test_links_survive_a_reload_and_a_juror_gone_from_the_pack_may_not_score(
    session: Session, event: Event
) -> None:
    for name, user in JURORS.items():
        links.link(session, event, name, user, by="cli")
    data = jury_data()
    data["jury"] = [{"name": ANNE}, {"name": "Chloé Jurée-Martin"}]
    reloaded = load_jury_event(session, data)
    assert links.linked_jurors(session, reloaded) == {"anne juge": 8001}
    roster = {s.name: (s.telegram_user_id, s.in_pack) for s in links.roster(session, reloaded)}
    assert roster == {
        ANNE: (8001, True),
        "Chloé Jurée-Martin": (None, True),
        BRUNO: (8002, False),
        CHLOE: (8003, False),
    }
    assert not links.is_juror(session, reloaded, 8002)
    assert links.link_of_user(session, reloaded, 8002) is not None  # the link stays, unused


def test_a_juror_invitation_links_its_first_user_once_and_never_makes_an_organiser_or_a_mentor(
    session: Session, event: Event
) -> None:
    now = utcnow()
    invite = links.create_invite(session, event, CHLOE, now=now, created_by="cli")
    payload = links.invite_payload(invite)
    assert payload.startswith("jury_") and len(payload) <= 64 and invite.juror_name == CHLOE
    assert organisers.redeem_invite(session, invite.code, 555, now=now) is None
    assert mentor_links.redeem_invite(session, "mentor_" + invite.code, 555, now=now) is None
    links.link(session, event, ANNE, 8001, by="cli")
    with pytest.raises(JurorLinkError):  # Anne's account is already a juror: the code stays unused
        links.redeem_invite(session, payload, 8001, now=now)
    redeemed = links.redeem_invite(session, payload, 8003, now=now)
    assert (
        redeemed is not None and redeemed[1].name == CHLOE and redeemed[1].linked_by == f"invite:{invite.id}"
    )
    assert links.redeem_invite(session, payload, 8004, now=now) is None  # once only
    assert links.is_juror(session, event, 8003) and not organisers.is_organiser(session, event, 8003)
    assert actions(session) == [
        "juror.invite_created",
        "juror.linked",
        "juror.invite_redeemed",
        "juror.linked",
    ]


def test_an_organisers_or_a_mentors_invitation_links_no_juror(session: Session, event: Event) -> None:
    now = utcnow()
    organiser = organisers.create_invite(session, event, now=now)
    assert links.redeem_invite(session, "jury_" + organiser.code, 8005, now=now) is None
    assert not links.is_juror(session, event, 8005)


def test_an_expired_invitation_or_one_for_a_juror_gone_from_the_pack_links_nobody(
    session: Session, event: Event
) -> None:
    now = utcnow()
    expired = links.create_invite(session, event, BRUNO, now=now, created_by="cli")
    assert links.redeem_invite(session, expired.code, 8002, now=now + dt.timedelta(days=8)) is None
    gone = links.create_invite(session, event, CHLOE, now=now, created_by="cli")
    data = jury_data()
    data["jury"] = [{"name": ANNE}, {"name": BRUNO}]
    reloaded = load_jury_event(session, data)
    assert links.redeem_invite(session, links.invite_payload(gone), 8003, now=now) is None
    assert not links.is_juror(session, reloaded, 8003)
    used = session.scalars(select(OrganiserInvite.used_by).where(OrganiserInvite.juror_name.is_not(None)))
    assert list(used) == [None, None]
    with pytest.raises(JurorLinkError):
        links.create_invite(session, reloaded, CHLOE, now=now, created_by="cli")
