"""What the event's page shows, as plain view models built from the database (no Starlette here)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.answers.people import mentions_chair
from bot.core.i18n import localize
from bot.core.models import Event, LocalText, ProgrammeSession
from bot.core.texts import t
from bot.core.timefmt import (
    format_date,
    format_date_range,
    format_datetime,
    format_relative_day,
    format_span,
    format_time,
)
from bot.events.results import results_are_public
from bot.events.timeline import current_sessions, next_sessions, ordered_sessions, session_end

# The catalogue's sentences without placeholders that templates show (`L.<key>`); quoted here
# so that tests/test_texts.py sees them used.
LABELS = (
    "web_skip_link",
    "privacy_notice_heading",
    "web_nav_label",
    "web_nav_current_event",
    "web_nav_events",
    "web_nav_methods",
    "web_methods_heading",
    "web_methods_intro",
    "web_method_stage",
    "web_method_time",
    "web_method_people",
    "method_card_materials",
    "method_card_steps",
    "method_card_pitfalls",
    "web_language_label",
    "web_label_when",
    "web_label_where",
    "web_label_organiser",
    "web_label_audience",
    "web_label_contact",
    "web_map_link",
    "web_calendar_link",
    "web_data_link",
    "web_now_badge",
    "web_schedule_heading",
    "web_schedule_empty",
    "web_challenges_heading",
    "web_challenges_empty",
    "web_prizes_heading",
    "web_results_heading",
    "web_results_pending",
    "web_results_none",
    "web_follow_up_heading",
    "web_jury_heading",
    "web_mentors_heading",
    "web_rules_heading",
    "web_faq_heading",
    "web_chat_heading",
    "web_chat_intro",
    "web_chat_log_label",
    "web_chat_label",
    "web_chat_send",
    "web_chat_you",
    "web_chat_bot",
    "web_chat_wait",
    "web_chat_no_answer",
    "web_chat_noscript",
    "web_chat_unavailable",
    "web_events_heading",
    "web_events_current",
    "web_events_empty",
    "web_no_current_heading",
    "web_no_current",
    "web_see_events",
    "web_not_found_heading",
    "web_not_found",
    "web_footer",
)

LANGUAGE_NAMES = {"fr": "button_language_fr", "en": "button_language_en"}


@dataclass(frozen=True)
class SessionView:
    time: str
    starts: str
    """ISO local date-time, for <time datetime>."""
    title: str
    place: str
    description: str
    now: bool


@dataclass(frozen=True)
class DayView:
    heading: str
    date: str
    sessions: list[SessionView]


@dataclass(frozen=True)
class ChallengeView:
    number: str
    title: str
    owner: str
    theme: str
    summary: str
    details: str


@dataclass(frozen=True)
class Entry:
    """A named thing with a line or two: a prize, a juror, a mentor, a rule, an FAQ item."""

    title: str
    text: str = ""
    note: str = ""


@dataclass(frozen=True)
class AwardView:
    prize: str
    winner: str
    project: str
    summary: str


@dataclass(frozen=True)
class EventPage:
    slug: str
    name: str
    description: str
    dates: str
    venue_name: str
    venue_address: str
    map_url: str
    organiser: str
    audience: str
    contact_email: str
    contact_phone: str
    contact_url: str
    times_local: str
    now_heading: str
    now_lines: list[str]
    days: list[DayView]
    challenges: list[ChallengeView]
    prizes: list[Entry]
    results_public: bool
    awards: list[AwardView] = field(default_factory=list)
    follow_up: str = ""
    jury: list[Entry] = field(default_factory=list)
    mentors: list[Entry] = field(default_factory=list)
    rules: list[Entry] = field(default_factory=list)
    faq: list[Entry] = field(default_factory=list)


def web_link(url: str | None) -> str:
    """A pack's web address if it is one (http or https), else "" (never a `javascript:` link)."""
    return url if url and re.match(r"https?://", url, re.IGNORECASE) else ""


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _session_time(session: ProgrammeSession, event: Event, lang: str) -> str:
    end = session_end(session, event)
    next_midnight = dt.datetime.combine(session.starts.date() + dt.timedelta(days=1), dt.time())
    if end.date() == session.starts.date() or end == next_midnight:
        return format_span(session.starts, session.ends, lang)
    return f"{format_time(session.starts, lang)} → {format_datetime(end, lang)}"


def _days(
    event: Event, lang: str, now: dt.datetime, local: Callable[[LocalText | None], str]
) -> list[DayView]:
    on_now = {s.id for s in current_sessions(event, now)}
    by_day: dict[dt.date, list[SessionView]] = {}
    for s in ordered_sessions(event):
        by_day.setdefault(s.starts.date(), []).append(
            SessionView(
                time=_session_time(s, event, lang),
                starts=s.starts.isoformat(timespec="minutes"),
                title=local(s.title),
                place=local(s.location),
                description=local(s.description),
                now=s.id in on_now,
            )
        )
    return [
        DayView(capitalised(format_date(day, lang, year=False)), day.isoformat(), sessions)
        for day, sessions in by_day.items()
    ]


