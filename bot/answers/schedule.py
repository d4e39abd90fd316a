"""The programme's answers: a day's sessions, one session, what is on now and what comes next.

Sessions are found by their title, their kind ("déjeuner" is a meal) and the words of their
kind (`find_sessions`); the days a question names are read by `bot.answers.days`; when sessions
start and end is `bot.events.timeline`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answers.days import PartOfDay, requested_day, requested_part_of_day, without_when
from bot.answers.replies import Ask, Button, Reply
from bot.core.i18n import all_variants
from bot.core.links import calendar_url
from bot.core.matching import (
    content_words,
    informative_tokens,
    leaders,
    normalize,
    rank_weighted,
)
from bot.core.models import Event, ProgrammeSession
from bot.core.timefmt import (
    format_date,
    format_date_range,
    format_datetime,
    format_datetime_range,
    format_day,
    format_relative_day,
    format_span,
    format_time,
    format_time_range,
    relative_day_name,
)
from bot.events.timeline import current_sessions, next_sessions, ordered_sessions, session_end, sessions_on

SESSION_THRESHOLD = 0.5

RELATED_THRESHOLD = 0.6

TIE_MARGIN = 0.1

MAX_OTHERS = 5

SCHEDULE_PAYLOAD = "/ask_schedule"


# Words (any language, compared accent-free) that name a kind of session. A session
# matches the words of its kind almost like its title. The "related" words name
# particular sessions of that kind ("dinner", "prize-giving"): a session of the kind
# that is not called so is only offered as "the closest in the programme".


def _phrases(*lines: str) -> tuple[str, ...]:
    return tuple(p.strip() for line in lines for p in line.split("|") if p.strip())


_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "ceremony": _phrases("ceremony | cérémonie"),
    "talk": _phrases(
        "talk | conférence | conference | keynote | lecture | speech | discours | intervention",
        "table ronde | panel",
    ),
    "workshop": _phrases("workshop | atelier"),
    "hacking": _phrases("hacking | hack"),
    "mentoring": _phrases("mentoring | mentorat | coaching"),
    "pitch": _phrases(
        "pitch | pitchs | pitches | présentation finale | présentations finales",
        "final presentation | soutenance",
    ),
    "jury": _phrases("jury | délibération | deliberation | deliberating | délibère"),
    "meal": _phrases("meal | repas | manger | eat | food | pause repas"),
    "social": _phrases("cocktail | apéro | apéritif | networking | soirée | party | drinks | social"),
}
_RELATED_WORDS: dict[str, tuple[str, ...]] = {
    "ceremony": _phrases(
        "awards | award ceremony | prize-giving | prize giving | remise des prix",
        "opening | ouverture | closing | clôture | lancement | kick-off | kickoff | welcome",
        "accueil | results announcement | proclamation des résultats",
    ),
    "talk": _phrases("conférencier | speaker | plénière | plenary"),
    "workshop": _phrases("formation | training | tutorial"),
    "hacking": _phrases(
        "hacking | hacker | travail en équipe | teamwork | coding | code | coder | développement",
        "développer | develop",
        "building | travailler | bosser | work | working | prototyper",
    ),
    "mentoring": _phrases("mentor | mentors | coach | expert"),
    "pitch": _phrases("demo | démo | restitution"),
    "jury": _phrases("judges | juges | vote"),
    "meal": _phrases(
        "lunch | déjeuner | dej | dinner | dîner | souper | breakfast | petit-déjeuner",
        "petit déj | buffet | pause café | coffee break | snack",
    ),
    "social": _phrases("fête | afterwork"),
}
# Meals are also called by the time of day they are served at.
_MEAL_WORDS_BY_HOUR: tuple[tuple[range, tuple[str, ...]], ...] = (
    (range(5, 11), _phrases("breakfast | petit-déjeuner | petit déj")),
    (range(11, 16), _phrases("lunch | déjeuner | dej")),
    (range(17, 24), _phrases("dinner | dîner | souper")),
)


def _kind_fields(session: ProgrammeSession) -> tuple[list[str], list[str]]:
    kind_words = list(_KIND_WORDS.get(session.kind, ()))
    related = list(_RELATED_WORDS.get(session.kind, ()))
    if session.kind == "meal":
        for hours, names in _MEAL_WORDS_BY_HOUR:
            if session.starts.hour in hours:
                kind_words += names
    return kind_words, related


def _present(phrases: list[str], query: str) -> list[str]:
    """Single words, and the phrases of several words that the query contains whole.

    "présentation finale" names a pitch, but "présentation" alone does not.
    """
    padded = f" {normalize(query)} "
    return [p for p in phrases if " " not in normalize(p) or f" {normalize(p)} " in padded]


def _mentions(query: str, phrases: tuple[str, ...]) -> bool:
    """Whether the query contains one of the phrases, whole ("coding", not "code" in "codename")."""
    padded = f" {normalize(query)} "
    return any(f" {normalize(p)} " in padded for p in phrases)


def mentions_work(text: str) -> bool:
    """Whether a question names the teams' work ("till when can we code tonight?")."""
    return _mentions(text, _RELATED_WORDS["hacking"])


