"""The outbox worker: sends queued broadcast messages under Telegram's limits, without losing any.

Broadcasts (`bot.broadcasts`, `bot.reminders`) write one `OutboxMessage` row per recipient. One
`OutboxWorker`, run by the Telegram gateway process, drains the rows: it claims due rows, sends
each through a `Send` callable (`bot.telegram_send.bot_sender` adapts python-telegram-bot) and
writes the outcome back. It has its own rate limiter:

- at most `per_second` messages a second overall (a token bucket kept `margin` below the limit);
- at least `per_chat_interval` seconds between two messages to one private chat;
- at most `group_per_minute` messages a minute to one group (chat id < 0, or a group chat type);
- a 429 answer (`RetryAfter`) pauses every send for `retry_after` seconds: the limit is per bot.

Several sends are in flight at once (`concurrency`), so the allowed rate is reached despite the
network's latency. `SendLimits.scale` speeds every limit and delay up by the same factor, for
tests and benchmarks against the fake server; it is 1 in production.

Outcomes: `Sent` marks the row sent; `RetryAfter` puts it back (the attempt does not count);
`Blocked` (403) unsubscribes the chat from every event (`subscriptions.unsubscribe_everywhere`)
and marks its messages failed; `PermanentFailure` (400 chat not found, ...) marks it failed;
`TransientFailure` (5xx, network) retries it with exponential backoff, and marks it failed after
`RetryPolicy.max_attempts` attempts.

Delivery guarantees. A row is claimed before it is sent: in one committed statement its
`attempts` goes up by one (the claim's token) and `next_attempt_at` moves `lease` seconds ahead,
so no other worker takes it meanwhile (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: the single
UPDATE statement holds the write lock). Outcomes are written by a recorder task, in batches,
only if the row still carries the claim's token. A graceful stop (the `stop` event, cancelling
the task running `run`, or SIGTERM turned into the stop event by the process) sends nothing new,
gives back the claimed rows not yet sent, waits for the sends in flight and writes their outcomes
before returning: a restart then resends nothing and loses nothing.

What cannot be guaranteed: if the process dies without stopping (SIGKILL, power loss) between
Telegram accepting a message and the outcome being committed, the row is still leased; when the
lease expires it is sent again. Telegram's sendMessage has no idempotency key, so exactly-once
delivery across a hard crash is impossible; the worker is at-least-once there, and the window is
the time of one send plus one batch commit. The same holds for a read timeout (Telegram may
have delivered the message before the connection failed): it is retried like any network
error. Limits are kept per worker: run one worker per bot token (several workers never send
the same row twice, but each keeps its own rate).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import heapq
import logging
import math
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from sqlalchemy import Engine, Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from bot import subscriptions
from bot.clock import utcnow
from bot.db import session_scope
from bot.models import OutboxMessage

log = logging.getLogger(__name__)

T = TypeVar("T")
GROUP_CHAT_TYPES = ("group", "supergroup")
_ERROR_LENGTH = 500
_OUTBOX = cast(Table, OutboxMessage.__table__)


# ------------------------------------------------------------------ what a send can give


@dataclass(frozen=True)
class Sent:
    message_id: int


@dataclass(frozen=True)
class RetryAfter:
    """Telegram's 429: no message at all for `seconds` (flood control is per bot)."""

    seconds: float


@dataclass(frozen=True)
class Blocked:
    """Telegram's 403: the user blocked the bot, or the bot left or was removed from the group."""

    reason: str = "blocked"


@dataclass(frozen=True)
class PermanentFailure:
    """The message can never be delivered (400: chat not found, ...)."""

    reason: str


@dataclass(frozen=True)
class TransientFailure:
    """Worth trying again later (5xx, network error, timeout)."""

    reason: str


SendOutcome = Sent | RetryAfter | Blocked | PermanentFailure | TransientFailure
Send = Callable[[int, str], Awaitable[SendOutcome]]
"""`await send(chat_id, text)`: sends one plain-text message and says how it went."""


# ------------------------------------------------------------------ settings


