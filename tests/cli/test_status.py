"""`hackbot status` reads what the supervisor of a running `hackbot serve` knows: a service given
up is a problem (exit code 1), with its reason and the last errors it logged."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli.status import last_errors, supervision_report
from bot.cli.supervisor import GAVE_UP, STATE_FILE, Policy, Service, Supervisor, kill_group
from bot.core.settings import StackConfig


def test_a_service_given_up_is_reported_with_its_reason_and_last_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = StackConfig(log_dir=tmp_path / "var" / "log")
    config.log_dir.mkdir(parents=True)
    (config.log_dir / "actions.log").write_text(
        "2030-05-06 10:00:00 INFO actions: ready\n"
        "2030-05-06 10:00:01 ERROR actions: Could not reach the database (OperationalError)\n"
    )
    supervisor = Supervisor(
        [
            Service("actions", lambda: subprocess.Popen([sys.executable, "-c", "raise SystemExit(4)"]), bool),
            Service(
                "web", lambda: subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]), bool
            ),
        ],
        policy=Policy(first_delay=0, max_restarts=2),
        state_file=config.run_dir / STATE_FILE,
    )
    try:
        for name in supervisor.watched:
            supervisor.launch(name)
        deadline = time.monotonic() + 20
        while supervisor.watched["actions"].state != GAVE_UP and time.monotonic() < deadline:
            supervisor.check()
            time.sleep(0.05)
        assert supervision_report(config) == 1
    finally:
        for watched in supervisor.watched.values():
            if watched.process is not None:
                kill_group(watched.process)
    out = capsys.readouterr().out
    assert "  actions      GAVE UP  since" in out and "2 restarts (last at" in out
    assert "exited with code 4" in out
    assert "  web          up  since" in out and "0 restarts" in out
    assert "last errors in actions.log:\n    2030-05-06 10:00:01 ERROR actions: Could not reach" in out


def test_without_a_running_serve_there_is_nothing_supervised_to_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert supervision_report(StackConfig(log_dir=tmp_path / "log")) == 0
    assert "hackbot serve is not running here" in capsys.readouterr().out


def test_only_the_last_few_error_lines_are_shown_each_shortened(tmp_path: Path) -> None:
    log = tmp_path / "rasa.log"
    log.write_text("".join(f"ERROR number {i}\nINFO fine\n" for i in range(10)) + "Traceback " + "x" * 400)
    found = last_errors(log)
    assert found[:2] == ["ERROR number 8", "ERROR number 9"]
    assert found[2].startswith("Traceback x") and len(found[2]) == 200
    assert last_errors(tmp_path / "missing.log") == []
