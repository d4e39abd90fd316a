"""What the web application's requests share, made when the application starts (its lifespan)."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
from sqlalchemy import Engine
from starlette.requests import Request

from bot.core.rate_limit import RateLimiter
from bot.core.settings import DEFAULT_VOTES_PER_ADDRESS
from bot.rasa_client import AsyncRasaClient


@dataclass
class WebState:
    engine: Engine
    rasa: AsyncRasaClient
    templates: jinja2.Environment
    chat_limit: RateLimiter
    identity_key: str
    """The site's secret, that makes a visitor's sender from their cookie (`bot.web.chat.sender_of`),
    and their voter key and their address's digest in a public vote (`bot.web.vote`)."""
    votes_per_address: int = DEFAULT_VOTES_PER_ADDRESS
    """Ballots of one public vote one address may cast (`HACKBOT_VOTES_PER_ADDRESS`)."""


def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state
