"""The audience's vote with a crowd, on SQLite and PostgreSQL (TEST_DATABASE_URL): 200 voters, 120 on
Telegram (the real gateway against the fake Bot API, their presses arriving together) and 80 on the
web page (the real application, four offices of 20 visitors, each with a cookie of their own);
duplicates from some of each refused, a 21st visitor of a full office refused, the tally exactly
what was cast, and no count shown to anyone before the vote closes and the results are published.
"""

from __future__ import annotations

import html
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from support.fake_telegram import TOKEN, FakeTelegram, Limits
from support.jury_packs import T1, T2, T3, T4, TEAMS
from support.ports import free_port
from support.telegram_runner import running_gateway
from support.vote_packs import PUBLIC, SLUG, load_vote_event

from bot.broadcast.limits import SendLimits
from bot.core.db import make_engine, session_scope
from bot.core.texts import t
from bot.events import organisers
from bot.events.lookup import get_event
from bot.jury import public_vote
from bot.telegram.config import TelegramConfig
from bot.telegram.public_vote import add_public_vote_commands
from bot.web.app import create_app
from bot.web.vote import VOTER_COOKIE

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

KEYS = [T1, T2, T3, T4]
TELEGRAM_VOTERS = [880_000 + n for n in range(120)]
OFFICES = ["10.20.0.1", "10.20.0.2", "192.0.2.10", "2001:db8::7"]
PER_OFFICE = 20
ORGANISER = 879_999
SECRET = "the site's secret"


def choice(number: int) -> str:
    """Voter `number`'s team: uneven, so that the tally has a clear order."""
    return KEYS[0] if number % 7 == 0 else KEYS[1 + number % 3] if number % 2 else KEYS[2]


@pytest.fixture
def url(migrated_db_url: str) -> str:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        event = load_vote_event(session)
        organisers.grant(session, event, ORGANISER, granted_by="cli")
        public_vote.open_vote(session, event, PUBLIC, by="cli")
    engine.dispose()
    return migrated_db_url


@pytest.fixture
def fake(url: str) -> Iterator[FakeTelegram]:
    with FakeTelegram(limits=Limits(scale=10)).running() as server:
        config = TelegramConfig(
            token=TOKEN,
            api_base_url=server.base_url,
            rasa_url=f"http://127.0.0.1:{free_port()}",
            database_url=url,
            send_limits=SendLimits(scale=10),
        )
        with running_gateway(config, server, extensions=[add_public_vote_commands]):
            yield server
        assert server.violations == []


@pytest.fixture
def offices(url: str) -> Iterator[dict[str, TestClient]]:
    """A web client per office address, each with its own application on the same database."""
    with ExitStack() as stack:
        yield {
            address: stack.enter_context(
                TestClient(
                    create_app(database_url=url, rasa_url="http://127.0.0.1:9", identity_key=SECRET),
                    client=(address, 40_000),
                )
            )
            for address in OFFICES
        }


def vote_section(page: str) -> str:
    found = re.search(r'<section id="vote".*?</section>', page, re.DOTALL)
    return found.group(0) if found else ""


def web_visitor(client: TestClient, team: str, lang: str = "fr") -> tuple[int, str, dict[str, str]]:
    """A new visitor opens the page and votes: the status, the page's message, their cookies."""
    client.cookies.clear()
    page = client.get(f"/?lang={lang}")
    token = re.search(r'name="form" value="([0-9a-f]+)"', page.text)
    assert token and page.cookies.get(VOTER_COOKIE), page.text[:200]
    answer = client.post(
        "/vote",
        data={"prize": PUBLIC, "team": team, "form": token.group(1), "lang": lang},
        headers={"origin": "http://testserver"},
    )
    return answer.status_code, message_of(answer.text), dict(client.cookies)


def message_of(page: str) -> str:
    found = re.search(r'<p role="status">(.*?)</p>', page, re.DOTALL)
    return html.unescape(found.group(1)) if found else ""


