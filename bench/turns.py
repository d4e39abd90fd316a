"""Full conversation turns over the REST channel: hackbot against a stock Rasa assistant, same run.

Usage: .venv/bin/python bench/turns.py [--users 20] [--duration 45] [--rounds 3] [--growth 300]
       [--only hackbot|stock]

Starts hackbot's stack (action server + Rasa server, on a temporary SQLite database holding
the demo event, the clock frozen while its registration is open) and the reference's, side by
side, and drives each in turn with N concurrent simulated users (questions from the held-out
sets in both languages, and some registrations through the team form): `--duration` seconds
each in all, split into `--rounds` windows that alternate (hackbot, reference, hackbot, ...),
so that a machine whose speed drifts during the run (a shared host: the same run measured
20 to 31 turns/s from one minute to the next) weighs on both alike. The reference is the
configuration `rasa init` gives (bench/stock/config.yml), trained on the same data, domain and
action server (trained once into models/stock.tar.gz, retrained when its inputs change), with
Rasa's own parts where hackbot has its own: Rasa's in-memory tracker store and its
`action_session_start` (the domain is copied without hackbot's).

`--instances N` runs hackbot as N Rasa instances (each with its action server) sharing a
PostgreSQL tracker store and a Redis lock store (`--postgres`, `--redis`), each simulated user
routed to one instance as the Telegram gateway and the web page route them.

Prints, for each: turns/s, p50/p95/p99 latency, errors, peak memory (RSS) of the Rasa server
and of the action server, the CPU time each process (and this load generator) spent per turn;
then hackbot's throughput as a multiple of the reference's, overall and window by window.
`--growth N` also measures one conversation growing to N turns (the same ten questions over
and over): the mean latency of turns 1–10 and of the last 10, and their ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml
from sqlalchemy import create_engine, make_url, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from support.packs import DEMO_PACK, database_with_current_pack  # noqa: E402
from support.ports import consecutive_free_ports  # noqa: E402

from bot.cli.services import running  # noqa: E402
from bot.core.settings import StackConfig  # noqa: E402
from bot.events.pack import parse_pack  # noqa: E402
from bot.rasa_client import instance_for, split_urls  # noqa: E402

RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
HACKBOT_MODEL = ROOT / "models" / "hackbot.tar.gz"
STOCK_MODEL = ROOT / "models" / "stock.tar.gz"
STOCK_CONFIG = ROOT / "bench" / "stock" / "config.yml"
STOCK_DOMAIN = ROOT / "models" / "stock-domain.yml"
HACKBOT_ONLY_ACTIONS = {"action_session_start"}  # Rasa's own action serves the stock reference
FROZEN_NOW = "2027-03-15T09:30"  # the demo event's first morning, registration still open
QUESTION_INTENTS_EXCLUDED = {"inform", "affirm", "deny", "cancel", "register_team", "join_team", "edit_team"}
QUESTION_INTENTS_EXCLUDED |= {"leave_team", "withdraw_team"}
REGISTRATION_SHARE = 0.15


def held_out_questions() -> list[str]:
    """Questions of the held-out NLU sets (both languages), without the form answers."""
    questions: list[str] = []
    for language in ("en", "fr"):
        data = yaml.safe_load(
            (ROOT / "tests" / "nlu" / f"test_nlu_{language}.yml").read_text(encoding="utf-8")
        )
        for block in data["nlu"]:
            if block["intent"] in QUESTION_INTENTS_EXCLUDED:
                continue
            questions += [line.strip()[2:] for line in block["examples"].splitlines() if line.strip()]
    return questions


def registration_script(rng: random.Random, challenge: str) -> list[str]:
    """A registration through the team form, cancelled at the summary (so runs can repeat)."""
    name = f"Bench {uuid.UUID(int=rng.getrandbits(128)).hex[:8]}"
    return [
        rng.choice(["je veux inscrire mon équipe", "I'd like to register our team"]),
        name,
        '/inform{"challenge":"' + challenge + '"}',
        "Ana Moreau, Karim Benali, Sophie Lefèvre",
        "ana.moreau@example.org",
        "annuler",
    ]


# ------------------------------------------------------------------ models and stacks


def _inputs_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted([STOCK_CONFIG, ROOT / "domain.yml", *(ROOT / "data").rglob("*.yml")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_stock_model() -> None:
    stamp = STOCK_MODEL.with_suffix(".digest")
    digest = _inputs_digest()
    if STOCK_MODEL.exists() and stamp.exists() and stamp.read_text() == digest:
        return
    print("training the stock reference model (once; several minutes on 2 cores)...", flush=True)
    started = time.monotonic()
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    domain["actions"] = [a for a in domain["actions"] if a not in HACKBOT_ONLY_ACTIONS]
    STOCK_DOMAIN.parent.mkdir(exist_ok=True)
    STOCK_DOMAIN.write_text(yaml.safe_dump(domain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    env = dict(os.environ, PYTHONWARNINGS="ignore", TF_CPP_MIN_LOG_LEVEL="3")
    command = [str(RASA), "train", "--quiet", "--config", str(STOCK_CONFIG), "--domain", str(STOCK_DOMAIN)]
    command += ["--data", "data", "--out", "models", "--fixed-model-name", "stock"]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    stamp.write_text(digest)
    print(f"  trained in {time.monotonic() - started:.0f} s", flush=True)


def prepare_database(workdir: Path) -> str:
    return database_with_current_pack(workdir / "bench.sqlite3", DEMO_PACK)


def process_tree(pid: int) -> list[int]:
    """A process and its children (the action server's Sanic workers), from /proc."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [pid, *(int(p) for p in children.read_text().split())] if children.exists() else [pid]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (MB), from /proc."""
    total = 0
    for one in process_tree(pid):
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process and its children have used so far, from /proc."""
    total = 0
    for one in process_tree(pid):
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


# ------------------------------------------------------------------ load


@dataclass
class Figures:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    rasa_mb: float = 0.0
    actions_mb: float = 0.0
    growth: tuple[float, float] | None = None
    cpu: dict[str, float] = field(default_factory=dict)
    """CPU seconds used during the load: by the Rasa servers, the action servers, this process."""

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


@contextmanager
def shared_stores(args: argparse.Namespace) -> Iterator[tuple[str | None, str | None]]:
    """A throwaway PostgreSQL database for Rasa's trackers and the Redis lock store, when scaling out."""
    if args.instances <= 1:
        yield None, None
        return
    admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
    name = f"hackbot_bench_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
        yield url.replace("+psycopg", ""), args.redis
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


async def turn(client: httpx.AsyncClient, url: str, sender: str, text: str, figures: Figures) -> None:
    started = time.perf_counter()
    try:
        response = await client.post(url, json={"sender": sender, "message": text}, timeout=60)
        response.raise_for_status()
        if not response.json():
            raise ValueError("no answer")
    except (httpx.HTTPError, ValueError):
        figures.errors += 1
        return
    figures.latencies.append(time.perf_counter() - started)


async def simulated_user(
    index: int, urls: str, deadline: float, questions: list[str], challenge: str, figures: Figures
) -> None:
    rng = random.Random(index)
    sender = f"bench-{index}-{uuid.uuid4().hex[:6]}"
    url = f"{instance_for(sender, split_urls(urls))}/webhooks/rest/webhook"
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            script = (
                registration_script(rng, challenge)
                if rng.random() < REGISTRATION_SHARE
                else [rng.choice(questions)]
            )
            for text in script:
                if time.monotonic() >= deadline:
                    return
                await turn(client, url, sender, text, figures)


async def load(
    url: str, users: int, duration: float, questions: list[str], challenge: str, figures: Figures
) -> None:
    deadline = time.monotonic() + duration
    started = time.monotonic()
    await asyncio.gather(
        *(simulated_user(i, url, deadline, questions, challenge, figures) for i in range(users))
    )
    figures.seconds = time.monotonic() - started


async def growth(urls: str, turns: int, questions: list[str]) -> tuple[float, float]:
    """Mean latency of turns 1-10 and of the last 10 turns of one conversation.

    The conversation asks the same ten questions over and over, so that the first ten turns
    and the last ten differ by the conversation's length only."""
    figures = Figures("growth")
    sender = f"bench-growth-{uuid.uuid4().hex[:6]}"
    url = f"{instance_for(sender, split_urls(urls))}/webhooks/rest/webhook"
    cycle = random.Random(7).sample(questions, 10)
    async with httpx.AsyncClient() as client:
        for index in range(turns):
            await turn(client, url, sender, cycle[index % len(cycle)], figures)
    first, last = figures.latencies[:10], figures.latencies[-10:]
    return statistics.mean(first), statistics.mean(last)


def stock_endpoints(workdir: Path) -> Path:
    """hackbot's endpoints without its tracker store: the reference keeps Rasa's own."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints.pop("tracker_store", None)
    path = workdir / "stock-endpoints.yml"
    path.write_text(yaml.safe_dump(endpoints), encoding="utf-8")
    return path


@dataclass
class Stack:
    """One assistant running: its Rasa URL(s) and its processes by kind."""

    name: str
    url: str
    groups: dict[str, list[Any]]


@contextmanager
def started(
    name: str, model: Path, args: argparse.Namespace, questions: list[str], challenge: str, instances: int = 1
) -> Iterator[Stack]:
    scale_out = argparse.Namespace(**{**vars(args), "instances": instances})
    with tempfile.TemporaryDirectory() as tmp, shared_stores(scale_out) as (tracker_store, lock_store):
        workdir = Path(tmp)
        config = StackConfig(
            rasa_port=consecutive_free_ports(instances),
            actions_port=consecutive_free_ports(instances),
            model=model,
            database_url=prepare_database(workdir),
            log_dir=workdir / "log",
            extra_env={"HACKBOT_NOW": FROZEN_NOW},
            endpoints=ROOT / "endpoints.yml" if name == "hackbot" else stock_endpoints(workdir),
            rasa_instances=instances,
            tracker_store_url=tracker_store,
            lock_store_url=lock_store,
        )
        with running(config) as stack:
            url = config.rasa_urls
            asyncio.run(load(url, 4, 5, questions, challenge, Figures("warm-up")))
            groups = {
                key: [p for n, p in stack.processes.items() if n.startswith(key)]
                for key in ("rasa", "actions")
            }
            yield Stack(name, url, groups)


def window(
    stack: Stack, args: argparse.Namespace, questions: list[str], challenge: str, seconds: float
) -> Figures:
    """`args.users` simulated users on one assistant for `seconds` (the other one idle)."""
    figures = Figures(stack.name)
    peak = dict.fromkeys(stack.groups, 0.0)

    async def sampled() -> None:
        task = asyncio.create_task(load(stack.url, args.users, seconds, questions, challenge, figures))
        while not task.done():
            for key, processes in stack.groups.items():
                peak[key] = max(peak[key], sum(rss_mb(p.pid) for p in processes))
            await asyncio.sleep(0.5)
        await task

    def used() -> dict[str, float]:
        cpu = {key: sum(cpu_seconds(p.pid) for p in processes) for key, processes in stack.groups.items()}
        return {**cpu, "load generator": time.process_time()}

    before = used()
    asyncio.run(sampled())
    figures.cpu = {key: spent - before[key] for key, spent in used().items()}
    figures.rasa_mb, figures.actions_mb = peak["rasa"], peak["actions"]
    return figures


def combined(windows: list[Figures]) -> Figures:
    total = Figures(windows[0].name)
    for figures in windows:
        total.latencies += figures.latencies
        total.errors += figures.errors
        total.seconds += figures.seconds
        total.rasa_mb = max(total.rasa_mb, figures.rasa_mb)
        total.actions_mb = max(total.actions_mb, figures.actions_mb)
        for key, spent in figures.cpu.items():
            total.cpu[key] = total.cpu.get(key, 0.0) + spent
    return total


def report(figures: Figures) -> None:
    print(
        f"{figures.name:8} {figures.throughput:7.1f} turns/s  p50 {figures.percentile(50) * 1000:6.0f} ms  "
        f"p95 {figures.percentile(95) * 1000:6.0f} ms  p99 {figures.percentile(99) * 1000:6.0f} ms  "
        f"errors {figures.errors}  RSS rasa {figures.rasa_mb:.0f} MB, actions {figures.actions_mb:.0f} MB"
    )
    if figures.cpu and figures.latencies:
        per_turn = ", ".join(
            f"{key} {seconds / len(figures.latencies) * 1000:.1f} ms" for key, seconds in figures.cpu.items()
        )
        print(f"{'':8} CPU per turn: {per_turn} ({os.cpu_count()} cores)")
    if figures.growth:
        first, last = figures.growth
        print(
            f"{'':8} one conversation: turns 1-10 {first * 1000:.0f} ms, last 10 {last * 1000:.0f} ms "
            f"(x{last / first:.2f})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=45.0, help="seconds of load per assistant")
    parser.add_argument("--rounds", type=int, default=3, help="windows each assistant's load is split into")
    parser.add_argument("--growth", type=int, default=300, help="turns of the long conversation (0: skip)")
    parser.add_argument("--only", choices=["hackbot", "stock"])
    parser.add_argument("--instances", type=int, default=1, help="hackbot's Rasa instances (scale-out)")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    args = parser.parse_args()
    questions = held_out_questions()
    challenge = parse_pack(DEMO_PACK).challenges[0].id
    names = [name for name in ("hackbot", "stock") if args.only in (None, name)]
    seconds = args.duration / args.rounds
    print(
        f"{args.users} concurrent users, {args.duration:.0f} s each in {args.rounds} windows taking turns; "
        f"{len(questions)} questions, fr+en"
    )
    if "stock" in names:
        ensure_stock_model()
    windows: dict[str, list[Figures]] = {name: [] for name in names}
    with ExitStack() as running_stacks:
        stacks = [
            running_stacks.enter_context(
                started(name, HACKBOT_MODEL if name == "hackbot" else STOCK_MODEL, args, questions, challenge,
                        args.instances if name == "hackbot" else 1)
            )
            for name in names
        ]  # fmt: skip
        # Both run side by side and take turns under load, so that a machine whose speed drifts
        # during the run (a shared host) weighs on both alike.
        for _ in range(args.rounds):
            for stack in stacks:
                windows[stack.name].append(window(stack, args, questions, challenge, seconds))
        results = {name: combined(found) for name, found in windows.items()}
        if args.growth:
            for stack in stacks:
                results[stack.name].growth = asyncio.run(growth(stack.url, args.growth, questions))
    for name in names:
        report(results[name])
    if len(results) == 2 and results["stock"].throughput:
        ratio = results["hackbot"].throughput / results["stock"].throughput
        rounds = [
            h.throughput / s.throughput
            for h, s in zip(windows["hackbot"], windows["stock"], strict=True)
            if s.throughput
        ]
        each = ", ".join(f"{r:.1f}" for r in rounds)
        print(
            f"hackbot throughput = {ratio:.1f} x the stock reference "
            f"(measured in this run; window by window: {each})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
