"""A team's call for a mentor, and the mentor who takes it.

`call` records what the team needs and where it is, and sends it to the mentors chosen (those
whose expertise fits, linked to Telegram: bot.mentors.links) with two buttons, "I'm coming"
and "Can't". The first mentor to press "I'm coming" takes it (`claim`: one conditional update,
so two mentors pressing at the same moment cannot both win); the team is told who is coming
and the other mentors that it is taken. A request nobody took after the escalation delay
(`escalation_delay`), or that every mentor asked declined, is told to the organisers
(`escalate_due`, `decline`). Every message goes through the outbox; every mentor's action is in
the audit log. Functions take the caller's session and only flush; times are naive UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.broadcast.announcements import message, queue_messages
from bot.core.clock import utcnow
from bot.core.models import Broadcast, Event, MentorCall, MentorRequest, Participant, Team, TeamMember
from bot.core.settings import minutes_setting
from bot.core.texts import t
from bot.events.organisers import audit, list_organisers, telegram_actor
from bot.mentors.links import link_of_user

BUTTON_PREFIX = "mentor"
ESCALATION_VARIABLE = "HACKBOT_MENTOR_ESCALATION_MINUTES"
DEFAULT_ESCALATION_MINUTES = 10
STILL_OPEN_FOR = dt.timedelta(hours=1)
"""How long a caller's open request stands in the way of a new one (they are told it waits)."""
MAX_TOPIC_LENGTH = 500
MAX_PLACE_LENGTH = 200


class MentorRequestError(Exception):
    """`code`: `not_found`, `not_mentor` (the user is no mentor of the event), `taken` (details:
    `mentor`, who took it)."""

    def __init__(self, code: str, **details: str) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def escalation_delay(environ: Mapping[str, str] | None = None) -> dt.timedelta:
    """How long a request may wait unclaimed before the organisers are told:
    `HACKBOT_MENTOR_ESCALATION_MINUTES` (default 10)."""
    return dt.timedelta(minutes=minutes_setting(ESCALATION_VARIABLE, DEFAULT_ESCALATION_MINUTES, environ))


def button_data(action: str, request_id: int) -> str:
    """`mentor:<come|cant>:<request id>` (≤ 64 bytes)."""
    return f"{BUTTON_PREFIX}:{action}:{request_id}"


