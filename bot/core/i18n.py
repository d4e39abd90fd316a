"""Localised text stored as `{lang: text}` mappings (see bot.core.models.LocalText)."""

from __future__ import annotations

from collections.abc import Iterable

NEUTRAL = "*"
SUPPORTED_LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


def localize(text: dict[str, str] | None, lang: str, fallbacks: Iterable[str] = ()) -> str:
    """The text in `lang`, else in the first fallback that has it, else neutral, else any."""
    if not text:
        return ""
    for code in (lang, *fallbacks, NEUTRAL):
        value = text.get(code)
        if value:
            return value
    return next(iter(text.values()), "")


def all_variants(text: dict[str, str] | None) -> list[str]:
    """Every language's version of a text (for matching user input in any language)."""
    if not text:
        return []
    return [v for v in text.values() if v]
