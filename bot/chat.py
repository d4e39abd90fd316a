"""A terminal chat with the assistant, over Rasa's REST channel.

Type a question; the bot's buttons are shown numbered, and typing a number
presses one. `/quit` (or Ctrl-D, Ctrl-C) leaves.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

import httpx


@dataclass(frozen=True)
class BotMessage:
    text: str
    buttons: tuple[tuple[str, str], ...] = ()  # (title, payload)


@dataclass
class RestClient:
    """One conversation with the Rasa REST channel."""

    webhook: str
    sender: str
    metadata: dict[str, Any] = field(default_factory=dict)
    timeout: float = 30.0

    def send(self, message: str, client: httpx.Client | None = None) -> list[BotMessage]:
        body = {"sender": self.sender, "message": message, "metadata": self.metadata}
        if client is None:
            response = httpx.post(self.webhook, json=body, timeout=self.timeout)
        else:
            response = client.post(self.webhook, json=body, timeout=self.timeout)
        response.raise_for_status()
        return [parse_message(item) for item in response.json()]


def parse_message(item: dict[str, Any]) -> BotMessage:
    buttons = tuple((str(b.get("title", "")), str(b.get("payload", ""))) for b in item.get("buttons") or [])
    return BotMessage(text=str(item.get("text") or ""), buttons=buttons)


def render(messages: list[BotMessage]) -> tuple[str, list[str]]:
    """The text to print for the bot's messages, and the payloads of numbered buttons."""
    lines: list[str] = []
    payloads: list[str] = []
    for message in messages:
        if message.text:
            lines.append(message.text)
        for title, payload in message.buttons:
            payloads.append(payload)
            lines.append(f"  [{len(payloads)}] {title}")
    return "\n".join(lines), payloads


def repl(
    client: RestClient,
    *,
    read: Callable[[str], str] = input,
    out: TextIO = sys.stdout,
) -> None:
    out.write("hackbot: ask a question (in French or English); /quit to leave.\n")
    payloads: list[str] = []
    while True:
        try:
            line = read("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            out.write("\n")
            return
        if line in {"/quit", "/exit"}:
            return
        if not line:
            continue
        if line.isdigit() and 1 <= int(line) <= len(payloads):
            line = payloads[int(line) - 1]
        try:
            messages = client.send(line)
        except httpx.HTTPError as error:
            out.write(f"(the assistant is not reachable at {client.webhook}: {error})\n")
            continue
        text, payloads = render(messages)
        out.write((text or "(no answer)") + "\n")


def default_sender() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "user"
    return f"terminal-{user}"
