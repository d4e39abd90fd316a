"""The public web page in a real headless browser: Debian's Chromium driven by Playwright.

The whole stack runs as `make run` starts it (action server, Rasa server, web site, on free ports)
on the demo pack with the clock frozen during the event, so that a session is on now. The browser
loads the page, reads the schedule and what is highlighted as on now, asks the chat box a question,
clicks a button of the answer, and follows the calendar link of the schedule answer.

Chromium comes from the system (`/usr/bin/chromium`, or `HACKBOT_CHROMIUM`): `make test` installs
Debian's package when it is missing. Playwright never downloads a browser here. A missing Chromium
fails the test, never skips it. `HACKBOT_SCREENSHOT=docs/screenshot.png` (`make screenshot`) also
saves the README's picture of the page.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright
from support.e2e_stack import Assistant, running_assistant
from support.packs import DEMO_PACK, database_with_current_pack

from bot.core.db import make_engine, session_scope
from bot.core.i18n import localize
from bot.core.texts import t
from bot.events.lookup import current_event
from bot.events.timeline import current_sessions, ordered_sessions

pytestmark = pytest.mark.e2e

CHROMIUM = Path(os.environ.get("HACKBOT_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOT = os.environ.get("HACKBOT_SCREENSHOT", "")
# Frozen clock (event-local): the first morning of the demo event, while a session is on.
FROZEN_NOW = "2027-03-15T09:30"
TIMEOUT_MS = 20_000
"""How long the browser waits for something to appear (a chat answer goes through Rasa)."""


@dataclass(frozen=True)
class Facts:
    """What the page should show, read from the database the stack uses (never written in tests)."""

    slug: str
    name: str
    titles: list[str]
    on_now: list[str]
    challenges: list[str]
    first_challenge_summary: str


def read_facts(url: str, lang: str) -> Facts:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            event = current_event(session)
            assert event is not None

            def local(value: dict[str, str] | None) -> str:
                return localize(value, lang, event.languages)

            now = dt.datetime.strptime(FROZEN_NOW, "%Y-%m-%dT%H:%M")
            return Facts(
                slug=event.slug,
                name=local(event.name),
                titles=[local(s.title) for s in ordered_sessions(event)],
                on_now=[local(s.title) for s in current_sessions(event, now)],
                challenges=[local(c.title) for c in event.challenges],
                first_challenge_summary=local(event.challenges[0].summary),
            )
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: `make test` installs Debian's package "
            "(`apt-get install --no-install-recommends chromium`), or set HACKBOT_CHROMIUM"
        )
    return CHROMIUM


@pytest.fixture(scope="module")
def site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Assistant, Facts]]:
    """The stack with its web site, on a SQLite file holding the demo pack (current)."""
    workdir = tmp_path_factory.mktemp("browser")
    url = database_with_current_pack(workdir / "browser.sqlite3", DEMO_PACK)
    facts = read_facts(url, "fr")
    with running_assistant(url, FROZEN_NOW, workdir, web=True) as assistant:
        yield assistant, facts


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), headless=True)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser, site: tuple[Assistant, Facts]) -> Iterator[Page]:
    """A desktop-sized page in French, opened on the site's home page (the current event)."""
    assistant, _ = site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.goto(assistant.web_url)
    try:
        yield opened
    finally:
        context.close()
    assert not errors, f"script errors on the page: {errors}"


def wait_for_answer(page: Page, answers_before: int) -> None:
    """Wait until the assistant's next answer is shown (and nothing is pending)."""
    page.wait_for_function(
        "n => document.querySelectorAll('#chat-log .msg.from-bot:not(.waiting)').length > n"
        " && !document.querySelector('#chat-log .waiting')",
        arg=answers_before,
        timeout=TIMEOUT_MS,
    )


def bot_answers(page: Page) -> Locator:
    return page.locator("#chat-log .msg.from-bot:not(.waiting)")


def ask(page: Page, question: str) -> None:
    """Type `question` in the chat box (found by its label), send it with Enter, wait for the answer."""
    before = bot_answers(page).count()
    field = page.get_by_label(t("web_chat_label", "fr"), exact=True)
    field.fill(question)
    field.press("Enter")
    wait_for_answer(page, before)


