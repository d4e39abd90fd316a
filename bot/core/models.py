"""Typed SQLAlchemy 2.x models for everything an event pack describes.

Times of the schedule are stored as naive local wall-clock datetimes in the
event's time zone (`Event.timezone`), exactly as the pack writes them.
Localised text is stored as JSON: a mapping from language code to string; a
plain (language-neutral) string is stored under the key ``"*"`` (see
``bot.core.i18n.localize``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.event import listen
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from bot.core.clock import utcnow

LocalText = dict[str, str]
"""Localised text: ``{"fr": "...", "en": "..."}`` or ``{"*": "..."}``."""

SESSION_KINDS = (
    "ceremony",
    "talk",
    "workshop",
    "hacking",
    "mentoring",
    "pitch",
    "jury",
    "meal",
    "social",
    "other",
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy's own class attribute)
        LocalText: JSON,
        list[str]: JSON,
        list[LocalText]: JSON,
        dict[str, Any]: JSON,
    }


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("ends >= starts", name="dates_ordered"),
        CheckConstraint("length(slug) > 0", name="slug_not_empty"),
        CheckConstraint("length(timezone) > 0", name="timezone_not_empty"),
        # At most one event is the current one.
        Index(
            "uq_events_one_current",
            "is_current",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[LocalText]
    organiser: Mapped[LocalText]
    timezone: Mapped[str] = mapped_column(String(64))
    starts: Mapped[dt.date] = mapped_column(Date)
    ends: Mapped[dt.date] = mapped_column(Date)
    languages: Mapped[list[str]]
    description: Mapped[LocalText | None]
    audience: Mapped[LocalText | None]
    venue_name: Mapped[LocalText | None]
    venue_address: Mapped[str | None] = mapped_column(Text)
    venue_map_url: Mapped[str | None] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(String(320))
    contact_phone: Mapped[str | None] = mapped_column(String(64))
    contact_url: Mapped[str | None] = mapped_column(Text)
    retention_days: Mapped[int | None] = mapped_column(Integer)
    """Days its personal data is kept after its end (`bot.privacy.retention`); none: the default."""
    is_current: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, server_default=func.now()
    )
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    """Raised by every flush that changes the event or one of its parts (`bump_revisions`), so
    that a process holding the event in memory knows when to read it again (bot.events.lookup)."""

    team_settings: Mapped[TeamSettings | None] = relationship(
        back_populates="event", cascade="all, delete-orphan", uselist=False
    )
    results: Mapped[Results | None] = relationship(
        back_populates="event", cascade="all, delete-orphan", uselist=False
    )
    sessions: Mapped[list[ProgrammeSession]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="(ProgrammeSession.starts, ProgrammeSession.position)",
    )
    challenges: Mapped[list[Challenge]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Challenge.position"
    )
    rules: Mapped[list[Rule]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Rule.position"
    )
    faq: Mapped[list[FaqItem]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="FaqItem.position"
    )
    mentors: Mapped[list[Mentor]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Mentor.position"
    )
    jury: Mapped[list[JuryMember]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="JuryMember.position"
    )
    prizes: Mapped[list[Prize]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Prize.position"
    )
    awards: Mapped[list[Award]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Award.position"
    )
    hidden_methods: Mapped[list[HiddenMethod]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="HiddenMethod.position"
    )
    added_methods: Mapped[list[EventMethod]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventMethod.position"
    )
    judging: Mapped[JudgingSettings | None] = relationship(
        back_populates="event", cascade="all, delete-orphan", uselist=False
    )
    criteria: Mapped[list[JudgingCriterion]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="JudgingCriterion.position"
    )
    judged_teams: Mapped[list[JudgedTeam]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="JudgedTeam.position"
    )
    prize_rules: Mapped[list[PrizeRule]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="PrizeRule.position"
    )


class TeamSettings(Base):
    """The `teams` mapping of a pack: rules used by registration."""

    __tablename__ = "team_settings"
    __table_args__ = (
        CheckConstraint("min_size IS NULL OR min_size >= 1", name="min_size_positive"),
        CheckConstraint("max_size IS NULL OR min_size IS NULL OR max_size >= min_size", name="sizes_ordered"),
        CheckConstraint("max_teams IS NULL OR max_teams >= 1", name="max_teams_positive"),
        CheckConstraint(
            "registration_opens IS NULL OR registration_closes IS NULL"
            " OR registration_closes > registration_opens",
            name="registration_window_ordered",
        ),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    min_size: Mapped[int | None] = mapped_column(Integer)
    max_size: Mapped[int | None] = mapped_column(Integer)
    max_teams: Mapped[int | None] = mapped_column(Integer)
    registration_opens: Mapped[dt.datetime | None] = mapped_column(DateTime)
    registration_closes: Mapped[dt.datetime | None] = mapped_column(DateTime)
    require_challenge: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))

    event: Mapped[Event] = relationship(back_populates="team_settings")


class Results(Base):
    """Outcomes of an event. Nothing here or in `Award` is public until `published`."""

    __tablename__ = "results"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    published: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    follow_up: Mapped[LocalText | None]

    event: Mapped[Event] = relationship(back_populates="results")


class _EventItem:
    """Columns shared by every list item of a pack."""

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class ProgrammeSession(_EventItem, Base):
    __tablename__ = "sessions"
    __table_args__ = (
        UniqueConstraint("event_id", "key"),
        CheckConstraint("ends IS NULL OR ends > starts", name="times_ordered"),
        CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in SESSION_KINDS) + ")", name="kind_known"),
        Index("ix_sessions_event_starts", "event_id", "starts"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    title: Mapped[LocalText]
    starts: Mapped[dt.datetime] = mapped_column(DateTime)
    ends: Mapped[dt.datetime | None] = mapped_column(DateTime)
    location: Mapped[LocalText | None]
    kind: Mapped[str] = mapped_column(String(20), default="other", server_default="other")
    description: Mapped[LocalText | None]

    event: Mapped[Event] = relationship(back_populates="sessions")


class Challenge(_EventItem, Base):
    __tablename__ = "challenges"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    title: Mapped[LocalText]
    summary: Mapped[LocalText]
    details: Mapped[LocalText | None]
    owner: Mapped[LocalText | None]
    theme: Mapped[LocalText | None]
    keywords: Mapped[list[str]] = mapped_column(default=list)

    event: Mapped[Event] = relationship(back_populates="challenges")


class Rule(_EventItem, Base):
    __tablename__ = "rules"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    topic: Mapped[LocalText]
    text: Mapped[LocalText]

    event: Mapped[Event] = relationship(back_populates="rules")


class FaqItem(_EventItem, Base):
    __tablename__ = "faq_items"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    question: Mapped[LocalText]
    answer: Mapped[LocalText]

    event: Mapped[Event] = relationship(back_populates="faq")


class Mentor(_EventItem, Base):
    __tablename__ = "mentors"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    expertise: Mapped[list[LocalText]] = mapped_column(default=list)
    bio: Mapped[LocalText | None]
    available: Mapped[LocalText | None]

    event: Mapped[Event] = relationship(back_populates="mentors")


class JuryMember(_EventItem, Base):
    __tablename__ = "jury_members"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[LocalText | None]
    chair: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))

    event: Mapped[Event] = relationship(back_populates="jury")


class Prize(_EventItem, Base):
    __tablename__ = "prizes"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    name: Mapped[LocalText]
    description: Mapped[LocalText | None]
    reward: Mapped[LocalText | None]

    event: Mapped[Event] = relationship(back_populates="prizes")
    awards: Mapped[list[Award]] = relationship(back_populates="prize")


AWARD_ORIGINS = ("pack", "judging")


class Award(_EventItem, Base):
    """One line of `results.awards`: embargoed until `Results.published`.

    `origin`: "pack" for an award the pack lists, "judging" for one an organiser adopted from the
    jury's draft palmarès and the public votes (bot.jury.palmares): a reload of a pack that lists
    no awards keeps those."""

    __tablename__ = "awards"
    __table_args__ = (
        CheckConstraint(
            "origin IN (" + ", ".join(f"'{o}'" for o in AWARD_ORIGINS) + ")", name="origin_known"
        ),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    prize_id: Mapped[int] = mapped_column(ForeignKey("prizes.id", ondelete="CASCADE"), index=True)
    team: Mapped[str] = mapped_column(String(200))
    project: Mapped[LocalText | None]
    summary: Mapped[LocalText | None]
    origin: Mapped[str] = mapped_column(String(8), default="pack", server_default=text("'pack'"))

    event: Mapped[Event] = relationship(back_populates="awards")
    prize: Mapped[Prize] = relationship(back_populates="awards")


# ------------------------------------------------------------------ team registration

TEAM_NAME_MIN_LENGTH = 2
TEAM_NAME_MAX_LENGTH = 60


class Participant(Base):
    """Someone who talks to the bot, identified by their channel ("rest", "telegram") and id there."""

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("channel", "channel_user_id", name="uq_participants_channel_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    channel_user_id: Mapped[str] = mapped_column(String(200))
    display_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=func.now())


class Team(Base):
    """A registered team. `created_at` and `withdrawn_at` are event-local wall-clock times.

    `name_key` is the name folded (case, accents, spaces) so that two active teams of an event
    can never have names differing only by those; a withdrawn team frees its name.
    """

    __tablename__ = "teams"
    __table_args__ = (
        CheckConstraint(
            f"length(name) >= {TEAM_NAME_MIN_LENGTH} AND length(name) <= {TEAM_NAME_MAX_LENGTH}",
            name="name_length",
        ),
        Index(
            "uq_teams_active_name",
            "event_id",
            "name_key",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(TEAM_NAME_MAX_LENGTH))
    name_key: Mapped[str] = mapped_column(String(240))
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", ondelete="SET NULL"), index=True
    )
    captain_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    contact_email: Mapped[str] = mapped_column(String(320))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    event: Mapped[Event] = relationship()
    challenge: Mapped[Challenge | None] = relationship()
    captain: Mapped[Participant] = relationship()
    members: Mapped[list[TeamMember]] = relationship(
        back_populates="team", cascade="all, delete-orphan", order_by="(TeamMember.joined_at, TeamMember.id)"
    )


class TeamMember(Base):
    """A member of a team: a participant who joined, or a person the captain named (no participant).

    `event_id` repeats the team's event so that a participant is in at most one team per event.
    """

    __tablename__ = "team_members"
    __table_args__ = (
        UniqueConstraint("event_id", "participant_id", name="uq_team_members_event_participant"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    is_captain: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime)

    team: Mapped[Team] = relationship(back_populates="members")
    participant: Mapped[Participant | None] = relationship()


class JoinCodeFailure(Base):
    """A code someone tried that joins no team of the event (`bot.teams.join_codes`): after a
    few within a short time, that person's codes are not tried for a while. `failed_at` is
    event-local wall-clock time, like the teams' times. Kept a day at most."""

    __tablename__ = "join_code_failures"
    __table_args__ = (Index("ix_join_code_failures_who", "participant_id", "event_id", "failed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    failed_at: Mapped[dt.datetime] = mapped_column(DateTime)


# ------------------------------------------------------------ Telegram: subscribers, organisers, broadcasts
# Times here are UTC (naive), unlike the event-local times of the schedule.

CHAT_TYPES = ("private", "group", "supergroup")
BROADCAST_KINDS = ("announcement", "reminder", "message")
"""A message: to one person or a few (a question passed on to the organisers, their reply)."""
BROADCAST_STATUSES = ("draft", "queued", "cancelled")
OUTBOX_STATUSES = ("pending", "sent", "failed")


class Subscriber(Base):
    """A Telegram chat that receives the event's announcements and reminders: a participant's
    private chat, or a group an organiser added the bot to. Unsubscribing keeps the row."""

    __tablename__ = "subscribers"
    __table_args__ = (
        UniqueConstraint("event_id", "chat_id", name="uq_subscribers_event_chat"),
        CheckConstraint(f"chat_type IN {CHAT_TYPES}", name="chat_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    chat_type: Mapped[str] = mapped_column(String(16), default="private", server_default="private")
    language: Mapped[str] = mapped_column(String(8))
    subscribed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    unsubscribed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    unsubscribe_reason: Mapped[str | None] = mapped_column(String(32))
    """"command" (/unsubscribe) or "blocked" (Telegram answered 403)."""


class Organiser(Base):
    """A Telegram user allowed to use the organiser commands of one event."""

    __tablename__ = "organisers"
    __table_args__ = (UniqueConstraint("event_id", "telegram_user_id", name="uq_organisers_event_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger)
    granted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    granted_by: Mapped[str] = mapped_column(String(200))


class OrganiserInvite(Base):
    """A one-time code (`/start org_<code>`) that makes whoever uses it first an organiser (or,
    with `mentor_name` or `juror_name`, that mentor or juror of the event)."""

    __tablename__ = "organiser_invites"
    __table_args__ = (CheckConstraint("mentor_name IS NULL OR juror_name IS NULL", name="one_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    used_by: Mapped[int | None] = mapped_column(BigInteger)
    mentor_name: Mapped[str | None] = mapped_column(String(200))
    """Set for a mentor's invitation (`/start mentor_<code>` links whoever uses it to the mentor
    of that name); None for an organiser's."""
    juror_name: Mapped[str | None] = mapped_column(String(200))
    """Set for a juror's invitation (`/start jury_<code>` links whoever uses it to the jury member
    of that name); None for an organiser's or a mentor's."""


class AuditEntry(Base):
    """Who did what as an organiser, and when (Telegram commands and the CLI)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    """"telegram:<user id>" or "cli"."""
    action: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Broadcast(Base):
    """One message to every subscriber of an event: an organiser's announcement or a reminder.

    A reminder's `dedup_key` (event, session, start) is unique, so it is queued once however many
    times the scheduler looks. A draft is an announcement waiting for the organiser's confirmation.
    """

    __tablename__ = "broadcasts"
    __table_args__ = (
        CheckConstraint(f"kind IN {BROADCAST_KINDS}", name="kind"),
        CheckConstraint(f"status IN {BROADCAST_STATUSES}", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    text: Mapped[str] = mapped_column(Text)
    dedup_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_by: Mapped[str] = mapped_column(String(200))
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    """For a message about a question of the inbox (to the organisers, or the reply to its
    asker): deleted with the question."""
    mentor_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentor_requests.id", ondelete="CASCADE"), index=True
    )
    """For a message about a team's call for a mentor: deleted with the request."""
    programme_before: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    """For a programme-change alert: the programme its recipients knew before it
    (bot.broadcast.changes), so that an alert replacing it before it reached them starts there."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    messages: Mapped[list[OutboxMessage]] = relationship(back_populates="broadcast", passive_deletes=True)


class OutboxMessage(Base):
    """One recipient of a broadcast: sent at most once, retried until sent or failed for good."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "chat_id", name="uq_outbox_broadcast_chat"),
        CheckConstraint(f"status IN {OUTBOX_STATUSES}", name="status"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    chat_type: Mapped[str] = mapped_column(String(16), default="private")
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    error: Mapped[str | None] = mapped_column(String(500))
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    buttons: Mapped[list[list[str]] | None] = mapped_column(JSON)
    """Buttons under the message, one a row: [title, callback data] (the inbox's notices)."""

    broadcast: Mapped[Broadcast] = relationship(back_populates="messages")


# ------------------------------------------------------------------ questions the assistant could not answer

QUESTION_STATUSES = ("unanswered", "open", "answered", "dismissed")
"""unanswered: counted only (the asker did not pass it on); open: passed on to the organisers;
answered: an organiser replied; dismissed: an organiser set it aside."""
QUESTION_CHANNELS = ("telegram", "web", "rest")
"""Where the asker wrote; a REST client's (the terminal chat's) questions are counted only."""


class Question(Base):
    """A question the assistant had no answer to, and, once its asker passed it on, the
    organisers' inbox: their reply goes back to the asker on the channel they asked on."""

    __tablename__ = "questions"
    __table_args__ = (
        CheckConstraint(f"status IN {QUESTION_STATUSES}", name="status"),
        CheckConstraint(f"channel IN {QUESTION_CHANNELS}", name="channel"),
        CheckConstraint("language IN ('fr', 'en')", name="language"),
        CheckConstraint("status <> 'answered' OR answer IS NOT NULL", name="answered_has_answer"),
        Index("ix_questions_event_status", "event_id", "status"),
        Index("ix_questions_asker", "channel", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(100))
    """The asker on their channel: a Telegram user id, or the web page's sender."""
    language: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="unanswered")
    asked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    passed_on_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(200))
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    """When the reply reached the asker (queued for Telegram; shown on the web page)."""


class ToldProgramme(Base):
    """An event's programme as its subscribers were last told it: what the programme changes they
    are told are measured from (bot.broadcast.changes). Not a part of the event: writing it
    changes no revision."""

    __tablename__ = "told_programmes"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    sessions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """Each session: key, title, starts, ends (ISO, event-local), location."""
    told_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


# ------------------------------------------------------------------ the method coach


METHOD_ADVICE_KINDS = ("recommended", "card")


class MethodAdvice(Base):
    """A method the coach gave a team: in a recommendation, or its whole card. Nothing says who
    asked: the organisers' debrief counts which methods teams needed, at which stage
    (`hackbot methods stats`)."""

    __tablename__ = "method_advice"
    __table_args__ = (
        CheckConstraint("kind IN ('recommended', 'card')", name="kind"),
        CheckConstraint("language IN ('fr', 'en')", name="language"),
        CheckConstraint("minutes IS NULL OR minutes > 0", name="minutes_positive"),
        Index("ix_method_advice_event_method", "event_id", "method_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    method_id: Mapped[str] = mapped_column(String(100))
    """The method's id in the catalogue."""
    kind: Mapped[str] = mapped_column(String(16))
    stage: Mapped[str | None] = mapped_column(String(16))
    """The stage the team was at, as the coach understood it (None for a card asked directly)."""
    minutes: Mapped[int | None] = mapped_column(Integer)
    """The time the team had, as the coach understood it."""
    language: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class HiddenMethod(_EventItem, Base):
    """A method of the coach's shipped catalogue the event does not offer (its pack's
    `methods.hide`): `key` is the method's id."""

    __tablename__ = "hidden_methods"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))

    event: Mapped[Event] = relationship(back_populates="hidden_methods")


class EventMethod(_EventItem, Base):
    """A method the event adds to the coach's catalogue (its pack's `methods.add`), in the
    catalogue's format (bot.events.method_specs): `key` is its id, each nested value a column
    (`minutes.minimum` is `minutes_minimum`), every text in French and English."""

    __tablename__ = "event_methods"
    __table_args__ = (
        UniqueConstraint("event_id", "key"),
        CheckConstraint("minutes_minimum >= 1", name="minutes_positive"),
        CheckConstraint("minutes_typical >= minutes_minimum", name="minutes_ordered"),
        CheckConstraint("people_minimum >= 1", name="people_positive"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    name: Mapped[LocalText]
    purpose: Mapped[LocalText]
    stages: Mapped[list[str]]
    minutes_minimum: Mapped[int] = mapped_column(Integer)
    minutes_typical: Mapped[int] = mapped_column(Integer)
    people_minimum: Mapped[int] = mapped_column(Integer)
    people_users: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    materials: Mapped[list[LocalText]] = mapped_column(default=list)
    steps: Mapped[list[LocalText]]
    pitfalls: Mapped[list[LocalText]]
    example: Mapped[LocalText]
    for_a_challenge: Mapped[LocalText | None]
    keywords_fr: Mapped[list[str]] = mapped_column(default=list)
    keywords_en: Mapped[list[str]] = mapped_column(default=list)
    source_title: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(Text)

    event: Mapped[Event] = relationship(back_populates="added_methods")


# ------------------------------------------------------------------ mentors on call


class MentorLink(Base):
    """A mentor of the event reachable on Telegram. Linked by the mentor's name, not to the pack's
    row, so that reloading the pack (which replaces its mentors) keeps the link."""

    __tablename__ = "mentor_links"
    __table_args__ = (
        UniqueConstraint("event_id", "name_key", name="uq_mentor_links_event_name"),
        UniqueConstraint("event_id", "telegram_user_id", name="uq_mentor_links_event_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    """The name folded (case, accents, spaces): how a pack's mentor is found again."""
    telegram_user_id: Mapped[int] = mapped_column(BigInteger)
    linked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    linked_by: Mapped[str] = mapped_column(String(200))


MENTOR_REQUEST_STATUSES = ("open", "claimed")
"""open: sent to mentors, nobody has said "I'm coming" yet; claimed: one mentor is on the way."""


class MentorRequest(Base):
    """A team's call for a mentor: what they need help with and where they are."""

    __tablename__ = "mentor_requests"
    __table_args__ = (
        CheckConstraint(f"status IN {MENTOR_REQUEST_STATUSES}", name="status"),
        CheckConstraint("language IN ('fr', 'en')", name="language"),
        CheckConstraint(
            "status <> 'claimed' OR (claimed_at IS NOT NULL AND claimed_by IS NOT NULL)",
            name="claimed_by_someone",
        ),
        Index("ix_mentor_requests_event_status", "event_id", "status"),
        Index("ix_mentor_requests_asker", "channel", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(100))
    """Who called, on their channel (a Telegram user id)."""
    language: Mapped[str] = mapped_column(String(2))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    team_name: Mapped[str | None] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(Text)
    place: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    claimed_by: Mapped[int | None] = mapped_column(BigInteger)
    """The Telegram user id of the mentor who said "I'm coming"."""
    claimed_mentor: Mapped[str | None] = mapped_column(String(200))
    escalated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    """When the organisers were told that nobody had taken it."""

    calls: Mapped[list[MentorCall]] = relationship(
        back_populates="request", cascade="all, delete-orphan", passive_deletes=True, order_by="MentorCall.id"
    )


class MentorCall(Base):
    """One mentor a request was sent to, and whether they answered they can't."""

    __tablename__ = "mentor_calls"
    __table_args__ = (
        UniqueConstraint("request_id", "telegram_user_id", name="uq_mentor_calls_request_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("mentor_requests.id", ondelete="CASCADE"), index=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger)
    mentor_name: Mapped[str] = mapped_column(String(200))
    declined_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    request: Mapped[MentorRequest] = relationship(back_populates="calls")


# ------------------------------------------------------------------ judging


class JudgingSettings(Base):
    """The pack's `judging` mapping (hackbot's own section): the scale jurors score on, and
    whether teams are ranked on each juror's scores normalised (bot.jury.ranking)."""

    __tablename__ = "judging_settings"
    __table_args__ = (
        CheckConstraint("scale_min >= 0", name="scale_not_negative"),
        CheckConstraint("scale_max > scale_min", name="scale_ordered"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    scale_min: Mapped[int] = mapped_column(Integer)
    scale_max: Mapped[int] = mapped_column(Integer)
    normalise: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))

    event: Mapped[Event] = relationship(back_populates="judging")


class JudgingCriterion(_EventItem, Base):
    """A criterion jurors score each team on (`judging.criteria`): `key` is its id."""

    __tablename__ = "judging_criteria"
    __table_args__ = (
        UniqueConstraint("event_id", "key"),
        CheckConstraint("weight > 0", name="weight_positive"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    name: Mapped[LocalText]
    description: Mapped[LocalText | None]
    weight: Mapped[float] = mapped_column(Float, default=1.0)

    event: Mapped[Event] = relationship(back_populates="criteria")


class JudgedTeam(_EventItem, Base):
    """A team the pack lists for judging (`judging.teams`), for teams that did not register through
    the assistant: `key` is its name folded (case, accents, spaces), unique in the event."""

    __tablename__ = "judged_teams"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenges.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship(back_populates="judged_teams")
    challenge: Mapped[Challenge | None] = relationship()


PRIZE_AWARDED_BY = ("jury", "public")


class PrizeRule(_EventItem, Base):
    """How one prize of the pack is awarded (`judging.prizes`): by the jury or by the public, to
    any team or to those of one challenge. `key` is the prize's id."""

    __tablename__ = "judging_prizes"
    __table_args__ = (
        UniqueConstraint("event_id", "key"),
        CheckConstraint(f"awarded_by IN {PRIZE_AWARDED_BY}", name="awarded_by"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    prize_id: Mapped[int] = mapped_column(ForeignKey("prizes.id", ondelete="CASCADE"), index=True)
    awarded_by: Mapped[str] = mapped_column(String(16), default="jury")
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenges.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship(back_populates="prize_rules")
    prize: Mapped[Prize] = relationship()
    challenge: Mapped[Challenge | None] = relationship()


class JurorLink(Base):
    """A jury member of the event who scores on Telegram. Linked by the juror's name, not to the
    pack's row, so that reloading the pack (which replaces its jury) keeps the link."""

    __tablename__ = "juror_links"
    __table_args__ = (
        UniqueConstraint("event_id", "name_key", name="uq_juror_links_event_name"),
        UniqueConstraint("event_id", "telegram_user_id", name="uq_juror_links_event_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    """The name folded (case, accents, spaces): how a pack's jury member is found again."""
    telegram_user_id: Mapped[int] = mapped_column(BigInteger)
    linked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    linked_by: Mapped[str] = mapped_column(String(200))


SCORECARD_COMMENT_MAX_LENGTH = 2000


class Scorecard(Base):
    """One juror's scores for one team, one per criterion (`Score`), and their comment: one card
    per juror and team, revised in place until voting closes. The juror and the team are named by
    their keys (bot.jury), so that a pack reload or a new Telegram account keeps the card; the
    names are kept beside them for listings. Seen only by its juror and the organisers."""

    __tablename__ = "scorecards"
    __table_args__ = (
        UniqueConstraint("event_id", "juror_key", "team_key", name="uq_scorecards_event_juror_team"),
        CheckConstraint(
            f"comment IS NULL OR length(comment) <= {SCORECARD_COMMENT_MAX_LENGTH}", name="comment_length"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    juror_key: Mapped[str] = mapped_column(String(200))
    juror_name: Mapped[str] = mapped_column(String(200))
    team_key: Mapped[str] = mapped_column(String(100))
    team_name: Mapped[str] = mapped_column(String(200))
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    scores: Mapped[list[Score]] = relationship(
        back_populates="scorecard", cascade="all, delete-orphan", passive_deletes=True, order_by="Score.id"
    )


class Score(Base):
    """A juror's score of a team on one criterion (`criterion_key`, the criterion's id). Within
    the event's scale, which the code checks (the scale is another table's); never negative."""

    __tablename__ = "scores"
    __table_args__ = (
        UniqueConstraint("scorecard_id", "criterion_key", name="uq_scores_card_criterion"),
        CheckConstraint("value >= 0", name="value_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"))
    criterion_key: Mapped[str] = mapped_column(String(100))
    value: Mapped[int] = mapped_column(Integer)

    scorecard: Mapped[Scorecard] = relationship(back_populates="scores")


class VotingState(Base):
    """Whether the jury's voting is closed, since when and by whom. Recording a card and closing
    voting both lock this row first (bot.jury.scoring), so neither can slip between the other's
    check and write. Not a part of the event: writing it changes no revision."""

    __tablename__ = "voting_states"
    __table_args__ = (
        CheckConstraint(
            "(closed_at IS NULL AND closed_by IS NULL) OR (closed_at IS NOT NULL AND closed_by IS NOT NULL)",
            name="closed_by_someone",
        ),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str | None] = mapped_column(String(200))
    """"telegram:<user id>" or "cli", as in the audit log."""


PUBLIC_VOTER_KEY_MAX_LENGTH = 100


class PublicVote(Base):
    """The audience's vote for one prize the pack awards `by: public`: open from `opened_at`,
    closed once `closed_at` is set (reopening clears it and keeps the ballots). Each vote row is
    locked while a ballot is cast or the vote closed (bot.jury.public_vote)."""

    __tablename__ = "public_votes"
    __table_args__ = (
        UniqueConstraint("event_id", "prize_key", name="uq_public_votes_event_prize"),
        CheckConstraint(
            "(closed_at IS NULL AND closed_by IS NULL) OR (closed_at IS NOT NULL AND closed_by IS NOT NULL)",
            name="closed_by_someone",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    prize_key: Mapped[str] = mapped_column(String(100))
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    opened_by: Mapped[str] = mapped_column(String(200))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str | None] = mapped_column(String(200))

    ballots: Mapped[list[PublicBallot]] = relationship(
        back_populates="vote", cascade="all, delete-orphan", passive_deletes=True
    )


class PublicBallot(Base):
    """One voter's choice in a public vote: one per voter (`voter_key`, "telegram:<user id>" or
    "web:<digest of the visitor's token>"), a database constraint, so concurrent presses count
    once. `address_key` is a keyed digest of a web voter's address (never the address), for the
    limit of votes per address. Seen by no one but the organisers, as counts, until published."""

    __tablename__ = "public_ballots"
    __table_args__ = (UniqueConstraint("vote_id", "voter_key", name="uq_public_ballots_vote_voter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("public_votes.id", ondelete="CASCADE"), index=True)
    voter_key: Mapped[str] = mapped_column(String(PUBLIC_VOTER_KEY_MAX_LENGTH))
    address_key: Mapped[str | None] = mapped_column(String(64), index=True)
    team_key: Mapped[str] = mapped_column(String(100))
    team_name: Mapped[str] = mapped_column(String(200))
    cast_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    vote: Mapped[PublicVote] = relationship(back_populates="ballots")


class CallbackPayload(Base):
    """A button payload too long for Telegram's 64-byte `callback_data`, kept under a short key."""

    __tablename__ = "callback_payloads"

    key: Mapped[str] = mapped_column(String(16), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


# ------------------------------------------------------------------ event revisions

EVENT_PARTS = (
    TeamSettings,
    Results,
    ProgrammeSession,
    Challenge,
    Rule,
    FaqItem,
    Mentor,
    JuryMember,
    Prize,
    Award,
    HiddenMethod,
    EventMethod,
    JudgingSettings,
    JudgingCriterion,
    JudgedTeam,
    PrizeRule,
)


def bump_revisions(session: Session, _context: Any, _instances: Any) -> None:
    """Raise the revision of every event whose row or parts this flush writes.

    Registered for every ORM session (`before_flush`), so no writer (pack loading, publication,
    the CLI, a future one) can change an event without its revision changing. The new value is
    computed by the database (`revision + 1`), so concurrent writers never reuse one.
    """
    changed: dict[int, Event] = {}
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Event):
            event: Event | None = obj if session.is_modified(obj) else None
        elif isinstance(obj, EVENT_PARTS):
            if obj in session.dirty and not session.is_modified(obj):
                continue
            event = obj.__dict__.get("event") or (session.get(Event, obj.event_id) if obj.event_id else None)
        else:
            continue
        if event is not None and event not in session.new and event not in session.deleted:
            changed[id(event)] = event
    for event in changed.values():
        event.revision = Event.revision + 1


listen(Session, "before_flush", bump_revisions)
