"""The public web site on a real database: pages in both languages, what is on now, the embargo on
results, the iCalendar file (parsed with `icalendar`), the JSON data, and the chat box talking to a
small HTTP server that stands in for Rasa's REST channel."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import icalendar
import pytest
import yaml
from sqlalchemy import update
from support.event_methods import ADDED, HIDDEN, demo_data, methods_section, pack_of
from support.packs import DEMO_PACK, REPO_ROOT, all_packs
from support.ports import free_port

from bot.core.db import make_engine, session_scope
from bot.core.models import Event, Results
from bot.core.texts import t
from bot.events.loader import load_pack
from bot.events.lookup import get_event
from bot.events.pack import parse_pack
from bot.events.timeline import session_end
from bot.inbox import questions
from bot.inbox.questions import Asker
from bot.web.app import DEFAULT_PORT, chat_per_minute, create_app, web_port
from bot.web.chat import CHAT_BURST, CHAT_COOKIE, sender_of
from bot.web.ical import fold

with warnings.catch_warnings():
    # Starlette 1.x prefers `httpx2` for its test client; `httpx` works the same for these tests.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

DEMO_SLUG = "fenua-innovation-2027"
NO_RASA = "http://127.0.0.1:9"


# ------------------------------------------------------------------ fixtures


def load_packs(url: str, paths: list[Path], current: Path | None = DEMO_PACK) -> None:
    """Load `paths` into the migrated database at `url`, `current` made the current event."""
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            for path in paths:
                load_pack(session, parse_pack(path), make_current=path == current)
    finally:
        engine.dispose()


def read_event(url: str, slug: str) -> Event:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            event = get_event(session, slug)
            assert event is not None
            return event
    finally:
        engine.dispose()


def publish(url: str, slug: str) -> None:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            event = get_event(session, slug)
            assert event is not None
            session.execute(update(Results).where(Results.event_id == event.id).values(published=True))
    finally:
        engine.dispose()


@pytest.fixture
def db(migrated_db_url: str) -> str:
    """A migrated database with the demo pack (current) and every shared pack."""
    load_packs(migrated_db_url, all_packs())
    return migrated_db_url


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(database_url=db, rasa_url=NO_RASA)) as test_client:
        yield test_client


def text_of(page: str) -> str:
    """The page's text, tags removed and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def now_titles(page: str) -> list[str]:
    """The titles of the sessions highlighted as on now."""
    items = re.findall(r'<li class="session is-now" aria-current="time">(.*?)</li>', page, re.DOTALL)
    return [html.unescape(t) for i in items for t in re.findall(r'<span class="title">(.*?)</span>', i)]


# ------------------------------------------------------------------ pages