def test_two_hundred_voters_on_telegram_and_the_web_are_counted_once_each_and_shown_no_count(
    url: str, fake: FakeTelegram, offices: dict[str, TestClient]
) -> None:
    home = next(iter(offices.values()))
    first_page = home.get("/?lang=en").text
    before = vote_section(home.get("/?lang=fr").text)
    assert before and "Voter pour" in before

    # 120 Telegram users press a team's button of /vote, all at once.
    fake.push_message(TELEGRAM_VOTERS[0], "/vote", language_code="en")
    listing = fake.wait_sent(TELEGRAM_VOTERS[0], 1, timeout=30)[0]
    datas = {b["text"]: b["callback_data"] for row in listing["reply_markup"]["inline_keyboard"] for b in row}
    teams = dict(zip(KEYS, TEAMS, strict=True))
    for number, user in enumerate(TELEGRAM_VOTERS):
        fake.push_callback(user, datas[teams[choice(number)]], message_id=10_000 + number, language_code="en")
    for number, user in enumerate(TELEGRAM_VOTERS):
        reply = fake.wait_sent(user, 2 if number == 0 else 1, timeout=60)[-1]["text"]
        assert reply == t("public_vote_recorded", "en", team=teams[choice(number)], prize="Audience award")

    # 80 web visitors, 20 from each of four offices (the default limit per address: 20).
    web_choices: list[str] = []
    visitors: list[tuple[TestClient, dict[str, str]]] = []
    for index in range(len(OFFICES) * PER_OFFICE):
        client = offices[OFFICES[index % len(OFFICES)]]
        team = choice(1000 + index)
        status, message, cookies = web_visitor(client, team)
        assert (status, message) == (
            200,
            t("public_vote_recorded", "fr", team=teams[team], prize="Prix du public"),
        )
        web_choices.append(team)
        visitors.append((client, cookies))

    # Duplicates: 20 Telegram voters press another team, 10 web visitors vote again; a 21st visitor
    # of a full office is refused.
    for number, user in enumerate(TELEGRAM_VOTERS[:20]):
        fake.push_callback(user, datas[TEAMS[0]], message_id=20_000 + number, language_code="fr")
    for number, user in enumerate(TELEGRAM_VOTERS[:20]):
        reply = fake.wait_sent(user, 3 if number == 0 else 2, timeout=60)[-1]["text"]
        assert reply == t("public_vote_already", "fr", team=teams[choice(number)], prize="Prix du public")
    for index, (client, cookies) in enumerate(visitors[:10]):
        client.cookies.clear()
        client.cookies.update(cookies)
        page = client.get("/?lang=en").text
        assert t("public_vote_voted_for", "en", prize="Audience award", team=teams[web_choices[index]]) in (
            html.unescape(page)
        )
        token = re.search(r'name="form" value="([0-9a-f]+)"', page)
        assert token is None, "a visitor who voted is shown no buttons"
        forged_again = client.post(
            "/vote",
            data={"prize": PUBLIC, "team": T1, "form": _form_token(cookies), "lang": "en"},
            headers={"origin": "http://testserver"},
        )
        assert forged_again.status_code == 409
        assert message_of(forged_again.text) == t(
            "public_vote_already", "en", team=teams[web_choices[index]], prize="Audience award"
        )
    status, message, _ = web_visitor(offices[OFFICES[0]], T1)
    assert (status, message) == (429, t("web_vote_limit", "fr", prize="Prix du public"))

    # Before the close, nothing shows a count: the page's vote section is as it was at first.
    home.cookies.clear()
    after = vote_section(home.get("/?lang=fr").text)
    assert re.sub(r'value="[0-9a-f]{32}"', "", after) == re.sub(r'value="[0-9a-f]{32}"', "", before)

    expected = Counter(choice(number) for number in range(len(TELEGRAM_VOTERS))) + Counter(web_choices)
    engine = make_engine(url)
    with session_scope(engine) as session:
        event = get_event(session, SLUG)
        assert event is not None
        public_vote.close_vote(session, event, PUBLIC, by="cli")
        tally = public_vote.tally(session, event, PUBLIC)
    engine.dispose()
    assert (tally.ballots, tally.not_counted) == (200, 0)
    assert {entry.team.key: entry.votes for entry in tally.teams} == dict(expected)
    assert [entry.votes for entry in tally.teams] == sorted(expected.values(), reverse=True)

    # Closed, results not published: the page is as before the vote, without its form (no count).
    page = home.get("/?lang=en").text
    assert vote_section(page) == ""
    assert page.split() == first_page.replace(vote_section(first_page), "").split()
    for message in fake.sent():
        assert not re.search(r"\d", message["text"]), message["text"]


def _form_token(cookies: dict[str, Any]) -> str:
    from bot.web.vote import form_token

    return form_token(cookies[VOTER_COOKIE], SECRET)
