"""A fake Telegram Bot API server on localhost, for tests: these machines cannot reach Telegram.

The real gateway (python-telegram-bot) and the broadcast worker talk to it through the
configurable base URL: `FakeTelegram.base_url` ("http://127.0.0.1:<port>/bot"). It implements
what hackbot uses (getMe, getUpdates with long polling, sendMessage, editMessageText,
editMessageReplyMarkup, answerCallbackQuery, setMyCommands, getMyCommands, setWebhook,
deleteWebhook, getWebhookInfo, sendChatAction), records every call, and has switches:

- `fail_next(method, code, retry_after=..., times=...)` and `failure_rates` (seeded) inject
  429 (with `retry_after`) and 5xx answers;
- `blocked` chat ids answer 403 ("bot was blocked by the user");
- Telegram's limits (30 messages a second overall, 1 a second per private chat, 20 a minute per
  group, all scalable) are checked on every sendMessage: a send over a limit is counted in
  `violations` and answered 429, as Telegram would.

Requests are read as JSON or as form data whose values are JSON (what python-telegram-bot sends).
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_USER = {"id": 424242, "is_bot": True, "first_name": "hackbot", "username": "hackbot_test_bot"}
TOKEN = "424242:TEST-token"


@dataclass
class Limits:
    """Telegram's sending limits; `scale` multiplies the rates (benchmarks run faster)."""

    per_second: float = 30.0
    per_chat_interval: float = 1.0
    group_per_minute: int = 20
    scale: float = 1.0
    tolerance: float = 0.02
    """Seconds of slack when checking intervals (clocks and thread scheduling)."""

    @property
    def global_rate(self) -> float:
        return self.per_second * self.scale


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float
    status: int


