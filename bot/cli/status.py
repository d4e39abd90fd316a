"""`hackbot status`: whether the assistant is healthy, at a glance and for a monitoring system.

Each service answering its health check (the action server's `/health`, Rasa's `/`, the web
page's `/healthz`); under a running `hackbot serve`, each supervised service's state, since when,
its restarts and why (bot.cli.supervisor); the last errors each service logged; the database
(reachable, at the code's migration), the current event, and the outbox (pending and failed
messages, the age of the oldest one due). The exit code is 1 when something is wrong (a service
down or given up, the database behind or unreachable, messages due for longer than `--max-wait`
minutes), else 0.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.cli.arguments import url_from
from bot.cli.services import answers
from bot.cli.supervisor import GAVE_UP, STATE_FILE, UP, read_state
from bot.core.clock import utcnow
from bot.core.db import make_engine, session_scope
from bot.core.migrations import alembic_config
from bot.core.models import OutboxMessage
from bot.core.settings import StackConfig
from bot.events.lookup import current_event
from bot.telegram.heartbeat import alive

DEFAULT_MAX_WAIT = 10.0
"""Minutes a message may be due without being sent before the outbox counts as stuck."""
ERROR_LINE = re.compile(r"\b(ERROR|CRITICAL|Traceback)\b")


def add_status_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    status = commands.add_parser("status", help="is everything healthy? (exit code 1 when not)")
    status.add_argument(
        "--max-wait", type=float, default=DEFAULT_MAX_WAIT, metavar="MINUTES",
        help=f"minutes a due message may wait before the outbox is stuck (default {DEFAULT_MAX_WAIT:g})",
    )  # fmt: skip
    status.set_defaults(handler=run_status)


def run_status(args: argparse.Namespace) -> int:
    config = StackConfig.from_env()
    problems = 0
    checks = [("action server", f"{config.actions_url}/health"), ("Rasa server", f"{config.rasa_url}/")]
    if config.web_url:
        checks.append(("web page", f"{config.web_url}healthz"))
    for name, url in checks:
        up = answers(url, timeout=3)
        problems += not up
        print(f"{name:<14} {'up' if up else 'DOWN'}  ({url})")
    problems += supervision_report(config)
    engine = make_engine(url_from(args))
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        behind = current != head
        problems += behind
        print(f"{'database':<14} {'BEHIND' if behind else 'up'}  (migration {current}, code at {head})")
        with session_scope(engine) as session:
            event = current_event(session)
            print(f"{'current event':<14} {event.slug if event else 'none'}")
            problems += _outbox(session, args.max_wait)
    except Exception as error:  # the database is down, or not a hackbot database
        problems += 1
        print(f"{'database':<14} UNREACHABLE  ({type(error).__name__})")
    finally:
        engine.dispose()
    print("status: OK" if not problems else f"status: {problems} problem(s)")
    return 1 if problems else 0


def supervision_report(config: StackConfig) -> int:
    """Print what the supervisor of a running `hackbot serve` knows of each service, and the last
    errors in each log; the number of problems (a service given up, a gateway not beating)."""
    state = read_state(config.run_dir / STATE_FILE)
    if state is None:
        print(f"{'supervisor':<14} none  (hackbot serve is not running here: no restarts)")
        return 0
    problems = 0
    print(f"{'supervisor':<14} up  (hackbot serve, pid {state['supervisor_pid']})")
    for name, service in state["services"].items():
        condition = str(service.get("state"))
        if name == "telegram" and condition == UP:
            beating = service.get("pid") and alive(config.run_dir / "telegram.heartbeat", int(service["pid"]))
            condition = UP if beating else "NOT BEATING"
        problems += condition in {GAVE_UP, "NOT BEATING"}
        restarts = int(service.get("restarts") or 0)
        line = f"  {name:<12} {condition.upper() if condition == GAVE_UP else condition}"
        line += f"  since {service.get('since')}, {restarts} restart{'s' * (restarts != 1)}"
        if service.get("last_reason"):
            line += f" (last at {service.get('last_restart')}: {service['last_reason']})"
        print(line)
    for log in sorted(config.log_dir.glob("*.log")):
        errors = last_errors(log)
        if errors:
            print(f"  last errors in {log.name}:")
            for error in errors:
                print(f"    {error}")
    return problems


def last_errors(log: Path, count: int = 3, tail: int = 256 * 1024) -> list[str]:
    """The last `count` error lines of `log` (among its last `tail` bytes), shortened; the logs
    carry ids and lengths, never what people wrote."""
    try:
        with log.open("rb") as file:
            file.seek(max(0, log.stat().st_size - tail))
            lines = file.read().decode("utf-8", errors="replace").splitlines()
    except OSError:
        return []
    found = [line for line in lines if ERROR_LINE.search(line)]
    return [line if len(line) <= 200 else line[:199] + "…" for line in found[-count:]]


def _outbox(session: Session, max_wait: float) -> int:
    """Print the outbox's state; 1 when a message has been due for longer than `max_wait` minutes."""
    pending = select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "pending")
    failed = select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "failed")
    oldest = select(func.min(OutboxMessage.next_attempt_at)).where(OutboxMessage.status == "pending")
    due_since = session.scalar(oldest)
    waiting = (utcnow() - due_since).total_seconds() / 60 if due_since is not None else 0.0
    stuck = waiting > max_wait
    print(
        f"{'outbox':<14} {'STUCK' if stuck else 'ok'}  ({session.scalar(pending) or 0} pending,"
        f" {session.scalar(failed) or 0} failed, oldest due {max(waiting, 0.0):.0f} min ago)"
    )
    return int(stuck)