def session_fields(
    session: ProgrammeSession, query: str = "", *, kinds: bool = True, related: bool = False
) -> list[tuple[str, float]]:
    """The texts a session is recognised by for `query`, with how much each counts (see `find_sessions`).

    Titles and descriptions; with `kinds`, the words of its kind; with `related`, those of particular
    sessions of its kind.
    """
    fields = [(title, 1.0) for title in all_variants(session.title)]
    fields += [(text, 0.6) for text in all_variants(session.description)]
    if not kinds:
        return fields
    kind_words, related_words = _kind_fields(session)
    fields += [(word, 0.8) for word in _present(kind_words, query)]
    if related:
        fields += [(word, 0.8) for word in _present(related_words, query)]
    return fields


@dataclass(frozen=True)
class SessionMatch:
    sessions: list[ProgrammeSession]
    """The best matching sessions (equally good), in chronological order."""
    related: bool
    """True if they are only of the kind the text names, not called so."""


def match_sessions(event: Event, text: str) -> SessionMatch:
    """The sessions a text is about, by title, description or kind; see `find_sessions`."""
    sessions = ordered_sessions(event)
    for related, threshold in ((False, SESSION_THRESHOLD), (True, RELATED_THRESHOLD)):
        ranked = rank_weighted(
            text,
            [(i, session_fields(s, text, related=related)) for i, s in enumerate(sessions)],
            threshold=threshold,
        )
        best = sorted(leaders(ranked, TIE_MARGIN))
        if best:
            return SessionMatch([sessions[i] for i in best], related)
    return SessionMatch([], False)


def find_sessions(event: Event, text: str) -> list[ProgrammeSession]:
    """The sessions a text names, equally good matches in chronological order; [] if none.

    Titles and descriptions in every language count, and so do words of the
    session's kind ("déjeuner" ↔ meal, "délibération" ↔ jury); if nothing is
    called so, sessions of the kind the text names are returned ("dinner" ↔ meals).
    """
    return match_sessions(event, text).sessions


def place_of(ask: Ask, session: ProgrammeSession) -> str:
    return ask.local(session.location)


def _list_time(ask: Ask, session: ProgrammeSession, day: dt.date) -> str:
    """The time of a session in a day's list: a range, or how it continues over days."""
    lang = ask.lang
    end = session_end(session, ask.event)
    starts_today = session.starts.date() == day
    ends_today = end.date() == day or end == dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
    if starts_today and ends_today:
        return format_span(session.starts, session.ends, lang)
    if starts_today:
        return f"{format_time(session.starts, lang)} → {format_datetime(end, lang)}"
    if ends_today:
        return ask.say("fmt_until", time=format_time(end, lang))
    return ask.say("fmt_all_day")


def _item(ask: Ask, session: ProgrammeSession, day: dt.date) -> str:
    place = place_of(ask, session)
    return ask.say(
        "schedule_item",
        time=_list_time(ask, session, day),
        title=ask.local(session.title),
        place=f" ({place})" if place else "",
    )


