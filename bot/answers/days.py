"""Which day of the event a message names: "demain", "Tuesday", "day 2", "le 21 septembre", "21/09"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.core.matching import (
    fold,
    normalize,
    ordinal_position,
    words,
)
from bot.core.models import Event

_WEEKDAY_WORDS = (
    "lundi monday", "mardi tuesday", "mercredi wednesday", "jeudi thursday", "vendredi friday",
    "samedi saturday", "dimanche sunday",
)  # fmt: skip
_MONTH_WORDS = (
    "janvier janv january jan", "fevrier fevr fev february feb", "mars march mar", "avril avr april apr",
    "mai may", "juin june jun", "juillet juil july jul", "aout august aug", "septembre sept september sep",
    "octobre october oct", "novembre november nov", "decembre december dec",
)  # fmt: skip
_WEEKDAY_NAMES = {word: i for i, words in enumerate(_WEEKDAY_WORDS) for word in words.split()}
_MONTH_NAMES = {word: i + 1 for i, words in enumerate(_MONTH_WORDS) for word in words.split()}
_MONTHS = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
_DAY_SUFFIX = r"(?:st|nd|rd|th|er|e)?"
_DAY_NOUNS = ("day", "jour", "journee")
_PARTS_OF_DAY = (
    "(?:au |in the )?(?:matin|morning|apres midi|afternoon|soir|soiree|evening)|please|pls|svp|stp"
)
_TODAY = (
    r"\b(?:aujourd hui|today|tonight|ce soir|ce matin|ce midi|cet apres midi|cet aprem"
    r"|this (?:morning|afternoon|evening)"
    r"|du jour|de la journee|the day s)\b(?!\s*\d)"
)


def requested_day(text: str, event: Event, today: dt.date) -> dt.date | None:
    """The day a message names ("demain", "Tuesday", "day 2", "le 21 septembre", "21/09"), or None."""
    norm = normalize(text)
    folded = fold(text)
    found = _explicit_date(norm, folded, event)
    if found:
        return found
    position = ordinal_position(text, _DAY_NOUNS)
    if position is None:
        match = re.search(r"\bj ?(\d{1,2})\b", norm)  # "J2", "J 2"
        position = int(match.group(1)) if match else None
    if position is not None and position != 0:
        length = (event.ends - event.starts).days + 1
        return (
            event.ends if position == -1 else event.starts + dt.timedelta(days=min(position, length + 30) - 1)
        )
    match = re.search(rf"\b(?:le|du|the)\s+(\d{{1,2}}){_DAY_SUFFIX}(?=\s*$|\s+(?:{_PARTS_OF_DAY})\b)", norm)
    if match:
        return _day_of_month(int(match.group(1)), event)
    for name, weekday in _WEEKDAY_NAMES.items():
        if re.search(rf"\b{name}\b", norm):
            return _weekday(weekday, event, today)
    if re.search(r"\b(?:apres demain|day after tomorrow)\b", norm):
        return today + dt.timedelta(days=2)
    if re.search(r"\b(?:demain|tomorrow)\b", norm):
        return today + dt.timedelta(days=1)
    if re.search(r"\b(?:hier|yesterday)\b", norm):
        return today - dt.timedelta(days=1)
    if re.search(_TODAY, norm):
        return today
    return None


def _explicit_date(norm: str, folded: str, event: Event) -> dt.date | None:
    match = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", folded)
    if match:
        return _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = re.search(r"\b(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?\b", folded)
    if match:
        day, month = int(match.group(1)), int(match.group(2))
        if month > 12 and day <= 12:  # 09/21, written month first
            day, month = month, day
        year = match.group(3)
        if year:
            return _date(int(year) + (2000 if len(year) == 2 else 0), month, day)
        return _in_event_year(month, day, event)
    match = re.search(rf"\b(\d{{1,2}}){_DAY_SUFFIX}\s+(?:of\s+|de\s+)?({_MONTHS})\b(?:\s+(\d{{4}}))?", norm)
    if match:
        return _named_month(int(match.group(1)), match.group(2), match.group(3), event)
    match = re.search(rf"\b({_MONTHS})\s+(\d{{1,2}}){_DAY_SUFFIX}\b(?:\s+(\d{{4}}))?", norm)
    if match:
        return _named_month(int(match.group(2)), match.group(1), match.group(3), event)
    return None


def _named_month(day: int, month_name: str, year: str | None, event: Event) -> dt.date | None:
    month = _MONTH_NAMES[month_name]
    return _date(int(year), month, day) if year else _in_event_year(month, day, event)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _in_event_year(month: int, day: int, event: Event) -> dt.date | None:
    """The date with that month and day nearest to the event (events may straddle a new year)."""
    options = [
        d
        for year in (event.starts.year - 1, event.starts.year, event.starts.year + 1)
        if (d := _date(year, month, day))
    ]
    return min(options, key=lambda d: _distance(d, event), default=None)


def _distance(day: dt.date, event: Event) -> int:
    if day < event.starts:
        return (event.starts - day).days
    return max(0, (day - event.ends).days)


def _day_of_month(number: int, event: Event) -> dt.date | None:
    days = _event_days(event)
    for day in days:
        if day.day == number:
            return day
    return _in_event_year(event.starts.month, number, event)


def _event_days(event: Event) -> list[dt.date]:
    return [event.starts + dt.timedelta(days=i) for i in range((event.ends - event.starts).days + 1)]


def _weekday(weekday: int, event: Event, today: dt.date) -> dt.date:
    """That weekday within the event (the next one from today if it has several), else the next one."""
    days = [d for d in _event_days(event) if d.weekday() == weekday]
    if days:
        upcoming = [d for d in days if d >= today]
        return upcoming[0] if upcoming else days[-1]
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7 or 7)


# What a message calls a part of the day, and the hours it covers (a session starting then is in it).
_PARTS: tuple[tuple[str, str, range], ...] = (
    ("morning", r"matin|matinee|morning", range(5, 12)),
    ("noon", r"midi|noon|lunchtime|dejeuner|lunch", range(11, 15)),
    ("afternoon", r"apres midi|aprem|afternoon", range(12, 18)),
    ("evening", r"soir|soiree|evening|tonight|nuit|night", range(17, 24)),
)


@dataclass(frozen=True)
class PartOfDay:
    name: str
    """morning, noon, afternoon or evening (`part_<name>` in the text catalogue)."""
    hours: range
    """The hours a session may start at to be in it."""


def requested_part_of_day(text: str) -> PartOfDay | None:
    """The part of the day a message names ("ce matin", "this afternoon", "tonight"), or None
    when it names none or several ("du matin au soir")."""
    norm = normalize(text)
    found = [
        PartOfDay(name, hours) for name, pattern, hours in _PARTS if re.search(rf"\b(?:{pattern})\b", norm)
    ]
    return found[0] if len(found) == 1 else None


# ------------------------------------------------------------------ when a day starts and ends

_END_WORDS = frozenset(
    "end ends ending finish finishes finished over wrap wraps done stop stops termine termines terminer "
    "finit fini finir fin arrete arretent arreter acheve until till til jusqu stay rester".split()
)
_START_WORDS = frozenset(
    "start starts starting begin begins open opens doors commence commencent commencer debut debute "
    "ouvre ouvrent ouverture arrive arriver arrivee".split()
)
_TIME_WORDS = frozenset("time when until late early heure heures quand jusqu tard tot".split())


_ASKED_TIME = re.compile(
    r"\b(?:what|which|at|by|the) time\b"
    r"|\b(?<!much )(?<!enough )(?<!more )time (?:does|do|is|are|will|should)\b"
)


_WHATS_ON = re.compile(
    r"\bwhat(?: s| is| was| were|s)? (?:on|happening|happened|going on|planned|scheduled)\b"
    r"|\bwhat did (?:i|we) miss\b"
    r"|\bqu est ce qu il y (?:a|avait|aura)\b(?! (?:a|pour|comme|d) )(?! de (?!prevu))"
    r"|\bqu est ce qui (?:se passe|s est passe|est prevu)\b"
    r"|\b(?:quoi de prevu|qu y a t il|y a quoi)\b"
)
_WHERE = re.compile(r"\b(?:where|wheres)\b|\b(?:quelle|which|what) (?:salle|room)\b")
_WHERE_UNACCENTED = re.compile(r"\b(?:c est|c|cest|ca se passe|se trouve) ou\b")


def asks_whats_on(text: str) -> bool:
    """Whether a message asks what is (or was) on, not about one thing: "what was on Thursday?",
    « qu'est ce qu'il y a cet aprem ? » (not « qu'est-ce qu'il y a à manger ? »)."""
    return bool(_WHATS_ON.search(normalize(text)))


def asks_where(text: str) -> bool:
    """Whether a message asks for a place: "where does the jury meet?", « dans quelle salle ? »,
    and « où » typed without its accent where it cannot be "or": last (« la péniche est amarrée
    ou ? ») or after « c'est » (« le forum c ou demain »)."""
    if "où" in text.casefold() or _WHERE.search(normalize(text)):
        return True
    found = words(text)
    return found[-1:] == ["ou"] or bool(_WHERE_UNACCENTED.search(" ".join(found)))