def test_the_current_event_page_in_french_and_english(client: TestClient, db: str) -> None:
    event = read_event(db, DEMO_SLUG)
    for lang in ("fr", "en"):
        response = client.get(f"/?lang={lang}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        page = response.text
        assert f'<html lang="{lang}">' in page
        assert page.count("<h1") == 1
        text = text_of(page)
        assert event.name[lang] in text
        assert event.description and " ".join(event.description[lang].split()) in " ".join(text.split())
        for session in event.sessions:
            assert session.title[lang] in text
        for challenge in event.challenges:
            assert challenge.title[lang] in text
        for prize in event.prizes:
            assert prize.name[lang] in text
        for juror in event.jury:
            assert juror.name in text
        assert event.venue_address and event.venue_address in text
        assert f"/events/{DEMO_SLUG}.ics?lang={lang}" in page
        assert f"/events/{DEMO_SLUG}.json" in page
    french, english = text_of(client.get("/?lang=fr").text), text_of(client.get("/?lang=en").text)
    assert "Programme" in french and "Défis" in french and "lundi 15 mars" in french.lower()
    assert "Schedule" in english and "Challenges" in english and "Monday 15 March" in english
    assert "7 h 30 – 8 h 15" in french and "7:30–8:15 am" in english


def test_accessibility_basics_of_the_page(client: TestClient) -> None:
    page = client.get("/?lang=fr").text
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in page
    assert re.search(r'<a class="skip-link" href="#main">', page) and 'id="main"' in page
    assert '<label for="chat-input">' in page and 'id="chat-input"' in page
    assert 'aria-live="polite"' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<noscript>" in page
    css = client.get("/static/style.css")
    assert css.status_code == 200 and ":focus-visible" in css.text
    script = client.get("/static/chat.js")
    assert script.status_code == 200 and "fetch(" in script.text
    assert "http://" not in re.sub(r'href="http://testserver[^"]*"', "", page).split("<main")[0]  # no CDN


def test_language_from_the_query_then_the_cookie_then_accept_language(db: str) -> None:
    app = create_app(database_url=db, rasa_url=NO_RASA)
    with TestClient(app) as browser:
        assert '<html lang="fr">' in browser.get("/").text  # nothing asked: French
        assert '<html lang="en">' in browser.get("/", headers={"accept-language": "en-GB,en;q=0.9"}).text
        assert '<html lang="fr">' in browser.get("/", headers={"accept-language": "de-DE, fr;q=0.5"}).text
        switched = browser.get("/events?lang=en")
        assert '<html lang="en">' in switched.text and "hackbot_lang=en" in switched.headers["set-cookie"]
        # The cookie now wins over Accept-Language, on every page.
        assert '<html lang="en">' in browser.get("/", headers={"accept-language": "fr"}).text
        page = browser.get(f"/events/{DEMO_SLUG}").text
        assert '<html lang="en">' in page
        assert f'href="/events/{DEMO_SLUG}?lang=fr" lang="fr" hreflang="fr">Français</a>' in page
        assert '<html lang="fr">' in browser.get(f"/events/{DEMO_SLUG}?lang=fr").text
        assert '<html lang="fr">' in browser.get("/events").text


def test_accept_language_quality_values(db: str) -> None:
    with TestClient(create_app(database_url=db, rasa_url=NO_RASA)) as browser:
        page = browser.get("/", headers={"accept-language": "fr;q=0.4, en;q=0.8, de"}).text
        assert '<html lang="en">' in page


def test_what_is_on_now_is_highlighted(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HACKBOT_NOW", "2027-03-16T12:30")
    page = client.get("/?lang=en").text
    assert now_titles(page) == ["Hacking", "Lunch"]
    assert "Now on" in page
    now_box = text_of(page.split('<section class="now"')[1].split("</section>")[0])
    assert "Hacking, until 6:00 pm" in now_box and "Lunch, until 1:00 pm" in now_box
    assert "Next: Workshop: pitching your project, today at 2:00 pm" in now_box

    monkeypatch.setenv("HACKBOT_NOW", "2027-03-16T14:30")
    assert now_titles(client.get("/?lang=fr").text) == ["Hacking", "Atelier : réussir son pitch"]

    monkeypatch.setenv("HACKBOT_NOW", "2027-03-01T09:00")  # before the event
    page = client.get("/?lang=en").text
    assert now_titles(page) == []
    assert "has not started yet" in text_of(page)

    monkeypatch.setenv("HACKBOT_NOW", "2027-04-01T09:00")  # after it
    assert now_titles(client.get("/?lang=en").text) == []
    assert "The event is over" in text_of(client.get("/?lang=en").text)


def test_the_now_highlight_uses_the_events_own_clock(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HACKBOT_NOW", "2019-02-19T11:00")
    page = client.get("/events/ena-inet-2019?lang=en").text
    assert len(now_titles(page)) == 1  # the week of challenge workshops, over several days
    assert "→" in text_of(page)


def test_the_list_of_events_marks_the_current_one(client: TestClient) -> None:
    page = client.get("/events?lang=en").text
    slugs = re.findall(r'href="/events/([a-z0-9-]+)"', page)
    assert set(slugs) >= {DEMO_SLUG, "ena-inet-2019", "digital-leadership-2021"}
    current = re.findall(r'<li class="is-current">\s*<a href="/events/([a-z0-9-]+)"', page)
    assert current == [DEMO_SLUG]
    assert "current event" in text_of(page)
    assert "événement en cours" in text_of(client.get("/events?lang=fr").text)


def test_unknown_events_and_no_current_event(client: TestClient, migrated_db_url: str) -> None:
    missing = client.get("/events/no-such-event?lang=en")
    assert missing.status_code == 404 and "No event matches this address" in missing.text
    assert client.get("/events/no-such-event.ics").status_code == 404
    assert client.get("/events/no-such-event.json").status_code == 404
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        session.execute(update(Event).values(is_current=False))
    engine.dispose()
    page = client.get("/?lang=fr")
    assert page.status_code == 200
    assert "Aucun événement n'est en cours" in text_of(page.text) and 'href="/events"' in page.text


def test_healthz_and_security_headers(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    page = client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text and "style=" not in page.text  # nothing inline: the CSP allows none


# ------------------------------------------------------------------ results stay embargoed


def embargoed_strings(event: Event) -> list[str]:
    strings = [award.team for award in event.awards]
    for award in event.awards:
        strings += [value for value in (award.project or {}).values() if value]
        strings += [value for value in (award.summary or {}).values() if value]
    if event.results and event.results.follow_up:
        strings += list(event.results.follow_up.values())
    return [" ".join(s.split()) for s in strings]


def everything_public(client: TestClient, slug: str) -> str:
    """Every page, JSON and calendar of the event in both languages, as one text."""
    parts = []
    for lang in ("fr", "en"):
        parts.append(text_of(client.get(f"/events/{slug}?lang={lang}").text))
        parts.append(text_of(client.get(f"/?lang={lang}").text))
        parts.append(client.get(f"/events/{slug}.ics?lang={lang}").text.replace("\r\n ", ""))
    parts.append(json.dumps(client.get(f"/events/{slug}.json").json(), ensure_ascii=False))
    return " ".join(" ".join(parts).split()).replace("\\,", ",").replace("\\;", ";")


@pytest.mark.parametrize("pack", all_packs(), ids=lambda p: p.name)
def test_unpublished_results_never_appear_then_appear_once_published(
    migrated_db_url: str, pack: Path
) -> None:
    slug = parse_pack(pack).event.slug
    load_packs(migrated_db_url, [pack], current=pack)
    event = read_event(migrated_db_url, slug)
    assert event.results is not None and not event.results.published
    secrets = embargoed_strings(event)
    assert secrets, "the pack must carry results to test the embargo"
    with TestClient(create_app(database_url=migrated_db_url, rasa_url=NO_RASA)) as client:
        before = everything_public(client, slug)
        for secret in secrets:
            assert secret not in before
        assert client.get(f"/events/{slug}.json").json()["results"] is None

        publish(migrated_db_url, slug)
        after = everything_public(client, slug)
        for award in event.awards:
            assert award.team in after
        data = client.get(f"/events/{slug}.json").json()
        assert [a["team"] for a in data["results"]["awards"]] == [a.team for a in event.awards]
        assert [a["prize"] for a in data["results"]["awards"]] == [a.prize.key for a in event.awards]
        page = text_of(client.get(f"/events/{slug}?lang=en").text)
        assert event.results.follow_up and " ".join(event.results.follow_up["en"].split()) in " ".join(
            page.split()
        )


# ------------------------------------------------------------------ iCalendar


def parse_calendar(body: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body)


@pytest.mark.parametrize("pack", all_packs(), ids=lambda p: p.name)
def test_the_calendar_has_one_event_per_session_at_the_right_local_times(
    client: TestClient, db: str, pack: Path
) -> None:
    slug = parse_pack(pack).event.slug
    event = read_event(db, slug)
    zone = ZoneInfo(event.timezone)
    for lang in ("fr", "en"):
        response = client.get(f"/events/{slug}.ics?lang={lang}")
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/calendar; charset=utf-8"
        body = response.content
        assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
        assert all(len(line) <= 75 for line in body.split(b"\r\n"))
        calendar = parse_calendar(response.text)
        assert calendar["VERSION"] == "2.0" and calendar["PRODID"] and calendar["CALSCALE"] == "GREGORIAN"
        assert str(calendar["X-WR-CALNAME"]) == event.name.get(lang, next(iter(event.name.values())))
        timezones = calendar.walk("VTIMEZONE")
        assert [str(tz["TZID"]) for tz in timezones] == [event.timezone]
        vevents = calendar.walk("VEVENT")
        assert len(vevents) == len(event.sessions)
        by_uid = {str(v["UID"]): v for v in vevents}
        assert len(by_uid) == len(vevents)
        for session in event.sessions:
            vevent = by_uid[f"{slug}-{session.key}@hackbot"]
            start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
            assert vevent["DTSTART"].params["TZID"] == event.timezone
            assert start.replace(tzinfo=None) == session.starts
            assert end.replace(tzinfo=None) == session_end(session, event)
            # The same instant as the zone gives: the offset (and summer time) is right.
            assert start.astimezone(dt.UTC) == session.starts.replace(tzinfo=zone).astimezone(dt.UTC)
            assert str(vevent["SUMMARY"]) == session.title.get(lang, next(iter(session.title.values())))
            assert "DTSTAMP" in vevent and "DESCRIPTION" in vevent
    # The UIDs are stable from one download to the next.
    first = [str(v["UID"]) for v in parse_calendar(client.get(f"/events/{slug}.ics").text).walk("VEVENT")]
    second = [str(v["UID"]) for v in parse_calendar(client.get(f"/events/{slug}.ics").text).walk("VEVENT")]
    assert first == second


def test_the_time_zone_definition_has_the_summer_time_changes(client: TestClient) -> None:
    calendar = parse_calendar(client.get("/events/ena-inet-2019.ics").text)
    (timezone,) = calendar.walk("VTIMEZONE")
    daylight = [c for c in timezone.subcomponents if c.name == "DAYLIGHT"]
    standard = [c for c in timezone.subcomponents if c.name == "STANDARD"]
    assert daylight and standard
    assert daylight[0].decoded("DTSTART") == dt.datetime(2019, 3, 31, 2, 0)
    assert daylight[0].decoded("TZOFFSETTO") == dt.timedelta(hours=2)
    tahiti = parse_calendar(client.get(f"/events/{DEMO_SLUG}.ics").text).walk("VTIMEZONE")[0]
    assert [c.name for c in tahiti.subcomponents] == ["STANDARD"]
    assert tahiti.subcomponents[0].decoded("TZOFFSETTO") == dt.timedelta(hours=-10)


def test_folding_never_splits_a_character() -> None:
    line = "SUMMARY:" + "é" * 100 + "x" * 10 + "€" * 40
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_an_almost_empty_event_and_a_change_of_summer_time(migrated_db_url: str, tmp_path: Path) -> None:
    pack = tmp_path / "tiny.yml"
    pack.write_text(
        "format: 1\n"
        "event: {slug: tiny, name: Tiny hack, organiser: Someone, timezone: America/New_York,\n"
        "        starts: 2025-11-01, ends: 2025-11-02, languages: [en]}\n",
        encoding="utf-8",
    )
    load_packs(migrated_db_url, [pack], current=pack)
    with TestClient(create_app(database_url=migrated_db_url, rasa_url=NO_RASA)) as client:
        for lang in ("fr", "en"):
            page = client.get(f"/?lang={lang}")
            assert page.status_code == 200 and "Tiny hack" in page.text
        assert "The schedule has not been published yet." in text_of(client.get("/?lang=en").text)
        calendar = parse_calendar(client.get("/events/tiny.ics").text)
        assert calendar.walk("VEVENT") == [] and len(calendar.walk("VTIMEZONE")) == 1
        data = client.get("/events/tiny.json").json()
        assert data["sessions"] == [] and data["results"] is None and data["description"] is None

    pack.write_text(
        pack.read_text(encoding="utf-8")
        + "sessions:\n"
        + "  - {id: day-1, title: Day one, starts: 2025-11-01T10:00, ends: 2025-11-01T12:00}\n"
        + "  - {id: day-2, title: Day two, starts: 2025-11-02T10:00}\n",
        encoding="utf-8",
    )
    load_packs(migrated_db_url, [pack], current=pack)
    with TestClient(create_app(database_url=migrated_db_url, rasa_url=NO_RASA)) as client:
        events = {
            str(v["UID"]): v for v in parse_calendar(client.get("/events/tiny.ics").text).walk("VEVENT")
        }
        utc = {uid: v.decoded("DTSTART").astimezone(dt.UTC).hour for uid, v in events.items()}
        assert utc == {"tiny-day-1@hackbot": 14, "tiny-day-2@hackbot": 15}  # summer time ends on 2 November
        day_two = events["tiny-day-2@hackbot"]
        assert day_two.decoded("DTEND") - day_two.decoded("DTSTART") == dt.timedelta(hours=1)
        sessions = client.get("/events/tiny.json").json()["sessions"]
        assert [s["starts"] for s in sessions] == ["2025-11-01T10:00:00-04:00", "2025-11-02T10:00:00-05:00"]
        assert sessions[1]["ends"] is None


# ------------------------------------------------------------------ JSON


def test_the_json_data(client: TestClient, db: str) -> None:
    response = client.get(f"/events/{DEMO_SLUG}.json")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert response.headers["access-control-allow-origin"] == "*"
    data = response.json()
    event = read_event(db, DEMO_SLUG)
    assert data["format"] == "hackbot-event/1" and data["slug"] == DEMO_SLUG
    assert (
        data["timezone"] == "Pacific/Tahiti" and data["starts"] == "2027-03-15" and data["is_current"] is True
    )
    assert data["name"] == {"fr": event.name["fr"], "en": event.name["en"]}
    assert len(data["sessions"]) == len(event.sessions)
    assert data["sessions"][0]["starts"] == "2027-03-15T07:30:00-10:00"
    assert [c["id"] for c in data["challenges"]] == [c.key for c in event.challenges]
    assert [p["id"] for p in data["prizes"]] == [p.key for p in event.prizes]
    assert len(data["jury"]) == len(event.jury) and len(data["mentors"]) == len(event.mentors)
    assert len(data["rules"]) == len(event.rules) and len(data["faq"]) == len(event.faq)
    assert data["venue"]["address"] == event.venue_address
    assert data["links"]["calendar"]["fr"].endswith(f"/events/{DEMO_SLUG}.ics?lang=fr")
    assert data["results"] is None
    # A text given once for every language is repeated in both.
    ena = client.get("/events/ena-inet-2019.json").json()
    assert all(set(s["title"]) == {"fr", "en"} for s in ena["sessions"])


# ------------------------------------------------------------------ escaping


def test_pack_text_is_escaped_everywhere(migrated_db_url: str, tmp_path: Path) -> None:
    raw = yaml.safe_load(DEMO_PACK.read_text(encoding="utf-8"))
    raw["event"]["slug"] = "escaping"
    raw["event"]["name"] = {
        "fr": "<script>alert('fr')</script> Hack",
        "en": "<script>alert('en')</script> Hack",
    }
    raw["sessions"][0]["title"] = {
        "fr": "Café, thé; et \\ <b>gras</b>",
        "en": "Coffee, tea; and \\ <b>bold</b>",
    }
    raw["sessions"][0]["description"] = {
        "fr": "Ligne 1\nLigne 2 " + "é" * 80,
        "en": "Line 1\nLine 2 " + "é" * 80,
    }
    raw["event"]["venue"]["map_url"] = "javascript:alert(1)"
    pack = tmp_path / "escaping.yml"
    pack.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    load_packs(migrated_db_url, [pack], current=pack)
    with TestClient(create_app(database_url=migrated_db_url, rasa_url=NO_RASA)) as client:
        page = client.get("/?lang=en").text
        assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;en&#39;)&lt;/script&gt; Hack" in page
        assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
        assert "javascript:" not in page
        assert "<script>" not in client.get("/events?lang=en").text
        calendar = parse_calendar(client.get("/events/escaping.ics?lang=fr").text)
        first = calendar.walk("VEVENT")[0]
        assert str(first["SUMMARY"]) == "Café, thé; et \\ <b>gras</b>"
        assert str(first["DESCRIPTION"]).startswith("Ligne 1\nLigne 2 " + "é" * 80)
        assert str(calendar["X-WR-CALNAME"]) == "<script>alert('fr')</script> Hack"
        assert client.get("/events/escaping.json").json()["name"]["en"] == "<script>alert('en')</script> Hack"


# ------------------------------------------------------------------ the chat box


class FakeRasa:
    """Rasa's REST channel on localhost: records requests; answers "boom" with HTTP 500."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length))
                fake.requests.append({"path": self.path, "body": body})
                if body.get("message") == "boom":
                    self._send(500, b'{"error": "boom"}')
                    return
                answer = [
                    {"recipient_id": body["sender"], "text": f"echo: {body['message']}"},
                    {
                        "recipient_id": body["sender"],
                        "text": "Which one?",
                        "buttons": [{"title": "Challenge 1", "payload": '/ask_challenge{"challenge":"a"}'}],
                    },
                ]
                self._send(200, json.dumps(answer).encode())

            def _send(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeRasa:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_the_chat_talks_to_rasa_as_one_web_sender_in_the_page_language(db: str) -> None:
    with FakeRasa() as rasa, TestClient(create_app(database_url=db, rasa_url=rasa.url + "/")) as browser:
        browser.get("/?lang=fr")
        response = browser.post("/chat", json={"message": "  Quel est le programme ?  "})
        assert response.status_code == 200
        assert response.json() == {
            "messages": [
                {"text": "echo: Quel est le programme ?", "buttons": []},
                {
                    "text": "Which one?",
                    "buttons": [{"title": "Challenge 1", "payload": '/ask_challenge{"challenge":"a"}'}],
                },
            ]
        }
        assert "httponly" in response.headers["set-cookie"].lower()
        first = rasa.requests[0]
        assert first["path"] == "/webhooks/rest/webhook"
        assert first["body"]["message"] == "Quel est le programme ?"
        assert first["body"]["metadata"] == {"language_code": "fr"}
        sender = first["body"]["sender"]
        assert re.fullmatch(r"web-[A-Za-z0-9_-]{32}", sender)
        cookie = browser.cookies[CHAT_COOKIE]
        assert cookie not in sender  # the visitor's credential never reaches Rasa nor the database
        # The same browser keeps its sender; the page's language goes with the message.
        browser.post("/chat", json={"message": "/ask_challenge", "lang": "en"})
        assert rasa.requests[1]["body"]["sender"] == sender
        assert rasa.requests[1]["body"]["metadata"] == {"language_code": "en"}
    with FakeRasa() as rasa, TestClient(create_app(database_url=db, rasa_url=rasa.url)) as other:
        other.post("/chat", json={"message": "hello"}, headers={"accept-language": "en"})
        assert rasa.requests[0]["body"]["sender"] != sender
        assert rasa.requests[0]["body"]["metadata"] == {"language_code": "en"}


def test_an_organisers_reply_shows_once_when_the_page_opens_or_with_the_next_answer(db: str) -> None:
    with (
        FakeRasa() as rasa,
        TestClient(create_app(database_url=db, rasa_url=rasa.url, identity_key="k")) as browser,
    ):
        assert browser.post("/chat/replies").json() == {"messages": []}  # no cookie yet: nothing
        browser.post("/chat", json={"message": "Is there a cloakroom?", "lang": "en"})
        sender = rasa.requests[0]["body"]["sender"]
        assert sender == sender_of(browser.cookies[CHAT_COOKIE], "k")
        engine = make_engine(db)

        def answered(text: str, reply: str) -> None:
            with session_scope(engine) as session:
                event = get_event(session, DEMO_SLUG)
                assert event is not None
                questions.record(session, event, Asker("web", sender), "en", text)
                passed = questions.pass_on(session, event, Asker("web", sender))
                assert passed is not None
                questions.answer(session, event, passed.id, reply, by="cli")

        try:
            answered("Is there a cloakroom?", "Yes, at the entrance.")
            shown = t("inbox_reply", "en", question="Is there a cloakroom?", answer="Yes, at the entrance.")
            assert browser.post("/chat/replies").json() == {"messages": [{"text": shown, "buttons": []}]}
            assert browser.post("/chat/replies").json() == {"messages": []}  # once
            answered("Showers?", "No, sorry.")
            messages = browser.post("/chat", json={"message": "thanks", "lang": "en"}).json()["messages"]
            later = t("inbox_reply", "en", question="Showers?", answer="No, sorry.")
            assert [m["text"] for m in messages] == [later, "echo: thanks", "Which one?"]
        finally:
            engine.dispose()


def test_a_visitors_sender_is_a_keyed_hash_of_their_cookie() -> None:
    assert sender_of("cookie-value-123456", "key one") == sender_of("cookie-value-123456", "key one")
    assert sender_of("cookie-value-123456", "key one") != sender_of("cookie-value-123456", "key two")
    assert sender_of("cookie-value-123456", "key one") != sender_of("cookie-value-123457", "key one")
    assert "cookie-value" not in sender_of("cookie-value-123456", "key one")


def test_the_chat_apologises_when_rasa_is_down_or_fails(db: str, caplog: pytest.LogCaptureFixture) -> None:
    down = f"http://127.0.0.1:{free_port()}"
    with TestClient(create_app(database_url=db, rasa_url=down)) as browser:
        response = browser.post("/chat?lang=en", json={"message": "hello"})
        assert response.status_code == 503
        data = response.json()
        assert data["error"] == "assistant_unavailable"
        assert data["messages"][0]["text"].startswith("Sorry, the assistant cannot answer")
        assert data["apology"]["fr"].startswith("Désolé") and data["apology"]["en"].startswith("Sorry")
    assert "does not answer" in caplog.text
    with FakeRasa() as rasa, TestClient(create_app(database_url=db, rasa_url=rasa.url)) as browser:
        response = browser.post("/chat", json={"message": "boom", "lang": "fr"})
        assert response.status_code == 502
        assert response.json()["messages"][0]["text"].startswith("Désolé")


def test_a_visitor_chatting_too_fast_is_asked_to_wait_and_nothing_reaches_rasa(db: str) -> None:
    with (
        FakeRasa() as rasa,
        TestClient(create_app(database_url=db, rasa_url=rasa.url, chat_limit=1)) as browser,
    ):
        for _ in range(CHAT_BURST):
            assert browser.post("/chat?lang=en", json={"message": "hello"}).status_code == 200
        refused = browser.post("/chat?lang=en", json={"message": "hello"})
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "60"
        data = refused.json()
        assert data["error"] == "too_many_messages"
        assert data["messages"][0]["text"] == t("web_chat_too_fast", "en", seconds=60)
        assert data["apology"]["fr"] == t("web_chat_too_fast", "fr", seconds=60)
        assert len(rasa.requests) == CHAT_BURST


def test_the_chat_limit_comes_from_the_environment() -> None:
    assert chat_per_minute({}) == 20
    assert chat_per_minute({"HACKBOT_CHAT_PER_MINUTE": "90"}) == 90


def test_the_chat_refuses_what_is_not_a_question(client: TestClient) -> None:
    assert client.post("/chat", json={"message": "   "}).status_code == 400
    assert client.post("/chat", json={"text": "hello"}).status_code == 400
    assert client.post("/chat", json=["hello"]).status_code == 400
    assert client.post("/chat", json={"message": "x" * 1001}).status_code == 400
    assert (
        client.post("/chat", content=b"x" * 20_000, headers={"content-type": "application/json"}).status_code
        == 413
    )
    refused = client.post("/chat", data={"message": "hello"})  # a form post from another site
    assert refused.status_code == 415
    assert "1000" in refused.json()["messages"][0]["text"]
    assert client.get("/chat").status_code == 405


# ------------------------------------------------------------------ serving


def test_web_port_from_the_environment() -> None:
    assert web_port({}) == DEFAULT_PORT == 8000
    assert web_port({"HACKBOT_WEB_PORT": "8123"}) == 8123


def test_served_by_uvicorn(db: str) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.web", "--port", str(port), "--database-url", db, "--rasa-url", NO_RASA],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/?lang=en", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "the web server did not start"
                time.sleep(0.1)
        assert response.status_code == 200 and "Fenua Public Innovation Hackathon 2027" in response.text
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize(("lang", "heading", "controller"), [
    ("fr", "Vos données personnelles", "Ministère de la Fonction publique"),
    ("en", "Your personal data", "Ministry of the Civil Service"),
])  # fmt: skip
def test_the_event_page_carries_the_privacy_notice_in_its_language(
    client: TestClient, lang: str, heading: str, controller: str
) -> None:
    page = text_of(client.get(f"/?lang={lang}").text)
    notice = page[page.index(heading) :]
    assert controller in notice and "hackathon-fenua@example.org" in notice
    assert ("180 jours" if lang == "fr" else "180 days") in notice
    assert ("CNIL" in notice) and ("/forget" in notice)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_methods_page_has_a_card_per_method_by_stage_in_the_pages_language(
    client: TestClient, lang: str
) -> None:
    from bot.methods.catalogue import STAGES, load_catalogue

    response = client.get(f"/methods?lang={lang}")
    assert response.status_code == 200
    page = response.text
    heading = re.search(r"<h1>(.*?)</h1>", page)
    assert (
        f'<html lang="{lang}">' in page
        and heading
        and text_of(heading.group(1)) == t("web_methods_heading", lang)
    )
    assert f'<a href="/methods" aria-current="page">{t("web_nav_methods", lang)}</a>' in page
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in page
    for stage in STAGES:
        assert re.search(rf'<h2 id="stage-{stage}">[^<]+</h2>', page)
        assert t(f"method_stage_{stage}", lang) in text_of(page)
    text = text_of(page)
    for method in load_catalogue().methods:
        assert f'<article id="{method.id}"' in page  # the assistant's links point here
        assert method.name[lang] in text and method.steps[0][lang] in text and method.source.url in page
    assert page.count("<article ") == sum(len(m.stages) for m in load_catalogue().methods)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_methods_page_shows_the_current_events_catalogue_without_its_hidden_methods(
    migrated_db_url: str, lang: str
) -> None:
    engine = make_engine(migrated_db_url)
    try:
        with session_scope(engine) as session:
            load_pack(session, pack_of(demo_data(methods_section())), make_current=True)
    finally:
        engine.dispose()
    with TestClient(create_app(database_url=migrated_db_url, rasa_url=NO_RASA)) as client:
        page = client.get(f"/methods?lang={lang}").text
    for stage in ADDED["stages"]:  # under each stage it serves, in the page's language
        section = page.split(f'<h2 id="stage-{stage}">', 1)[1].split("<h2 ", 1)[0]
        assert f'<article id="{ADDED["id"]}"' in section
    assert ADDED["name"][lang] in text_of(page) and ADDED["steps"][0][lang] in text_of(page)
    for hidden in HIDDEN:
        assert f'<article id="{hidden}"' not in page
    assert '<article id="user-interviews"' in page
