"""Starting and stopping the assistant's processes: the action server, the Rasa server, the
web site and, when a bot token is set, the Telegram gateway.

`make run` (through `hackbot serve`) and the end-to-end tests start the same stack the same
way: each service (`services`) is a child process in its own session, waited for until its
health check passes (the servers over HTTP, the gateway by its heartbeat), stopped together
(SIGTERM, then SIGKILL after a grace period). Under `hackbot serve` a supervisor keeps them up
meanwhile (bot.cli.supervisor): what exits or hangs is restarted, the others keep running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx
import yaml

from bot.cli.logs import pump
from bot.cli.supervisor import STATE_FILE, Policy, Service, Supervisor, kill_group
from bot.core.db import PROJECT_ROOT
from bot.core.secrets import ACTIONS_SECRET_HEADER, ACTIONS_SECRET_VARIABLE, WEB_SECRET_VARIABLE, new_secret
from bot.core.settings import StackConfig
from bot.rasa_client import REST_WEBHOOK
from bot.telegram.heartbeat import HEARTBEAT_VARIABLE, alive
from bot.understanding.encoder import WAIT_POLICY_VARIABLE


class ServiceError(RuntimeError):
    """A service could not be started (the message says what to do)."""


@dataclass
class Stack:
    config: StackConfig
    processes: dict[str, subprocess.Popen[bytes]]
    """The current process of each service (a restart replaces it)."""
    supervisor: Supervisor | None = None

    @property
    def rest_webhook(self) -> str:
        return self.config.rasa_url + REST_WEBHOOK


def write_endpoints(config: StackConfig, path: Path, actions_url: str | None = None) -> Path:
    """The endpoints file of `endpoints.yml`, with this stack's action server URL and, when
    configured, the shared tracker store (PostgreSQL) and lock store (Redis)."""
    source = config.endpoints
    endpoints = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    action_endpoint = endpoints.get("action_endpoint") or {}
    endpoints["action_endpoint"] = {
        **action_endpoint,
        "url": f"{actions_url or config.actions_url}/webhook",
        # The secret itself stays in Rasa's environment: the file names its variable only.
        "headers": {
            **(action_endpoint.get("headers") or {}),
            ACTIONS_SECRET_HEADER: f"${{{ACTIONS_SECRET_VARIABLE}}}",
        },
    }
    if config.tracker_store_url:
        endpoints["tracker_store"] = tracker_store_endpoint(config.tracker_store_url)
    elif config.keep_earlier_sessions:
        endpoints["tracker_store"] = {**(endpoints.get("tracker_store") or {}), "keep_earlier_sessions": True}
    if config.lock_store_url:
        endpoints["lock_store"] = lock_store_endpoint(config.lock_store_url)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False), encoding="utf-8")
    return path


def tracker_store_endpoint(url: str) -> dict[str, Any]:
    """Rasa's SQL tracker store settings for `postgresql://user:password@host:port/database`."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgresql") or not parts.path.strip("/"):
        raise ServiceError(
            f"HACKBOT_TRACKER_STORE_URL must be postgresql://user@host:port/database, not {url}"
        )
    return {
        "type": "SQL",
        "dialect": "postgresql",
        "url": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "db": parts.path.strip("/"),
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
    }


def lock_store_endpoint(url: str) -> dict[str, Any]:
    """Rasa's Redis lock store settings for `redis://[:password@]host:port/db`."""
    parts = urlsplit(url)
    if parts.scheme != "redis":
        raise ServiceError(f"HACKBOT_LOCK_STORE_URL must be redis://host:port/db, not {url}")
    settings: dict[str, Any] = {
        "type": "redis",
        "url": parts.hostname or "127.0.0.1",
        "port": parts.port or 6379,
        "db": int(parts.path.strip("/") or 0),
        "key_prefix": "hackbot",
    }
    if parts.password:
        settings["password"] = unquote(parts.password)
    return settings


