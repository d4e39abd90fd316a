"""`hackbot deploy systemd`: unit files that systemd accepts as they are, running `hackbot serve`
at boot, confined, restarted on failure, and a backup timer."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bot.cli.main import main

UNITS = ("hackbot.service", "hackbot-backup.service", "hackbot-backup.timer")


def verify(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["systemd-analyze", "verify", *map(str, paths)], capture_output=True, text=True, check=False
    )


@pytest.fixture
def written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "systemd"
    assert main(["deploy", "systemd", "--user", "root", "-o", str(out)]) == 0
    assert "systemctl daemon-reload" in capsys.readouterr().out
    return out


def test_the_generated_units_pass_systemd_analyze_verify_without_a_warning(written: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (Debian: apt-get install systemd)")
    checked = verify(*(written / name for name in UNITS))
    assert (checked.returncode, checked.stdout + checked.stderr) == (0, "")
    # The check can fail: a misspelt option is reported.
    misspelt = written / "misspelt.service"
    misspelt.write_text((written / "hackbot.service").read_text().replace("PrivateTmp", "PrivateTemp"))
    assert "Unknown key 'PrivateTemp'" in verify(misspelt).stderr


def test_the_service_runs_serve_confined_and_restarted_on_failure_with_its_secrets_apart(
    written: Path,
) -> None:
    service = (written / "hackbot.service").read_text()
    lines = set(service.splitlines())
    serve = " -m bot.cli serve --no-chat"
    assert any(line.startswith("ExecStart=") and line.endswith(serve) for line in lines)
    assert {"Restart=on-failure", "User=root", "EnvironmentFile=/etc/hackbot/hackbot.env"} <= lines
    assert {"NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "UMask=0077"} <= lines
    assert any(line.startswith("ReadWritePaths=") and line.endswith("/var") for line in lines)
    # Home is read-only: what Rasa and its libraries write in it goes under var/ instead.
    assert any(line.startswith("Environment=") and "HOME=" in line and "/var/home" in line for line in lines)
    assert "TOKEN" not in service and "PASSWORD" not in service  # the secrets live in the env file
    environment = written / "hackbot.env"
    assert environment.stat().st_mode & 0o777 == 0o600
    assert "#TELEGRAM_BOT_TOKEN=" in environment.read_text()
    backup = (written / "hackbot-backup.service").read_text()
    assert "db backup --keep 28" in backup and "Type=oneshot" in backup
    assert "OnCalendar=*-*-* 00/6:00:00" in (written / "hackbot-backup.timer").read_text()
