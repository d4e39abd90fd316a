"""A service's log rotates: its output is copied line by line, and a full file moves aside."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.cli.logs import pump


def test_a_services_output_goes_to_a_log_that_rotates_and_loses_no_line(tmp_path: Path) -> None:
    script = "import sys\nfor i in range(2000):\n    print(f'line {i:05d} ' + 'x' * 40, flush=True)\n"
    process = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    assert process.stdout is not None
    log = tmp_path / "actions.log"
    thread = pump(process.stdout, log, max_bytes=20_000, backups=10)
    process.wait(timeout=30)
    thread.join(timeout=30)
    files = sorted(tmp_path.glob("actions.log*"))
    assert len(files) >= 5 and all(path.stat().st_size <= 20_000 for path in files)
    lines = [line for path in files for line in path.read_text(encoding="utf-8").splitlines()]
    assert sorted(lines) == [f"line {i:05d} " + "x" * 40 for i in range(2000)]


def test_the_oldest_log_is_deleted_beyond_the_backups_kept(tmp_path: Path) -> None:
    script = "for i in range(3000):\n    print('y' * 60, flush=True)\n"
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    assert process.stdout is not None
    thread = pump(process.stdout, tmp_path / "rasa.log", max_bytes=10_000, backups=3)
    process.wait(timeout=30)
    thread.join(timeout=30)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "rasa.log",
        "rasa.log.1",
        "rasa.log.2",
        "rasa.log.3",
    ]