def asks_when(text: str) -> bool:
    """Whether a message asks for a time ("from what time do we pitch on Friday?"; not "which
    problems can we work on this time?")."""
    return bool(set(words(text)) & (_TIME_WORDS - {"time"})) or bool(_ASKED_TIME.search(normalize(text)))


_WHEN_WORDS = frozenset(
    "today tomorrow tonight yesterday morning afternoon evening night day aujourd hui demain hier soir "
    "matin apres midi aprem soiree nuit jour journee english anglais french francais please pls svp "
    "stp building buildings venue premises place door doors batiment batiments locaux lieu porte portes "
    "site".split()
)
"""Words that say when, where or in which language: what a question about a day's bounds may hold
beside them (the building's hours are the day's bounds too)."""


def without_when(text: str) -> str:
    """The message without its words of time, bounds, days and language ("in English please: what
    time do the pitches start on Saturday?" -> "in what do the pitches on"): what names its subject."""
    dropped = _TIME_WORDS | _END_WORDS | _START_WORDS | _WHEN_WORDS | set(_WEEKDAY_NAMES)
    return " ".join(word for word in words(text) if word not in dropped)


def asked_bound(text: str) -> str | None:
    """ "end" for "what time does it finish on Friday?", "start" for "when do doors open?", else None."""
    found = set(words(text))
    if not found & _TIME_WORDS:
        return None
    ends, starts = bool(found & _END_WORDS), bool(found & _START_WORDS)
    if ends == starts:
        return None
    return "end" if ends else "start"
