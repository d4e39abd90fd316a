"""The outbox worker (bot.broadcast.outbox) on real databases, with a scripted `send` (no network).

Every outcome Telegram can give is scripted per chat; times are measured with the monotonic clock
and limits are scaled up (`SendLimits(scale=...)`) so the tests run in a few seconds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine, select, update
from support.broadcast_setup import Chat, announce, prepare, private_chats, rows

from bot.broadcast.limits import RetryPolicy, SendLimits, SendPacer
from bot.broadcast.outcomes import (
    Blocked,
    Buttons,
    PermanentFailure,
    RetryAfter,
    SendOutcome,
    Sent,
    TransientFailure,
)
from bot.broadcast.worker import OutboxWorker, WorkerStats
from bot.core.db import session_scope
from bot.core.models import Event, OutboxMessage, Subscriber
from bot.events import subscriptions

FAST = RetryPolicy(max_attempts=3, backoff=0.05, lease=30.0)


@dataclass
class Call:
    chat_id: int
    text: str
    started: float
    ended: float = 0.0
    outcome: SendOutcome | None = None
    buttons: Buttons = ()


@dataclass
class ScriptedSend:
    """Answers `Sent` unless `script[chat_id]` has outcomes left; records every call."""

    script: dict[int, list[SendOutcome]] = field(default_factory=dict)
    latency: float = 0.0
    calls: list[Call] = field(default_factory=list)
    _next_id: int = 1

    async def __call__(self, chat_id: int, text: str, buttons: Buttons = ()) -> SendOutcome:
        call = Call(chat_id, text, time.monotonic(), buttons=buttons)
        self.calls.append(call)
        if self.latency:
            await asyncio.sleep(self.latency)
        planned = self.script.get(chat_id)
        outcome: SendOutcome
        if planned:
            outcome = planned.pop(0)
        else:
            self._next_id += 1
            outcome = Sent(self._next_id)
        call.ended, call.outcome = time.monotonic(), outcome
        return outcome

    def delivered(self) -> Counter[int]:
        return Counter(c.chat_id for c in self.calls if isinstance(c.outcome, Sent))


def by_chat(engine: Engine) -> dict[int, list[OutboxMessage]]:
    found: dict[int, list[OutboxMessage]] = defaultdict(list)
    for row in rows(engine):
        found[row.chat_id].append(row)
    return found


@pytest.fixture
def url(migrated_db_url: str) -> str:
    return migrated_db_url


def test_every_subscriber_gets_one_message_and_rows_are_marked_sent(url: str) -> None:
    chats = [*private_chats(40), Chat(-900, "group")]
    engine, event = prepare(url, chats)
    announce(engine, event, "Lunch is served")
    send = ScriptedSend(latency=0.005)
    stats = asyncio.run(OutboxWorker(engine, send, limits=SendLimits(scale=10)).drain())
    assert send.delivered() == Counter({c.chat_id: 1 for c in chats})
    assert {c.text for c in send.calls} == {"Lunch is served"}
    assert stats.sent == 41 and stats.failed == 0
    for row in rows(engine):
        assert row.status == "sent" and row.attempts == 1
        assert row.sent_at is not None and row.telegram_message_id is not None
    engine.dispose()


def test_403_unsubscribes_the_chat_everywhere_and_fails_its_messages(url: str) -> None:
    engine, event = prepare(url, private_chats(3))
    _, other = prepare(url, private_chats(1), slug="other-event")
    announce(engine, event, "first")
    announce(engine, event, "second")
    blocked = 100_001
    send = ScriptedSend(script={blocked: [Blocked("Forbidden: bot was blocked by the user")]})
    stats = asyncio.run(OutboxWorker(engine, send, limits=SendLimits(scale=10), retry=FAST).drain())
    assert [c.chat_id for c in send.calls].count(blocked) == 1
    assert stats.blocked == 1
    for row in by_chat(engine)[blocked]:
        assert row.status == "failed" and row.error is not None and "blocked" in row.error
    with session_scope(engine) as session:
        for which in (event, other):
            found = subscriptions.find(session, which, blocked)
            assert found is not None and found.unsubscribe_reason == subscriptions.BLOCKED
        assert subscriptions.count(session, event) == 2
    assert send.delivered() == Counter({100_002: 2, 100_003: 2})
    engine.dispose()


def test_400_marks_failed_without_retrying(url: str) -> None:
    engine, event = prepare(url, private_chats(3))
    announce(engine, event)
    send = ScriptedSend(script={100_002: [PermanentFailure("Bad Request: chat not found")]})
    stats = asyncio.run(OutboxWorker(engine, send, limits=SendLimits(scale=10), retry=FAST).drain())
    assert [c.chat_id for c in send.calls].count(100_002) == 1
    (row,) = by_chat(engine)[100_002]
    assert (row.status, row.error, row.attempts) == ("failed", "Bad Request: chat not found", 1)
    assert stats.failed == 1 and stats.sent == 2
    with session_scope(engine) as session:
        assert subscriptions.count(session, event) == 3
    engine.dispose()


def test_5xx_is_retried_with_backoff_then_given_up(url: str) -> None:
    engine, event = prepare(url, private_chats(3))
    announce(engine, event)
    flaky, broken = 100_001, 100_002
    send = ScriptedSend(
        script={
            flaky: [TransientFailure("Internal Server Error"), TransientFailure("httpx.ConnectError")],
            broken: [TransientFailure("Bad Gateway")] * 10,
        }
    )
    retry = RetryPolicy(max_attempts=3, backoff=2.0)
    limits = SendLimits(scale=10)  # backoffs of 0.2 s then 0.4 s
    stats = asyncio.run(OutboxWorker(engine, send, limits=limits, retry=retry).drain())
    found = by_chat(engine)
    assert (found[flaky][0].status, found[flaky][0].attempts) == ("sent", 3)
    assert found[broken][0].status == "failed" and found[broken][0].attempts == 3
    assert found[broken][0].error == "gave up after 3 attempts: Bad Gateway"
    tries = [c for c in send.calls if c.chat_id == broken]
    assert len(tries) == 3
    gaps = [b.started - a.ended for a, b in itertools.pairwise(tries)]
    # Waits are at least the backoff, doubling (only lower bounds: a loaded machine only adds time).
    assert gaps[0] >= 0.2 * 0.95 and gaps[1] >= 0.4 * 0.95
    assert stats.retried == 4 and stats.failed == 1 and stats.sent == 2
    engine.dispose()


def test_retry_after_pauses_every_send(url: str) -> None:
    engine, event = prepare(url, private_chats(30))
    announce(engine, event)
    limited = 100_005
    send = ScriptedSend(script={limited: [RetryAfter(2)]}, latency=0.002)
    limits = SendLimits(scale=10)  # retry_after 2 s is 0.2 s in this world
    stats = asyncio.run(OutboxWorker(engine, send, limits=limits).drain())
    (answer,) = [c for c in send.calls if isinstance(c.outcome, RetryAfter)]
    # (A send may start in the instant between the answer and the worker reading it.)
    after = [c for c in send.calls if c.started >= answer.ended + 0.01]
    assert after, "nothing was sent after the 429"
    assert min(c.started for c in after) >= answer.ended + 0.2 - 0.005
    assert send.delivered() == Counter({c.chat_id: 1 for c in private_chats(30)})
    (row,) = by_chat(engine)[limited]
    assert row.status == "sent" and row.attempts == 1  # a 429 does not count as an attempt
    assert stats.rate_limited == 1
    engine.dispose()


def max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    best, first = 0, 0
    for last, moment in enumerate(times):
        while moment - times[first] >= window:
            first += 1
        best = max(best, last - first + 1)
    return best


def test_rate_limits_hold_overall_per_chat_and_per_group(url: str) -> None:
    scale = 20.0
    chats = [*private_chats(25), Chat(-901, "group"), Chat(-902, "supergroup")]
    engine, event = prepare(url, chats)
    for n in range(3):
        announce(engine, event, f"news {n}")
    # More than 20 messages to each group: the per-group limit decides when the last ones go.
    with session_scope(engine) as session:
        broadcast_ids = [b for (b,) in session.execute(select(OutboxMessage.broadcast_id).distinct())]
        assert len(broadcast_ids) == 3
    for n in range(20):
        announce_to_groups(engine, event, f"group news {n}")
    send = ScriptedSend(latency=0.003)
    limits = SendLimits(scale=scale)
    started = time.monotonic()
    asyncio.run(OutboxWorker(engine, send, limits=limits, concurrency=16).drain())
    elapsed = time.monotonic() - started
    starts = [c.started for c in send.calls]
    assert len(starts) == 3 * 27 + 20 * 2
    assert max_in_window(starts, 1.0) <= limits.per_second * scale
    per_chat: dict[int, list[float]] = defaultdict(list)
    for call in send.calls:
        per_chat[call.chat_id].append(call.started)
    for chat_id, times in per_chat.items():
        if chat_id > 0:
            gaps = [b - a for a, b in itertools.pairwise(times)]
            assert min(gaps) >= 1.0 / scale, chat_id
        else:
            assert len(times) == 23
            assert max_in_window(times, 60.0 / scale) <= 20, chat_id
    # 23 messages to one group at 20 a (scaled) minute: the last three wait for the window.
    assert elapsed >= 60.0 / scale
    engine.dispose()


def announce_to_groups(engine: Engine, event: Event, text: str) -> None:
    """Queue an announcement, then withdraw its private messages (only groups receive it)."""
    broadcast_id = announce(engine, event, text)
    with session_scope(engine) as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.broadcast_id == broadcast_id, OutboxMessage.chat_id > 0)
            .values(status="failed", error="cancelled")
        )


@pytest.mark.parametrize("how", ["stop event", "task cancelled"])
def test_a_graceful_stop_midway_then_a_restart_sends_each_message_once(url: str, how: str) -> None:
    chats = private_chats(120)
    engine, event = prepare(url, chats)
    announce(engine, event)
    send = ScriptedSend(latency=0.02)
    limits = SendLimits(scale=4)  # 108 a second

    async def first_run() -> None:
        stop = asyncio.Event()
        worker = OutboxWorker(engine, send, limits=limits, concurrency=8)
        task = asyncio.create_task(worker.run(stop))
        while len(send.calls) < 40:
            await asyncio.sleep(0.005)
        if how == "stop event":
            stop.set()
            await task
        else:
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(first_run())
    interrupted = len(send.calls)
    assert 40 <= interrupted < 120
    assert all(c.outcome is not None for c in send.calls), "a send was abandoned"
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    states = Counter(r.status for r in rows(engine))
    assert states == Counter({"sent": interrupted, "pending": 120 - interrupted})
    for row in rows(engine):
        if row.status == "pending":
            assert row.attempts == 0 and row.next_attempt_at <= now  # given back, not leased
    asyncio.run(OutboxWorker(engine, send, limits=limits).drain())
    assert send.delivered() == Counter({c.chat_id: 1 for c in chats})
    engine.dispose()


def test_two_workers_at_once_never_send_a_message_twice(url: str) -> None:
    chats = private_chats(300)
    engine, event = prepare(url, chats)
    for n in range(2):
        announce(engine, event, f"news {n}")
    send = ScriptedSend(latency=0.003)

    async def both() -> list[WorkerStats]:
        workers = [
            OutboxWorker(engine, send, limits=SendLimits(scale=20), batch_size=20, concurrency=8)
            for _ in range(2)
        ]
        return await asyncio.gather(*(w.drain() for w in workers))

    first, second = asyncio.run(both())
    assert first.sent > 0 and second.sent > 0 and first.sent + second.sent == 600
    deliveries = Counter((c.chat_id, c.text) for c in send.calls)
    assert len(deliveries) == 600 and set(deliveries.values()) == {1}
    assert {r.status for r in rows(engine)} == {"sent"}
    engine.dispose()


def test_rows_of_a_crashed_worker_are_sent_when_their_lease_expires(url: str) -> None:
    engine, event = prepare(url, private_chats(4))
    announce(engine, event)
    past = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=1)
    with session_scope(engine) as session:
        # As a worker killed with SIGKILL leaves them: claimed (attempts 1), lease over.
        session.execute(update(OutboxMessage).values(attempts=1, next_attempt_at=past))
    send = ScriptedSend()
    asyncio.run(OutboxWorker(engine, send, limits=SendLimits(scale=10)).drain())
    assert send.delivered() == Counter({c.chat_id: 1 for c in private_chats(4)})
    assert {(r.status, r.attempts) for r in rows(engine)} == {("sent", 2)}
    engine.dispose()


def test_drain_until_due_leaves_later_retries(url: str) -> None:
    engine, event = prepare(url, private_chats(2))
    announce(engine, event)
    send = ScriptedSend(script={100_001: [TransientFailure("Bad Gateway")]})
    slow = RetryPolicy(max_attempts=5, backoff=60.0)
    asyncio.run(OutboxWorker(engine, send, limits=SendLimits(scale=10), retry=slow).drain(until_empty=False))
    found = by_chat(engine)
    assert found[100_001][0].status == "pending" and found[100_002][0].status == "sent"
    engine.dispose()


def test_a_send_that_raises_is_retried(url: str) -> None:
    engine, event = prepare(url, private_chats(1))
    announce(engine, event)
    failures = iter([RuntimeError("boom")])

    async def send(chat_id: int, text: str, buttons: Buttons) -> SendOutcome:
        for error in failures:
            raise error
        return Sent(7)

    asyncio.run(OutboxWorker(engine, send, limits=SendLimits(scale=10), retry=FAST).drain())
    (row,) = rows(engine)
    assert (row.status, row.attempts, row.telegram_message_id) == ("sent", 2, 7)
    engine.dispose()


def test_a_send_without_answer_is_abandoned_and_retried(url: str) -> None:
    engine, event = prepare(url, private_chats(1))
    announce(engine, event)
    hangs = [True]

    async def send(chat_id: int, text: str, buttons: Buttons) -> SendOutcome:
        if hangs.pop() if hangs else False:
            await asyncio.sleep(30)
        return Sent(8)

    worker = OutboxWorker(engine, send, limits=SendLimits(scale=10), retry=FAST, send_timeout=0.1)
    stats = asyncio.run(worker.drain())
    (row,) = rows(engine)
    assert (row.status, row.attempts) == ("sent", 2) and stats.retried == 1
    engine.dispose()


def test_a_message_of_a_cancelled_broadcast_is_not_retried(url: str) -> None:
    engine, event = prepare(url, private_chats(1))
    broadcast_id = announce(engine, event)

    async def send(chat_id: int, text: str, buttons: Buttons) -> SendOutcome:
        with session_scope(engine) as session:  # the organiser cancels while this one is on its way
            from bot.broadcast import announcements

            found = announcements.get(session, broadcast_id)
            assert found is not None
            announcements.cancel(session, found)
        return TransientFailure("Bad Gateway")

    asyncio.run(OutboxWorker(engine, send, limits=SendLimits(scale=10), retry=FAST).drain())
    (row,) = rows(engine)
    assert (row.status, row.error) == ("failed", "cancelled")
    engine.dispose()


def test_the_limiter_spaces_one_chat_and_counts_groups() -> None:
    now = [100.0]
    limiter = SendPacer(SendLimits(scale=1.0, margin=0.1), now=lambda: now[0])
    assert limiter.chat_delay(5, "private", 100.0) == 0
    limiter.take(5, "private", 100.0)
    assert limiter.chat_delay(5, "private", 100.5) == pytest.approx(0.6)
    assert limiter.chat_delay(6, "private", 100.5) == 0
    for i in range(20):
        assert limiter.chat_delay(-7, "group", 100.0 + i) == 0
        limiter.take(-7, "group", 100.0 + i)
    assert limiter.chat_delay(-7, "group", 120.0) == pytest.approx(100.0 + 66.0 - 120.0)
    limiter.pause(3.0, 120.0)
    assert limiter.token_delay(121.0) == pytest.approx(2.0)


def test_subscribers_table_untouched_by_plain_sends(url: str) -> None:
    engine, event = prepare(url, private_chats(2))
    announce(engine, event)
    asyncio.run(OutboxWorker(engine, ScriptedSend(), limits=SendLimits(scale=10)).drain())
    with session_scope(engine) as session:
        assert all(s.unsubscribed_at is None for s in session.scalars(select(Subscriber)))
    engine.dispose()


class RecordingPacer(SendPacer):
    """Notes, at each message leaving, how many replies were waiting for their turn."""

    def __init__(self, limits: SendLimits) -> None:
        super().__init__(limits)
        self.waiting_at_take: list[int] = []

    def take(self, chat_id: int, chat_type: str, now: float) -> None:
        self.waiting_at_take.append(self.replies_waiting)
        super().take(chat_id, chat_type, now)


def test_replies_sharing_the_workers_pacer_go_before_the_broadcast(url: str) -> None:
    chats = private_chats(400)
    engine, event = prepare(url, chats)
    announce(engine, event, "Lunch is served")
    pacer = RecordingPacer(SendLimits(scale=10))
    send = ScriptedSend(latency=0.002)
    reply_waits: list[float] = []

    async def scenario() -> None:
        worker = OutboxWorker(engine, send, pacer=pacer, concurrency=4)
        broadcast = asyncio.create_task(worker.drain())
        await asyncio.sleep(0.3)  # the broadcast is under way
        for i in range(20):
            asked = time.monotonic()
            await pacer.reply_turn(5_000 + i)
            reply_waits.append(time.monotonic() - asked)
        await broadcast

    asyncio.run(scenario())
    assert send.delivered() == Counter({c.chat_id: 1 for c in chats})
    # The worker never took a message's turn while a reply waited: every take with replies
    # waiting is a reply's own (20), every other one the broadcast's (400).
    assert sum(1 for waiting in pacer.waiting_at_take if waiting) == 20
    assert sum(1 for waiting in pacer.waiting_at_take if not waiting) == 400
    assert max(reply_waits) < 0.2  # a reply waits for a token or two, not for the broadcast
    engine.dispose()
