"""Per-chat state: updates of one chat handled in order, messages to one chat spaced."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from telegram import (
    Update,
)
from telegram.ext import (
    BaseUpdateProcessor,
)

logger = logging.getLogger(__name__)


class ChatPacer:
    """Spaces the messages sent to one chat by `interval` seconds (Telegram answers 429 otherwise)."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._last: dict[int, float] = {}

    async def wait(self, chat_id: int) -> None:
        now = time.monotonic()
        last = self._last.get(chat_id)
        if last is not None and last + self.interval > now:
            await asyncio.sleep(last + self.interval - now)
        self._last[chat_id] = time.monotonic()
        if len(self._last) > 10_000:  # forget chats quiet for longer than the interval
            horizon = time.monotonic() - self.interval
            self._last = {chat: at for chat, at in self._last.items() if at > horizon}


class RecentKeys:
    """A bounded set remembering the most recent keys."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._keys: OrderedDict[tuple[int, int], None] = OrderedDict()

    def add(self, key: tuple[int, int]) -> bool:
        """Remember `key`; False if it was already there."""
        if key in self._keys:
            return False
        self._keys[key] = None
        if len(self._keys) > self.size:
            self._keys.popitem(last=False)
        return True


@dataclass
class _ChatLock:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


class PerChatUpdates(BaseUpdateProcessor):
    """Updates of different chats are handled concurrently, those of one chat one after the other
    (a conversation with Rasa is a sequence: a reply must not overtake the previous one)."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, _ChatLock] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        entry = self._locks.setdefault(chat.id, _ChatLock())
        entry.users += 1
        try:
            async with entry.lock:
                await coroutine
        finally:
            entry.users -= 1
            if entry.users == 0:
                self._locks.pop(chat.id, None)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
