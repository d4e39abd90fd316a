"""What reloading a pack changes for the people at the event: sessions moved (time or place),
added or cancelled, challenges and rules changed, added or removed (`compare`), said in plain
words (`describe`) before anything is written (`hackbot event load --dry-run`), and what
subscribers are told of (`worth_telling`): only changes of the future, since a past session
edited after the fact concerns nobody.

Sessions, challenges and rules are matched by their pack ids, as the loader matches them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.core.models import Event, LocalText, ProgrammeSession
from bot.events.pack import Pack

MOVED, ADDED, CANCELLED = "moved", "added", "cancelled"


@dataclass(frozen=True)
class SessionChange:
    """A session moved, added or cancelled; `was_*` are its time and place before (moved or
    cancelled), the others after (for a cancelled one, as it was)."""

    kind: str
    key: str
    title: LocalText
    starts: dt.datetime
    location: LocalText | None
    was_starts: dt.datetime | None = None
    was_location: LocalText | None = None

    @property
    def time_moved(self) -> bool:
        return self.kind == MOVED and self.was_starts != self.starts


@dataclass(frozen=True)
class ItemChange:
    """A challenge or rule changed, added or removed (`what`: "challenge" or "rule")."""

    what: str
    kind: str
    key: str
    title: LocalText


@dataclass(frozen=True)
class PackChanges:
    sessions: tuple[SessionChange, ...] = ()
    items: tuple[ItemChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.sessions or self.items)


@dataclass(frozen=True)
class SessionState:
    """A session as people know it: what `compare_sessions` compares."""

    key: str
    title: LocalText
    starts: dt.datetime
    ends: dt.datetime | None
    location: LocalText | None


def states_of(sessions: Iterable[ProgrammeSession]) -> list[SessionState]:
    return [SessionState(s.key, s.title, s.starts, s.ends, s.location) for s in sessions]


def compare_sessions(before: Iterable[SessionState], after: Iterable[SessionState]) -> list[SessionChange]:
    """The sessions moved (time or place), added and cancelled from `before` to `after`, by
    their start."""
    old_states = {state.key: state for state in before}
    sessions: list[SessionChange] = []
    for new in after:
        old = old_states.pop(new.key, None)
        if old is None:
            sessions.append(SessionChange(ADDED, new.key, new.title, new.starts, new.location))
        elif (old.starts, old.ends, old.location) != (new.starts, new.ends, new.location):
            sessions.append(
                SessionChange(MOVED, new.key, new.title, new.starts, new.location, old.starts, old.location)
            )
    sessions += [
        SessionChange(CANCELLED, old.key, old.title, old.starts, old.location, old.starts, old.location)
        for old in old_states.values()
    ]
    return sorted(sessions, key=lambda change: change.starts)


def compare(event: Event | None, pack: Pack) -> PackChanges:
    """What loading `pack` would change in `event` (None: a new event, whose sessions are all new)."""
    before = states_of(event.sessions) if event is not None else []
    after = [
        SessionState(spec.id, spec.title, spec.starts, spec.ends, spec.location) for spec in pack.sessions
    ]
    sessions = compare_sessions(before, after)
    items: list[ItemChange] = []
    if event is not None:
        items += _items("challenge", [(c.key, c.title, c.summary) for c in event.challenges],
                        [(c.id, c.title, c.summary) for c in pack.challenges])  # fmt: skip
        items += _items("rule", [(r.key, r.topic, r.text) for r in event.rules],
                        [(r.id, r.topic, r.text) for r in pack.rules])  # fmt: skip
    return PackChanges(tuple(sessions), tuple(items))


def _items(
    what: str,
    before: Sequence[tuple[str, LocalText, LocalText]],
    after: Sequence[tuple[str, LocalText, LocalText]],
) -> list[ItemChange]:
    old = {key: (title, text) for key, title, text in before}
    found = []
    for key, title, text in after:
        previous = old.pop(key, None)
        if previous is None:
            found.append(ItemChange(what, ADDED, key, title))
        elif previous != (title, text):
            found.append(ItemChange(what, "changed", key, title))
    found += [ItemChange(what, "removed", key, title) for key, (title, _) in old.items()]
    return found


def worth_telling(changes: PackChanges | Sequence[SessionChange], now: dt.datetime) -> list[SessionChange]:
    """The session changes subscribers are told of: those of sessions still to start (by their
    new time, or their old one for a move), `now` being event-local."""
    sessions = changes.sessions if isinstance(changes, PackChanges) else changes
    return [
        change
        for change in sessions
        if change.starts > now or (change.was_starts is not None and change.was_starts > now)
    ]
