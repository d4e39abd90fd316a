"""The outbox worker: sends queued broadcast messages under Telegram's limits, without losing any.

Broadcasts (`bot.broadcast.announcements`, `bot.broadcast.reminders`) write one `OutboxMessage` row
per recipient. One `OutboxWorker`, run by the Telegram gateway process, drains the rows: it claims
due rows, sends each through a `Send` callable (`bot.telegram.send.bot_sender` adapts python-telegram-bot) and
writes the outcome back. It paces its sends
(`bot.broadcast.limits.SendPacer`):

- at most `per_second` messages a second overall (a token bucket kept `margin` below the limit);
- at least `per_chat_interval` seconds between two messages to one private chat;
- at most `group_per_minute` messages a minute to one group (chat id < 0, or a group chat type);
- a 429 answer (`RetryAfter`) pauses every send for `retry_after` seconds: the limit is per bot.

Several sends are in flight at once (`concurrency`), so the allowed rate is reached despite the
network's latency. `SendLimits.scale` speeds every limit and delay up by the same factor, for
tests and benchmarks against the fake server; it is 1 in production.

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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot.broadcast import outbox
from bot.broadcast.limits import RetryPolicy, SendLimits, SendPacer
from bot.broadcast.outbox import Claimed
from bot.broadcast.outcomes import Blocked, RetryAfter, Send, SendOutcome, TransientFailure
from bot.core.clock import utcnow
from bot.core.db import session_scope

log = logging.getLogger(__name__)

T = TypeVar("T")


class Until(Enum):
    """When `drain` stops: once nothing is left to send, or once nothing is due now."""

    EMPTY = "empty"
    DUE = "due"


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
    naive UTC now, for the database's times; `seed`: for the backoff's jitter; `pacer`: a pacer
    shared with other senders of the same bot (the gateway's replies, which go first).
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
        pacer: SendPacer | None = None,
    ) -> None:
        self.engine = engine
        self.shared_pacer = pacer
        """The gateway's pacer, shared with its replies (which go first); else the worker's own."""
        self.send = send
        self.limits = limits or (pacer.limits if pacer is not None else SendLimits())
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
        return await self._run(asyncio.Event(), until=Until.EMPTY if until_empty else Until.DUE)

    # ---------------------------------------------------------------- the loop

    async def _run(self, stop: asyncio.Event, until: Until | None) -> WorkerStats:
        if self._running:
            raise RuntimeError("this worker is already running")
        self._running = True
        self._loop = asyncio.get_running_loop()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-db")
        self._pacer = self.shared_pacer or SendPacer(self.limits)
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

    async def _dispatch(self, stop: asyncio.Event, until: Until | None) -> None:
        pacer = self._pacer
        next_claim = 0.0
        while not stop.is_set():
            now = time.monotonic()
            if len(self._in_flight) >= self.concurrency:
                await self._wait(stop, None)
                continue
            paused = pacer.paused_for(now)
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
            wait = pacer.token_delay(now)
            if pacer.replies_waiting:  # replies first: the next token is theirs
                wait = max(wait, 1.0 / pacer.limits.global_rate)
            if wait > 0:
                self._queue.appendleft(row)
                await asyncio.sleep(wait)
                continue
            pacer.take(row.chat_id, row.chat_type, now)
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
        pacer = self._pacer
        candidates: list[Claimed] = []
        while self._deferred and self._deferred[0].ready_at <= now:
            candidates.append(heapq.heappop(self._deferred).row)
        chosen: Claimed | None = None
        later: list[tuple[Claimed, float]] = []
        for row in candidates:
            delay = pacer.chat_delay(row.chat_id, row.chat_type, now)
            if delay <= 0 and chosen is None:
                chosen = row
            else:
                later.append((row, delay))
        while chosen is None and self._queue:
            row = self._queue.popleft()
            delay = pacer.chat_delay(row.chat_id, row.chat_type, now)
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
            outcome: SendOutcome = await asyncio.wait_for(
                self.send(row.chat_id, row.text, row.buttons), self.send_timeout
            )
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
            self._pacer.pause(self.limits.seconds(max(outcome.seconds, 0.0)), time.monotonic())
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

    async def _db(self, work: Callable[[Session], T]) -> T:
        """`work(session)` in one transaction, in the worker's database thread."""
        return await self._loop.run_in_executor(self._executor, self._in_session, work)

    def _in_session(self, work: Callable[[Session], T]) -> T:
        with session_scope(self.engine) as session:
            return work(session)

    def _next_due(self, until: Until, session: Session) -> float | None:
        now = self.clock()
        if until is Until.DUE:
            return 0.0 if outbox.due_count(session, now) else None
        first = outbox.first_pending_at(session)
        return None if first is None else (first - now).total_seconds()

    def _record(self, batch: list[tuple[Claimed, SendOutcome]], session: Session) -> outbox.RecordedCounts:
        return outbox.record_outcomes(
            session, self.clock(), batch, limits=self.limits, retry=self.retry, rng=self._rng
        )

    async def _claim(self, limit: int) -> list[Claimed]:
        if limit <= 0:
            return []
        future = asyncio.ensure_future(
            self._db(lambda s: outbox.claim_rows(s, self.clock(), lease=self.retry.lease, limit=limit))
        )
        self._claiming = future
        try:
            # Shielded: if cancelled, the claim still completes and _shutdown gives the rows back.
            return await asyncio.shield(future)
        finally:
            if future.done() and not future.cancelled():
                self._claiming = None

    async def _release(self, rows: list[tuple[Claimed, float]]) -> None:
        """Give claimed rows back unsent, due after their delay (monotonic seconds from now)."""
        if rows:
            await self._db(lambda s: outbox.release_rows(s, self.clock(), rows))
            self.stats.released += len(rows)

    async def _release_all(self, delay: float = 0.0) -> None:
        rows = [(row, delay) for row in self._queue] + [(d.row, delay) for d in self._deferred]
        self._queue.clear()
        self._deferred.clear()
        await self._release(rows)

    async def _left_to_send(self, until: Until) -> float | None:
        """None when draining is over; else seconds until the next pending row is due (<= 0: now)."""
        await self._flush_outcomes()
        return await self._db(partial(self._next_due, until))

    # ---------------------------------------------------------------- recording outcomes

    async def _recorder(self) -> None:
        failures = 0
        while True:
            await self._outcome_ready.wait()
            self._outcome_ready.clear()
            batch, self._outcomes = self._outcomes, []
            if batch:
                try:
                    counts = await self._db(partial(self._record, batch))
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
                self.stats.sent += counts.sent
                self.stats.failed += counts.failed
                self.stats.retried += counts.retried
                self.stats.blocked += counts.blocked
                self._unrecorded -= len(batch)
            if self._unrecorded == 0:
                self._recorded.set()
                if self._closing:
                    return

    async def _flush_outcomes(self) -> None:
        if self._unrecorded:
            self._outcome_ready.set()
            await self._recorded.wait()

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
