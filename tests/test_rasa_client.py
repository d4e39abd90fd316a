"""The one client of Rasa's REST channel: routing senders to instances, reading answers, failures."""

from __future__ import annotations

import asyncio
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bot.rasa_client import (
    AsyncRasaClient,
    BotMessage,
    RasaClient,
    RasaUnavailable,
    instance_for,
    parse_replies,
    split_urls,
)


class _Answers(BaseHTTPRequestHandler):
    """A Rasa that fails: the status and body of its answers come from the server's `answer`."""

    def do_POST(self) -> None:
        status, body = self.server.answer  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.mark.parametrize(
    "answer",
    [(500, b"Internal Server Error"), (200, b"<html>not json"), (200, b"[]"), (200, b'{"text": "hi"}')],
    ids=["5xx", "garbled", "empty", "not-a-list"],
)
def test_a_failing_rasa_is_unavailable(answer: tuple[int, bytes]) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    server.answer = answer  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    async def ask() -> None:
        client = AsyncRasaClient(f"http://127.0.0.1:{server.server_address[1]}", timeout=5)
        try:
            await client.send("telegram-1", "hello", {})
        finally:
            await client.aclose()

    try:
        with pytest.raises(RasaUnavailable):
            asyncio.run(ask())
    finally:
        server.shutdown()
        server.server_close()


def test_each_sender_always_goes_to_the_same_instance_and_senders_spread_over_them() -> None:
    urls = split_urls(" http://a:5005/, http://b:5006 ,")
    assert urls == ["http://a:5005", "http://b:5006"]
    assert instance_for("telegram-1", ["http://only"]) == "http://only"
    chosen = {sender: instance_for(sender, urls) for sender in (f"web-{i}" for i in range(200))}
    assert chosen == {sender: instance_for(sender, urls) for sender in chosen}
    assert set(chosen.values()) == set(urls)
    with pytest.raises(ValueError):
        instance_for("x", [])


def test_every_front_door_reads_an_answer_the_same_way() -> None:
    items = [
        {"text": "Pick one", "buttons": [{"title": "A", "payload": "/a"}, {"title": "no payload"}]},
        {"text": "  "},
        {"image": "https://example.org/x.png"},
        {"text": "", "buttons": [{"title": "B", "payload": "/b"}]},
    ]
    assert parse_replies(items) == [BotMessage("Pick one", (("A", "/a"),)), BotMessage("", (("B", "/b"),))]


def test_a_rasa_that_does_not_listen_is_unreachable() -> None:
    client = RasaClient("http://127.0.0.1:9", timeout=2)
    try:
        with pytest.raises(RasaUnavailable) as raised:
            client.send("terminal-x", "hello")
    finally:
        client.close()
    assert raised.value.reachable is False
