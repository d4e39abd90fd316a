"""The audience's vote in a real headless browser (Debian's Chromium driven by Playwright, as in
test_browser.py) against the web site served by uvicorn: the visitor votes with the keyboard, the
browser's own cookie and Origin header carry the ballot through the site's checks, the page says it
is recorded, and once back the page shows the visitor's choice instead of the buttons. No Rasa is
needed: the vote never reaches it."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, expect, sync_playwright
from support.jury_packs import TEAMS
from support.ports import free_port
from support.vote_packs import PUBLIC, load_vote_event

from bot.core.db import make_engine, session_scope
from bot.core.migrations import upgrade
from bot.core.texts import t
from bot.events.lookup import current_event
from bot.jury import public_vote
from bot.web.app import create_app

pytestmark = pytest.mark.e2e

CHROMIUM = Path(os.environ.get("HACKBOT_CHROMIUM", "/usr/bin/chromium"))
TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The web site on a free port, its current event's audience vote open; (its address, its database)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser_vote') / 'vote.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        public_vote.open_vote(session, load_vote_event(session), PUBLIC, by="cli")
    engine.dispose()
    port = free_port()
    app = create_app(database_url=url, rasa_url="http://127.0.0.1:9", identity_key="browser secret")
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the web site did not start"
    try:
        yield f"http://127.0.0.1:{port}/", url
    finally:
        server.should_exit = True
        thread.join(30)


@pytest.fixture
def page(site: tuple[str, str]) -> Iterator[Page]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: `make test` installs Debian's package, or set HACKBOT_CHROMIUM"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        context = browser.new_context(locale="fr-FR")
        context.set_default_timeout(TIMEOUT_MS)
        opened = context.new_page()
        errors: list[str] = []
        opened.on("pageerror", lambda error: errors.append(str(error)))
        opened.goto(site[0])
        try:
            yield opened
        finally:
            browser.close()
        assert not errors, f"script errors on the page: {errors}"


def test_a_visitor_votes_with_the_keyboard_and_the_page_then_shows_their_choice(
    page: Page, site: tuple[str, str]
) -> None:
    section = page.get_by_role("region", name=t("web_vote_heading", "fr"))
    expect(section).to_be_visible()
    group = section.get_by_role("group", name=t("web_vote_legend", "fr", prize="Prix du public"))
    choice = group.get_by_role("button", name=t("web_vote_button", "fr", team=TEAMS[2]))
    choice.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        t("public_vote_recorded", "fr", team=TEAMS[2], prize="Prix du public")
    )
    page.get_by_role("link", name=t("web_vote_back", "fr")).click()
    expect(
        page.get_by_text(t("public_vote_voted_for", "fr", prize="Prix du public", team=TEAMS[2]))
    ).to_be_visible()
    expect(page.get_by_role("button", name=t("web_vote_button", "fr", team=TEAMS[0]))).to_have_count(0)
    engine = make_engine(site[1])
    with session_scope(engine) as session:
        event = current_event(session)
        assert event is not None and public_vote.tally(session, event, PUBLIC).ballots == 1
    engine.dispose()
