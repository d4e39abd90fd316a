"""`hackbot setup` (what make run does to the database) and the interpreter finder of the Makefile."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

from support.packs import DEMO_PACK, shared_pack

from bot.cli.run import setup
from bot.core.db import PROJECT_ROOT, make_engine, session_scope
from bot.events import lookup
from bot.events.loader import load_pack
from bot.events.pack import parse_pack

FIND_PYTHON = PROJECT_ROOT / "scripts" / "find-python"


def current_slug(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            event = lookup.current_event(session)
            return event.slug if event else None
    finally:
        engine.dispose()


def test_setup_makes_the_demo_current_on_an_empty_database(fresh_db_url: str) -> None:
    out = io.StringIO()
    setup(fresh_db_url, out=out)
    assert current_slug(fresh_db_url) == parse_pack(DEMO_PACK).event.slug
    assert "current event: " + parse_pack(DEMO_PACK).event.slug in out.getvalue()


def test_setup_keeps_the_event_an_organiser_made_current(fresh_db_url: str) -> None:
    setup(fresh_db_url, out=io.StringIO())
    engine = make_engine(fresh_db_url)
    with session_scope(engine) as session:
        load_pack(session, parse_pack(shared_pack("ena-inet-2019.yml")), make_current=True)
    engine.dispose()
    setup(fresh_db_url, out=io.StringIO())
    assert current_slug(fresh_db_url) == "ena-inet-2019"


def test_find_python_prints_a_working_interpreter_of_that_version() -> None:
    found = subprocess.run(
        [str(FIND_PYTHON), "3.11"], capture_output=True, text=True, check=True
    ).stdout.strip()
    version = subprocess.run([found, "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("Python 3.11")


def test_find_python_says_what_to_install_when_none_is_found(tmp_path: Path) -> None:
    # A PATH with only the tools the script uses, and an empty pyenv: no Python anywhere.
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("bash", "ls", "sort", "cat"):
        (tools / tool).symlink_to(shutil.which(tool) or f"/bin/{tool}")
    env = {"PATH": str(tools), "PYENV_ROOT": str(tmp_path / "pyenv"), "HOME": str(tmp_path)}
    result = subprocess.run([str(FIND_PYTHON), "3.10"], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "needs Python 3.10" in result.stderr
    assert "pyenv install 3.10" in result.stderr
    assert "PYTHON310" in result.stderr
