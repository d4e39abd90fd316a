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

from bot.rasa_client import BotMessage, RasaClient, RasaUnavailable


@dataclass
class Conversation:
    """One conversation with the assistant: who speaks, and the metadata sent with each message."""

    client: RasaClient
    sender: str
    metadata: dict[str, Any] = field(default_factory=dict)

    def send(self, message: str) -> list[BotMessage]:
        return self.client.send(self.sender, message, self.metadata)


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
    conversation: Conversation,
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
            messages = conversation.send(line)
        except RasaUnavailable as error:
            where = conversation.client.instances.webhook_for(conversation.sender)
            out.write(f"(the assistant does not answer at {where}: {error})\n")
            continue
        text, payloads = render(messages)
        out.write((text or "(no answer)") + "\n")


def default_sender() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "user"
    return f"terminal-{user}"
