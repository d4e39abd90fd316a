"""Finding events in the database and choosing the current one.

Functions take the caller's session and only flush; the caller commits.
Events are returned with every relationship loaded, so they can be read
after the session is closed (sessions from `bot.core.db` do not expire on commit).
"""

from __future__ import annotations

import threading

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from bot.core.models import Award, Event, JudgedTeam, PrizeRule


class UnknownEventError(LookupError):
    """No event has this slug."""

    def __init__(self, slug: str) -> None:
        super().__init__(f"no event has the slug {slug!r}")
        self.slug = slug


def _everything() -> list[LoaderOption]:
    return [
        selectinload(Event.team_settings),
        selectinload(Event.results),
        selectinload(Event.sessions),
        selectinload(Event.challenges),
        selectinload(Event.rules),
        selectinload(Event.faq),
        selectinload(Event.mentors),
        selectinload(Event.jury),
        selectinload(Event.prizes),
        selectinload(Event.awards).selectinload(Award.prize),
        selectinload(Event.hidden_methods),
        selectinload(Event.added_methods),
        selectinload(Event.judging),
        selectinload(Event.criteria),
        selectinload(Event.judged_teams).selectinload(JudgedTeam.challenge),
        selectinload(Event.prize_rules).selectinload(PrizeRule.prize),
        selectinload(Event.prize_rules).selectinload(PrizeRule.challenge),
    ]


def current_event(session: Session) -> Event | None:
    """The current event with all its parts, or None if no event is current."""
    return session.scalars(select(Event).where(Event.is_current).options(*_everything())).one_or_none()


def current_event_row(session: Session) -> Event | None:
    """The current event, its parts loaded when first read (within `session`), or None."""
    return session.scalars(select(Event).where(Event.is_current)).one_or_none()


def get_event(session: Session, slug: str) -> Event | None:
    """The event with this slug with all its parts, or None."""
    return session.scalars(select(Event).where(Event.slug == slug).options(*_everything())).one_or_none()


def list_events(session: Session) -> list[Event]:
    """All events, oldest first (scalar columns only)."""
    return list(session.scalars(select(Event).order_by(Event.starts, Event.slug)))


def set_current(session: Session, slug: str) -> Event:
    """Make the event `slug` the only current one; raise `UnknownEventError` if there is none."""
    event = get_event(session, slug)
    if event is None:
        raise UnknownEventError(slug)
    make_current(session, event)
    return event


def make_current(session: Session, event: Event) -> None:
    """Make `event` the only current event (others are cleared first: the unique index allows one)."""
    session.flush()
    session.execute(
        update(Event).where(Event.is_current, Event.id != event.id).values(is_current=False),
        execution_options={"synchronize_session": "fetch"},
    )
    session.flush()
    event.is_current = True
    session.flush()


class CurrentEventCache:
    """The current event with all its parts, read again only when it has changed.

    For a long-running reader (the action server, which answers most questions from the
    current event): each `get` costs one small query for the current event's id and revision
    (`Event.revision`, raised by every change to the event or its parts, in any process);
    the event is loaded in full only when that pair differs from the one held. The event it
    returns is detached and shared: read it, never change it.
    """

    def __init__(self) -> None:
        self._held: tuple[tuple[int, int], Event] | None = None
        self._lock = threading.Lock()

    def get(self, session: Session) -> Event | None:
        row = session.execute(select(Event.id, Event.revision).where(Event.is_current)).one_or_none()
        if row is None:
            return None
        key = (row.id, row.revision)
        with self._lock:
            if self._held is not None and self._held[0] == key:
                return self._held[1]
        event = session.scalars(select(Event).where(Event.id == row.id).options(*_everything())).one_or_none()
        if event is None:  # made not current or deleted since the first query
            return None
        session.expunge(event)
        with self._lock:
            self._held = ((event.id, event.revision), event)
        return event