@dataclass(frozen=True)
class SendLimits:
    """Telegram's limits, kept `margin` below; `scale` speeds every limit and delay up (tests)."""

    per_second: float = 30.0
    per_chat_interval: float = 1.0
    group_per_minute: int = 20
    scale: float = 1.0
    margin: float = 0.1
    """The fraction of each limit left unused, for clocks and network jitter."""
    burst: float = 0.05
    """Seconds of sending the token bucket may save up (besides one message)."""

    @property
    def global_rate(self) -> float:
        """Messages a second the worker allows itself."""
        return self.per_second * self.scale * (1 - self.margin)

    @property
    def allowed_rate(self) -> float:
        """Telegram's own limit (scaled), for reporting."""
        return self.per_second * self.scale

    @property
    def chat_interval(self) -> float:
        return self.per_chat_interval / self.scale * (1 + self.margin)

    @property
    def group_window(self) -> float:
        return 60.0 / self.scale * (1 + self.margin)

    def seconds(self, seconds: float) -> float:
        """A delay of the unscaled world (retry_after, backoff) in this world's seconds."""
        return seconds / self.scale


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    """Attempts (429s excepted) before a message failing with network or server errors is given up."""
    backoff: float = 2.0
    """Seconds before the first retry; doubled at each attempt (with up to 25 % jitter)."""
    max_backoff: float = 600.0
    lease: float = 120.0
    """Seconds a claimed row is reserved for this worker (a crashed worker's rows wait that long)."""

    def delay(self, attempts: int, rng: random.Random) -> float:
        base = min(self.max_backoff, self.backoff * 2.0 ** max(attempts - 1, 0))
        return base * (1 + 0.25 * rng.random())


@dataclass
class WorkerStats:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    """Transient failures scheduled for another attempt."""
    rate_limited: int = 0
    """429 answers received (each paused every send)."""
    blocked: int = 0
    released: int = 0
    """Claimed rows given back unsent (stop, long pause, chat not ready)."""
    first_send: float | None = None
    last_send: float | None = None
    """Monotonic times of the first and last send started."""


# ------------------------------------------------------------------ the rate limiter


class RateLimiter:
    """When the next message may leave: overall, for one chat, and after a 429. Monotonic seconds."""

    def __init__(self, limits: SendLimits, now: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._now = now
        self._rate = limits.global_rate
        self._capacity = 1.0 + self._rate * limits.burst
        self._tokens = self._capacity
        self._refilled = now()
        self._paused_until = 0.0
        self._chat_next: dict[int, float] = {}
        self._group_sends: dict[int, deque[float]] = {}

    @staticmethod
    def is_group(chat_id: int, chat_type: str) -> bool:
        return chat_id < 0 or chat_type in GROUP_CHAT_TYPES

    def _refill(self, now: float) -> None:
        if now > self._refilled:
            self._tokens = min(self._capacity, self._tokens + (now - self._refilled) * self._rate)
            self._refilled = now

    def paused_for(self, now: float) -> float:
        return max(0.0, self._paused_until - now)

    def token_delay(self, now: float) -> float:
        """Seconds until the overall limit (and any pause) lets one more message go."""
        self._refill(now)
        missing = 1.0 - self._tokens
        return max(self.paused_for(now), missing / self._rate if missing > 0 else 0.0)

    def chat_delay(self, chat_id: int, chat_type: str, now: float) -> float:
        """Seconds until this chat may receive one more message."""
        if self.is_group(chat_id, chat_type):
            sends = self._group_sends.get(chat_id)
            if not sends:
                return 0.0
            window = self.limits.group_window
            while sends and sends[0] <= now - window:
                sends.popleft()
            if len(sends) < self.limits.group_per_minute:
                return 0.0
            return sends[0] + window - now
        return max(0.0, self._chat_next.get(chat_id, 0.0) - now)

    def take(self, chat_id: int, chat_type: str, now: float) -> None:
        """One message leaves now (the caller checked both delays are 0)."""
        self._refill(now)
        self._tokens -= 1.0
        if self.is_group(chat_id, chat_type):
            self._group_sends.setdefault(chat_id, deque()).append(now)
        else:
            self._chat_next[chat_id] = now + self.limits.chat_interval
            if len(self._chat_next) > 50_000:
                self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}

    def pause(self, seconds: float, now: float) -> None:
        """Nothing leaves for `seconds` (a 429's retry_after, already scaled)."""
        self._paused_until = max(self._paused_until, now + seconds)
        self._tokens = min(self._tokens, 1.0)


# ------------------------------------------------------------------ the worker


@dataclass(frozen=True)
class Claimed:
    """An outbox row this worker holds: `token` is its `attempts` after the claim."""

    id: int
    chat_id: int
    chat_type: str
    text: str
    token: int


