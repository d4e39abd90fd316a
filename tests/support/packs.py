"""The event packs used by tests and benchmarks, and a SQLite database holding one as the current event."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.db import make_engine, session_scope
from bot.core.migrations import upgrade
from bot.events.loader import load_pack
from bot.events.pack import parse_pack

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_EVENTS = REPO_ROOT.parent / "shared" / "events"
"""The example packs of the project (`/work/shared/events`), beside the repository."""
DEMO_PACK = REPO_ROOT / "bot" / "events" / "demo" / "demo-event.yml"
"""The project's own demo pack."""


def shared_pack(name: str) -> Path:
    """The shared pack `name` (e.g. `ena-inet-2019.yml`); skips the test if it is absent."""
    path = SHARED_EVENTS / name
    if not path.is_file():
        pytest.skip(f"shared example pack {path} is absent (tests expect shared/ beside the repository)")
    return path


def all_packs() -> list[Path]:
    """The demo pack and every shared pack found (for parametrising)."""
    return [DEMO_PACK, *sorted(SHARED_EVENTS.glob("*.yml"))]


def database_with_current_pack(path: Path, pack: Path) -> str:
    """A new SQLite database at `path`, migrated, with `pack` loaded as the current event; its URL."""
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_pack(session, parse_pack(pack), make_current=True)
    engine.dispose()
    return url
