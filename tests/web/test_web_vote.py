"""The audience's vote on the web page, with the real application on a real database: the forms shown
while a vote is open (and only then, only for the current event), the visitor's cookie, a ballot
recorded once and said so in the page's language, the refusals (already voted, closed, a team not in
the running, the limit per address, no cookie, a forged or foreign form), and no count shown."""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from support.jury_packs import T1, T2, T3, T4, TEAMS
from support.vote_packs import PUBLIC, PUBLIC_DATA, SLUG, load_vote_event

from bot.core.db import make_engine, session_scope
from bot.core.models import PublicBallot
from bot.core.texts import t
from bot.events.lookup import get_event
from bot.jury import public_vote
from bot.web.app import create_app
from bot.web.vote import VOTER_COOKIE, form_token

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

SECRET = "the site's secret"
ORIGIN = {"origin": "http://testserver"}


@pytest.fixture
def url(migrated_db_url: str) -> str:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        load_vote_event(session)
    engine.dispose()
    return migrated_db_url


def in_session(url: str, work: Callable[[Session], Any]) -> Any:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return work(session)
    finally:
        engine.dispose()


def change(url: str, action: str, prize: str = PUBLIC) -> None:
    def work(session: Session) -> None:
        event = get_event(session, SLUG)
        assert event is not None
        if action == "open":
            public_vote.open_vote(session, event, prize, by="cli")
        else:
            public_vote.close_vote(session, event, prize, by="cli")

    in_session(url, work)


def ballots(url: str) -> list[tuple[str, str]]:
    query = select(PublicBallot.voter_key, PublicBallot.team_key).order_by(PublicBallot.id)
    return in_session(url, lambda s: [(voter, team) for voter, team in s.execute(query)])


@pytest.fixture
def client(url: str) -> Iterator[TestClient]:
    app = create_app(database_url=url, rasa_url="http://127.0.0.1:9", identity_key=SECRET, votes_limit=2)
    with TestClient(app) as test_client:
        yield test_client


def vote_section(page: str) -> str:
    found = re.search(r'<section id="vote".*?</section>', page, re.DOTALL)
    return found.group(0) if found else ""


def message_of(page: str) -> str:
    found = re.search(r'<p role="status">(.*?)</p>', page, re.DOTALL)
    return html.unescape(found.group(1)) if found else ""


def form_of(page: str) -> str:
    found = re.search(r'name="form" value="([0-9a-f]+)"', page)
    assert found, page[:300]
    return found.group(1)


def post(
    client: TestClient,
    team: str,
    prize: str = PUBLIC,
    form: str | None = None,
    lang: str = "en",
    **headers: str,
) -> tuple[int, str]:
    token = client.cookies.get(VOTER_COOKIE)
    data = {
        "prize": prize,
        "team": team,
        "form": form or (form_token(token, SECRET) if token else ""),
        "lang": lang,
    }
    answer = client.post("/vote", data=data, headers={**ORIGIN, **headers})
    return answer.status_code, message_of(answer.text)


def test_no_form_nor_cookie_while_no_vote_is_open(client: TestClient) -> None:
    page = client.get("/?lang=en")
    assert vote_section(page.text) == "" and VOTER_COOKIE not in page.cookies


def test_an_open_vote_shows_a_form_per_vote_and_sets_the_visitors_cookie(
    client: TestClient, url: str
) -> None:
    change(url, "open")
    change(url, "open", PUBLIC_DATA)
    page = client.get("/?lang=fr")
    section = vote_section(page.text)
    assert (
        t("web_vote_heading", "fr") in section
        and html.escape(t("web_vote_intro", "fr"), quote=False) in section
    )
    assert section.count("<form ") == 2 and 'method="post"' in section
    labels = [
        html.unescape(label)
        for label in re.findall(r'<button type="submit" name="team" value="[^"]+">([^<]+)<', section)
    ]
    assert labels == [t("web_vote_button", "fr", team=name) for name in [*TEAMS, TEAMS[1], TEAMS[3]]]
    assert re.findall(r'name="team" value="([^"]+)"', section) == [T1, T2, T3, T4, T2, T4]
    [cookie] = [
        value for value in page.headers.get_list("set-cookie") if value.startswith(f"{VOTER_COOKIE}=")
    ]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=31536000" in cookie
    assert form_of(page.text) == form_token(page.cookies[VOTER_COOKIE], SECRET)
    # The page of the current event under its own address shows it too; the cookie stays the same.
    again = client.get(f"/events/{SLUG}?lang=en")
    assert vote_section(again.text) and VOTER_COOKIE not in again.cookies
    assert t("web_vote_legend", "en", prize="Audience award") in html.unescape(again.text)


def test_a_ballot_is_recorded_once_and_said_so_in_the_pages_language(client: TestClient, url: str) -> None:
    change(url, "open")
    client.get("/?lang=fr")
    assert post(client, T2, lang="fr") == (
        200,
        t("public_vote_recorded", "fr", team=TEAMS[1], prize="Prix du public"),
    )
    voter = public_vote.web_voter(client.cookies[VOTER_COOKIE], SECRET)
    assert ballots(url) == [(voter, T2)]
    for team in (T2, T3):
        assert post(client, team) == (
            409,
            t("public_vote_already", "en", team=TEAMS[1], prize="Audience award"),
        )
    page = client.get("/?lang=en").text
    assert t("public_vote_voted_for", "en", prize="Audience award", team=TEAMS[1]) in html.unescape(page)
    assert 'name="team"' not in page, "no button for a vote already cast"
    assert ballots(url) == [(voter, T2)]