def test_the_page_shows_the_schedule_and_highlights_what_is_on_now(
    page: Page, site: tuple[Assistant, Facts]
) -> None:
    _, facts = site
    expect(page).to_have_title(f"{facts.name} · hackbot")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(facts.name)
    schedule = page.locator("ol.schedule")
    for title in dict.fromkeys(facts.titles):
        expect(schedule.get_by_text(title, exact=True).first).to_be_visible()
    assert facts.on_now, f"the demo pack has nothing on at {FROZEN_NOW}: choose another FROZEN_NOW"
    highlighted = page.locator("li.session.is-now")
    expect(highlighted).to_have_count(len(facts.on_now))
    for row, title in zip(highlighted.all(), facts.on_now, strict=True):
        expect(row.locator(".title")).to_have_text(title)
        expect(row).to_have_attribute("aria-current", "time")
        expect(row.locator(".badge")).to_be_visible()
    expect(page.locator("section.now")).to_contain_text(facts.on_now[0])
    # Keyboard: the first Tab reaches the skip link, which leads to the main content.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_methods_page_is_reached_from_the_menu_and_each_card_is_a_labelled_article(
    page: Page, site: tuple[Assistant, Facts]
) -> None:
    from bot.methods.catalogue import load_catalogue

    page.get_by_role("link", name=t("web_nav_methods", "fr"), exact=True).click()
    expect(page).to_have_title(f"{t('web_methods_heading', 'fr')} · hackbot")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("web_methods_heading", "fr"))
    expect(page.get_by_role("link", name=t("web_nav_methods", "fr"), exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    first = load_catalogue().methods[0]
    card = page.get_by_role("article", name=first.name["fr"]).first
    expect(card).to_be_visible()
    expect(card.get_by_role("listitem").filter(has_text=first.steps[0]["fr"])).to_have_count(1)
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_chat_box_answers_with_the_challenges_and_its_buttons_work(
    page: Page, site: tuple[Assistant, Facts]
) -> None:
    _, facts = site
    log = page.locator("#chat-log")
    ask(page, "Quels sont les défis ?")
    expect(log.locator(".msg.from-you .body")).to_have_text("Quels sont les défis ?")
    for title in facts.challenges:
        expect(bot_answers(page).last).to_contain_text(title)
    buttons = log.locator(".choices button")
    expect(buttons.first).to_be_visible()
    if SCREENSHOT:
        save_screenshot(page, Path(SCREENSHOT))
    assert buttons.count() == len(facts.challenges)
    expect(buttons.first).to_contain_text(facts.challenges[0][:20])
    answers = bot_answers(page)
    before = answers.count()
    buttons.first.click()
    wait_for_answer(page, before)
    expect(answers.last).to_contain_text(facts.challenges[0])
    expect(answers.last).to_contain_text(facts.first_challenge_summary)


def test_the_schedule_answer_links_to_the_calendar(page: Page, site: tuple[Assistant, Facts]) -> None:
    assistant, facts = site
    ask(page, "Quel est le programme ?")
    calendar = f"{assistant.web_url}events/{facts.slug}.ics?lang=fr"
    link = bot_answers(page).last.locator("a")
    expect(link).to_have_attribute("href", calendar)
    response = httpx.get(calendar, timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in response.text


def save_screenshot(page: Page, path: Path) -> None:
    """The README's picture: the top of the page (the event, what is on now, the first day's
    schedule) above the chat box, cut to the content's width so that it stays readable."""

    def box(selector: str) -> dict[str, float]:
        """The element's box in page coordinates (bounding_box() is relative to the viewport)."""
        found: dict[str, float] = page.locator(selector).first.evaluate(
            "e => { const r = e.getBoundingClientRect();"
            " return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; }"
        )
        return found

    page.locator("#chat-log").evaluate("log => { log.scrollTop = 0; }")  # the question, then the answer
    main, first_day, chat = box("main"), box("ol.schedule"), box("#chat")
    x, width = main["x"], main["width"]
    top = page.screenshot(
        clip={"x": x, "y": 0, "width": width, "height": first_day["y"] + first_day["height"] + 8},
        full_page=True,
    )
    bottom = page.screenshot(
        clip={"x": x, "y": chat["y"] - 8, "width": width, "height": chat["height"] + 24}, full_page=True
    )

    def image(png: bytes) -> str:
        return (
            f'<img alt="" style="display:block" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
        )

    cut = '<div style="height:12px;background:#d0d7de"></div>'
    sheet = page.context.new_page()
    sheet.set_viewport_size({"width": int(width), "height": 600})
    sheet.set_content(f'<body style="margin:0;background:#fff">{image(top)}{cut}{image(bottom)}</body>')
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.screenshot(path=str(path), full_page=True)
    sheet.close()
