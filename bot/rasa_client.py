"""Rasa's REST channel: the one client the front doors (terminal chat, Telegram, web page) use.

A message is POSTed to an instance's `REST_WEBHOOK` with the sender id and metadata; the
answer is a list of bot messages, each with a text and buttons (title, payload). Every front door
reads that answer the same way (`parse_replies`): a button without a payload cannot be pressed
and is dropped, and so is a message with neither text nor buttons. An answer with nothing left
is a failure (`RasaUnavailable`): every message gets a reply, so Rasa answers nothing only when
the action server is down or an action failed.

Which instance serves a conversation, when several run: Rasa Open Source keeps a conversation
consistent only if one process handles its messages (its Redis lock store does not make
concurrent processing safe across instances). So every message of a sender goes to the same
instance: the sender id hashed, modulo the number of instances. `HACKBOT_RASA_URLS`
(comma-separated) lists them; one URL is the usual single-instance case.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

REST_WEBHOOK = "/webhooks/rest/webhook"
DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class BotMessage:
    """One message of the assistant: its text and its buttons (title, payload)."""

    text: str
    buttons: tuple[tuple[str, str], ...] = ()


class RasaUnavailable(Exception):
    """Rasa gave no usable answer: unreachable (`reachable` false), an HTTP error, not a list of
    messages, or nothing to show."""

    def __init__(self, reason: str, *, reachable: bool) -> None:
        super().__init__(reason)
        self.reachable = reachable


def split_urls(urls: str) -> list[str]:
    """ "http://a:5005, http://b:5006/" -> ["http://a:5005", "http://b:5006"]."""
    found = [url.strip().rstrip("/") for url in urls.split(",")]
    return [url for url in found if url]


def instance_for(sender: str, urls: Sequence[str]) -> str:
    """The instance that always serves `sender` (stable across processes and restarts)."""
    if not urls:
        raise ValueError("no Rasa instance is configured")
    if len(urls) == 1:
        return urls[0]
    digest = hashlib.sha256(sender.encode("utf-8")).digest()
    return urls[int.from_bytes(digest[:8], "big") % len(urls)]


def parse_message(item: Mapping[str, Any]) -> BotMessage:
    buttons = tuple(
        (str(button.get("title") or ""), str(button.get("payload")))
        for button in item.get("buttons") or []
        if isinstance(button, Mapping) and button.get("payload")
    )
    return BotMessage(text=str(item.get("text") or ""), buttons=buttons)


def parse_replies(items: object) -> list[BotMessage]:
    """The REST channel's answer as bot messages; RasaUnavailable if there is none to show."""
    if not isinstance(items, list) or not all(isinstance(item, Mapping) for item in items):
        raise RasaUnavailable(f"unexpected answer of type {type(items).__name__}", reachable=True)
    messages = [parse_message(item) for item in items]
    messages = [message for message in messages if message.text.strip() or message.buttons]
    if not messages:
        raise RasaUnavailable("empty answer (is the action server running? see its log)", reachable=True)
    return messages


@dataclass(frozen=True)
class RasaInstances:
    """The instances of `rasa_url` (comma-separated), read once."""

    urls: tuple[str, ...]

    @classmethod
    def parse(cls, rasa_url: str) -> RasaInstances:
        return cls(tuple(split_urls(rasa_url)))

    def webhook_for(self, sender: str) -> str:
        return instance_for(sender, self.urls) + REST_WEBHOOK


def _body(sender: str, message: str, metadata: Mapping[str, Any] | None) -> dict[str, Any]:
    return {"sender": sender, "message": message, "metadata": dict(metadata or {})}


def _replies(response: httpx.Response) -> list[BotMessage]:
    if response.status_code != 200:
        raise RasaUnavailable(f"HTTP {response.status_code}", reachable=True)
    try:
        items = response.json()
    except ValueError as error:
        raise RasaUnavailable("an answer that is not JSON", reachable=True) from error
    return parse_replies(items)


def _unavailable(error: httpx.HTTPError) -> RasaUnavailable:
    reachable = not isinstance(error, httpx.ConnectError | httpx.TimeoutException)
    return RasaUnavailable(f"{type(error).__name__}: {error}", reachable=reachable)


class RasaClient:
    """Synchronous client (the terminal chat, tools): `send` returns the assistant's replies."""

    def __init__(self, rasa_url: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.instances = RasaInstances.parse(rasa_url)
        self._client = httpx.Client(timeout=timeout)

    def send(self, sender: str, message: str, metadata: Mapping[str, Any] | None = None) -> list[BotMessage]:
        """The replies to `message`; RasaUnavailable when Rasa cannot answer."""
        try:
            response = self._client.post(
                self.instances.webhook_for(sender), json=_body(sender, message, metadata)
            )
        except httpx.HTTPError as error:
            raise _unavailable(error) from error
        return _replies(response)

    def close(self) -> None:
        self._client.close()


class AsyncRasaClient:
    """Asynchronous client (the Telegram gateway, the web page's chat), one connection pool."""

    def __init__(self, rasa_url: str, *, timeout: float | httpx.Timeout = DEFAULT_TIMEOUT) -> None:
        self.instances = RasaInstances.parse(rasa_url)
        self._client = httpx.AsyncClient(timeout=timeout)

    async def send(
        self, sender: str, message: str, metadata: Mapping[str, Any] | None = None
    ) -> list[BotMessage]:
        """The replies to `message`; RasaUnavailable when Rasa cannot answer."""
        try:
            response = await self._client.post(
                self.instances.webhook_for(sender), json=_body(sender, message, metadata)
            )
        except httpx.HTTPError as error:
            raise _unavailable(error) from error
        return _replies(response)

    async def aclose(self) -> None:
        await self._client.aclose()