@dataclass
class FakeTelegram:
    limits: Limits = field(default_factory=Limits)
    failure_rates: dict[int, float] = field(default_factory=dict)
    """HTTP status -> probability for each sendMessage (e.g. {429: 0.05, 500: 0.02})."""
    seed: int = 1234
    retry_after: int = 1
    blocked: set[int] = field(default_factory=set)
    latency: float = 0.0
    """Seconds each sendMessage takes (a real network round trip)."""
    in_flight: float = 0.1
    """Seconds after a 429 during which a send may still arrive without breaking its retry_after:
    the gateway sends several chats' replies at once, and one issued just before the 429 reached it
    can arrive tens of milliseconds later on a loaded two-core machine (seen: 24 to 42 ms)."""

    def __post_init__(self) -> None:
        self.calls: list[Call] = []
        self.violations: list[str] = []
        self.during_retry_after: list[str] = []
        """sendMessage calls that arrived while a 429's retry_after was in force (after `tolerance`,
        for the sends already on their way when the 429 was answered)."""
        self._retry_until = 0.0
        self._lock = threading.Condition()
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._next_message_id = 1
        self._forced: dict[str, deque[tuple[int, int | None]]] = defaultdict(deque)
        self._random = random.Random(self.seed)
        self._global_sends: deque[float] = deque()
        self._last_chat_send: dict[int, float] = {}
        self._group_sends: dict[int, deque[float]] = defaultdict(deque)
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.webhook: dict[str, Any] | None = None
        self._server: ThreadingHTTPServer | None = None

    # ---------------------------------------------------------------- lifecycle

    @contextmanager
    def running(self) -> Iterator[FakeTelegram]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                fake._handle(self)

            do_GET = do_POST

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            with self._lock:
                self._lock.notify_all()
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        assert self._server is not None, "the fake server is not running"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """The Bot API base URL to give python-telegram-bot (`Bot(token, base_url=...)`)."""
        return f"http://127.0.0.1:{self.port}/bot"

    # ---------------------------------------------------------------- switches and inputs

    def fail_next(self, method: str, code: int, *, retry_after: int | None = None, times: int = 1) -> None:
        with self._lock:
            for _ in range(times):
                self._forced[method].append((code, retry_after))

    def push_update(self, update: dict[str, Any]) -> int:
        with self._lock:
            update = {"update_id": self._next_update_id, **update}
            self._next_update_id += 1
            self._updates.append(update)
            self._lock.notify_all()
            return int(update["update_id"])

    def push_message(
        self,
        user_id: int,
        text: str,
        *,
        language_code: str | None = "en",
        first_name: str = "Ana",
        chat_id: int | None = None,
        chat_type: str = "private",
    ) -> int:
        """A user writes `text` (a "/command" gets its bot_command entity)."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        chat: dict[str, Any] = {"id": chat_id if chat_id is not None else user_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = first_name
        else:
            chat["title"] = "Group"
        message: dict[str, Any] = {
            "message_id": self._new_message_id(),
            "date": int(time.time()),
            "chat": chat,
            "from": user,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.push_update({"message": message})

    def push_callback(
        self,
        user_id: int,
        data: str,
        *,
        message_id: int,
        language_code: str | None = "en",
        chat_id: int | None = None,
    ) -> int:
        """The user presses an inline button whose callback_data is `data`, under bot message `message_id`."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "Ana"}
        if language_code:
            user["language_code"] = language_code
        chat = {"id": chat_id if chat_id is not None else user_id, "type": "private"}
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            "text": "…",
        }
        query = {
            "id": str(self._new_message_id()),
            "from": user,
            "chat_instance": "1",
            "data": data,
            "message": message,
        }
        return self.push_update({"callback_query": query})

    def push_member_added(self, chat_id: int, by_user_id: int, *, title: str = "Group") -> int:
        """The bot is added to a group by a user."""
        message = {
            "message_id": self._new_message_id(),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "group", "title": title},
            "from": {"id": by_user_id, "is_bot": False, "first_name": "Org"},
            "new_chat_members": [BOT_USER],
        }
        return self.push_update({"message": message})

    # ---------------------------------------------------------------- what happened

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """The messages delivered (status 200), in order, optionally to one chat."""
        with self._lock:
            return [
                c.params
                for c in self.calls
                if c.method == "sendMessage"
                and c.status == 200
                and (chat_id is None or int(c.params["chat_id"]) == chat_id)
            ]

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until `predicate()` holds (checked whenever a call arrives), or fail after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("the fake Telegram server did not see what was expected in time")
                self._lock.wait(min(left, 0.1))

    def wait_sent(self, chat_id: int, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        self.wait_for(lambda: len(self.sent(chat_id)) >= count, timeout)
        return self.sent(chat_id)

    # ---------------------------------------------------------------- the API

    def _new_message_id(self) -> int:
        with self._lock:
            self._next_message_id += 1
            return self._next_message_id

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path.split("?")[0]
        prefix = f"/bot{TOKEN}/"
        if not path.startswith(prefix):
            self._answer(request, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        method = path[len(prefix) :]
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        params = self._params(body, request.headers.get("Content-Type") or "")
        status, payload = self._call(method, params)
        with self._lock:
            self.calls.append(Call(method, params, time.monotonic(), status))
            self._lock.notify_all()
        self._answer(request, status, payload)

    @staticmethod
    def _params(body: bytes, content_type: str) -> dict[str, Any]:
        if not body:
            return {}
        if "json" in content_type:
            data: dict[str, Any] = json.loads(body)
            return data
        params: dict[str, Any] = {}
        for key, value in parse_qsl(body.decode("utf-8"), keep_blank_values=True):
            try:
                params[key] = json.loads(value)
            except ValueError:
                params[key] = value
        return params

    @staticmethod
    def _answer(request: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode("utf-8")
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    @staticmethod
    def _error(code: int, description: str, retry_after: int | None = None) -> tuple[int, dict[str, Any]]:
        payload: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if retry_after is not None:
            payload["parameters"] = {"retry_after": retry_after}
        return code, payload

    def _forced_failure(self, method: str) -> tuple[int, dict[str, Any]] | None:
        with self._lock:
            if not self._forced[method]:
                return None
            code, retry_after = self._forced[method].popleft()
        if code == 429:
            return self._error(429, f"Too Many Requests: retry after {retry_after or 1}", retry_after or 1)
        return self._error(code, "Internal Server Error" if code >= 500 else "Bad Request")

    def _call(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        forced = self._forced_failure(method)
        if forced is not None:
            return forced
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        if method == "sendMessage":
            return self._send_message(params)
        if method in ("editMessageText", "editMessageReplyMarkup"):
            message = {
                "message_id": int(params.get("message_id") or 0),
                "date": int(time.time()),
                "chat": {"id": int(params.get("chat_id") or 0), "type": "private"},
                "text": params.get("text", "…"),
            }
            return 200, {"ok": True, "result": message}
        if method == "setMyCommands":
            self.commands[str(params.get("language_code") or "")] = list(params.get("commands") or [])
            return 200, {"ok": True, "result": True}
        if method == "getMyCommands":
            return 200, {"ok": True, "result": self.commands.get(str(params.get("language_code") or ""), [])}
        if method == "setWebhook":
            self.webhook = params
            return 200, {"ok": True, "result": True}
        if method == "deleteWebhook":
            self.webhook = None
            return 200, {"ok": True, "result": True}
        if method == "getWebhookInfo":
            info = {"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False}
            return 200, {"ok": True, "result": {**info, "pending_update_count": 0}}
        if method in ("answerCallbackQuery", "sendChatAction", "close", "logOut"):
            return 200, {"ok": True, "result": True}
        return self._error(404, f"Not Found: method {method} is not faked")

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + min(timeout, 5.0)
        with self._lock:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline and self._server is not None:
                self._lock.wait(min(0.1, max(deadline - time.monotonic(), 0.0)))
            return list(self._updates)

    def _too_many(self) -> tuple[int, dict[str, Any]]:
        """A 429: nothing may be sent until its retry_after (scaled) has passed."""
        with self._lock:
            self._retry_until = max(
                self._retry_until, time.monotonic() + self.retry_after / self.limits.scale
            )
        return self._error(429, f"Too Many Requests: retry after {self.retry_after}", self.retry_after)

    def _send_message(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked:
            return self._error(403, "Forbidden: bot was blocked by the user")
        with self._lock:
            roll = self._random.random()
            waiting = self._retry_until - time.monotonic()
            slack = max(self.limits.tolerance, self.in_flight)
            too_early = waiting > 0 and waiting < self.retry_after / self.limits.scale - slack
            if too_early:
                self.during_retry_after.append(f"chat {chat_id}: {waiting:.3f}s before the retry_after ended")
        if too_early:
            return self._too_many()
        cumulative = 0.0
        for code, rate in sorted(self.failure_rates.items()):
            cumulative += rate
            if roll < cumulative:
                if code == 429:
                    return self._too_many()
                return self._error(code, "Internal Server Error")
        over = self._check_limits(chat_id)
        if over:
            return self._too_many()
        if self.latency:
            time.sleep(self.latency)
        chat_type = "private" if chat_id > 0 else "group"
        message = {
            "message_id": self._new_message_id(),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": chat_type},
            "from": BOT_USER,
            "text": str(params.get("text", "")),
        }
        return 200, {"ok": True, "result": message}

    def _check_limits(self, chat_id: int) -> str | None:
        """Record a send; describe (and count) the limit it breaks, if any."""
        now = time.monotonic()
        limits = self.limits
        tolerance = limits.tolerance
        with self._lock:
            window = self._global_sends
            while window and window[0] <= now - 1.0 + tolerance:
                window.popleft()
            problem = None
            if len(window) + 1 > limits.global_rate:
                problem = f"global: {len(window) + 1} sends within a second"
            elif chat_id > 0:
                last = self._last_chat_send.get(chat_id)
                interval = limits.per_chat_interval / limits.scale
                if last is not None and now - last < interval - tolerance:
                    problem = f"chat {chat_id}: two sends {now - last:.3f}s apart"
            else:
                group = self._group_sends[chat_id]
                while group and group[0] <= now - 60.0 / limits.scale + tolerance:
                    group.popleft()
                if len(group) + 1 > limits.group_per_minute:
                    problem = f"group {chat_id}: {len(group) + 1} sends within a minute"
            if problem:
                self.violations.append(problem)
                return problem
            window.append(now)
            self._last_chat_send[chat_id] = now
            if chat_id < 0:
                self._group_sends[chat_id].append(now)
            return None
