"""A session read from a source (a spreadsheet row, a calendar event), before it is written into
a pack, and the problems found in a source, each with where it is (its row)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace

from bot.core.models import LocalText


@dataclass(frozen=True)
class ImportedSession:
    id: str
    title: LocalText
    starts: dt.datetime
    ends: dt.datetime | None = None
    location: LocalText | None = None
    kind: str = "other"
    description: LocalText | None = None


@dataclass(frozen=True)
class SourceProblem:
    where: str
    """"row 7", "the header"…"""
    message: str

    def format(self, source: str) -> str:
        return f"{source}: {self.where}: {self.message}"


class SourceError(Exception):
    """A source that cannot be imported, with every problem found in it (nothing is written)."""

    def __init__(self, source: str, problems: list[SourceProblem]) -> None:
        super().__init__("\n".join(p.format(source) for p in problems))
        self.source = source
        self.problems = problems


def slug_of(text: str) -> str:
    """A pack id from a title: lowercase ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-") or "session"


def unique_ids(sessions: list[ImportedSession]) -> list[ImportedSession]:
    """The sessions with ids made unique in order ("hacking-2027-03-16", then "-2", "-3")."""
    seen: dict[str, int] = {}
    unique = []
    for session in sessions:
        count = seen.get(session.id, 0) + 1
        seen[session.id] = count
        unique.append(session if count == 1 else replace(session, id=f"{session.id}-{count}"))
    return unique
