"""The language of a page: `?lang=fr|en`, remembered in a cookie; else the browser's Accept-Language;
else French.
"""

from __future__ import annotations

from starlette.requests import Request

from bot.core.i18n import DEFAULT_LANGUAGE
from bot.core.language import language_code

LANG_COOKIE = "hackbot_lang"

COOKIE_MAX_AGE = 365 * 24 * 3600


def accepted_language(header: str | None) -> str | None:
    """French or English, whichever an Accept-Language header prefers (q-values, then order)."""
    best: str | None = None
    best_q = 0.0
    for part in (header or "").split(","):
        tag, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        code = language_code(tag)
        if code and quality > best_q:
            best, best_q = code, quality
    return best


def page_language(request: Request) -> tuple[str, bool]:
    """The language of the page, and whether `?lang=` asked for it (then a cookie remembers it)."""
    asked = language_code(request.query_params.get("lang"))
    if asked:
        return asked, True
    for candidate in (
        request.cookies.get(LANG_COOKIE),
        accepted_language(request.headers.get("accept-language")),
    ):
        code = language_code(candidate)
        if code:
            return code, False
    return DEFAULT_LANGUAGE, False
