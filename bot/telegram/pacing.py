"""Per-chat state: updates of one chat handled in order."""

from __future__ import annotations

import asyncio
import logging
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