def _when(ask: Ask, session: ProgrammeSession) -> str:
    """When a session is, in a sentence: "demain, de 14 h 30 à 16 h 30"."""
    lang, today = ask.lang, ask.now.date()
    if session.ends is not None and session.ends.date() != session.starts.date():
        return format_datetime_range(session.starts, session.ends, lang)
    day = format_relative_day(session.starts.date(), today, lang)
    return ask.say("fmt_day_time", day=day, time=format_time_range(session.starts, session.ends, lang))


def _status(ask: Ask, session: ProgrammeSession) -> str:
    end = session_end(session, ask.event)
    if session.starts <= ask.now < end:
        return " " + ask.say("session_on_now", time=format_time(end, ask.lang))
    if end <= ask.now:
        return " " + ask.say("session_over")
    return ""


def describe_session(ask: Ask, session: ProgrammeSession) -> str:
    """One session in full: when (and whether it is on now or over), where, what."""
    place = place_of(ask, session) or ask.local(ask.event.venue_name)
    lines = [
        ask.say("session_when", title=ask.local(session.title), when=_when(ask, session))
        + _status(ask, session)
    ]
    if place:
        lines.append(ask.say("session_where", place=place))
    description = ask.local(session.description)
    if description:
        lines.append(description)
    return "\n".join(lines)


def _bullet(ask: Ask, session: ProgrammeSession) -> str:
    return ask.say("session_bullet", title=ask.local(session.title), when=_when(ask, session)) + _status(
        ask, session
    )


def _schedule_button(ask: Ask) -> Button:
    return Button(ask.say("button_schedule"), SCHEDULE_PAYLOAD)


def _by_relevance_in_time(sessions: Sequence[ProgrammeSession], ask: Ask) -> list[ProgrammeSession]:
    """On now first, then upcoming soonest first, then past ones latest first."""
    now, event = ask.now, ask.event
    on = [s for s in sessions if s.starts <= now < session_end(s, event)]
    upcoming = [s for s in sessions if s.starts > now]
    past = sorted((s for s in sessions if session_end(s, event) <= now), key=lambda s: s.starts, reverse=True)
    return on + upcoming + past


_PART_TEXTS = {
    "morning": "part_morning", "noon": "part_noon", "afternoon": "part_afternoon", "evening": "part_evening"
}  # fmt: skip


def part_of_day_programme(ask: Ask, part: PartOfDay) -> Reply:
    """What is on in a part of a day ("what's on this afternoon?", "demain matin ?"): the sessions
    starting then and those going on through it, the day named, else today during the event,
    else its first day; on today, those not over yet."""
    event = ask.event
    today = ask.now.date()
    day = requested_day(ask.text, event, today)
    if day is None:
        day = today if event.starts <= today <= event.ends else event.starts
    first, last = min(part.hours), max(part.hours) + 1
    begins = dt.datetime.combine(day, dt.time(first))
    ends = dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=last)
    sessions = [
        s
        for s in sessions_on(event, day)
        if (s.starts.date() == day and s.starts.hour in part.hours)
        or (s.starts < begins and session_end(s, event) > begins)
    ]
    sessions = [
        s for s in sessions if s.starts < ends and session_end(s, event) > max(begins, ask.now)
    ] or sessions
    when = format_relative_day(day, today, ask.lang)
    header = ask.say(
        "schedule_part_header", day_cap=when[:1].upper() + when[1:], part=ask.say(_PART_TEXTS[part.name])
    )
    if not sessions:
        return Reply(ask.say("schedule_part_empty", header=header), (_schedule_button(ask),))
    return Reply("\n".join([header, *(_item(ask, s, day) for s in sessions)]))


