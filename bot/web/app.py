"""The public web site: the event's page, the list of events, the programme as iCalendar, the event's
data as JSON, and a chat box that talks to the assistant through Rasa's REST channel.

`create_app()` builds the Starlette application; nothing happens at import: the database engine
and the HTTP client for Rasa are made when the application starts (its lifespan). `serve()` runs
it with uvicorn (`python -m bot.web`, port `HACKBOT_WEB_PORT`, 8000 by default).

Every visible text comes from `bot.core.texts` (keys `web_*`), in French or English: `?lang=fr|en`
chooses and a cookie remembers it; otherwise the browser's Accept-Language; otherwise French.
Results are shown (HTML and JSON) only once published (`bot.events.results.results_are_public`).

Routes: `/` (the current event), `/events`, `/events/<slug>`, `/events/<slug>.ics`,
`/events/<slug>.json`, `POST /chat` ({"message": ...} → {"messages": [{"text", "buttons"}]}; at
most `HACKBOT_CHAT_PER_MINUTE` messages a minute from one address, 20 by default, after a burst
of 5), `POST /vote` (a ballot of the audience's vote, bot.web.vote: at most
`HACKBOT_VOTES_PER_ADDRESS` ballots of one vote from one address, 20 by default), `/healthz`, and
`/static/` (the style sheet and the chat's script).
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import jinja2
import uvicorn
from sqlalchemy import text
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.core.clock import now_in
from bot.core.db import make_engine, session_scope
from bot.core.i18n import SUPPORTED_LANGUAGES, localize
from bot.core.models import Event
from bot.core.rate_limit import RateLimiter
from bot.core.secrets import WEB_SECRET_VARIABLE, kept_secret, new_secret
from bot.core.settings import votes_per_address
from bot.core.texts import t
from bot.core.timefmt import (
    format_date_range,
)
from bot.events.lookup import current_event, current_event_row, get_event, list_events
from bot.methods.catalogue import event_catalogue
from bot.privacy.notice import privacy_notice
from bot.rasa_client import AsyncRasaClient
from bot.web.chat import CHAT_BURST, CHAT_RATE_VARIABLE, DEFAULT_CHAT_PER_MINUTE, chat, chat_replies
from bot.web.ical import CONTENT_TYPE as ICS_CONTENT_TYPE
from bot.web.ical import event_calendar
from bot.web.methods_page import methods_page
from bot.web.open_data import event_data
from bot.web.page_language import COOKIE_MAX_AGE, LANG_COOKIE, page_language
from bot.web.pages import LANGUAGE_NAMES, EventLink, build_event_page, capitalised, labels
from bot.web.state import WebState, web_state
from bot.web.vote import cast_vote, remember_visitor, vote_panel

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent

TEMPLATES_DIR = PACKAGE_DIR / "templates"

STATIC_DIR = PACKAGE_DIR / "static"

PORT_VARIABLE = "HACKBOT_WEB_PORT"

DEFAULT_PORT = 8000

RASA_TIMEOUT = httpx.Timeout(30.0, connect=5.0)

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


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
    state = web_state(request)
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
    request: Request, session: Session, event: Event | None, lang: str, remember: bool, *, home: bool
) -> Response:
    if event is None:
        if home:
            return _render(request, "no_event.html", lang, remember, title=t("web_no_current_heading", lang))
        return _not_found(request, lang, remember)
    page = build_event_page(event, lang, now_in(event.timezone))
    vote, new_visitor = vote_panel(request, session, event, lang)
    response = _render(
        request,
        "event.html",
        lang,
        remember,
        title=page.name,
        page=page,
        vote=vote,
        urls=_event_urls(request, event.slug, lang),
        privacy=privacy_notice(event, lang, channel="web").split("\n\n"),
    )
    if new_visitor is not None:
        remember_visitor(request, response, new_visitor)
    return response


def _not_found(request: Request, lang: str, remember: bool) -> HTMLResponse:
    return _render(
        request, "not_found.html", lang, remember, status_code=404, title=t("web_not_found_heading", lang)
    )


def show_home(request: Request) -> Response:
    lang, remember = page_language(request)
    with session_scope(web_state(request).engine) as session:
        return _event_response(request, session, current_event(session), lang, remember, home=True)


def show_event(request: Request) -> Response:
    lang, remember = page_language(request)
    with session_scope(web_state(request).engine) as session:
        found = get_event(session, request.path_params["slug"])
        return _event_response(request, session, found, lang, remember, home=False)


def show_events(request: Request) -> Response:
    lang, remember = page_language(request)
    with session_scope(web_state(request).engine) as session:
        links = [
            EventLink(
                e.slug,
                localize(e.name, lang, e.languages),
                capitalised(format_date_range(e.starts, e.ends, lang)),
                e.is_current,
            )
            for e in reversed(list_events(session))
        ]
    return _render(request, "events.html", lang, remember, title=t("web_events_heading", lang), events=links)


def show_methods(request: Request) -> Response:
    """The coach's catalogue as the current event offers it (without the methods its pack hides,
    with those it adds); the shipped one when no event is current."""
    lang, remember = page_language(request)
    with session_scope(web_state(request).engine) as session:
        stages = methods_page(event_catalogue(current_event_row(session)), lang)
    return _render(
        request, "methods.html", lang, remember, title=t("web_methods_heading", lang), stages=stages
    )


def show_calendar(request: Request) -> Response:
    lang, _ = page_language(request)
    slug = request.path_params["slug"]
    with session_scope(web_state(request).engine) as session:
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
    with session_scope(web_state(request).engine) as session:
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


async def vote(request: Request) -> Response:
    """`POST /vote`: a ballot of the audience's vote (bot.web.vote)."""
    return await cast_vote(request, _render)


