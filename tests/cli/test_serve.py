"""`hackbot serve` (the end of `make run`): says where each service listens; a signal stops them all;
only the web page faces the network, and the internal doors need the secrets it keeps."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest
from support.ports import free_port

from bot.cli.run import setup
from bot.cli.services import child_env
from bot.core.db import PROJECT_ROOT
from bot.core.settings import StackConfig

pytestmark = pytest.mark.e2e

MODEL = PROJECT_ROOT / "models" / "hackbot.tar.gz"
RASA = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_serve_announces_its_services_and_a_signal_stops_them(tmp_path: Path, stop_signal: int) -> None:
    if not RASA.exists() or not MODEL.exists():
        pytest.skip("needs the Rasa environment and the trained model: run `make model` (make test does)")
    url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    setup(url, out=open(os.devnull, "w"))  # noqa: SIM115
    rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    secrets = tmp_path / "secrets"
    env = dict(
        os.environ,
        DATABASE_URL=url,
        HACKBOT_RASA_PORT=str(rasa_port),
        HACKBOT_ACTIONS_PORT=str(actions_port),
        HACKBOT_WEB_PORT=str(web_port),
        HACKBOT_WEB_HOST="0.0.0.0",  # the web page published; the internal servers stay on loopback
        HACKBOT_SECRETS_DIR=str(secrets),
    )
    for name in ("TELEGRAM_BOT_TOKEN", "HACKBOT_HOST", "HACKBOT_ACTIONS_SECRET", "HACKBOT_RASA_API"):
        env.pop(name, None)
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve", "--no-chat"],
        cwd=PROJECT_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert server.stdout is not None
    lines: list[str] = []
    try:
        for line in server.stdout:
            lines.append(line)
            if line.startswith("Press Ctrl-C"):
                break
        output = "".join(lines)
        assert f"http://127.0.0.1:{actions_port}/webhook" in output
        assert f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook" in output
        assert answers(f"http://127.0.0.1:{rasa_port}/webhooks/rest/")
        assert answers(f"http://127.0.0.1:{actions_port}/health")
        assert f"chat with the assistant on the web page: http://127.0.0.1:{web_port}/" in output
        assert answers(f"http://127.0.0.1:{web_port}/healthz")
        assert listening_addresses({rasa_port, actions_port, web_port}) == {
            rasa_port: {"127.0.0.1"},
            actions_port: {"127.0.0.1"},
            web_port: {"0.0.0.0"},
        }
        # Rasa's HTTP API is off unless asked for: no transcript to read, even on loopback.
        assert httpx.get(f"http://127.0.0.1:{rasa_port}/conversations/someone/tracker").status_code == 404
        # The action server runs nothing without the secret; Rasa has it, so answers still work.
        forged = {"next_action": "action_my_team", "tracker": {"sender_id": "telegram-1"}, "domain": {}}
        assert httpx.post(f"http://127.0.0.1:{actions_port}/webhook", json=forged).status_code == 401
        greeted = httpx.post(
            f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
            json={"sender": "s1", "message": "hello"},
            timeout=30,
        ).json()
        assert greeted and greeted[0].get("text")
        kept = secrets / "actions"
        assert kept.stat().st_mode & 0o777 == 0o600
        secret = kept.read_text().strip()
        assert len(secret) >= 40 and secret not in output
        assert not any(
            secret in path.read_text(errors="replace") for path in (PROJECT_ROOT / "var").rglob("*.yml")
        )
        server.send_signal(stop_signal)
        rest, _ = server.communicate(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 0
    assert "Stopped." in rest
    deadline = time.monotonic() + 10
    urls = [
        f"http://127.0.0.1:{rasa_port}/",
        f"http://127.0.0.1:{actions_port}/health",
        f"http://127.0.0.1:{web_port}/healthz",
    ]
    while time.monotonic() < deadline and any(answers(u) for u in urls):
        time.sleep(0.5)
    assert not any(answers(u) for u in urls)


def listening_addresses(ports: set[int]) -> dict[int, set[str]]:
    """The local addresses on which something listens on each of the ports."""
    found: dict[int, set[str]] = {}
    for connection in psutil.net_connections(kind="tcp"):
        if connection.status == psutil.CONN_LISTEN and connection.laddr.port in ports:
            found.setdefault(connection.laddr.port, set()).add(connection.laddr.ip)
    return found


@pytest.mark.parametrize(("operator", "enabled"), [(None, "False"), ("false", "False"), ("true", "True")])
def test_rasa_reports_nothing_to_its_makers_unless_the_operator_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, operator: str | None, enabled: str
) -> None:
    if not RASA.exists():
        pytest.skip("needs the Rasa environment: run `make envs` (make test does)")
    if operator is None:
        monkeypatch.delenv("RASA_TELEMETRY_ENABLED", raising=False)
    else:
        monkeypatch.setenv("RASA_TELEMETRY_ENABLED", operator)
    # As the first `rasa` command leaves it: telemetry on, in the user's global Rasa config.
    (tmp_path / ".config" / "rasa").mkdir(parents=True)
    (tmp_path / ".config" / "rasa" / "global.yml").write_text("metrics:\n  enabled: true\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    env = child_env(StackConfig(log_dir=tmp_path))
    check = "import rasa.telemetry as t; print(t.is_telemetry_enabled())"
    result = subprocess.run(
        [str(RASA.parent / "python"), "-c", check], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == enabled, result.stderr[-500:]
