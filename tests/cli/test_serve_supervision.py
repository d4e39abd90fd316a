"""`hackbot serve` left alone: each service killed (`kill -9`, as the OOM killer would) or hung
(SIGSTOP) is back and answering within a minute, the others never stop, and whoever asks
meanwhile gets an apology in their language, never an empty reply (a real stack, real signals)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest
from support.ports import free_port

from bot.cli.run import setup
from bot.cli.supervisor import STATE_FILE, UP, read_state
from bot.core.db import PROJECT_ROOT
from bot.core.texts import t

pytestmark = pytest.mark.e2e

MODEL = PROJECT_ROOT / "models" / "hackbot.tar.gz"
RASA = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
BACK_WITHIN = 60.0
APOLOGY_STATUSES = {502, 503}


@dataclass
class Served:
    process: subprocess.Popen[str]
    env: dict[str, str]
    var: Path
    web: str
    log: Path
    asked: list[tuple[str, int, str]] = field(default_factory=list)
    """(phase, HTTP status, first text) of every question asked through the web page."""

    def services(self) -> dict[str, Any]:
        state = read_state(self.var / "run" / STATE_FILE)
        assert state is not None, "hackbot serve keeps no state"
        return dict(state["services"])

    def pids(self) -> dict[str, int]:
        return {name: service["pid"] for name, service in self.services().items()}

    def ask(self, phase: str, text: str = "what's on now?") -> tuple[int, str]:
        response = httpx.post(f"{self.web}chat", json={"message": text, "lang": "fr"}, timeout=60)
        body = response.json()
        first = (body.get("messages") or [{}])[0].get("text") or ""
        self.asked.append((phase, response.status_code, first))
        return response.status_code, first


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    if not RASA.exists() or not MODEL.exists():
        pytest.skip("needs the Rasa environment and the trained model: run `make model` (make test does)")
    url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    setup(url, out=open(os.devnull, "w"))  # noqa: SIM115
    web_port = free_port()
    var = tmp_path / "var"
    env = dict(
        os.environ,
        DATABASE_URL=url,
        HACKBOT_RASA_PORT=str(free_port()),
        HACKBOT_ACTIONS_PORT=str(free_port()),
        HACKBOT_WEB_PORT=str(web_port),
        HACKBOT_VAR_DIR=str(var),
        HACKBOT_SECRETS_DIR=str(tmp_path / "secrets"),
    )
    for name in ("TELEGRAM_BOT_TOKEN", "HACKBOT_HOST", "HACKBOT_RASA_API", "HACKBOT_RASA_INSTANCES"):
        env.pop(name, None)
    log = tmp_path / "serve.out"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--no-chat"],
            cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
    served = Served(process, env, var, f"http://127.0.0.1:{web_port}/", log)
    try:
        deadline = time.monotonic() + 300
        while "Press Ctrl-C" not in log.read_text():
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


def knocked_out(served: Served, name: str, how: signal.Signals, *, leaf: bool = False) -> float:
    """Send `how` to service `name` (its deepest process with `leaf`, else its first), ask
    questions through the web page until it is back with a new process and the assistant
    answers; the seconds that took. The other services keep their processes throughout."""
    before = served.pids()
    root = psutil.Process(before[name])
    target = (root.children(recursive=True) or [root])[-1] if leaf else root
    phase = f"{name} {how.name}{' (its worker)' if leaf else ''}"
    start = time.monotonic()
    target.send_signal(how)
    while True:
        elapsed = time.monotonic() - start
        assert elapsed < BACK_WITHIN, f"{phase}: not back after {elapsed:.0f} s; {served.services()[name]}"
        service = served.services()[name]
        back = service["state"] == UP and service["pid"] != before[name]
        if name != "web" or back:
            status, text = served.ask(phase)
            if back and status == 200:
                break
            assert status in {200, *APOLOGY_STATUSES} and text.strip(), (phase, status, text)
        time.sleep(2.5)  # within the web page's limit for one visitor
    after = served.pids()
    assert {n: p for n, p in after.items() if n != name} == {n: p for n, p in before.items() if n != name}
    return time.monotonic() - start


def test_each_service_killed_or_hung_is_back_within_a_minute_and_nobody_gets_an_empty_reply(
    served: Served,
) -> None:
    assert served.ask("before")[0] == 200
    took = {
        "actions worker": knocked_out(served, "actions", signal.SIGKILL, leaf=True),
        "actions": knocked_out(served, "actions", signal.SIGKILL),
        "rasa": knocked_out(served, "rasa", signal.SIGKILL),
        "web": knocked_out(served, "web", signal.SIGKILL),
        "actions hung": knocked_out(served, "actions", signal.SIGSTOP),
    }
    print("seconds until back:", {name: round(seconds) for name, seconds in took.items()})
    during = [(phase, status, text) for phase, status, text in served.asked if status != 200]
    assert during, "no question was asked while a service was down"
    # Every one got the apology in the visitor's language, never an empty reply.
    apology = t("web_chat_unavailable", "fr")
    assert all(status in APOLOGY_STATUSES and text == apology for _, status, text in during), during
    assert any(phase.startswith("actions") for phase, _, _ in during)
    assert any(phase.startswith("rasa") for phase, _, _ in during)
    services = served.services()
    restarts = {name: service["restarts"] for name, service in services.items()}
    assert restarts == {"actions": 3, "rasa": 1, "web": 1}
    assert "stopped answering its health check" in services["actions"]["last_reason"]
    assert services["rasa"]["last_reason"] == "was killed by SIGKILL"

    status = subprocess.run(
        [sys.executable, "-m", "bot.cli", "status"], cwd=PROJECT_ROOT, env=served.env,
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert status.returncode == 0, status.stdout
    assert "  actions      up  since" in status.stdout and "3 restarts" in status.stdout
    assert "1 restart (last at" in status.stdout
    logged = (served.var / "log" / "serve.log").read_text()
    assert logged.count("restarting it in") == 5 and "rasa was killed by SIGKILL" in logged
    assert served.process.poll() is None  # serve itself never stopped
