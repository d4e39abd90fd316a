"""How fast one person may write to the assistant: a token bucket per person.

Someone may send `burst` messages at once, then one every `60 / per_minute` seconds. Someone
whose bucket has filled up again is forgotten, so memory stays bounded by the number of people
of the last few minutes. The caller chooses the key (the web page: the address the request comes
from; the Telegram gateway: the user id) and says what a refusal looks like.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class RateLimiter:
    per_minute: float
    burst: int
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)
    """key → (tokens left, when they were counted)."""

    def __post_init__(self) -> None:
        if self.per_minute <= 0 or self.burst < 1:
            raise ValueError("a rate limit needs per_minute > 0 and burst >= 1")

    def wait(self, key: str) -> float:
        """Take one message for `key`: 0 if allowed, else the seconds until the next one is."""
        now = self.clock()
        self._forget_full(now)
        tokens, counted = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - counted) * self.per_minute / 60)
        if tokens >= 1:
            self._buckets[key] = (tokens - 1, now)
            return 0.0
        self._buckets[key] = (tokens, now)
        return (1 - tokens) * 60 / self.per_minute

    def _forget_full(self, now: float) -> None:
        refill = self.burst * 60 / self.per_minute
        if len(self._buckets) > 1000:
            self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < refill}
