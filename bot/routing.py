"""Which Rasa instance serves a conversation, when several run.

Rasa Open Source keeps a conversation consistent only if one process handles its messages:
its Redis lock store does not make concurrent processing safe across instances. So the front
doors (the Telegram gateway, the web page) send every message of a sender to the same
instance: the sender id hashed, modulo the number of instances. `HACKBOT_RASA_URLS` (comma-
separated) lists them; one URL is the usual single-instance case.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def split_urls(urls: str) -> list[str]:
    """ "http://a:5005, http://b:5006/" -> ["http://a:5005", "http://b:5006"]."""
    found = [url.strip().rstrip("/") for url in urls.split(",")]
    return [url for url in found if url]


def instance_for(sender: str, urls: Sequence[str]) -> str:
    """The instance that always serves `sender` (stable across processes and restarts)."""
    if not urls:
        raise ValueError("no Rasa instance is configured")
    if len(urls) == 1:
        return urls[0]
    digest = hashlib.sha256(sender.encode("utf-8")).digest()
    return urls[int.from_bytes(digest[:8], "big") % len(urls)]
