"""A session read from a source (a spreadsheet row, a calendar event), before it is written into
a pack, and the problems found in a source, each with where it is (its row)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from bot.core.matching import normalize
from bot.core.models import SESSION_KINDS, LocalText

KINDS: dict[str, str] = {
    **{kind: kind for kind in SESSION_KINDS},
    **dict.fromkeys(["ceremonie", "ouverture", "cloture", "opening", "closing", "remise des prix", "awards"],
                    "ceremony"),
    **dict.fromkeys(["conference", "conferences", "presentation", "keynote", "keynotes", "table ronde",
                     "intervention", "panel", "talks", "lightning talk", "lightning talks"],
                    "talk"),
    **dict.fromkeys(["atelier", "ateliers", "formation", "masterclass", "tutoriel", "tutorial", "workshops"],
                    "workshop"),
    **dict.fromkeys(["travail en equipe", "travail en equipes", "developpement", "sprint", "hackathon",
                     "production", "coding"], "hacking"),
    **dict.fromkeys(["mentorat", "coaching", "accompagnement", "mentors"], "mentoring"),
    **dict.fromkeys(["pitchs", "pitches", "soutenance", "soutenances", "restitution", "demo"], "pitch"),
    **dict.fromkeys(["deliberation", "deliberations", "judging"], "jury"),
    **dict.fromkeys(["repas", "dejeuner", "diner", "petit dejeuner", "pause", "pause cafe", "cafe", "lunch",
                     "dinner", "breakfast", "coffee", "coffee break", "break"], "meal"),
    **dict.fromkeys(["soiree", "cocktail", "aperitif", "networking", "reseautage", "party", "fete"],
                    "social"),
    **dict.fromkeys(["autre", "divers", "accueil", "welcome", "misc"], "other"),
}  # fmt: skip
"""What sources call the kinds of session (a spreadsheet's type, a calendar's category, a
conference's track), folded (case, accents and punctuation left out)."""


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


def source_bytes(path: Path) -> bytes:
    """The file's content; SourceError when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise SourceError(
            str(path), [SourceProblem("the file", f"cannot be read: {error.strerror}")]
        ) from None


def kind_named(word: str) -> str | None:
    """The kind of session a word names ("Atelier", "coffee break", "Keynote"), if it names one."""
    return KINDS.get(normalize(word))


def unique_ids(sessions: list[ImportedSession]) -> list[ImportedSession]:
    """The sessions with ids made unique in order ("hacking-2027-03-16", then "-2", "-3")."""
    seen: dict[str, int] = {}
    unique = []
    for session in sessions:
        count = seen.get(session.id, 0) + 1
        seen[session.id] = count
        unique.append(session if count == 1 else replace(session, id=f"{session.id}-{count}"))
    return unique