def open_request_of(session: Session, event: Event, channel: str, user_id: str) -> MentorRequest | None:
    """The caller's latest request still waiting for a mentor, if recent (`STILL_OPEN_FOR`)."""
    query = (
        select(MentorRequest)
        .where(
            MentorRequest.event_id == event.id,
            MentorRequest.channel == channel,
            MentorRequest.user_id == user_id,
            MentorRequest.status == "open",
            MentorRequest.created_at >= utcnow() - STILL_OPEN_FOR,
        )
        .order_by(MentorRequest.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def _lang(event: Event) -> str:
    """The language of messages to the event's staff (mentors, organisers)."""
    return event.languages[0] if event.languages else "fr"


def _message(session: Session, request: MentorRequest, text: str, *, created_by: str) -> Broadcast:
    """A message about `request` (deleted with it), queued at once."""
    return message(session, request.event_id, text, created_by=created_by, mentor_request_id=request.id)


def _who(request: MentorRequest, lang: str) -> str:
    return request.team_name or t("mentor_request_no_team", lang)


def call(
    session: Session,
    event: Event,
    *,
    channel: str,
    user_id: str,
    language: str,
    team: Team | None,
    topic: str,
    place: str,
    mentors: Mapping[str, int],
) -> MentorRequest:
    """Record the request and send it to `mentors` (name -> Telegram user id), with the buttons."""
    request = MentorRequest(
        event_id=event.id,
        channel=channel,
        user_id=user_id,
        language=language,
        team_id=team.id if team is not None else None,
        team_name=team.name if team is not None else None,
        topic=topic.strip()[:MAX_TOPIC_LENGTH],
        place=place.strip()[:MAX_PLACE_LENGTH],
        status="open",
        created_at=utcnow(),
    )
    session.add(request)
    session.flush()
    for name, telegram_user_id in mentors.items():
        request.calls.append(MentorCall(telegram_user_id=telegram_user_id, mentor_name=name))
    session.flush()
    lang = _lang(event)
    text = t(
        "mentor_request_new",
        lang,
        id=request.id,
        team=_who(request, lang),
        topic=request.topic,
        place=request.place,
    )
    queue_messages(
        session,
        _message(session, request, text, created_by="mentors"),
        ((call.telegram_user_id, "private", text) for call in request.calls),
        buttons=[
            (t("button_mentor_come", lang), button_data("come", request.id)),
            (t("button_mentor_cant", lang), button_data("cant", request.id)),
        ],
    )
    return request


def find(session: Session, event: Event, request_id: int) -> MentorRequest:
    request = session.get(MentorRequest, request_id)
    if request is None or request.event_id != event.id:
        raise MentorRequestError("not_found")
    return request


def claim(session: Session, event: Event, request_id: int, telegram_user_id: int) -> MentorRequest:
    """The mentor says "I'm coming": they take the request if nobody has (MentorRequestError
    `taken` otherwise); the team is told who is coming, the other mentors that it is taken."""
    mentor = link_of_user(session, event, telegram_user_id)
    if mentor is None:
        raise MentorRequestError("not_mentor")
    request = find(session, event, request_id)
    now = utcnow()
    taken = session.execute(
        update(MentorRequest)
        .where(MentorRequest.id == request.id, MentorRequest.status == "open")
        .values(status="claimed", claimed_at=now, claimed_by=telegram_user_id, claimed_mentor=mentor.name),
        execution_options={"synchronize_session": False},
    )
    session.refresh(request)
    if getattr(taken, "rowcount", 0) != 1:
        raise MentorRequestError("taken", mentor=request.claimed_mentor or "")
    actor = telegram_actor(telegram_user_id)
    waited = int((now - request.created_at).total_seconds())
    audit(session, event, actor, "mentor_request.claimed", request_id=request.id, waited_seconds=waited)
    told = t(
        "mentor_request_coming",
        request.language,
        mentor=mentor.name,
        topic=request.topic,
        place=request.place,
    )
    _send(session, request, told, _team_chats(session, request), created_by=actor)
    lang = _lang(event)
    others = [
        c.telegram_user_id
        for c in request.calls
        if c.telegram_user_id != telegram_user_id and c.declined_at is None
    ]
    if request.escalated_at is not None:
        others += [o.telegram_user_id for o in list_organisers(session, event)]
    taken_text = t("mentor_request_taken_by", lang, id=request.id, mentor=mentor.name)
    _send(session, request, taken_text, others, created_by=actor)
    return request


def decline(session: Session, event: Event, request_id: int, telegram_user_id: int) -> MentorRequest:
    """The mentor says they can't; once every mentor asked has, the organisers are told at once."""
    mentor = link_of_user(session, event, telegram_user_id)
    if mentor is None:
        raise MentorRequestError("not_mentor")
    request = find(session, event, request_id)
    if request.status != "open":
        raise MentorRequestError("taken", mentor=request.claimed_mentor or "")
    session.execute(
        update(MentorCall)
        .where(
            MentorCall.request_id == request.id,
            MentorCall.telegram_user_id == telegram_user_id,
            MentorCall.declined_at.is_(None),
        )
        .values(declined_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    session.refresh(request)
    for item in request.calls:
        session.refresh(item)
    audit(session, event, telegram_actor(telegram_user_id), "mentor_request.declined", request_id=request.id)
    if request.calls and all(item.declined_at is not None for item in request.calls):
        _escalate(session, event, request, "mentor_request_escalated_declined")
    return request


def escalate_due(session: Session, delay: dt.timedelta, *, now: dt.datetime | None = None) -> int:
    """Tell the organisers of every request waiting unclaimed for `delay` or more (once each);
    how many were told."""
    now = now or utcnow()
    query = select(MentorRequest).where(
        MentorRequest.status == "open",
        MentorRequest.escalated_at.is_(None),
        MentorRequest.created_at <= now - delay,
    )
    told = 0
    for request in session.scalars(query).all():
        event = session.get(Event, request.event_id)
        if event is not None and _escalate(session, event, request, "mentor_request_escalated", now=now):
            told += 1
    return told


def _escalate(
    session: Session, event: Event, request: MentorRequest, key: str, *, now: dt.datetime | None = None
) -> bool:
    """Tell the organisers (once per request: a conditional update); whether this call did."""
    now = now or utcnow()
    marked = session.execute(
        update(MentorRequest)
        .where(
            MentorRequest.id == request.id,
            MentorRequest.status == "open",
            MentorRequest.escalated_at.is_(None),
        )
        .values(escalated_at=now),
        execution_options={"synchronize_session": False},
    )
    session.refresh(request)
    if getattr(marked, "rowcount", 0) != 1:
        return False
    lang = _lang(event)
    minutes = max(1, int((now - request.created_at).total_seconds() // 60))
    text = t(
        key,
        lang,
        id=request.id,
        team=_who(request, lang),
        topic=request.topic,
        place=request.place,
        minutes=minutes,
        mentors=", ".join(item.mentor_name for item in request.calls),
    )
    organisers = [o.telegram_user_id for o in list_organisers(session, event)]
    _send(session, request, text, organisers, created_by="mentors")
    audit(
        session,
        event,
        "mentors",
        "mentor_request.escalated",
        request_id=request.id,
        organisers=len(organisers),
    )
    return True


def _send(
    session: Session, request: MentorRequest, text: str, chats: Iterable[int], *, created_by: str
) -> int:
    chats = list(dict.fromkeys(chats))
    if not chats:
        return 0
    broadcast = _message(session, request, text, created_by=created_by)
    return queue_messages(session, broadcast, ((chat, "private", text) for chat in chats))


def _team_chats(session: Session, request: MentorRequest) -> list[int]:
    """Who is told a mentor is coming: the caller, and their team's members on Telegram."""
    chats = [int(request.user_id)] if request.channel == "telegram" and request.user_id.isdigit() else []
    if request.team_id is not None:
        query = (
            select(Participant.channel_user_id)
            .join(TeamMember, TeamMember.participant_id == Participant.id)
            .where(TeamMember.team_id == request.team_id, Participant.channel == "telegram")
        )
        chats += [int(found) for found in session.scalars(query) if found.isdigit()]
    return chats


@dataclass(frozen=True)
class RequestLine:
    """A request as organisers list it, with how long it waited (or has been waiting)."""

    request: MentorRequest
    waited: dt.timedelta


def requests(session: Session, event: Event, *, include_claimed: bool = True) -> list[RequestLine]:
    """The event's requests, oldest first; open ones only without `include_claimed`."""
    statuses = ("open", "claimed") if include_claimed else ("open",)
    query = (
        select(MentorRequest)
        .where(MentorRequest.event_id == event.id, MentorRequest.status.in_(statuses))
        .order_by(MentorRequest.created_at, MentorRequest.id)
    )
    now = utcnow()
    return [RequestLine(r, (r.claimed_at or now) - r.created_at) for r in session.scalars(query)]
