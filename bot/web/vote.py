"""The audience's vote on the web page (bot.jury.public_vote).

While a vote is open for the current event, the event's page shows one form per open vote, one
button per team (`vote_panel`); `POST /vote` casts the visitor's ballot (`cast_vote`) and answers
with a page saying, in the page's language, that it is recorded, or already recorded, or that
the vote is closed, or that the address's limit is reached. No count is ever shown.

The visitor is a random token in a cookie (`hackbot_voter`: HttpOnly, SameSite=Lax, a year),
set with the page that shows the forms; their voter key is a keyed digest of it
(bot.jury.public_vote.web_voter, with the site's secret), so the database never holds the token.
A POST without the cookie is refused, saying to allow cookies (the page that showed the form set
it: a browser that did not send it back keeps no cookie), and the cookie is set again: the next
press counts.

Cross-site forgery: each form carries a token tied to the visitor's cookie (HMAC with the site's
secret), and a POST whose form token is not the cookie's, or whose Origin (else Referer) names
another host than the one it was sent to (or than `HACKBOT_PUBLIC_URL`'s), is refused; the Lax
cookie is not sent with another site's POST anyway.

The limit per address: at most HACKBOT_VOTES_PER_ADDRESS ballots of one vote come from one
address (20 by default: colleagues of one ministry share one). The address is the request's
client as uvicorn gives it: behind a reverse proxy on the same machine, the one the proxy puts in
X-Forwarded-For (uvicorn trusts it from FORWARDED_ALLOW_IPS, 127.0.0.1 by default); a proxy that
does not set it makes every visitor the proxy's address, and the limit then holds for them all.
Only a keyed digest of the address is kept with the ballot.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from bot.core.db import session_scope
from bot.core.i18n import localize
from bot.core.language import language_code
from bot.core.links import public_url
from bot.core.models import Event
from bot.core.texts import t
from bot.events.lookup import current_event
from bot.jury import public_vote
from bot.jury.public_vote import PublicVoteError
from bot.web.page_language import COOKIE_MAX_AGE, page_language
from bot.web.state import WebState, web_state

logger = logging.getLogger(__name__)

VOTER_COOKIE = "hackbot_voter"
MAX_VOTE_BODY = 4 * 1024
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22,64}")

Render = Callable[..., HTMLResponse]
"""bot.web.app's page renderer: (request, template, lang, remember, status_code, **context)."""


def new_token() -> str:
    return secrets.token_urlsafe(24)


def form_token(token: str, key: str) -> str:
    """What the visitor's forms carry: tied to their cookie by the site's secret."""
    return hmac.new(key.encode("utf-8"), f"vote-form\n{token}".encode(), hashlib.sha256).hexdigest()[:32]


def visitor_token(request: Request) -> str | None:
    """The visitor's token from their cookie, if it is one."""
    token = request.cookies.get(VOTER_COOKIE, "")
    return token if _TOKEN.fullmatch(token) else None


