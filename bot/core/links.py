"""Addresses on the public web site that the assistant's answers give (the schedule's calendar).

The site's public address is `HACKBOT_PUBLIC_URL` (behind a reverse proxy, for example
`https://hackathon.example.org`); without it, the address where `hackbot serve` runs the site:
`http://HACKBOT_WEB_HOST:HACKBOT_WEB_PORT` (`http://127.0.0.1:8000` by default), which only suits
local runs. No address (and so no link) when the site is not started (`HACKBOT_WEB_PORT=0`) or
listens on every interface (`0.0.0.0`, `::`) and no public address is set. The environment is read
on every call, never at import.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from urllib.parse import quote

logger = logging.getLogger(__name__)

PUBLIC_URL_VARIABLE = "HACKBOT_PUBLIC_URL"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_WEB_PORT = 8000
_WILDCARD_HOSTS = {"0.0.0.0", "::", "[::]", ""}
_WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+(/[^\s?#]*)?", re.IGNORECASE)


def public_url(env: Mapping[str, str] | None = None) -> str | None:
    """The public web site's address without a trailing slash, or None when there is none."""
    env = os.environ if env is None else env
    configured = env.get(PUBLIC_URL_VARIABLE, "").strip()
    if configured:
        if not _WEB_ADDRESS.fullmatch(configured):
            logger.warning(
                "%s=%r is not an http(s) address without query: no link to the web site is given",
                PUBLIC_URL_VARIABLE,
                configured,
            )
            return None
        return configured.rstrip("/")
    port_text = env.get("HACKBOT_WEB_PORT", "").strip()
    try:
        port = int(port_text) if port_text else DEFAULT_WEB_PORT
    except ValueError:
        return None
    host = env.get("HACKBOT_WEB_HOST", DEFAULT_HOST).strip()
    if port <= 0 or host in _WILDCARD_HOSTS:
        return None
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}:{port}"


def calendar_url(slug: str, lang: str, env: Mapping[str, str] | None = None) -> str | None:
    """The address of an event's programme as iCalendar, texts in `lang`, or None without a site."""
    base = public_url(env)
    if base is None:
        return None
    return f"{base}/events/{quote(slug, safe='')}.ics?lang={quote(lang, safe='')}"


def methods_url(lang: str, method_id: str | None = None, env: Mapping[str, str] | None = None) -> str | None:
    """The address of the methods page (a method's card on it), texts in `lang`, or None without a site."""
    base = public_url(env)
    if base is None:
        return None
    anchor = f"#{quote(method_id, safe='')}" if method_id else ""
    return f"{base}/methods?lang={quote(lang, safe='')}{anchor}"
