"""Reading the method coach's replies in tests and benches: which methods a reply recommends."""

from __future__ import annotations

import re

from bot.methods.catalogue import load_catalogue

METHOD_LINE = re.compile(r"^\d\. (.+?) — \d+ (?:min|h)", re.M)
"""A recommendation's line: "1. Crazy 8s — 30 min…" (`method_line` in the text catalogue)."""


def recommended(reply: str, lang: str) -> list[str]:
    """The ids of the methods a reply recommends, in order."""
    by_name = {method.name[lang]: method.id for method in load_catalogue().methods}
    return [by_name[name] for name in METHOD_LINE.findall(reply) if name in by_name]
