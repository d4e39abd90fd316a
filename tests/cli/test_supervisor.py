"""The supervisor of `hackbot serve`: what exits or hangs is restarted with back-off, what keeps
failing is given up and reported, and the others never stop (real child processes)."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.supervisor import GAVE_UP, RESTARTING, UP, Policy, Service, Supervisor, kill_group, read_state

QUICK = Policy(check_interval=0.05, failures=3, first_delay=0.1, max_delay=0.4, max_restarts=3, window=60)


def sleeper(code: str = "import time; time.sleep(120)") -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", code], start_new_session=True)


class Flag:
    """A health check the test turns on and off."""

    def __init__(self) -> None:
        self.healthy = True

    def __call__(self, _process: subprocess.Popen[bytes]) -> bool:
        return self.healthy


@pytest.fixture
def supervisors() -> Iterator[list[Supervisor]]:
    made: list[Supervisor] = []
    yield made
    for supervisor in made:
        supervisor.stop_watching()
        for watched in supervisor.watched.values():
            if watched.process is not None:
                kill_group(watched.process)


def supervised(supervisors: list[Supervisor], *services: Service, state: Path | None = None) -> Supervisor:
    supervisor = Supervisor(list(services), policy=QUICK, state_file=state)
    supervisors.append(supervisor)
    for name in supervisor.watched:
        supervisor.launch(name)
    supervisor.check()
    return supervisor


def check_until(supervisor: Supervisor, done: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        supervisor.check()
        if callable(done) and done():
            return
        time.sleep(0.02)
    raise AssertionError("the supervisor did not get there in time")


def test_a_service_that_dies_is_restarted_after_a_pause_and_the_others_keep_running(
    supervisors: list[Supervisor], tmp_path: Path
) -> None:
    state_file = tmp_path / "run" / "services.json"
    supervisor = supervised(
        supervisors, Service("a", sleeper, Flag()), Service("b", sleeper, Flag()), state=state_file
    )
    a, b = supervisor.watched["a"], supervisor.watched["b"]
    assert a.state == b.state == UP
    first, other = a.process, b.process
    assert first is not None and other is not None
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    supervisor.check()
    assert a.state == RESTARTING and a.process is first  # not at once: after its pause
    check_until(supervisor, lambda: a.state == UP and a.process is not first)
    assert a.restarts == 1 and a.last_reason == "was killed by SIGKILL"
    assert b.process is other and other.poll() is None and b.restarts == 0
    saved = read_state(state_file)
    assert saved is not None
    assert saved["services"]["a"]["restarts"] == 1 and saved["services"]["a"]["state"] == UP
    assert saved["services"]["a"]["pid"] == a.process.pid
    assert saved["services"]["b"]["restarts"] == 0


def test_a_service_that_stops_answering_is_killed_with_its_group_and_started_again(
    supervisors: list[Supervisor],
) -> None:
    health = Flag()
    supervisor = supervised(supervisors, Service("hung", sleeper, health, check="http://x/health"))
    watched = supervisor.watched["hung"]
    hung = watched.process
    assert hung is not None
    os.kill(hung.pid, signal.SIGSTOP)  # as a hung server: alive, answering nothing
    health.healthy = False
    supervisor.check()
    supervisor.check()
    assert watched.state == UP and hung.poll() is None  # two misses are not yet a failure
    supervisor.check()
    assert watched.state == RESTARTING and hung.poll() is not None  # killed, stopped as it was
    assert watched.last_reason == "stopped answering its health check (http://x/health)"
    health.healthy = True
    check_until(supervisor, lambda: watched.state == UP)
    assert watched.process is not hung and watched.process.poll() is None


def test_the_pause_before_a_restart_doubles_up_to_its_maximum(supervisors: list[Supervisor]) -> None:
    crashing = Service("crashing", lambda: sleeper("raise SystemExit(3)"), Flag())
    supervisor = Supervisor([crashing], policy=Policy(first_delay=1, max_delay=4, max_restarts=10))
    supervisors.append(supervisor)
    watched = supervisor.watched["crashing"]
    pauses = []
    for _ in range(5):
        process = supervisor.launch("crashing")
        process.wait()
        before = time.monotonic()
        supervisor.check()
        assert watched.restart_at is not None
        pauses.append(round(watched.restart_at - before))
    assert pauses == [1, 2, 4, 4, 4]
    assert watched.last_reason == "exited with code 3"


def test_a_service_restarted_too_often_is_given_up_and_reported_while_the_others_run(
    supervisors: list[Supervisor], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    state_file = tmp_path / "services.json"
    supervisor = supervised(
        supervisors,
        Service("broken", lambda: sleeper("raise SystemExit(1)"), Flag()),
        Service("fine", sleeper, Flag()),
        state=state_file,
    )
    broken, fine = supervisor.watched["broken"], supervisor.watched["fine"]
    with caplog.at_level(logging.WARNING, logger="bot.cli.supervisor"):
        check_until(supervisor, lambda: broken.state == GAVE_UP)
    assert broken.restarts == QUICK.max_restarts
    assert fine.state == UP and fine.process is not None and fine.process.poll() is None
    messages = [record.getMessage() for record in caplog.records]
    assert sum("restarting it in" in message for message in messages) == QUICK.max_restarts
    given_up = "broken exited with code 1; given up after 3 restarts"
    assert any(r.levelno == logging.ERROR and given_up in r.getMessage() for r in caplog.records)
    time.sleep(0.3)
    supervisor.check()
    assert broken.state == GAVE_UP  # not retried forever
    saved = json.loads(state_file.read_text())
    assert saved["services"]["broken"] == {**saved["services"]["broken"], "state": GAVE_UP, "pid": None}


def test_a_restarted_service_that_never_answers_is_restarted_after_its_start_timeout(
    supervisors: list[Supervisor],
) -> None:
    never = Flag()
    never.healthy = False
    supervisor = Supervisor([Service("mute", sleeper, never, start_timeout=0.3)], policy=QUICK)
    supervisors.append(supervisor)
    first = supervisor.launch("mute")
    supervisor.check()
    assert supervisor.watched["mute"].state == "starting"
    check_until(supervisor, lambda: supervisor.watched["mute"].state == RESTARTING)
    assert first.poll() is not None
    assert supervisor.watched["mute"].last_reason == "did not answer within 0.3 s of starting"


def test_the_state_of_a_supervisor_that_is_gone_is_not_read_as_running(tmp_path: Path) -> None:
    state_file = tmp_path / "services.json"
    assert read_state(state_file) is None
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    state_file.write_text(json.dumps({"supervisor_pid": gone.pid, "services": {}}))
    assert read_state(state_file) is None
    state_file.write_text("{not json")
    assert read_state(state_file) is None
    state_file.write_text(json.dumps({"supervisor_pid": os.getpid(), "services": {}}))
    assert read_state(state_file) == {"supervisor_pid": os.getpid(), "services": {}}
