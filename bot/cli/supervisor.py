"""Keeping the services up while nobody watches: `hackbot serve` restarts what stops or hangs.

Every `CHECK_INTERVAL` seconds (`Policy`) the supervisor looks at each service it started:

- a process that exited (a crash, `kill -9`, the kernel's OOM killer) is started again after a
  pause that doubles with each recent restart (1 s, 2 s, 4 s... at most `max_delay`);
- a process that stops answering its health check `failures` times in a row (hung, stopped,
  its worker gone while its parent holds the port) is killed with its whole process group, then
  started again the same way;
- a service restarted `max_restarts` times within `window` seconds is given up: reported, not
  retried forever, while the others keep running.

The other services never stop for it. Every restart is logged with its reason, and the state of
every service (state, pid, since when, restarts, the last reason) is kept in a small JSON file
that `hackbot status` reads (`read_state`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

Process = subprocess.Popen[bytes]

STARTING, UP, RESTARTING, GAVE_UP = "starting", "up", "restarting", "gave up"
STATE_FILE = "services.json"
"""The state file's name, in the stack's `run_dir`."""


@dataclass(frozen=True)
class Policy:
    check_interval: float = 2.0
    """Seconds between two rounds of checks."""
    failures: int = 3
    """Health checks failed in a row before a running service is restarted."""
    first_delay: float = 1.0
    max_delay: float = 30.0
    max_restarts: int = 5
    window: float = 600.0
    """`max_restarts` restarts within this many seconds, and the service is given up."""


@dataclass(frozen=True)
class Service:
    """A service the supervisor keeps up: how to start it and how to tell that it answers."""

    name: str
    spawn: Callable[[], Process]
    healthy: Callable[[Process], bool]
    """Whether the running process answers (its HTTP health check, or the gateway's heartbeat)."""
    start_timeout: float = 60.0
    """Seconds a (re)started process has to answer before it counts as failed."""
    check: str = ""
    """What `healthy` checks, for the messages (a URL, a heartbeat file)."""
    command: tuple[str, ...] = ()
    """The command `spawn` runs, when it runs one."""


@dataclass
class Watched:
    service: Service
    process: Process | None = None
    state: str = STARTING
    started: float = 0.0
    """`time.monotonic()` when the current process was started."""
    since: str | None = None
    """When the current process was started (ISO 8601, UTC), for the state file."""
    failures: int = 0
    restart_at: float | None = None
    recent: list[float] = field(default_factory=list)
    """`time.monotonic()` of the restarts within the policy's window."""
    restarts: int = 0
    last_restart: str | None = None
    last_reason: str | None = None


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def exit_reason(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"was killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"was killed by signal {-returncode}"
    return f"exited with code {returncode}"


def kill_group(process: Process, grace: float = 0.0) -> None:
    """Stop the process and everything it started (its own session): SIGTERM and up to `grace`
    seconds to finish, then SIGKILL; a stopped (SIGSTOP) or hung process gets SIGKILL at once."""
    if process.poll() is None and grace > 0:
        _signal_group(process, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    _signal_group(process, signal.SIGKILL)
    process.wait()


def _signal_group(process: Process, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group is gone, with all it started
        os.killpg(process.pid, signum)
    if process.poll() is None:  # not the leader of its own group: the process itself
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signum)


class Supervisor:
    """Starts the services, then `check()` (or `run()` in a thread) keeps them up."""

    def __init__(
        self,
        services: list[Service],
        *,
        policy: Policy | None = None,
        state_file: Path | None = None,
        on_change: Callable[[str, Process], None] | None = None,
    ) -> None:
        self.policy = policy or Policy()
        self.state_file = state_file
        self.watched = {service.name: Watched(service) for service in services}
        self._on_change = on_change
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- starting and checking ------------------------------------------------------------------

    def launch(self, name: str) -> Process:
        """Start `name` now (first start or restart); it is `starting` until it answers."""
        watched = self.watched[name]
        watched.process = watched.service.spawn()
        watched.state, watched.started, watched.since = STARTING, time.monotonic(), _now_iso()
        watched.failures, watched.restart_at = 0, None
        if self._on_change:
            self._on_change(name, watched.process)
        self.save()
        return watched.process

    def check(self) -> None:
        """One round: restart what exited, hung or is due, and note what came back."""
        with self._lock:
            now = time.monotonic()
            for name, watched in self.watched.items():
                if watched.state == GAVE_UP:
                    continue
                if watched.restart_at is not None:
                    if now >= watched.restart_at:
                        self.launch(name)
                    continue
                process = watched.process
                if process is None:
                    continue
                if process.poll() is not None:
                    self._restart(watched, exit_reason(process.returncode), now)
                elif watched.service.healthy(process):
                    if watched.state != UP:
                        watched.state = UP
                        if watched.restarts:
                            logger.warning("%s is back (pid %d)", name, process.pid)
                        self.save()
                    watched.failures = 0
                elif watched.state == STARTING:
                    if now - watched.started > watched.service.start_timeout:
                        reason = f"did not answer within {watched.service.start_timeout:g} s of starting"
                        self._restart(watched, reason, now)
                else:
                    watched.failures += 1
                    if watched.failures >= self.policy.failures:
                        reason = f"stopped answering its health check ({watched.service.check})"
                        self._restart(watched, reason, now)

    def _restart(self, watched: Watched, reason: str, now: float) -> None:
        name, policy = watched.service.name, self.policy
        if watched.process is not None:
            kill_group(watched.process)
        watched.recent = [at for at in watched.recent if now - at < policy.window]
        watched.last_reason, watched.last_restart = reason, _now_iso()
        if len(watched.recent) >= policy.max_restarts:
            watched.state, watched.restart_at = GAVE_UP, None
            logger.error(
                "%s %s; given up after %d restarts within %.0f min: see its log, then restart hackbot",
                name, reason, len(watched.recent), policy.window / 60,
            )  # fmt: skip
        else:
            delay = min(policy.max_delay, policy.first_delay * 2 ** len(watched.recent))
            watched.recent.append(now)
            watched.restarts += 1
            watched.state, watched.restart_at = RESTARTING, now + delay
            logger.warning(
                "%s %s; restarting it in %.0f s (restart %d)", name, reason, delay, watched.restarts
            )
        self.save()

    # -- the loop -------------------------------------------------------------------------------

    def run(self) -> None:
        """Check every `check_interval` seconds until `stop()`; a failed round is logged, not fatal."""
        while not self._stop.wait(self.policy.check_interval):
            try:
                self.check()
            except Exception:
                logger.exception("The supervisor's checks failed; trying again")

    def start_watching(self) -> None:
        self._thread = threading.Thread(target=self.run, name="supervisor", daemon=True)
        self._thread.start()

    def stop_watching(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._thread = None

    # -- the state file -------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        services = {
            name: {
                "state": watched.state,
                "pid": watched.process.pid if watched.process and watched.state != GAVE_UP else None,
                "since": watched.since,
                "restarts": watched.restarts,
                "last_restart": watched.last_restart,
                "last_reason": watched.last_reason,
            }
            for name, watched in self.watched.items()
        }
        return {"supervisor_pid": os.getpid(), "updated_at": _now_iso(), "services": services}

    def save(self) -> None:
        if self.state_file is None:
            return
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.state_file.with_name(self.state_file.name + ".tmp")
        partial.write_text(json.dumps(self.state(), indent=1), encoding="utf-8")
        partial.replace(self.state_file)  # atomic: a reader never sees half a file


def read_state(path: Path) -> Mapping[str, Any] | None:
    """The state the supervisor of a running `hackbot serve` keeps; None when no supervisor
    runs (no file, an unreadable one, or one left by a `serve` that is gone)."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        os.kill(int(state["supervisor_pid"]), 0)
    except PermissionError:
        pass  # it runs, as another user
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return state if isinstance(state.get("services"), dict) else None