def remember_visitor(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        VOTER_COOKIE,
        token,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


# ------------------------------------------------------------------ the forms on the event's page


@dataclass(frozen=True)
class TeamButton:
    team: str
    """The team's key (bot.jury.teams)."""
    label: str


@dataclass(frozen=True)
class VoteForm:
    prize: str
    legend: str
    voted_for: str | None
    """The visitor's own ballot ("you have voted for X"): no buttons then."""
    buttons: tuple[TeamButton, ...]


@dataclass(frozen=True)
class VotePanel:
    heading: str
    intro: str
    action: str
    form_token: str
    forms: tuple[VoteForm, ...]


def vote_panel(
    request: Request, session: Session, event: Event, lang: str
) -> tuple[VotePanel | None, str | None]:
    """The forms of the votes open for the event if it is the current one (else None), and the
    visitor's new token when they had none (to set in their cookie with the page)."""
    if not event.is_current:
        return None, None
    votes = [vote for vote in public_vote.open_votes(session, event) if vote.teams]
    if not votes:
        return None, None
    state = web_state(request)
    token = visitor_token(request)
    new = token is None
    token = token or new_token()
    voter = public_vote.web_voter(token, state.identity_key)
    forms = []
    for vote in votes:
        prize = localize(vote.name, lang, event.languages)
        ballot = None if new else public_vote.ballot_of(session, event, vote.prize, voter)
        voted = t("public_vote_voted_for", lang, prize=prize, team=ballot.team_name) if ballot else None
        buttons = tuple(
            TeamButton(team.key, t("web_vote_button", lang, team=team.name)) for team in vote.teams
        )
        forms.append(VoteForm(vote.prize, t("web_vote_legend", lang, prize=prize), voted, buttons))
    panel = VotePanel(
        t("web_vote_heading", lang),
        t("web_vote_intro", lang),
        str(request.url_for("vote")),
        form_token(token, state.identity_key),
        tuple(forms),
    )
    return panel, token if new else None


# ------------------------------------------------------------------ POST /vote


def _same_origin(request: Request) -> bool:
    """Whether the request's Origin (else Referer), when it sends one, names the host it was sent
    to, or the site's public address (`HACKBOT_PUBLIC_URL`, for a proxy that does not pass Host on)."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if not claimed:
        return True  # neither sent: the form's token decides
    public = public_url()
    hosts = {request.headers.get("host", "").lower(), urlsplit(public).netloc.lower() if public else ""}
    netloc = urlsplit(claimed).netloc.lower()
    return bool(netloc) and netloc in hosts


async def _form(request: Request) -> dict[str, str] | None:
    """The form's fields (the first value of each), or None when it is not a small urlencoded form."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != FORM_CONTENT_TYPE:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_VOTE_BODY:
            return None
        chunks.append(chunk)
    try:
        fields = parse_qs(b"".join(chunks).decode("utf-8"), max_num_fields=10)
    except (UnicodeDecodeError, ValueError):
        return None
    return {name: values[0] for name, values in fields.items() if values}


def _outcome(
    state: WebState, prize_key: str, team_key: str, voter: str, address: str, lang: str
) -> tuple[int, str]:
    """Cast the ballot in a transaction of its own: the HTTP status and the sentence to show."""
    with session_scope(state.engine) as session:
        event = current_event(session)
        if event is None:
            return 409, t("public_vote_not_open", lang)
        prize = localize(public_vote.prize_name(event, prize_key), lang, event.languages)
        try:
            done = public_vote.cast(
                session,
                event,
                prize_key,
                voter_key=voter,
                team_key=team_key,
                address_key=address,
                per_address_limit=state.votes_per_address,
            )
        except PublicVoteError as error:
            logger.info("A web ballot of a public vote of %s was refused: %s", event.slug, error.code)
            refusals: dict[str, tuple[int, str]] = {
                "already_voted": (409, "public_vote_already"),
                "closed": (409, "public_vote_closed"),
                "unknown_team": (400, "public_vote_unknown_team"),
                "address_limit": (429, "web_vote_limit"),
            }
            status, key = refusals.get(error.code, (409, "public_vote_not_open"))
            return status, t(key, lang, prize=prize, team=error.details.get("team_name", ""))
        return 200, t("public_vote_recorded", lang, team=done.team.name, prize=prize)


async def cast_vote(request: Request, render: Render) -> Response:
    """`POST /vote` (prize, team, form token, lang): the visitor's ballot; a page says what became of it."""
    state = web_state(request)
    lang, _ = page_language(request)
    fields = await _form(request)
    lang = language_code((fields or {}).get("lang")) or lang

    def page(status: int, message: str) -> HTMLResponse:
        return render(
            request,
            "vote.html",
            lang,
            False,
            status_code=status,
            title=t("web_vote_heading", lang),
            message=message,
            back=str(request.url_for("home")) + f"?lang={lang}",
            back_label=t("web_vote_back", lang),
        )

    if fields is None or not _same_origin(request):
        return page(403 if fields is not None else 400, t("web_vote_forged", lang))
    token = visitor_token(request)
    if token is None:
        response = page(400, t("web_vote_no_cookie", lang))
        remember_visitor(request, response, new_token())
        return response
    if not hmac.compare_digest(fields.get("form", ""), form_token(token, state.identity_key)):
        return page(403, t("web_vote_forged", lang))
    prize, team = fields.get("prize", "")[:100], fields.get("team", "")[:100]
    voter = public_vote.web_voter(token, state.identity_key)
    address = public_vote.address_key(request.client.host if request.client else "", state.identity_key)
    status, message = await run_in_threadpool(_outcome, state, prize, team, voter, address, lang)
    return page(status, message)
