"""Running the `hackbot` CLI in the test process, and reading what it audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.cli.main import main
from bot.core.db import make_engine, session_scope
from bot.core.models import AuditEntry


def run_cli(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    """`hackbot --database-url URL ARGS...`: the exit code, standard output and standard error."""
    code = main(["--database-url", url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def audit_entries(url: str) -> list[tuple[str, str]]:
    """(actor, action) of every audit log entry, oldest first."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = [(e.actor, e.action) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    engine.dispose()
    return found