@dataclass(order=True)
class _Deferred:
    ready_at: float
    seq: int
    row: Claimed = field(compare=False)


class OutboxWorker:
    """Drains the outbox through `send`; see the module docstring for what it guarantees.

    `concurrency`: sends in flight at once; `batch_size`: rows claimed at a time (default: half a
    second of sending); `poll_interval`: seconds between looks at the outbox when idle (`wake()`
    looks at once); `send_timeout`: seconds after which a send is abandoned and retried; `clock`:
    naive UTC now, for the database's times; `seed`: for the backoff's jitter.
    Run it with `await worker.run(stop_event)` (the gateway) or `await worker.drain()` (tests).
    """

    def __init__(
        self,
        engine: Engine,
        send: Send,
        *,
        limits: SendLimits | None = None,
        retry: RetryPolicy | None = None,
        concurrency: int = 8,
        batch_size: int | None = None,
        poll_interval: float = 0.5,
        send_timeout: float = 60.0,
        clock: Callable[[], dt.datetime] = utcnow,
        seed: int | None = None,
    ) -> None:
        self.engine = engine
        self.send = send
        self.limits = limits or SendLimits()
        self.retry = retry or RetryPolicy()
        self.concurrency = max(1, concurrency)
        self.batch_size = batch_size or max(
            self.concurrency, min(500, math.ceil(self.limits.global_rate * 0.5))
        )
        self.poll_interval = poll_interval
        self.send_timeout = send_timeout
        self.clock = clock
        self.stats = WorkerStats()
        self._rng = random.Random(seed)
        self._defer_limit = min(5.0, self.retry.lease / 4)
        self._wake_event: asyncio.Event | None = None
        self._poked = False
        self._running = False

    # ---------------------------------------------------------------- public API

    def wake(self) -> None:
        """Look for due messages now rather than at the next poll (e.g. after queuing a broadcast)."""
        self._poked = True
        if self._wake_event is not None:
            self._wake_event.set()

    async def run(self, stop: asyncio.Event) -> WorkerStats:
        """Send due messages until `stop` is set (or the task is cancelled), then stop gracefully."""
        return await self._run(stop, until=None)

    async def drain(self, until_empty: bool = True) -> WorkerStats:
        """Send until no message is left to send (`until_empty`), or until none is due now."""
        return await self._run(asyncio.Event(), until="empty" if until_empty else "due")

    # ---------------------------------------------------------------- the loop

    async def _run(self, stop: asyncio.Event, until: str | None) -> WorkerStats:
        if self._running:
            raise RuntimeError("this worker is already running")
        self._running = True
        self._loop = asyncio.get_running_loop()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-db")
        self._limiter = RateLimiter(self.limits)
        self._wake_event = asyncio.Event()
        self._queue: deque[Claimed] = deque()
        self._deferred: list[_Deferred] = []
        self._seq = 0
        self._in_flight: set[asyncio.Task[None]] = set()
        self._outcomes: list[tuple[Claimed, SendOutcome]] = []
        self._unrecorded = 0
        self._outcome_ready = asyncio.Event()
        self._recorded = asyncio.Event()
        self._closing = False
        self._claiming: asyncio.Future[list[Claimed]] | None = None
        recorder = asyncio.create_task(self._recorder(), name="outbox-recorder")
        try:
            await self._dispatch(stop, until)
        finally:
            # Also when cancelled: give back what was not sent, wait for what is on its way.
            await self._shutdown(recorder)
        return self.stats

    async def _dispatch(self, stop: asyncio.Event, until: str | None) -> None:
        limiter = self._limiter
        next_claim = 0.0
        while not stop.is_set():
            now = time.monotonic()
            if len(self._in_flight) >= self.concurrency:
                await self._wait(stop, None)
                continue
            paused = limiter.paused_for(now)
            if paused > 0:
                if paused > self.retry.lease / 4 and (self._queue or self._deferred):
                    await self._release_all(delay=paused)
                await self._wait(stop, paused)
                continue
            if len(self._queue) < self.batch_size // 2 and (now >= next_claim or self._poked):
                self._poked = False
                claimed = await self._claim(self.batch_size - len(self._queue))
                self._queue.extend(claimed)
                next_claim = now if len(claimed) else time.monotonic() + self.poll_interval
            row, chat_wait = await self._pick(time.monotonic())
            if row is None:
                if until is not None and not self._deferred and not self._in_flight:
                    left = await self._left_to_send(until)
                    if left is None:
                        return
                    next_claim = 0.0 if left <= 0 else time.monotonic() + min(left, self.poll_interval)
                    await self._wait(stop, min(max(left, 0.01), self.poll_interval))
                    continue
                timeout = self.poll_interval if chat_wait is None else min(chat_wait, self.poll_interval)
                await self._wait(stop, max(timeout, 0.001))
                continue
            now = time.monotonic()
            wait = limiter.token_delay(now)
            if wait > 0:
                self._queue.appendleft(row)
                await asyncio.sleep(wait)
                continue
            limiter.take(row.chat_id, row.chat_type, now)
            self.stats.first_send = self.stats.first_send or now
            self.stats.last_send = now
            task = asyncio.create_task(self._send_one(row))
            self._in_flight.add(task)
            task.add_done_callback(self._sent_done)

    async def _wait(self, stop: asyncio.Event, timeout: float | None) -> None:
        """Until a send finishes, `wake()` is called, `stop` is set, or `timeout` passes."""
        assert self._wake_event is not None
        if self._wake_event.is_set():
            self._wake_event.clear()
            return
        waiters = [asyncio.create_task(self._wake_event.wait()), asyncio.create_task(stop.wait())]
        try:
            await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
        self._wake_event.clear()

    async def _pick(self, now: float) -> tuple[Claimed | None, float | None]:
        """The next row whose chat may receive a message now; else how long until one may."""
        limiter = self._limiter
        candidates: list[Claimed] = []
        while self._deferred and self._deferred[0].ready_at <= now:
            candidates.append(heapq.heappop(self._deferred).row)
        chosen: Claimed | None = None
        later: list[tuple[Claimed, float]] = []
        for row in candidates:
            delay = limiter.chat_delay(row.chat_id, row.chat_type, now)
            if delay <= 0 and chosen is None:
                chosen = row
            else:
                later.append((row, delay))
        while chosen is None and self._queue:
            row = self._queue.popleft()
            delay = limiter.chat_delay(row.chat_id, row.chat_type, now)
            if delay <= 0:
                chosen = row
            else:
                later.append((row, delay))
        to_release: list[tuple[Claimed, float]] = []
        for row, delay in later:
            if delay > self._defer_limit:
                to_release.append((row, delay))
            else:
                self._seq += 1
                heapq.heappush(self._deferred, _Deferred(now + delay, self._seq, row))
        if to_release:
            await self._release(to_release)
        if chosen is not None:
            return chosen, None
        if self._deferred:
            return None, max(0.0, self._deferred[0].ready_at - now)
        return None, None

    # ---------------------------------------------------------------- sending

    async def _send_one(self, row: Claimed) -> None:
        try:
            outcome: SendOutcome = await asyncio.wait_for(self.send(row.chat_id, row.text), self.send_timeout)
        except TimeoutError:
            # Telegram may have delivered it: retried like a read timeout (at least once).
            outcome = TransientFailure(f"no answer within {self.send_timeout:g} s")
        except asyncio.CancelledError:
            # Whether Telegram got it is unknown: the row stays leased and is retried after the lease.
            log.warning(
                "send to chat %s cancelled; message %s will be retried after its lease", row.chat_id, row.id
            )
            raise
        except Exception as error:
            outcome = TransientFailure(f"{type(error).__name__}: {error}")
        if isinstance(outcome, RetryAfter):
            self.stats.rate_limited += 1
            self._limiter.pause(self.limits.seconds(max(outcome.seconds, 0.0)), time.monotonic())
        elif isinstance(outcome, Blocked):
            self._drop_chat(row.chat_id)
        self._outcomes.append((row, outcome))
        self._unrecorded += 1
        self._recorded.clear()
        self._outcome_ready.set()

    def _drop_chat(self, chat_id: int) -> None:
        """Send nothing more to a chat that blocked the bot (recording the block fails its rows)."""
        self._queue = deque(r for r in self._queue if r.chat_id != chat_id)
        kept = [d for d in self._deferred if d.row.chat_id != chat_id]
        if len(kept) != len(self._deferred):
            heapq.heapify(kept)
            self._deferred = kept

    def _sent_done(self, task: asyncio.Task[None]) -> None:
        self._in_flight.discard(task)
        if self._wake_event is not None:
            self._wake_event.set()

    # ---------------------------------------------------------------- the database (one thread)

    async def _db(self, function: Callable[..., T], *args: Any) -> T:
        return await self._loop.run_in_executor(self._executor, function, *args)

    async def _claim(self, limit: int) -> list[Claimed]:
        if limit <= 0:
            return []
        future = asyncio.ensure_future(self._db(self._claim_rows, limit))
        self._claiming = future
        try:
            # Shielded: if cancelled, the claim still completes and _shutdown gives the rows back.
            return await asyncio.shield(future)
        finally:
            if future.done() and not future.cancelled():
                self._claiming = None

    def _claim_rows(self, limit: int) -> list[Claimed]:
        now = self.clock()
        lease_until = now + dt.timedelta(seconds=self.retry.lease)
        due = (
            select(OutboxMessage.id)
            .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        claim = (
            update(_OUTBOX)
            .where(
                _OUTBOX.c.id.in_(due.scalar_subquery()),
                _OUTBOX.c.status == "pending",
                _OUTBOX.c.next_attempt_at <= now,
            )
            .values(attempts=_OUTBOX.c.attempts + 1, next_attempt_at=lease_until)
            .returning(
                _OUTBOX.c.id, _OUTBOX.c.chat_id, _OUTBOX.c.chat_type, _OUTBOX.c.text, _OUTBOX.c.attempts
            )
        )
        with session_scope(self.engine) as session:
            rows = session.connection().execute(claim).all()
        return sorted((Claimed(r[0], int(r[1]), r[2], r[3], int(r[4])) for r in rows), key=lambda c: c.id)

    async def _release(self, rows: list[tuple[Claimed, float]]) -> None:
        """Give claimed rows back unsent, due after their delay (monotonic seconds from now)."""
        if rows:
            await self._db(self._release_rows, rows)
            self.stats.released += len(rows)

    async def _release_all(self, delay: float = 0.0) -> None:
        rows = [(row, delay) for row in self._queue] + [(d.row, delay) for d in self._deferred]
        self._queue.clear()
        self._deferred.clear()
        await self._release(rows)

    def _release_rows(self, rows: list[tuple[Claimed, float]]) -> None:
        now = self.clock()
        statement = (
            update(_OUTBOX)
            .where(
                _OUTBOX.c.id == bindparam("b_id"),
                _OUTBOX.c.attempts == bindparam("b_token"),
                _OUTBOX.c.status == "pending",
            )
            .values(attempts=bindparam("b_attempts"), next_attempt_at=bindparam("b_next"))
        )
        params = [
            {
                "b_id": row.id,
                "b_token": row.token,
                "b_attempts": row.token - 1,
                "b_next": now + dt.timedelta(seconds=delay),
            }
            for row, delay in rows
        ]
        with session_scope(self.engine) as session:
            session.connection().execute(statement, params)

    async def _left_to_send(self, until: str) -> float | None:
        """None when draining is over; else seconds until the next pending row is due (<= 0: now)."""
        await self._flush_outcomes()
        return await self._db(self._next_due, until)

    def _next_due(self, until: str) -> float | None:
        now = self.clock()
        with session_scope(self.engine) as session:
            pending = OutboxMessage.status == "pending"
            if until == "due":
                due = session.scalar(
                    select(func.count(OutboxMessage.id)).where(pending, OutboxMessage.next_attempt_at <= now)
                )
                return 0.0 if due else None
            first = session.scalar(select(func.min(OutboxMessage.next_attempt_at)).where(pending))
        if first is None:
            return None
        return (first - now).total_seconds()

    # ---------------------------------------------------------------- recording outcomes

    async def _recorder(self) -> None:
        failures = 0
        while True:
            await self._outcome_ready.wait()
            self._outcome_ready.clear()
            batch, self._outcomes = self._outcomes, []
            if batch:
                try:
                    counts = await self._db(self._record, batch)
                except Exception:
                    failures += 1
                    if self._closing and failures >= 5:
                        log.error("gave up recording %d outbox outcomes: they will be retried", len(batch))
                        self._unrecorded -= len(batch)
                        self._recorded.set()
                        return
                    log.exception("could not record %d outbox outcomes; retrying", len(batch))
                    self._outcomes = batch + self._outcomes
                    await asyncio.sleep(1.0)
                    self._outcome_ready.set()
                    continue
                failures = 0
                for name, count in counts.items():
                    setattr(self.stats, name, getattr(self.stats, name) + count)
                self._unrecorded -= len(batch)
            if self._unrecorded == 0:
                self._recorded.set()
                if self._closing:
                    return

    async def _flush_outcomes(self) -> None:
        if self._unrecorded:
            self._outcome_ready.set()
            await self._recorded.wait()

    def _record(self, batch: list[tuple[Claimed, SendOutcome]]) -> dict[str, int]:
        """Write the outcomes in one transaction; what to add to the stats."""
        now = self.clock()
        sent: list[dict[str, Any]] = []
        settled: list[dict[str, Any]] = []
        blocked: set[int] = set()
        stats = WorkerStats()
        for row, outcome in batch:
            if isinstance(outcome, Sent):
                sent.append({"b_id": row.id, "b_token": row.token, "b_at": now, "b_mid": outcome.message_id})
                stats.sent += 1
                continue
            status, attempts, next_at, error = "failed", row.token, now, ""
            if isinstance(outcome, RetryAfter):
                status, attempts, error = "pending", row.token - 1, f"retry after {outcome.seconds:g}s"
                next_at = now + dt.timedelta(seconds=self.limits.seconds(outcome.seconds))
            elif isinstance(outcome, Blocked):
                error = f"blocked: {outcome.reason}"
                blocked.add(row.chat_id)
                stats.blocked += 1
                stats.failed += 1
            elif isinstance(outcome, PermanentFailure):
                error = outcome.reason
                stats.failed += 1
            elif row.token >= self.retry.max_attempts:
                error = f"gave up after {row.token} attempts: {outcome.reason}"
                stats.failed += 1
            else:
                status, error = "pending", outcome.reason
                delay = self.limits.seconds(self.retry.delay(row.token, self._rng))
                next_at = now + dt.timedelta(seconds=delay)
                stats.retried += 1
            settled.append(
                {
                    "b_id": row.id,
                    "b_token": row.token,
                    "b_status": status,
                    "b_attempts": attempts,
                    "b_next": next_at,
                    "b_error": error[:_ERROR_LENGTH],
                }
            )
        with session_scope(self.engine) as session:
            connection = session.connection()
            if sent:
                # Sent wins over anything that happened meanwhile (a cancellation): it did arrive.
                connection.execute(
                    update(_OUTBOX)
                    .where(_OUTBOX.c.id == bindparam("b_id"), _OUTBOX.c.attempts == bindparam("b_token"))
                    .values(
                        status="sent",
                        sent_at=bindparam("b_at"),
                        telegram_message_id=bindparam("b_mid"),
                        error=None,
                    ),
                    sent,
                )
            if settled:
                connection.execute(
                    update(_OUTBOX)
                    .where(
                        _OUTBOX.c.id == bindparam("b_id"),
                        _OUTBOX.c.attempts == bindparam("b_token"),
                        _OUTBOX.c.status == "pending",
                    )
                    .values(
                        status=bindparam("b_status"),
                        attempts=bindparam("b_attempts"),
                        next_attempt_at=bindparam("b_next"),
                        error=bindparam("b_error"),
                    ),
                    settled,
                )
            for chat_id in sorted(blocked):
                self._forget_chat(session, chat_id)
        return {name: getattr(stats, name) for name in ("sent", "failed", "retried", "blocked")}

    @staticmethod
    def _forget_chat(session: Session, chat_id: int) -> None:
        """A chat that blocked the bot: unsubscribed everywhere, its other queued messages failed."""
        subscriptions.unsubscribe_everywhere(session, chat_id)
        session.connection().execute(
            update(_OUTBOX)
            .where(_OUTBOX.c.chat_id == chat_id, _OUTBOX.c.status == "pending")
            .values(status="failed", error="blocked")
        )

    # ---------------------------------------------------------------- stopping

    async def _shutdown(self, recorder: asyncio.Task[None]) -> None:
        try:
            if self._claiming is not None:
                try:
                    self._queue.extend(await self._claiming)
                except Exception:
                    log.exception("a claim failed while stopping")
                self._claiming = None
            await self._release_all()
            if self._in_flight:
                await asyncio.gather(*self._in_flight, return_exceptions=True)
            self._closing = True
            self._outcome_ready.set()
            await recorder
        finally:
            self._executor.shutdown(wait=True)
            self._running = False
            self._wake_event = None
