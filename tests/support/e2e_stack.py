"""The real stack (action server + Rasa server) for end-to-end tests, and a REST client to talk to it.

`running_assistant(url, now, workdir)` migrates the database at `url`, starts both servers on
free ports with the event-local clock frozen at `now`, and yields an `Assistant`; with `web=True`
the public web site is started too, as `make run` starts it (`Assistant.web_url`).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.cli.services import ServiceError, Stack, start, stop
from bot.core.db import PROJECT_ROOT, make_engine, normalise_url, session_scope
from bot.core.migrations import upgrade
from bot.core.settings import StackConfig
from bot.events import lookup
from support.databases import throwaway_postgres_database
from support.ports import free_port

MODEL = PROJECT_ROOT / "models" / "hackbot.tar.gz"
BIND_ATTEMPTS = 3
RASA = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"


@dataclass
class Assistant:
    stack: Stack
    url: str

    @property
    def web_url(self) -> str:
        """The public web site's address (`running_assistant(..., web=True)`), ending with "/"."""
        assert self.stack.config.web_url, "the web site was not started: running_assistant(..., web=True)"
        return self.stack.config.web_url

    def post(
        self, text: str, *, sender: str, language_code: str | None = None, **metadata: Any
    ) -> list[dict[str, Any]]:
        """The messages (text and buttons) answering `text`, as the REST channel returns them."""
        if language_code:
            metadata["language_code"] = language_code
        response = httpx.post(
            self.stack.rest_webhook,
            json={"sender": sender, "message": text, "metadata": metadata},
            timeout=60,
        )
        response.raise_for_status()
        messages: list[dict[str, Any]] = response.json()
        return messages

    def ask(self, text: str, *, sender: str | None = None, language_code: str | None = None) -> str:
        messages = self.post(
            text, sender=sender or f"e2e-{uuid.uuid4().hex[:8]}", language_code=language_code
        )
        assert messages, f"no answer to {text!r}"
        return "\n".join(m.get("text", "") for m in messages)

    def use(self, slug: str) -> None:
        engine = make_engine(self.url)
        try:
            with session_scope(engine) as session:
                lookup.set_current(session, slug)
        finally:
            engine.dispose()


@dataclass
class Conversation:
    """One user's conversation: `say` returns the reply's text; the last buttons are kept."""

    assistant: Assistant
    sender: str = field(default_factory=lambda: f"e2e-{uuid.uuid4().hex[:8]}")
    language_code: str | None = None
    buttons: list[dict[str, str]] = field(default_factory=list)

    def say(self, text: str) -> str:
        messages = self.assistant.post(text, sender=self.sender, language_code=self.language_code)
        assert messages, f"no answer to {text!r}"
        self.buttons = [b for m in messages for b in m.get("buttons") or []]
        return "\n".join(m.get("text", "") for m in messages)

    def press(self, title_part: str) -> str:
        button = next(b for b in self.buttons if title_part in b["title"])
        return self.say(button["payload"])


@contextmanager
def stack_database(backend: str, workdir: Path) -> Iterator[str]:
    """A database for a stack: a SQLite file, or a throwaway PostgreSQL database (TEST_DATABASE_URL)."""
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'e2e.sqlite3'}"
        return
    with throwaway_postgres_database(normalise_url(os.environ["TEST_DATABASE_URL"])) as url:
        yield url


@contextmanager
def running_assistant(url: str, now: str, workdir: Path, *, web: bool = False) -> Iterator[Assistant]:
    """Both servers on free ports against the (migrated) database `url`, the clock frozen at `now`;
    with `web`, the public web site too (and the answers link to it: HACKBOT_PUBLIC_URL)."""
    if not RASA.exists() or not MODEL.exists():
        pytest.skip("needs the Rasa environment and the trained model: run `make model` (make test does)")
    upgrade(url)
    model_mtime = MODEL.stat().st_mtime
    for attempt in range(1, BIND_ATTEMPTS + 1):
        web_port = free_port() if web else None
        extra_env = {"HACKBOT_NOW": now}
        if web_port:
            extra_env["HACKBOT_PUBLIC_URL"] = f"http://127.0.0.1:{web_port}"
            # Every test's visitors come from 127.0.0.1: the per-address limit is for real crowds.
            extra_env["HACKBOT_CHAT_PER_MINUTE"] = "6000"
        config = StackConfig(
            rasa_port=free_port(),
            actions_port=free_port(),
            database_url=url,
            log_dir=workdir / ("log" if attempt == 1 else f"log-{attempt}"),
            extra_env=extra_env,
            web_port=web_port,
            rasa_api=True,  # the tests read conversations through it, with the token `start` makes
            keep_earlier_sessions=True,  # and read whole conversations
        )
        try:
            stack = start(config)
        except ServiceError:
            # A free port chosen here may be taken by another process before the server binds it.
            if attempt < BIND_ATTEMPTS and port_was_taken(config.log_dir):
                continue
            raise
        try:
            yield Assistant(stack, url)
        finally:
            stop(stack)
        break
    assert MODEL.stat().st_mtime == model_mtime, "the model must never be retrained by loading events"


def port_was_taken(log_dir: Path) -> bool:
    """Whether a server of the stack could not listen because its port was in use."""
    return any(
        "address already in use" in log.read_text(errors="replace").lower() for log in log_dir.glob("*.log")
    )