def child_env(config: StackConfig) -> dict[str, str]:
    """The environment of the Rasa and action servers: ours, with the stack's settings."""
    env = dict(os.environ)
    for variable in (ACTIONS_SECRET_VARIABLE, WEB_SECRET_VARIABLE):
        env.pop(variable, None)  # given only to the service that needs it (`_spawn`)
    env.update(config.extra_env)
    if config.database_url:
        env["DATABASE_URL"] = config.database_url
    # Small machines: TensorFlow should not start a thread pool per core per op.
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("TF_INTER_OP_PARALLELISM_THREADS", "1")
    env.setdefault("TF_INTRA_OP_PARALLELISM_THREADS", "2")
    # The sentence encoder's OpenMP threads (in both servers) sleep while they wait instead of
    # spinning: on two busy cores a spinning engine took 0.3 to 1.3 s per question against
    # 40 ms. OpenMP reads this once, when it loads, so it must be in the environment at start.
    env.setdefault(WAIT_POLICY_VARIABLE, "PASSIVE")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env.setdefault("PYTHONUNBUFFERED", "1")
    env.setdefault("PYTHONWARNINGS", "ignore")  # Rasa 3.6 and its pins warn a lot at start
    # Rasa reports usage and crashes to its makers by default: not from an administration's
    # machine unless its operator says so (RASA_TELEMETRY_ENABLED=true).
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    return env