def _now_lines(
    event: Event, lang: str, now: dt.datetime, local: Callable[[LocalText | None], str]
) -> list[str]:
    """Where the event stands: what is on now and what comes next, or that it has not begun or is over."""
    sessions = ordered_sessions(event)
    if not sessions:
        return []
    current = current_sessions(event, now)
    upcoming = next_sessions(event, now)
    if not current and now < sessions[0].starts:
        first = sessions[0]
        day = format_relative_day(first.starts.date(), now.date(), lang, on=True)
        return [
            t(
                "event_not_started",
                lang,
                day=day,
                time=format_time(first.starts, lang),
                title=local(first.title),
            )
        ]
    if not current and not upcoming:
        return [t("event_over", lang, day=format_date(event.ends, lang))]
    lines = []
    for s in current:
        end = session_end(s, event)
        until = format_time(end, lang) if end.date() == now.date() else format_datetime(end, lang)
        place = local(s.location)
        lines.append(
            t("web_now_item", lang, title=local(s.title), until=until) + (f" ({place})" if place else "")
        )
    if not current:
        lines.append(t("web_now_nothing", lang))
    if upcoming:
        first = upcoming[0]
        day = format_relative_day(first.starts.date(), now.date(), lang)
        when = t("fmt_day_at_time", lang, day=day, time=format_time(first.starts, lang))
        titles = ", ".join(local(s.title) for s in upcoming)
        lines.append(t("web_next", lang, title=titles, when=when))
    return lines


def build_event_page(event: Event, lang: str, now: dt.datetime) -> EventPage:
    """Everything the event's page shows, in `lang`; awards only once the results are published."""

    def local(value: LocalText | None) -> str:
        return localize(value, lang, event.languages)

    public = results_are_public(event)
    awards: list[AwardView] = []
    follow_up = ""
    if public:
        awards = [
            AwardView(
                local(a.prize.name),
                t("web_award_team", lang, team=a.team),
                local(a.project),
                local(a.summary),
            )
            for a in event.awards
        ]
        follow_up = local(event.results.follow_up) if event.results else ""
    jury = sorted(event.jury, key=lambda j: (not j.chair, j.position))
    return EventPage(
        slug=event.slug,
        name=local(event.name),
        description=local(event.description),
        dates=capitalised(format_date_range(event.starts, event.ends, lang)),
        venue_name=local(event.venue_name),
        venue_address=event.venue_address or "",
        map_url=web_link(event.venue_map_url),
        organiser=local(event.organiser),
        audience=local(event.audience),
        contact_email=event.contact_email or "",
        contact_phone=event.contact_phone or "",
        contact_url=web_link(event.contact_url),
        times_local=t("web_times_local", lang, timezone=event.timezone),
        now_heading=t("web_now_heading", lang, time=format_time(now, lang)),
        now_lines=_now_lines(event, lang, now, local),
        days=_days(event, lang, now, local),
        challenges=[
            ChallengeView(
                number=t("web_challenge_number", lang, number=i),
                title=local(c.title),
                owner=t("challenge_owner", lang, owner=local(c.owner)) if c.owner else "",
                theme=t("challenge_theme", lang, theme=local(c.theme)) if c.theme else "",
                summary=local(c.summary),
                details=local(c.details),
            )
            for i, c in enumerate(event.challenges, start=1)
        ],
        prizes=[
            Entry(
                local(p.name),
                local(p.description),
                t("web_prize_reward", lang, reward=local(p.reward)) if p.reward else "",
            )
            for p in event.prizes
        ],
        results_public=public,
        awards=awards,
        follow_up=follow_up,
        jury=[
            Entry(
                j.name,
                local(j.role),
                t("jury_chair", lang) if j.chair and not mentions_chair(local(j.role)) else "",
            )
            for j in jury
        ],
        mentors=[
            Entry(
                m.name,
                ", ".join(text for e in m.expertise or [] if (text := local(e))),
                t("mentor_available", lang, available=local(m.available)) if m.available else "",
            )
            for m in event.mentors
        ],
        rules=[Entry(local(r.topic), local(r.text)) for r in event.rules],
        faq=[Entry(local(f.question), local(f.answer)) for f in event.faq],
    )


@dataclass(frozen=True)
class EventLink:
    slug: str
    name: str
    dates: str
    current: bool


def labels(lang: str) -> dict[str, str]:
    """The catalogue's sentences the templates show, in `lang`."""
    return {key: t(key, lang) for key in LABELS}
