"""The page's chat box: `POST /chat` forwards one message to the assistant (bot.rasa_client) as
the visitor's sender and returns its answers, within a per-visitor rate limit.

A visitor is a random id kept in a cookie: their only credential (their team's email, edits and
withdrawal follow it). It is never sent on nor stored: the sender is `web-<keyed hash of it>`
(`sender_of`, with the site's secret), so neither Rasa's conversations nor the database hold
anything that would let someone act as the visitor.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import math
import re
import secrets
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.core.db import session_scope
from bot.core.i18n import SUPPORTED_LANGUAGES
from bot.core.language import language_code
from bot.core.texts import t
from bot.inbox.questions import Asker, replies_for
from bot.rasa_client import BotMessage, RasaUnavailable
from bot.web.page_language import COOKIE_MAX_AGE, page_language
from bot.web.state import WebState, web_state

logger = logging.getLogger(__name__)

CHAT_COOKIE = "hackbot_chat"

MAX_MESSAGE_LENGTH = 1000

MAX_CHAT_BODY = 16 * 1024

CHAT_RATE_VARIABLE = "HACKBOT_CHAT_PER_MINUTE"

DEFAULT_CHAT_PER_MINUTE = 20.0

CHAT_BURST = 5

_SENDER_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


def sender_of(cookie: str, key: str) -> str:
    """The sender id of the visitor whose cookie holds `cookie`: HMAC-SHA256 with the site's key."""
    digest = hmac.new(key.encode("utf-8"), cookie.encode("utf-8"), hashlib.sha256).digest()
    return "web-" + base64.urlsafe_b64encode(digest[:24]).decode("ascii")


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


def organisers_replies(state: WebState, sender: str) -> list[dict[str, Any]]:
    """The organisers' replies to the visitor's questions not shown yet, as messages (now shown)."""
    with session_scope(state.engine) as session:
        return [{"text": text, "buttons": []} for text in replies_for(session, Asker("web", sender))]


def chat_replies(request: Request) -> Response:
    """The organisers' replies waiting for this visitor: the page asks when it opens."""
    state = web_state(request)
    cookie = request.cookies.get(CHAT_COOKIE, "")
    found = (
        organisers_replies(state, sender_of(cookie, state.identity_key))
        if _SENDER_ID.fullmatch(cookie)
        else []
    )
    return JSONResponse({"messages": found}, headers={"cache-control": "no-store"})


async def chat(request: Request) -> Response:
    """Forward one message to Rasa's REST channel as the visitor's sender; return its answers."""
    state = web_state(request)
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
        replies = await state.rasa.send(
            sender_of(sender, state.identity_key), message.strip(), {"language_code": lang}
        )
    except RasaUnavailable as error:
        if not error.reachable:
            logger.warning("chat: the assistant does not answer: %s", error)
            return _apology(lang, "web_chat_unavailable", 503, "assistant_unavailable")
        logger.warning("chat: the assistant gave no usable answer: %s", error)
        return _apology(lang, "web_chat_unavailable", 502, "assistant_error")
    # An organisers' reply that came meanwhile shows first (bot.inbox), then the assistant's answer.
    waiting = await run_in_threadpool(organisers_replies, state, sender_of(sender, state.identity_key))
    response = JSONResponse(
        {"messages": [*waiting, *(message_json(reply) for reply in replies)]},
        headers={"cache-control": "no-store"},
    )
    if new_sender:
        response.set_cookie(CHAT_COOKIE, sender, max_age=COOKIE_MAX_AGE, httponly=True, samesite="strict")
    return response
