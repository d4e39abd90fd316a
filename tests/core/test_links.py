"""The web site's public address that answers link to: HACKBOT_PUBLIC_URL, else where `hackbot serve`
runs the site, else none."""

from __future__ import annotations

import pytest

from bot.core.links import calendar_url, public_url


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"HACKBOT_PUBLIC_URL": "https://hack.example.org/"}, "https://hack.example.org"),
        ({"HACKBOT_PUBLIC_URL": " https://example.org/hackathon/ "}, "https://example.org/hackathon"),
        (
            {"HACKBOT_PUBLIC_URL": "https://hack.example.org", "HACKBOT_WEB_PORT": "0"},
            "https://hack.example.org",
        ),
        ({"HACKBOT_WEB_HOST": "localhost", "HACKBOT_WEB_PORT": "8080"}, "http://localhost:8080"),
        ({"HACKBOT_WEB_HOST": "::1"}, "http://[::1]:8000"),
        ({"HACKBOT_WEB_PORT": "0"}, None),
        ({"HACKBOT_WEB_PORT": "eighty"}, None),
        ({"HACKBOT_WEB_HOST": "0.0.0.0"}, None),
        ({"HACKBOT_PUBLIC_URL": "javascript:alert(1)"}, None),
        ({"HACKBOT_PUBLIC_URL": "hack.example.org"}, None),
        ({"HACKBOT_PUBLIC_URL": "https://hack.example.org/?a=b"}, None),
    ],
)
def test_public_url(env: dict[str, str], expected: str | None) -> None:
    assert public_url(env) == expected


def test_calendar_url_names_the_event_and_the_language() -> None:
    env = {"HACKBOT_PUBLIC_URL": "https://hack.example.org"}
    assert calendar_url("fenua-2027", "en", env) == "https://hack.example.org/events/fenua-2027.ics?lang=en"
    assert calendar_url("fenua-2027", "fr", {"HACKBOT_WEB_PORT": "0"}) is None


def test_the_environment_is_read_at_each_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HACKBOT_PUBLIC_URL", "https://one.example.org")
    assert public_url() == "https://one.example.org"
    monkeypatch.setenv("HACKBOT_PUBLIC_URL", "https://two.example.org")
    assert public_url() == "https://two.example.org"