def _spawn(
    name: str, command: list[str], config: StackConfig, secrets: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start a service, its output to its rotating log (`bot.cli.logs`); `secrets` go into its
    environment only."""
    config.log_dir.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env={**child_env(config), **(secrets or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    assert process.stdout is not None
    pump(process.stdout, config.log_dir / f"{name}.log")
    return process


def answers(url: str, timeout: float = 2.0) -> bool:
    """Whether `url` answers 200 within `timeout` seconds (a service's health check)."""
    try:
        return httpx.get(url, timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def http_service(
    name: str, command: list[str], config: StackConfig, health_url: str, *,
    secrets: Mapping[str, str] | None = None, start_timeout: float = 60.0,
) -> Service:  # fmt: skip
    """A server the supervisor keeps up: started by `command`, healthy while `health_url` answers."""
    return Service(
        name,
        spawn=lambda: _spawn(name, command, config, secrets),
        healthy=lambda _process: answers(health_url),
        start_timeout=start_timeout,
        check=health_url,
        command=tuple(command),
    )


def services(config: StackConfig, *, rasa_timeout: float = 180.0) -> list[Service]:
    """The stack's services, in the order they start: per instance i (of `rasa_instances`) an
    action server on `actions_port + i` and a Rasa server on `rasa_port + i` calling it; the web
    site; the Telegram gateway when configured. `config` has its secrets (`with_secrets`)."""
    found: list[Service] = []
    assert config.actions_secret is not None  # `with_secrets` made one
    secret = {ACTIONS_SECRET_VARIABLE: config.actions_secret}
    for index in range(config.rasa_instances):
        suffix = f"-{index}" if index else ""
        actions_port, rasa_port = config.actions_port + index, config.rasa_port + index
        actions_url, rasa_url = f"http://{config.host}:{actions_port}", f"http://{config.host}:{rasa_port}"
        command = [sys.executable, "-m", "actions.server", "--host", config.host, "--port", str(actions_port)]
        health = f"{actions_url}/health"
        found.append(http_service(f"actions{suffix}", command, config, health, secrets=secret))
        endpoints = write_endpoints(config, config.log_dir.parent / f"endpoints-{rasa_port}.yml", actions_url)
        command = [str(config.rasa_bin), "run", "--interface", config.host, "--port", str(rasa_port)]
        if config.rasa_api:  # off by default: the REST channel is all the front doors use
            assert config.rasa_token is not None  # `with_secrets` made one
            command += ["--enable-api", f"--auth-token={config.rasa_token}"]  # a token may start with "-"
        command += ["--model", str(config.model), "--endpoints", str(endpoints)]
        command += ["--credentials", str(PROJECT_ROOT / "credentials.yml")]
        # Rasa answers on / once its model is loaded, with or without its API.
        rasa = http_service(
            f"rasa{suffix}", command, config, f"{rasa_url}/", secrets=secret, start_timeout=rasa_timeout
        )
        found.append(rasa)
    if config.web_port and config.web_url:
        command = [sys.executable, "-m", "bot.web", "--host", config.web_host, "--port", str(config.web_port)]
        command += ["--rasa-url", config.rasa_urls]
        secret_of_web = {WEB_SECRET_VARIABLE: config.web_secret or ""}
        found.append(http_service("web", command, config, f"{config.web_url}healthz", secrets=secret_of_web))
    if config.telegram:
        found.append(telegram_service(config))
    return found


def telegram_service(config: StackConfig) -> Service:
    """The Telegram gateway (`hackbot telegram`) for this stack's Rasa servers, healthy while it
    beats (bot.telegram.heartbeat). Its settings come from the TELEGRAM_* variables."""
    beat_file = config.run_dir / "telegram.heartbeat"
    command = [sys.executable, "-m", "bot.cli", "telegram", "--rasa-url", config.rasa_urls]
    return Service(
        "telegram",
        spawn=lambda: _spawn("telegram", command, config, {HEARTBEAT_VARIABLE: str(beat_file)}),
        healthy=lambda process: alive(beat_file, process.pid),
        check=str(beat_file),
        command=tuple(command),
    )


def _wait_ready(service: Service, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + service.start_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServiceError(f"{service.name} stopped at start (exit {process.returncode}); see {log}")
        if service.healthy(process):
            return
        time.sleep(0.5)
    raise ServiceError(
        f"{service.name} did not answer ({service.check}) within {service.start_timeout:.0f} s; see {log}"
    )


def start(
    config: StackConfig, *, timeout: float = 180.0, supervise: bool = False, policy: Policy | None = None
) -> Stack:
    """Start the action server(s), the Rasa server(s), the web site and the Telegram gateway when
    configured; return once each answers. With `supervise`, a supervisor thread keeps them up
    (bot.cli.supervisor) until `stop`."""
    if not config.rasa_bin.exists():
        raise ServiceError(f"Rasa is not installed at {config.rasa_bin}: run `make run` (or `make envs`).")
    if not config.model.exists():
        raise ServiceError(f"No trained model at {config.model}: run `make model`.")
    if config.rasa_instances > 1 and not (config.tracker_store_url and config.lock_store_url):
        raise ServiceError(
            "Several Rasa instances need a shared tracker store and lock store: set "
            "HACKBOT_TRACKER_STORE_URL=postgresql://user@host/db and HACKBOT_LOCK_STORE_URL=redis://host:6379/0."
        )
    config = with_secrets(config)
    stack = Stack(config, {})
    supervisor = Supervisor(
        services(config, rasa_timeout=timeout),
        policy=policy,
        state_file=config.run_dir / STATE_FILE,
        on_change=stack.processes.__setitem__,
    )
    stack.supervisor = supervisor
    try:
        for name, watched in supervisor.watched.items():
            _wait_ready(watched.service, supervisor.launch(name), config.log_dir / f"{name}.log")
        supervisor.check()  # each is up
        if supervise:
            supervisor.start_watching()
    except BaseException:
        stop(stack)
        raise
    return stack


def with_secrets(config: StackConfig, make: Callable[[str], str] = lambda name: new_secret()) -> StackConfig:
    """The config with the secrets it lacks, made by `make(name)`: by default new ones for this
    run; `hackbot serve` keeps them (`bot.core.secrets.kept_secret`)."""
    return replace(
        config,
        actions_secret=config.actions_secret or make("actions"),
        rasa_token=config.rasa_token or (make("rasa-api") if config.rasa_api else None),
        web_secret=config.web_secret or (make("web") if config.web_port else None),
    )


def start_telegram(config: StackConfig) -> subprocess.Popen[bytes]:
    """Start the Telegram gateway alone (for a Rasa server already running); return once it is
    connected to Telegram and beating."""
    service = telegram_service(config)
    process = service.spawn()
    try:
        _wait_ready(service, process, config.log_dir / "telegram.log")
    except BaseException:
        kill_group(process)
        raise
    return process


def stop(stack: Stack, grace: float = 10.0) -> None:
    """Stop every process of the stack: SIGTERM, then SIGKILL after `grace` seconds."""
    if stack.supervisor is not None:
        stack.supervisor.stop_watching()  # nothing is restarted while it stops
    for process in stack.processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in stack.processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def running(
    config: StackConfig, *, timeout: float = 180.0, supervise: bool = False, policy: Policy | None = None
) -> Iterator[Stack]:
    stack = start(config, timeout=timeout, supervise=supervise, policy=policy)
    try:
        yield stack
    finally:
        stop(stack)
