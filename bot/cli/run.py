"""What `make run` does after installing: prepare the database, start the stack, chat.

`setup()` migrates the database and loads the project's demo pack (made the
current event only when no event is current yet, so an organiser's choice
survives restarts). `serve()` starts the action server, the Rasa server, the
web site and, when TELEGRAM_BOT_TOKEN is set, the Telegram gateway, says where
each listens, and either opens the terminal chat or waits, restarting whatever
stops or hangs meanwhile (bot.cli.supervisor); Ctrl-C stops them all.
"""

from __future__ import annotations

import logging
import signal
import sys
import time
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TextIO

from bot.cli import supervisor
from bot.cli.chat import Conversation, default_sender, repl
from bot.cli.logs import BACKUPS, MAX_BYTES
from bot.cli.services import running
from bot.core.db import PROJECT_ROOT, make_engine, session_scope
from bot.core.migrations import upgrade
from bot.core.settings import StackConfig
from bot.events import lookup
from bot.events.loader import load_pack
from bot.events.pack import parse_pack
from bot.methods.catalogue import shipped_method_ids
from bot.rasa_client import RasaClient

DEMO_PACK = PROJECT_ROOT / "bot" / "events" / "demo" / "demo-event.yml"


def setup(url: str | None = None, demo_pack: Path = DEMO_PACK, out: TextIO = sys.stdout) -> None:
    """Migrate the database and (re)load the demo pack; make it current if none is."""
    upgrade(url)
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            has_current = lookup.current_event(session) is not None
            pack = parse_pack(demo_pack, shipped_methods=shipped_method_ids())
            load_pack(session, pack, make_current=not has_current)
        with session_scope(engine) as session:
            current = lookup.current_event(session)
            name = current.slug if current else "none"
        out.write(
            f"Database ready ({engine.url.render_as_string(hide_password=True)}); current event: {name}\n"
        )
    finally:
        engine.dispose()


def _interrupt(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def telegram_status(config: StackConfig) -> str:
    """The line saying whether the Telegram gateway runs (and, if not, where the public can chat)."""
    if config.telegram:
        return f"Telegram:      gateway connected  (log: {config.log_dir / 'telegram.log'})"
    line = "Telegram:      not started (set TELEGRAM_BOT_TOKEN to connect the bot to Telegram)"
    if config.web_url:
        line += f"\n               meanwhile, chat with the assistant on the web page: {config.web_url}"
    return line


def web_status(config: StackConfig) -> str:
    if config.web_url:
        return f"Web page:      {config.web_url}  (log: {config.log_dir / 'web.log'})"
    return "Web page:      not started (HACKBOT_WEB_PORT=0)"


def serve(config: StackConfig, *, chat: bool | None = None, out: TextIO = sys.stdout) -> int:
    """Run the stack until Ctrl-C; with `chat` (default: when stdin is a terminal), chat in it."""
    if chat is None:
        chat = sys.stdin.isatty()
    # `kill` (SIGTERM) and a background Ctrl-C (SIGINT) stop the children too.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    services = ", ".join(
        ["the action server", "the Rasa server"]
        + (["the web site"] if config.web_port else [])
        + (["the Telegram gateway"] if config.telegram else [])
    )
    out.write(f"Starting {services} (loading the model takes a moment)...\n")
    out.flush()
    reporting = report_supervision(config, None if chat else out)
    try:
        with running(config, supervise=True) as stack:
            out.write(
                f"Action server: {config.actions_url}/webhook  (log: {config.log_dir / 'actions.log'})\n"
                f"Rasa server:   {config.rasa_url}  REST channel: {stack.rest_webhook}"
                f"  (log: {config.log_dir / 'rasa.log'})\n"
                f"{web_status(config)}\n"
                f"{telegram_status(config)}\n"
            )
            out.flush()
            if chat:
                repl(Conversation(RasaClient(config.rasa_url), default_sender()), out=out)
            else:
                out.write("Press Ctrl-C to stop.\n")
                out.flush()
                while True:
                    time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        reporting.close()
    out.write("Stopped.\n")
    return 0


def report_supervision(config: StackConfig, out: TextIO | None) -> logging.Handler:
    """Where the supervisor's restarts are told: `serve.log` (rotating) and, unless the terminal
    is chatting, `out`; the handler to close at the end."""
    config.log_dir.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        config.log_dir / "serve.log", maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    supervision = logging.getLogger(supervisor.__name__)
    supervision.setLevel(logging.INFO)
    supervision.addHandler(handler)
    if out is not None:
        echo = logging.StreamHandler(out)
        echo.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
        supervision.addHandler(echo)
    return handler
