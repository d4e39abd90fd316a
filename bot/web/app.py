"""The public web site: the event's page, the list of events, the programme as iCalendar, the event's
data as JSON, and a chat box that talks to the assistant through Rasa's REST channel.

`create_app()` builds the Starlette application; nothing happens at import: the database engine
and the HTTP client for Rasa are made when the application starts (its lifespan). `serve()` runs
it with uvicorn (`python -m bot.web`, port `HACKBOT_WEB_PORT`, 8000 by default).

Every visible text comes from `bot.core.texts` (keys `web_*`), in French or English: `?lang=fr|en`
chooses and a cookie remembers it; otherwise the browser's Accept-Language; otherwise French.
Results are shown (HTML and JSON) only once published (`bot.answers.results.results_are_public`).

Routes: `/` (the current event), `/events`, `/events/<slug>`, `/events/<slug>.ics`,
`/events/<slug>.json`, `POST /chat` ({"message": ...} → {"messages": [{"text", "buttons"}]}; at
most `HACKBOT_CHAT_PER_MINUTE` messages a minute from one address, 20 by default, after a burst
of 5), `/healthz`, and `/static/` (the style sheet and the chat's script).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import os
import re
import secrets
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jinja2
import uvicorn
from sqlalchemy import Engine, text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.answers.people import _mentions_chair
from bot.answers.results import results_are_public
from bot.answers.schedule import current_sessions, next_sessions, ordered_sessions, session_end
from bot.core.clock import now_in
from bot.core.db import make_engine, session_scope
from bot.core.i18n import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, localize
from bot.core.language import language_code
from bot.core.models import Event, LocalText, Session
from bot.core.texts import t
from bot.core.timefmt import (
    format_date,
    format_date_range,
    format_datetime,
    format_relative_day,
    format_span,
    format_time,
)
from bot.events.lookup import current_event, get_event, list_events
from bot.rasa_client import AsyncRasaClient, BotMessage, RasaUnavailable
from bot.web.chat_limit import ChatRateLimiter
from bot.web.ical import CONTENT_TYPE as ICS_CONTENT_TYPE
from bot.web.ical import event_calendar
from bot.web.open_data import event_data

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"

PORT_VARIABLE = "HACKBOT_WEB_PORT"
DEFAULT_PORT = 8000
LANG_COOKIE = "hackbot_lang"
CHAT_COOKIE = "hackbot_chat"
COOKIE_MAX_AGE = 365 * 24 * 3600
MAX_MESSAGE_LENGTH = 1000
MAX_CHAT_BODY = 16 * 1024
RASA_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
CHAT_RATE_VARIABLE = "HACKBOT_CHAT_PER_MINUTE"
DEFAULT_CHAT_PER_MINUTE = 20.0
CHAT_BURST = 5
_SENDER_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}

# The catalogue's sentences without placeholders that templates show (`L.<key>`); quoted here
# so that tests/test_texts.py sees them used.
LABELS = (
    "web_skip_link",
    "web_nav_label",
    "web_nav_current_event",
    "web_nav_events",
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


# ------------------------------------------------------------------ language


def accepted_language(header: str | None) -> str | None:
    """French or English, whichever an Accept-Language header prefers (q-values, then order)."""
    best: str | None = None
    best_q = 0.0
    for part in (header or "").split(","):
        tag, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        code = language_code(tag)
        if code and quality > best_q:
            best, best_q = code, quality
    return best


def page_language(request: Request) -> tuple[str, bool]:
    """The language of the page, and whether `?lang=` asked for it (then a cookie remembers it)."""
    asked = language_code(request.query_params.get("lang"))
    if asked:
        return asked, True
    for candidate in (
        request.cookies.get(LANG_COOKIE),
        accepted_language(request.headers.get("accept-language")),
    ):
        code = language_code(candidate)
        if code:
            return code, False
    return DEFAULT_LANGUAGE, False


def labels(lang: str) -> dict[str, str]:
    return {key: t(key, lang) for key in LABELS}


# ------------------------------------------------------------------ what the pages show


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


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _session_time(session: Session, event: Event, lang: str) -> str:
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
        DayView(_capitalised(format_date(day, lang, year=False)), day.isoformat(), sessions)
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
        dates=_capitalised(format_date_range(event.starts, event.ends, lang)),
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
                t("jury_chair", lang) if j.chair and not _mentions_chair(local(j.role)) else "",
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


# ------------------------------------------------------------------ the application


@dataclass
class WebState:
    engine: Engine
    rasa: AsyncRasaClient
    templates: jinja2.Environment
    chat_limit: ChatRateLimiter


def _state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


class SecurityHeaders:
    """Adds `SECURITY_HEADERS` to every response (no inline script or style is ever needed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _render(
    request: Request,
    template: str,
    lang: str,
    remember: bool,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    state = _state(request)
    path = request.url.path
    languages = [
        {
            "code": code,
            "name": t(LANGUAGE_NAMES[code], code),
            "href": f"{path}?lang={code}",
            "current": code == lang,
        }
        for code in SUPPORTED_LANGUAGES
    ]
    root = str(request.scope.get("root_path", "")).rstrip("/")
    body = state.templates.get_template(template).render(
        lang=lang, L=labels(lang), languages=languages, path=path, root=root, **context
    )
    response = HTMLResponse(body, status_code=status_code)
    response.headers["cache-control"] = "no-cache"
    response.headers["vary"] = "Accept-Language, Cookie"
    if remember:
        response.set_cookie(LANG_COOKIE, lang, max_age=COOKIE_MAX_AGE, samesite="lax")
    return response


def _event_urls(request: Request, slug: str, lang: str) -> dict[str, str]:
    return {
        "page": str(request.url_for("event", slug=slug)),
        "calendar": str(request.url_for("calendar", slug=slug)) + f"?lang={lang}",
        "data": str(request.url_for("data", slug=slug)),
    }


def _event_response(
    request: Request, event: Event | None, lang: str, remember: bool, *, home: bool
) -> Response:
    if event is None:
        if home:
            return _render(request, "no_event.html", lang, remember, title=t("web_no_current_heading", lang))
        return _not_found(request, lang, remember)
    page = build_event_page(event, lang, now_in(event.timezone))
    return _render(
        request,
        "event.html",
        lang,
        remember,
        title=page.name,
        page=page,
        urls=_event_urls(request, event.slug, lang),
    )


def _not_found(request: Request, lang: str, remember: bool) -> HTMLResponse:
    return _render(
        request, "not_found.html", lang, remember, status_code=404, title=t("web_not_found_heading", lang)
    )


def show_home(request: Request) -> Response:
    lang, remember = page_language(request)
    with session_scope(_state(request).engine) as session:
        return _event_response(request, current_event(session), lang, remember, home=True)


def show_event(request: Request) -> Response:
    lang, remember = page_language(request)
    with session_scope(_state(request).engine) as session:
        return _event_response(
            request, get_event(session, request.path_params["slug"]), lang, remember, home=False
        )


def show_events(request: Request) -> Response:
    lang, remember = page_language(request)
    with session_scope(_state(request).engine) as session:
        links = [
            EventLink(
                e.slug,
                localize(e.name, lang, e.languages),
                _capitalised(format_date_range(e.starts, e.ends, lang)),
                e.is_current,
            )
            for e in reversed(list_events(session))
        ]
    return _render(request, "events.html", lang, remember, title=t("web_events_heading", lang), events=links)


def show_calendar(request: Request) -> Response:
    lang, _ = page_language(request)
    slug = request.path_params["slug"]
    with session_scope(_state(request).engine) as session:
        found = get_event(session, slug)
        if found is None:
            return _not_found(request, lang, False)
        page_url = str(request.url_for("event", slug=slug)) + f"?lang={lang}"
        body = event_calendar(found, lang, page_url=page_url)
    return Response(
        body.encode("utf-8"),
        media_type=ICS_CONTENT_TYPE,
        headers={
            "content-disposition": f'attachment; filename="{slug}.ics"',
            "access-control-allow-origin": "*",
            "cache-control": "no-cache",
        },
    )


def show_data(request: Request) -> Response:
    slug = request.path_params["slug"]
    with session_scope(_state(request).engine) as session:
        found = get_event(session, slug)
        if found is None:
            return JSONResponse(
                {"error": "not_found"}, status_code=404, headers={"access-control-allow-origin": "*"}
            )
        calendar = str(request.url_for("calendar", slug=slug))
        links = {
            "page": str(request.url_for("event", slug=slug)),
            "calendar": {code: f"{calendar}?lang={code}" for code in SUPPORTED_LANGUAGES},
            "data": str(request.url_for("data", slug=slug)),
        }
        payload = event_data(found, links)
    return JSONResponse(payload, headers={"access-control-allow-origin": "*", "cache-control": "no-cache"})


def healthz(request: Request) -> Response:
    try:
        with _state(request).engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        logger.exception("health check: the database does not answer")
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok"})


# ------------------------------------------------------------------ the chat box


def _apology(lang: str, key: str, status_code: int, error: str, **values: Any) -> JSONResponse:
    """A bilingual error: the page's language in `messages`, both in `apology`."""
    return JSONResponse(
        {
            "error": error,
            "messages": [{"text": t(key, lang, **values), "buttons": []}],
            "apology": {code: t(key, code, **values) for code in SUPPORTED_LANGUAGES},
        },
        status_code=status_code,
    )


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The request's body, or None if it is longer than `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def message_json(message: BotMessage) -> dict[str, Any]:
    """One of the assistant's messages as the page's script reads it."""
    return {
        "text": message.text,
        "buttons": [{"title": title, "payload": payload} for title, payload in message.buttons],
    }


async def chat(request: Request) -> Response:
    """Forward one message to Rasa's REST channel as `web-<id kept in a cookie>`; return its answers."""
    state = _state(request)
    lang, _ = page_language(request)
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return _apology(lang, "web_chat_invalid", 415, "json_expected", limit=MAX_MESSAGE_LENGTH)
    body = await _read_body(request, MAX_CHAT_BODY)
    if body is None:
        return _apology(lang, "web_chat_invalid", 413, "too_long", limit=MAX_MESSAGE_LENGTH)
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        return _apology(lang, "web_chat_invalid", 400, "invalid", limit=MAX_MESSAGE_LENGTH)
    lang = language_code(str(payload.get("lang") or "")) or lang
    message = payload.get("message")
    if not isinstance(message, str) or not message.strip() or len(message) > MAX_MESSAGE_LENGTH:
        return _apology(lang, "web_chat_invalid", 400, "invalid", limit=MAX_MESSAGE_LENGTH)
    # Only what would reach the assistant counts against the visitor's limit.
    wait = state.chat_limit.wait(request.client.host if request.client else "")
    if wait:
        seconds = math.ceil(wait)
        refusal = _apology(lang, "web_chat_too_fast", 429, "too_many_messages", seconds=seconds)
        refusal.headers["retry-after"] = str(seconds)
        return refusal
    sender = request.cookies.get(CHAT_COOKIE, "")
    new_sender = not _SENDER_ID.fullmatch(sender)
    if new_sender:
        sender = secrets.token_urlsafe(18)
    try:
        replies = await state.rasa.send(f"web-{sender}", message.strip(), {"language_code": lang})
    except RasaUnavailable as error:
        if not error.reachable:
            logger.warning("chat: the assistant does not answer: %s", error)
            return _apology(lang, "web_chat_unavailable", 503, "assistant_unavailable")
        logger.warning("chat: the assistant gave no usable answer: %s", error)
        return _apology(lang, "web_chat_unavailable", 502, "assistant_error")
    response = JSONResponse(
        {"messages": [message_json(reply) for reply in replies]}, headers={"cache-control": "no-store"}
    )
    if new_sender:
        response.set_cookie(CHAT_COOKIE, sender, max_age=COOKIE_MAX_AGE, httponly=True, samesite="strict")
    return response


# ------------------------------------------------------------------ building and running


def templates_environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def chat_per_minute(env: Mapping[str, str] | None = None) -> float:
    """Messages a minute one address may send to the chat: `HACKBOT_CHAT_PER_MINUTE`, else 20."""
    value = (os.environ if env is None else env).get(CHAT_RATE_VARIABLE, "").strip()
    return float(value) if value else DEFAULT_CHAT_PER_MINUTE


def create_app(
    *, database_url: str | None = None, rasa_url: str, chat_limit: float | None = None
) -> Starlette:
    """The web application; the database engine and Rasa's client are made when it starts.

    `chat_limit` (default: `chat_per_minute()`): how many messages a minute one address may send
    to the chat, after a burst of `CHAT_BURST`; more are refused with HTTP 429 and the wait."""
    per_minute = chat_limit if chat_limit is not None else chat_per_minute()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = make_engine(database_url)
        client = AsyncRasaClient(rasa_url, timeout=RASA_TIMEOUT)
        limit = ChatRateLimiter(per_minute=per_minute, burst=CHAT_BURST)
        app.state.web = WebState(engine, client, templates_environment(), limit)
        try:
            yield
        finally:
            await client.aclose()
            await run_in_threadpool(engine.dispose)

    routes = [
        Route("/", show_home, name="home"),
        Route("/events", show_events, name="events"),
        Route("/events/{slug}.ics", show_calendar, name="calendar"),
        Route("/events/{slug}.json", show_data, name="data"),
        Route("/events/{slug}", show_event, name="event"),
        Route("/chat", chat, methods=["POST"], name="chat"),
        Route("/healthz", healthz, name="healthz"),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.add_middleware(SecurityHeaders)
    return app


def web_port(env: Mapping[str, str] | None = None) -> int:
    """The port of the web site: `HACKBOT_WEB_PORT`, else 8000."""
    value = (os.environ if env is None else env).get(PORT_VARIABLE, "").strip()
    return int(value) if value else DEFAULT_PORT


def serve(
    host: str = "127.0.0.1",
    port: int | None = None,
    database_url: str | None = None,
    rasa_url: str = "http://127.0.0.1:5005",
) -> None:
    """Run the web site with uvicorn until interrupted (port: `web_port()` if not given)."""
    app = create_app(database_url=database_url, rasa_url=rasa_url)
    uvicorn.run(app, host=host, port=port if port is not None else web_port(), log_level="info")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.web", description="Serve hackbot's public web site.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None, help=f"default: ${PORT_VARIABLE} or {DEFAULT_PORT}")
    parser.add_argument("--database-url", default=None, help="default: $DATABASE_URL or the SQLite file")
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005", help="the Rasa server (REST channel)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    serve(args.host, args.port, args.database_url, args.rasa_url)
