"""Two Rasa instances (each with its action server) sharing a PostgreSQL tracker store and a Redis
lock store, with the machine's real PostgreSQL and Redis: concurrent messages from the same users,
each user routed to one instance as the front doors do, leave every conversation consistent.

Runs when TEST_DATABASE_URL names a PostgreSQL server (CI sets it) and Redis answers on
127.0.0.1:6379.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from support.databases import throwaway_postgres_database
from support.e2e_stack import MODEL, RASA
from support.packs import DEMO_PACK
from support.ports import consecutive_free_ports

from bot.cli.services import Stack, running
from bot.core.db import make_engine, normalise_url, session_scope
from bot.core.migrations import upgrade
from bot.core.models import Team
from bot.core.settings import StackConfig
from bot.events.loader import load_pack
from bot.events.pack import parse_pack
from bot.rasa_client import instance_for, split_urls

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

FROZEN_NOW = "2027-03-01T09:00"  # the demo event's registration is open
REDIS = ("127.0.0.1", 6379)
REDIS_DB = 13
USERS = 8
QUESTIONS = ["what's on now?", "quels sont les défis ?", "when is lunch?"]


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def flush_redis_db() -> None:
    with socket.create_connection(REDIS, timeout=2) as connection:
        connection.sendall(f"SELECT {REDIS_DB}\r\nFLUSHDB\r\n".encode())
        connection.recv(64)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    server = os.environ.get("TEST_DATABASE_URL", "")
    if not server.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL (CI does)")
    if not redis_answers():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    if not RASA.exists() or not MODEL.exists():
        pytest.skip("needs the Rasa environment and the trained model: run `make model` (make test does)")
    workdir: Path = tmp_path_factory.mktemp("scale-out")
    flush_redis_db()
    with (
        throwaway_postgres_database(normalise_url(server)) as app_url,
        throwaway_postgres_database(normalise_url(server)) as tracker_url,
    ):
        upgrade(app_url)
        engine = make_engine(app_url)
        with session_scope(engine) as session:
            load_pack(session, parse_pack(DEMO_PACK), make_current=True)
        engine.dispose()
        config = StackConfig(
            rasa_port=consecutive_free_ports(2),
            actions_port=consecutive_free_ports(2),
            database_url=app_url,
            log_dir=workdir / "log",
            extra_env={"HACKBOT_NOW": FROZEN_NOW},
            rasa_instances=2,
            tracker_store_url=tracker_url.replace("+psycopg", ""),
            lock_store_url=f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
            rasa_api=True,  # the test reads conversations through it
        )
        with running(config) as started:
            yield started


def senders(urls: list[str]) -> list[str]:
    """USERS sender ids, spread over every instance by the routing."""
    found: list[str] = []
    index = 0
    while len(found) < USERS or {instance_for(s, urls) for s in found} != set(urls):
        candidate = f"scale-user-{index}"
        index += 1
        if len(found) < USERS or instance_for(candidate, urls) not in {instance_for(s, urls) for s in found}:
            found.append(candidate)
    return found


async def post(client: httpx.AsyncClient, url: str, sender: str, text: str) -> list[dict[str, Any]]:
    response = await client.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text})
    response.raise_for_status()
    answer: list[dict[str, Any]] = response.json()
    return answer


async def one_user(client: httpx.AsyncClient, urls: list[str], sender: str) -> list[list[dict[str, Any]]]:
    """Three questions at once, then a whole registration, all to the sender's instance."""
    url = instance_for(sender, urls)
    answers = list(await asyncio.gather(*(post(client, url, sender, q) for q in QUESTIONS)))
    script = [
        "je veux inscrire mon équipe",
        f"Équipe {sender}",
        '/inform{"challenge":"' + parse_pack(DEMO_PACK).challenges[0].id + '"}',
        "Ana Moreau, Karim Benali, Sophie Lefèvre",
        f"{sender}@example.org",
        "oui",
    ]
    for text in script:
        answers.append(await post(client, url, sender, text))
    return answers


async def everyone(urls: list[str], users: list[str]) -> list[list[list[dict[str, Any]]]]:
    async with httpx.AsyncClient(timeout=120) as client:
        return list(await asyncio.gather(*(one_user(client, urls, s) for s in users)))


def test_concurrent_users_on_two_instances_keep_consistent_conversations(stack: Stack) -> None:
    urls = split_urls(stack.config.rasa_urls)
    assert len(urls) == 2
    users = senders(urls)
    results = asyncio.run(everyone(urls, users))
    assert all(answer for user in results for answer in user), "every message got an answer"

    for sender in users:
        home = instance_for(sender, urls)
        other = next(u for u in urls if u != home)
        # The other instance reads the same conversation from the shared tracker store.
        tracker = httpx.get(
            f"{other}/conversations/{sender}/tracker", params={"token": stack.config.rasa_token}, timeout=30
        ).json()
        events = tracker["events"]
        user_events = [e for e in events if e["event"] == "user"]
        assert len(user_events) == len(QUESTIONS) + 6, sender
        # Each message was handled in one piece: the events after a user message end with
        # action_listen before the next user message, with a bot message in between.
        turns: list[list[dict[str, Any]]] = []
        for event in events:
            if event["event"] == "user":
                turns.append([])
            elif turns:
                turns[-1].append(event)
        for turn in turns:
            actions = [e.get("name") for e in turn if e["event"] == "action"]
            assert actions and actions[-1] == "action_listen", (sender, actions)
            assert any(e["event"] == "bot" for e in turn), (sender, actions)
        assert tracker["slots"]["team_name"] is None, "the form ended and was cleared"

    engine = make_engine(stack.config.database_url)
    try:
        with session_scope(engine) as session:
            assert session.scalar(select(func.count(Team.id))) == len(users)
    finally:
        engine.dispose()
