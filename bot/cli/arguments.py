"""What several command groups share: the database URL, argument types, and the event a command is about."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from bot.core.db import database_url, make_engine, normalise_url, session_scope
from bot.core.models import Event
from bot.events import lookup


def url_from(args: argparse.Namespace) -> str:
    """The database URL chosen by `--database-url` or the environment."""
    url: str | None = args.database_url
    return normalise_url(url) if url else database_url()


def has_schema(engine: Engine) -> bool:
    if inspect(engine).has_table("events"):
        return True
    print(
        "The database has no tables yet: run `hackbot db upgrade` or `hackbot event load FILE`.",
        file=sys.stderr,
    )
    return False


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not above 0")
    return number


def telegram_id(value: str) -> int:
    try:
        return positive_int(value)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a Telegram user id (a number such as 123456789; the user can get it "
            "from @userinfobot)"
        ) from None


def chosen_event(session: Session, args: argparse.Namespace) -> Event | None:
    """The event of `--event`, else the current one; None (after saying why) if there is none."""
    slug: str | None = args.event
    event = lookup.get_event(session, slug) if slug else lookup.current_event(session)
    if event is None:
        which = f"No event has the slug {slug!r}" if slug else "No current event"
        print(f"{which}: see `hackbot event list`.", file=sys.stderr)
    return event


def with_event(args: argparse.Namespace, action: Callable[[Session, Event], int]) -> int:
    """Run `action` in one transaction on the chosen event; exit code 2 if there is no such event."""
    engine = make_engine(url_from(args))
    try:
        if not has_schema(engine):
            return 1
        with session_scope(engine) as session:
            event = chosen_event(session, args)
            if event is None:
                return 2
            return action(session, event)
    finally:
        engine.dispose()
