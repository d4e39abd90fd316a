"""Paths of the event packs used by tests (import with `from packs import DEMO_PACK, SHARED_EVENTS`)."""

from __future__ import annotations

from pathlib import Path

import pytest

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