def answer_schedule(ask: Ask) -> Reply:
    """The whole programme by day, or one day's when the text names a day, or part of one."""
    event = ask.event
    if not event.sessions:
        return Reply(ask.say("schedule_empty", dates=format_date_range(event.starts, event.ends, ask.lang)))
    part = requested_part_of_day(ask.text)
    if part is not None:
        return part_of_day_programme(ask, part)
    day = requested_day(ask.text, event, ask.now.date())
    if day is None:
        return _whole_programme(ask)
    sessions = sessions_on(event, day)
    label = format_date(day, ask.lang)
    if sessions:
        name = format_day(day, ask.lang)
        relative = relative_day_name(day, ask.now.date(), ask.lang)
        if relative:
            header = ask.say("schedule_relative_day_header", relative=relative, day=name)
        else:
            header = ask.say("schedule_day_header", day=name)
        return Reply("\n".join([header, *(_item(ask, s, day) for s in sessions)]))
    dates = format_date_range(event.starts, event.ends, ask.lang)
    if event.starts <= day <= event.ends:
        return Reply(ask.say("schedule_day_empty", day=label), (_schedule_button(ask),))
    return Reply(ask.say("schedule_day_outside", day=label, dates=dates), (_schedule_button(ask),))


def _whole_programme(ask: Ask) -> Reply:
    event = ask.event
    blocks = [ask.say("schedule_header", name=ask.local(event.name))]
    by_day: dict[dt.date, list[ProgrammeSession]] = {}
    for session in ordered_sessions(event):
        by_day.setdefault(session.starts.date(), []).append(session)
    for day, sessions in by_day.items():
        heading = format_date(day, ask.lang, year=False)
        lines = [heading[:1].upper() + heading[1:]]
        lines += [_item(ask, s, day) for s in sessions]
        blocks.append("\n".join(lines))
    if len(by_day) > 1:
        blocks.append(ask.say("schedule_hint_day"))
    calendar = calendar_url(event.slug, ask.lang)
    if calendar:
        blocks.append(ask.say("schedule_calendar", url=calendar))
    return Reply("\n\n".join(blocks))


def answer_session(ask: Ask) -> Reply:
    """When and where the session the text names is (the next one first if several match)."""
    if not informative_tokens(ask.text):
        return Reply(ask.say("session_which"), (_schedule_button(ask),))
    found = match_sessions(ask.event, ask.text)
    if not found.sessions:  # its name among words of time and language ("in English please: when...")
        found = match_sessions(ask.event, without_when(ask.text))
    asked = content_words(ask.text)
    if not found.sessions:
        return Reply(ask.say("session_not_found", query=asked), (_schedule_button(ask),), unanswered=True)
    sessions = _by_relevance_in_time(found.sessions, ask)
    if found.related:
        lines = [ask.say("session_related", query=asked, kind=ask.say(f"kind_{sessions[0].kind}"))]
        lines += [_bullet(ask, s) for s in sessions[: MAX_OTHERS + 1]]
        return Reply("\n".join(lines))
    lines = [describe_session(ask, sessions[0])]
    others = sessions[1 : MAX_OTHERS + 1]
    if others:
        lines.append(ask.say("session_others"))
        lines += [_bullet(ask, s) for s in others]
    return Reply("\n".join(lines))


def _before_start(ask: Ask) -> str | None:
    sessions = ordered_sessions(ask.event)
    first = sessions[0] if sessions else None
    if first is None or ask.now >= first.starts:
        return None
    return ask.say(
        "event_not_started",
        day=format_relative_day(first.starts.date(), ask.now.date(), ask.lang, on=True),
        time=format_time(first.starts, ask.lang),
        title=ask.local(first.title),
    )


def _event_over(ask: Ask) -> str:
    return ask.say("event_over", day=format_date(ask.event.ends, ask.lang))


def _no_sessions(ask: Ask) -> Reply:
    """Now/next when the pack has no programme: say where we stand with the event's dates."""
    event, today = ask.event, ask.now.date()
    dates = format_date_range(event.starts, event.ends, ask.lang)
    if today < event.starts:
        return Reply(ask.say("no_programme_before", dates=dates))
    if today > event.ends:
        return Reply(_event_over(ask))
    return Reply(ask.say("no_programme_during", dates=dates))


def _now_item(ask: Ask, session: ProgrammeSession) -> str:
    end = session_end(session, ask.event)
    until = format_time(end, ask.lang) if end.date() == ask.now.date() else format_datetime(end, ask.lang)
    place = place_of(ask, session)
    return ask.say(
        "now_item", title=ask.local(session.title), until=until, place=f" ({place})" if place else ""
    )


