"""`hackbot serve` (the end of `make run`): says where each service listens; a signal stops them all;
only the web page faces the network, and the internal doors need the secrets it keeps. Left alone,
each service killed (`kill -9`, as the OOM killer would) or hung (SIGSTOP) is back and answering
within a minute, the others never stop, and whoever asks meanwhile gets an apology in their
language, never an empty reply (a real stack, real signals).

Starting `hackbot serve` loads Rasa's model, so the tests share one where they can: one serve is
stopped by SIGINT in its own test; another is announced, then supervised, then stopped by SIGTERM.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest
from support.ports import free_port

from bot.cli.run import setup
from bot.cli.services import child_env
from bot.cli.supervisor import STATE_FILE, UP, read_state
from bot.core.db import PROJECT_ROOT
from bot.core.settings import StackConfig
from bot.core.texts import t

pytestmark = pytest.mark.e2e

MODEL = PROJECT_ROOT / "models" / "hackbot.tar.gz"
RASA = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
BACK_WITHIN = 60.0
APOLOGY_STATUSES = {502, 503}


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@dataclass
class Served:
    """A running `hackbot serve --no-chat`: its process, environment, ports and output."""

    process: subprocess.Popen[str]
    env: dict[str, str]
    var: Path
    secrets: Path
    rasa_port: int
    actions_port: int
    web_port: int
    log: Path
    asked: list[tuple[str, int, str]] = field(default_factory=list)
    """(phase, HTTP status, first text) of every question asked through the web page."""

    @property
    def web(self) -> str:
        return f"http://127.0.0.1:{self.web_port}/"

    def output(self) -> str:
        return self.log.read_text()

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


@contextmanager
def serving(workdir: Path, *, var: Path | None = None) -> Iterator[Served]:
    """`hackbot serve --no-chat` on free ports, its web page published (0.0.0.0), until it has said
    "Press Ctrl-C"; stopped (SIGTERM) at the end if a test has not stopped it. Its logs and state
    go to `var` (HACKBOT_VAR_DIR), or to the clone's `var/` as with `make run` when None."""
    if not RASA.exists() or not MODEL.exists():
        pytest.skip("needs the Rasa environment and the trained model: run `make model` (make test does)")
    url = f"sqlite:///{workdir / 'serve.sqlite3'}"
    setup(url, out=open(os.devnull, "w"))  # noqa: SIM115
    rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    secrets = workdir / "secrets"
    env = dict(
        os.environ,
        DATABASE_URL=url,
        HACKBOT_RASA_PORT=str(rasa_port),
        HACKBOT_ACTIONS_PORT=str(actions_port),
        HACKBOT_WEB_PORT=str(web_port),
        HACKBOT_WEB_HOST="0.0.0.0",  # the web page published; the internal servers stay on loopback
        HACKBOT_SECRETS_DIR=str(secrets),
    )
    if var is not None:
        env["HACKBOT_VAR_DIR"] = str(var)
    unset = ("HACKBOT_HOST", "HACKBOT_ACTIONS_SECRET", "HACKBOT_RASA_API", "HACKBOT_RASA_INSTANCES")
    for name in ("TELEGRAM_BOT_TOKEN", *unset):
        env.pop(name, None)
    log = workdir / "serve.out"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--no-chat"],
            cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
    served = Served(
        process, env, var or PROJECT_ROOT / "var", secrets, rasa_port, actions_port, web_port, log
    )
    try:
        deadline = time.monotonic() + 300
        while "Press Ctrl-C" not in log.read_text():
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


def check_announced(served: Served) -> None:
    """What serve says and where its services listen; the doors closed without the secrets."""
    rasa_port, actions_port, web_port = served.rasa_port, served.actions_port, served.web_port
    output = served.output()
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
    kept = served.secrets / "actions"
    assert kept.stat().st_mode & 0o777 == 0o600
    secret = kept.read_text().strip()
    assert len(secret) >= 40 and secret not in output
    written = list(served.var.rglob("*.yml"))
    assert any(path.name == f"endpoints-{rasa_port}.yml" for path in written)  # the file Rasa reads
    assert not any(secret in path.read_text(errors="replace") for path in written)


def check_stopped(served: Served) -> None:
    """After a stop signal: serve says it stopped, exits 0, and none of its services answers."""
    try:
        served.process.wait(timeout=60)
    finally:
        if served.process.poll() is None:
            served.process.kill()
    assert served.process.returncode == 0
    assert "Stopped." in served.output().split("Press Ctrl-C", 1)[1]
    deadline = time.monotonic() + 10
    urls = [
        f"http://127.0.0.1:{served.rasa_port}/",
        f"http://127.0.0.1:{served.actions_port}/health",
        f"http://127.0.0.1:{served.web_port}/healthz",
    ]
    while time.monotonic() < deadline and any(answers(u) for u in urls):
        time.sleep(0.2)
    assert not any(answers(u) for u in urls)


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


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One `hackbot serve` for the tests below that share it, in their order: its announcement,
    then its supervision (services killed and hung), then SIGTERM stopping it."""
    workdir = tmp_path_factory.mktemp("serve")
    with serving(workdir, var=workdir / "var") as running:
        yield running


def test_serve_announces_its_services_and_sigint_stops_them(tmp_path: Path) -> None:
    with serving(tmp_path) as running:
        check_announced(running)
        running.process.send_signal(signal.SIGINT)
        check_stopped(running)


def test_serve_announces_its_services(served: Served) -> None:
    check_announced(served)


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


def test_sigterm_stops_every_service_even_restarted_ones(served: Served) -> None:
    served.process.send_signal(signal.SIGTERM)
    check_stopped(served)


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
