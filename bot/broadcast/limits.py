"""Telegram's limits on sending, the retry policy, and the pacer that keeps the outbox within them."""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

GROUP_CHAT_TYPES = ("group", "supergroup")


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


class SendPacer:
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
        self.replies_waiting = 0
        """Replies waiting for their turn (`reply_turn`): the outbox worker yields to them."""

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

    async def reply_turn(self, chat_id: int, chat_type: str = "private") -> None:
        """Until one reply may leave for this chat now (it is counted as sent): within the limits
        overall, for the chat, and not during a 429's pause. The outbox worker sharing this pacer
        takes no turn while a reply waits: someone who asked is answered before an announcement
        reaches the next subscriber."""
        self.replies_waiting += 1
        try:
            while True:
                now = self._now()
                delay = max(self.token_delay(now), self.chat_delay(chat_id, chat_type, now))
                if delay <= 0:
                    self.take(chat_id, chat_type, now)
                    return
                await asyncio.sleep(delay)
        finally:
            self.replies_waiting -= 1

    def pause(self, seconds: float, now: float) -> None:
        """Nothing leaves for `seconds` (a 429's retry_after, already scaled)."""
        self._paused_until = max(self._paused_until, now + seconds)
        self._tokens = min(self._tokens, 1.0)
