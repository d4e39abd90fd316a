"""Mentors on call: linking mentors (kept across pack reloads), a team's call sent to the mentors
whose expertise fits, taken by exactly one, told to the team and the other mentors, escalated to
the organisers when nobody takes it; on SQLite and PostgreSQL, with the exact rows asserted."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session
from support.packs import DEMO_PACK

from bot.core.clock import utcnow
from bot.core.db import session_scope
from bot.core.models import AuditEntry, Event, MentorRequest, OrganiserInvite, OutboxMessage
from bot.core.texts import t
from bot.events import organisers
from bot.events.loader import load_pack
from bot.events.lookup import get_event
from bot.events.pack import parse_pack, parse_pack_text
from bot.mentors import links, requests
from bot.mentors.links import MentorLinkError
from bot.mentors.requests import MentorRequestError
from bot.privacy.personal import Person, erase, what_is_stored

MARC, SOPHIE, TEVA = 7001, 7002, 7003
ORGANISER = 9001
CALLER = "4242"
SLUG = "fenua-innovation-2027"


@pytest.fixture
def event(demo_event: Event, session: Session) -> Event:
    links.link(session, demo_event, "Marc-Antoine Leroy", MARC, by="cli")
    links.link(session, demo_event, "sophie chen", SOPHIE, by="cli")  # any case
    organisers.grant(session, demo_event, ORGANISER, granted_by="cli")
    return demo_event


def outbox(session: Session) -> list[tuple[int, str]]:
    rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    return [(row.chat_id, row.text) for row in rows]


def call(session: Session, event: Event, mentors: dict[str, int] | None = None) -> MentorRequest:
    return requests.call(
        session,
        event,
        channel="telegram",
        user_id=CALLER,
        language="fr",
        team=None,
        topic="On bloque sur le RGPD",
        place="table 12",
        mentors=mentors if mentors is not None else {"Marc-Antoine Leroy": MARC, "Sophie Chen": SOPHIE},
    )


def test_links_name_the_packs_mentors_and_survive_a_reload_of_the_pack(
    session: Session, event: Event
) -> None:
    assert links.on_call(session, event) == {"marc-antoine leroy": MARC, "sophie chen": SOPHIE}
    with pytest.raises(MentorLinkError) as unknown:
        links.link(session, event, "Nobody Here", 1, by="cli")
    assert unknown.value.code == "unknown_mentor"
    with pytest.raises(MentorLinkError) as taken:  # one account, one mentor
        links.link(session, event, "Teva Tetuanui", MARC, by="cli")
    assert (taken.value.code, taken.value.details) == ("taken", {"name": "Marc-Antoine Leroy"})
    load_pack(session, parse_pack(DEMO_PACK), make_current=True)  # the pack's mentors are rows anew
    session.expire_all()
    reloaded = get_event(session, event.slug)
    assert reloaded is not None
    assert links.on_call(session, reloaded) == {"marc-antoine leroy": MARC, "sophie chen": SOPHIE}
    assert links.is_mentor(session, reloaded, MARC) and not links.is_mentor(session, reloaded, TEVA)


def test_a_mentor_gone_from_the_pack_stays_linked_but_is_called_by_nobody(
    session: Session, event: Event, tmp_path: Path
) -> None:
    text = DEMO_PACK.read_text(encoding="utf-8").replace("Marc-Antoine Leroy", "Marc Leroy")
    load_pack(session, parse_pack_text(text), make_current=True)
    session.expire_all()
    reloaded = get_event(session, event.slug)
    assert reloaded is not None
    assert links.on_call(session, reloaded) == {"sophie chen": SOPHIE}
    roster = {
        status.name: (status.telegram_user_id, status.in_pack) for status in links.roster(session, reloaded)
    }
    assert roster["Marc-Antoine Leroy"] == (MARC, False)
    assert roster["Marc Leroy"] == (None, True)
    assert not links.is_mentor(session, reloaded, MARC)


def test_a_call_reaches_each_mentor_with_the_two_buttons_and_nobody_else(
    session: Session, event: Event
) -> None:
    request = call(session, event)
    text = t(
        "mentor_request_new",
        "fr",
        id=request.id,
        team=t("mentor_request_no_team", "fr"),
        topic="On bloque sur le RGPD",
        place="table 12",
    )
    assert outbox(session) == [(MARC, text), (SOPHIE, text)]
    buttons = session.scalars(select(OutboxMessage.buttons)).first()
    assert buttons == [
        [t("button_mentor_come", "fr"), f"mentor:come:{request.id}"],
        [t("button_mentor_cant", "fr"), f"mentor:cant:{request.id}"],
    ]
    assert [(c.mentor_name, c.telegram_user_id) for c in request.calls] == [
        ("Marc-Antoine Leroy", MARC),
        ("Sophie Chen", SOPHIE),
    ]
    assert requests.open_request_of(session, event, "telegram", CALLER) == request


def test_the_first_mentor_to_come_takes_it_the_team_and_the_others_are_told(
    session: Session, event: Event
) -> None:
    request = call(session, event)
    before = len(outbox(session))
    taken = requests.claim(session, event, request.id, SOPHIE)
    assert (taken.status, taken.claimed_by, taken.claimed_mentor) == ("claimed", SOPHIE, "Sophie Chen")
    coming = t(
        "mentor_request_coming", "fr", mentor="Sophie Chen", topic="On bloque sur le RGPD", place="table 12"
    )
    told_others = t("mentor_request_taken_by", "fr", id=request.id, mentor="Sophie Chen")
    assert outbox(session)[before:] == [(int(CALLER), coming), (MARC, told_others)]
    with pytest.raises(MentorRequestError) as late:
        requests.claim(session, event, request.id, MARC)
    assert (late.value.code, late.value.details) == ("taken", {"mentor": "Sophie Chen"})
    with pytest.raises(MentorRequestError) as declined_late:
        requests.decline(session, event, request.id, MARC)
    assert declined_late.value.code == "taken"
    assert len(outbox(session)) == before + 2  # nothing more sent
    logged = session.scalars(select(AuditEntry).where(AuditEntry.action == "mentor_request.claimed")).one()
    assert logged.actor == f"telegram:{SOPHIE}" and logged.details["request_id"] == request.id
    assert requests.open_request_of(session, event, "telegram", CALLER) is None


def test_someone_who_is_no_mentor_cannot_take_or_decline_a_call(session: Session, event: Event) -> None:
    request = call(session, event)
    for act in (requests.claim, requests.decline):
        with pytest.raises(MentorRequestError) as refused:
            act(session, event, request.id, TEVA)  # a mentor of the pack, but not linked
        assert refused.value.code == "not_mentor"
    session.refresh(request)
    assert request.status == "open" and all(c.declined_at is None for c in request.calls)


def test_a_call_every_mentor_declines_is_told_to_the_organisers_at_once_and_only_once(
    session: Session, event: Event
) -> None:
    request = call(session, event)
    before = len(outbox(session))
    requests.decline(session, event, request.id, MARC)
    assert len(outbox(session)) == before  # Sophie may still come
    requests.decline(session, event, request.id, SOPHIE)
    session.refresh(request)
    assert request.escalated_at is not None
    (told,) = outbox(session)[before:]
    assert told[0] == ORGANISER and "Marc-Antoine Leroy, Sophie Chen" in told[1] and "table 12" in told[1]
    assert requests.escalate_due(session, dt.timedelta(minutes=0), now=utcnow() + dt.timedelta(hours=1)) == 0
    # Taken after all (by a mentor who declined first): the organisers learn it too.
    requests.claim(session, event, request.id, MARC)
    assert (
        ORGANISER,
        t("mentor_request_taken_by", "fr", id=request.id, mentor="Marc-Antoine Leroy"),
    ) in outbox(session)


def test_a_call_left_waiting_is_escalated_once_after_the_delay(session: Session, event: Event) -> None:
    request = call(session, event)
    delay = dt.timedelta(minutes=10)
    assert requests.escalate_due(session, delay, now=request.created_at + dt.timedelta(minutes=9)) == 0
    before = len(outbox(session))
    assert requests.escalate_due(session, delay, now=request.created_at + dt.timedelta(minutes=11)) == 1
    (told,) = outbox(session)[before:]
    expected = t(
        "mentor_request_escalated",
        "fr",
        id=request.id,
        team=t("mentor_request_no_team", "fr"),
        topic="On bloque sur le RGPD",
        place="table 12",
        minutes=11,
        mentors="Marc-Antoine Leroy, Sophie Chen",
    )
    assert told == (ORGANISER, expected)
    assert requests.escalate_due(session, delay, now=request.created_at + dt.timedelta(minutes=30)) == 0
    requests.claim(session, event, request.id, MARC)  # a claimed call is never escalated
    assert requests.escalate_due(session, delay, now=request.created_at + dt.timedelta(hours=2)) == 0


def test_the_escalation_delay_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert requests.escalation_delay({}) == dt.timedelta(minutes=10)
    assert requests.escalation_delay({"HACKBOT_MENTOR_ESCALATION_MINUTES": "3"}) == dt.timedelta(minutes=3)
    for wrong in ("0", "-2", "ten"):
        with pytest.raises(ValueError, match="HACKBOT_MENTOR_ESCALATION_MINUTES"):
            requests.escalation_delay({"HACKBOT_MENTOR_ESCALATION_MINUTES": wrong})


def test_the_requests_list_says_how_long_each_waited(session: Session, event: Event) -> None:
    first = call(session, event)
    requests.claim(session, event, first.id, MARC)
    second = call(session, event, {"Sophie Chen": SOPHIE})
    listed = requests.requests(session, event)
    assert [line.request.id for line in listed] == [first.id, second.id]
    assert listed[0].waited == first.claimed_at - first.created_at  # type: ignore[operator]
    assert [line.request.id for line in requests.requests(session, event, include_claimed=False)] == [
        second.id
    ]


def test_a_mentor_invitation_links_its_first_user_and_never_makes_an_organiser(
    session: Session, event: Event
) -> None:
    now = utcnow()
    invite = links.create_invite(session, event, "Teva Tetuanui", now=now, created_by="cli")
    payload = links.invite_payload(invite)
    assert payload.startswith("mentor_") and len(payload) <= 64
    assert organisers.redeem_invite(session, invite.code, 555, now=now) is None  # not an organiser's code
    with pytest.raises(MentorLinkError):  # Marc's account is already a mentor: the code stays unused
        links.redeem_invite(session, payload, MARC, now=now)
    redeemed = links.redeem_invite(session, payload, TEVA, now=now)
    assert redeemed is not None and redeemed[1].name == "Teva Tetuanui"
    assert links.redeem_invite(session, payload, 556, now=now) is None  # once only
    assert links.is_mentor(session, event, TEVA) and not organisers.is_organiser(session, event, TEVA)
    expired = links.create_invite(session, event, "Hinano Mahé", now=now, created_by="cli")
    assert links.redeem_invite(session, expired.code, 557, now=now + dt.timedelta(days=8)) is None
    assert (
        session.scalars(select(OrganiserInvite.used_by).where(OrganiserInvite.id == expired.id)).one() is None
    )


def test_forget_erases_the_callers_requests_and_the_messages_about_them(
    session: Session, event: Event
) -> None:
    request = call(session, event)
    requests.claim(session, event, request.id, MARC)
    stored = what_is_stored(session, Person("telegram", CALLER))
    assert [item["topic"] for item in stored["mentor_requests"]] == ["On bloque sur le RGPD"]
    erase(session, Person("telegram", CALLER))
    session.expire_all()
    assert session.scalars(select(MentorRequest)).all() == []
    assert all("RGPD" not in text for _, text in outbox(session))
    # A mentor's own link goes with their data too.
    erase(session, Person("telegram", str(SOPHIE)))
    session.expire_all()
    refreshed = get_event(session, event.slug)
    assert refreshed is not None and links.on_call(session, refreshed) == {"marc-antoine leroy": MARC}


# ------------------------------------------------------------------ two mentors at the same moment


def _race(engine: Engine, request_id: int) -> dict[int, str]:
    """MARC and SOPHIE press "I'm coming" at the same moment, each in their own transaction."""
    start, outcomes = threading.Barrier(2), dict[int, str]()

    def press(mentor: int) -> None:
        start.wait()
        try:
            with session_scope(engine) as session:
                found = get_event(session, SLUG)
                assert found is not None
                requests.claim(session, found, request_id, mentor)
            outcomes[mentor] = "took"
        except MentorRequestError as error:
            outcomes[mentor] = error.code

    threads = [threading.Thread(target=press, args=(m,)) for m in (MARC, SOPHIE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_mentors_pressing_at_the_same_moment_exactly_one_takes_the_call(migrated_db_url: str) -> None:
    if not migrated_db_url.startswith("postgresql"):
        pytest.skip("the race is run on PostgreSQL, where two connections really run at once")
    engine = create_engine(migrated_db_url, pool_size=4, max_overflow=0)
    with session_scope(engine) as setup:
        load_pack(setup, parse_pack(DEMO_PACK), make_current=True)
        demo = get_event(setup, SLUG)
        assert demo is not None
        links.link(setup, demo, "Marc-Antoine Leroy", MARC, by="cli")
        links.link(setup, demo, "Sophie Chen", SOPHIE, by="cli")
    for attempt in range(5):  # several rounds, so that the race is really run
        with session_scope(engine) as setup:
            demo = get_event(setup, SLUG)
            assert demo is not None
            request_id = call(setup, demo).id
        outcomes = _race(engine, request_id)
        assert sorted(outcomes.values()) == ["taken", "took"], (attempt, outcomes)
        with session_scope(engine) as check:
            taken = check.get(MentorRequest, request_id)
            winner = next(m for m, o in outcomes.items() if o == "took")
            assert taken is not None and (taken.status, taken.claimed_by) == ("claimed", winner)
            coming = select(OutboxMessage.chat_id).where(
                OutboxMessage.text.contains("🏃"), OutboxMessage.chat_id == int(CALLER)
            )
            assert len(check.scalars(coming).all()) == attempt + 1  # the team told once per call
    engine.dispose()