def test_the_refusals_say_why_and_record_nothing(client: TestClient, url: str) -> None:
    change(url, "open", PUBLIC_DATA)
    client.get("/")
    assert post(client, T1, prize=PUBLIC_DATA) == (
        400,
        t("public_vote_unknown_team", "en", prize="Data audience award"),
    )
    assert post(client, T1, prize=PUBLIC)[0] == 409  # never opened
    assert post(client, T1, prize="grand-prix") == (409, t("public_vote_not_open", "en"))
    change(url, "close", PUBLIC_DATA)
    assert post(client, T2, prize=PUBLIC_DATA, lang="fr") == (
        409,
        t("public_vote_closed", "fr", prize="Prix du public des données"),
    )
    assert ballots(url) == []


def test_an_address_casts_at_most_its_limit(client: TestClient, url: str) -> None:
    change(url, "open")
    for _ in range(2):
        client.cookies.clear()
        client.get("/")
        assert post(client, T4)[0] == 200
    client.cookies.clear()
    client.get("/")
    assert post(client, T4) == (429, t("web_vote_limit", "en", prize="Audience award"))
    assert len(ballots(url)) == 2


def test_a_post_without_the_cookie_is_refused_and_sets_it_so_that_the_next_counts(
    client: TestClient, url: str
) -> None:
    change(url, "open")
    answer = client.post(
        "/vote", data={"prize": PUBLIC, "team": T1, "form": "0" * 32, "lang": "fr"}, headers=ORIGIN
    )
    assert (answer.status_code, message_of(answer.text)) == (400, t("web_vote_no_cookie", "fr"))
    assert VOTER_COOKIE in answer.cookies and ballots(url) == []
    assert post(client, T1)[0] == 200 and len(ballots(url)) == 1


@pytest.mark.parametrize(
    "forgery",
    [
        {"form": "0" * 32},  # a form token that is not the cookie's
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {"referer": "https://evil.example/page", "origin": ""},
    ],
)
def test_a_forged_or_foreign_form_is_refused(client: TestClient, url: str, forgery: dict[str, str]) -> None:
    change(url, "open")
    client.get("/")
    forgery = dict(forgery)
    form = forgery.pop("form", None)
    headers = {name: value for name, value in forgery.items() if value}
    token = client.cookies[VOTER_COOKIE]
    data = {"prize": PUBLIC, "team": T1, "form": form or form_token(token, SECRET), "lang": "en"}
    sent = {**ORIGIN, **headers} if "origin" not in forgery or forgery["origin"] else headers
    answer = client.post("/vote", data=data, headers=sent)
    assert (answer.status_code, message_of(answer.text)) == (403, t("web_vote_forged", "en"))
    assert ballots(url) == []


def test_behind_a_proxy_the_public_address_is_this_sites_origin(
    client: TestClient, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    change(url, "open")
    client.get("/")
    monkeypatch.setenv("HACKBOT_PUBLIC_URL", "https://hackathon.example.org")
    assert (
        post(client, T1, referer="https://hackathon.example.org/", origin="https://hackathon.example.org")[0]
        == 200
    )
    assert len(ballots(url)) == 1


def test_a_post_that_is_not_a_small_form_is_refused(client: TestClient, url: str) -> None:
    change(url, "open")
    client.get("/")
    answer = client.post("/vote?lang=en", json={"prize": PUBLIC, "team": T1}, headers=ORIGIN)
    assert (answer.status_code, message_of(answer.text)) == (400, t("web_vote_forged", "en"))
    answer = client.post("/vote", data={"prize": PUBLIC, "team": "x" * 5000}, headers=ORIGIN)
    assert answer.status_code == 400 and ballots(url) == []


def test_no_count_is_shown_whoever_has_voted(client: TestClient, url: str) -> None:
    change(url, "open")
    first = client.get("/?lang=en").text

    def many_vote(session: Session) -> None:
        event = get_event(session, SLUG)
        for number in range(15):
            voter = public_vote.telegram_voter(990_000 + number)
            public_vote.cast(session, event, PUBLIC, voter_key=voter, team_key=[T1, T3][number % 2])

    in_session(url, many_vote)
    assert client.get("/?lang=en").text == first
    assert client.get(f"/events/{SLUG}.json").text.count("15") == 0
    change(url, "close")
    closed = client.get("/?lang=en").text
    assert vote_section(closed) == "" and closed.split() == first.replace(vote_section(first), "").split()


def test_a_vote_of_an_event_that_is_not_the_current_one_is_not_shown(client: TestClient, url: str) -> None:
    change(url, "open")

    def not_current(session: Session) -> None:
        event = get_event(session, SLUG)
        assert event is not None
        event.is_current = False

    in_session(url, not_current)
    assert vote_section(client.get(f"/events/{SLUG}").text) == ""