def _next_line(ask: Ask, sessions: Sequence[ProgrammeSession]) -> str:
    return "\n".join(_bullet(ask, s) + (f" ({p})" if (p := place_of(ask, s)) else "") for s in sessions)


_NOW = re.compile(r"\b(?:now|right now|currently|at the moment|maintenant|en ce moment|actuellement)\b")


def answer_now(ask: Ask) -> Reply:
    """What is on now (every overlapping session, with end times); else where we stand. A question
    naming a part of the day ("what's on this afternoon?") gets that part's programme; one naming
    a day and not the moment ("what's on today?", "c'est quoi le programme demain ?"), that day's."""
    event = ask.event
    if not event.sessions:
        return _no_sessions(ask)
    part = requested_part_of_day(ask.text)
    if part is not None:
        return part_of_day_programme(ask, part)
    if requested_day(ask.text, event, ask.now.date()) is not None and not _NOW.search(normalize(ask.text)):
        return answer_schedule(ask)
    current = current_sessions(event, ask.now)
    upcoming = next_sessions(event, ask.now)
    if current:
        lines = [ask.say("now_header", time=format_time(ask.now, ask.lang))]
        lines += [_now_item(ask, s) for s in current]
        if upcoming and upcoming[0].starts.date() == ask.now.date():
            lines.append(
                ask.say(
                    "now_then",
                    title=ask.local(upcoming[0].title),
                    time=format_time(upcoming[0].starts, ask.lang),
                )
            )
        return Reply("\n".join(lines))
    before = _before_start(ask)
    if before:
        return Reply(before)
    if upcoming:
        return Reply("\n".join([ask.say("now_nothing"), _next_line(ask, upcoming)]))
    return Reply(_event_over(ask))


def answer_next(ask: Ask) -> Reply:
    """The session(s) starting next; what continues meanwhile; the edges of the event. A question
    naming a part of the day gets that part's programme; one naming today ("anything else going
    on today?"), every session still to start today."""
    event = ask.event
    if not event.sessions:
        return _no_sessions(ask)
    part = requested_part_of_day(ask.text)
    if part is not None:
        return part_of_day_programme(ask, part)
    upcoming = next_sessions(event, ask.now)
    if upcoming and requested_day(ask.text, event, ask.now.date()) == ask.now.date():
        later = [
            s for s in ordered_sessions(event) if s.starts > ask.now and s.starts.date() == ask.now.date()
        ]
        upcoming = later or upcoming
    if not upcoming:
        return Reply(_event_over(ask))
    before = _before_start(ask)
    if before:
        return Reply("\n".join([before, _next_line(ask, upcoming)]))
    lines = []
    continuing = _continuing_after_shortest(ask, upcoming[0].starts)
    if continuing:
        lines.append(continuing)
    if upcoming[0].starts.date() != ask.now.date() and ask.now.date() >= event.starts:
        lines.append(ask.say("next_nothing_today"))
    lines.append(ask.say("next_header"))
    lines.append(_next_line(ask, upcoming))
    return Reply("\n".join(lines))


def _continuing_after_shortest(ask: Ask, next_start: dt.datetime) -> str | None:
    """ "After Lunch (until 1:30 pm), Hacking continues until 6:00 pm." when sessions overlap now."""
    event = ask.event
    current = current_sessions(event, ask.now)
    if len(current) < 2:
        return None
    first = min(current, key=lambda s: session_end(s, event))
    first_end = session_end(first, event)
    if first_end >= next_start:
        return None
    going_on = [s for s in current if session_end(s, event) > first_end]
    if not going_on:
        return None
    return ask.say(
        "next_continuing",
        first=ask.local(first.title),
        time=format_time(first_end, ask.lang),
        others=", ".join(ask.local(s.title) for s in going_on),
        until=format_time(session_end(going_on[0], event), ask.lang)
        if session_end(going_on[0], event).date() == ask.now.date()
        else format_datetime(session_end(going_on[0], event), ask.lang),
    )