def healthz(request: Request) -> Response:
    try:
        with web_state(request).engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        logger.exception("health check: the database does not answer")
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok"})


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
    *,
    database_url: str | None = None,
    rasa_url: str,
    chat_limit: float | None = None,
    identity_key: str | None = None,
    votes_limit: int | None = None,
) -> Starlette:
    """The web application; the database engine and Rasa's client are made when it starts.

    `chat_limit` (default: `chat_per_minute()`): how many messages a minute one address may send
    to the chat, after a burst of `CHAT_BURST`; more are refused with HTTP 429 and the wait.
    `identity_key`: the secret that turns a visitor's cookie into their sender (default: a new one,
    for this application only; `main` keeps one, so that visitors stay who they are across
    restarts). `votes_limit` (default: `votes_per_address()`): ballots of one public vote one
    address may cast."""
    per_minute = chat_limit if chat_limit is not None else chat_per_minute()
    per_address = votes_limit if votes_limit is not None else votes_per_address()
    key = identity_key or new_secret()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = make_engine(database_url)
        client = AsyncRasaClient(rasa_url, timeout=RASA_TIMEOUT)
        limit = RateLimiter(per_minute=per_minute, burst=CHAT_BURST)
        app.state.web = WebState(engine, client, templates_environment(), limit, key, per_address)
        try:
            yield
        finally:
            await client.aclose()
            await run_in_threadpool(engine.dispose)

    routes = [
        Route("/", show_home, name="home"),
        Route("/events", show_events, name="events"),
        Route("/methods", show_methods, name="methods"),
        Route("/events/{slug}.ics", show_calendar, name="calendar"),
        Route("/events/{slug}.json", show_data, name="data"),
        Route("/events/{slug}", show_event, name="event"),
        Route("/chat", chat, methods=["POST"], name="chat"),
        Route("/chat/replies", chat_replies, methods=["POST"], name="chat_replies"),
        Route("/vote", vote, methods=["POST"], name="vote"),
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
    identity_key: str | None = None,
) -> None:
    """Run the web site with uvicorn until interrupted (port: `web_port()` if not given)."""
    app = create_app(database_url=database_url, rasa_url=rasa_url, identity_key=identity_key)
    uvicorn.run(app, host=host, port=port if port is not None else web_port(), log_level="info")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.web", description="Serve hackbot's public web site.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None, help=f"default: ${PORT_VARIABLE} or {DEFAULT_PORT}")
    parser.add_argument("--database-url", default=None, help="default: $DATABASE_URL or the SQLite file")
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005", help="the Rasa server (REST channel)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # The visitors' identity key: the stack's (`hackbot serve` passes it), else kept in var/secrets.
    key = os.environ.get(WEB_SECRET_VARIABLE) or kept_secret("web")
    serve(args.host, args.port, args.database_url, args.rasa_url, key)
