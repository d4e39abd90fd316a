"""End to end: the real action server and Rasa server, asked real questions over REST.

One stack is started for the module, on free ports, against a SQLite file
holding the demo pack and both shared packs; tests switch the current event in
the database (as `hackbot event use` does) and check that the answers change
with no retraining. Facts expected in answers are read from the packs, never
written into the tests.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from sqlalchemy import delete
from support.databases import BACKENDS
from support.e2e_stack import Assistant, running_assistant, stack_database
from support.packs import DEMO_PACK, SHARED_EVENTS
from support.ports import free_port

from bot.cli import main as cli
from bot.cli.chat import Conversation, repl
from bot.core.clock import utcnow
from bot.core.db import PROJECT_ROOT, make_engine, session_scope
from bot.core.migrations import upgrade
from bot.core.models import Broadcast, OutboxMessage
from bot.core.secrets import ACTIONS_SECRET_HEADER
from bot.core.timefmt import format_time_range
from bot.events.loader import load_pack
from bot.events.lookup import current_event
from bot.events.pack import parse_pack
from bot.rasa_client import RasaClient

pytestmark = pytest.mark.e2e

MODEL = PROJECT_ROOT / "models" / "hackbot.tar.gz"
RASA = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
# Frozen clock (event-local): the first day of the INAP pack, during lunch.
FROZEN_NOW = "2021-09-20T12:45"
SHARED_PACKS = ("digital-leadership-2021", "ena-inet-2019")


def pack_data(path: Path) -> dict:  # type: ignore[type-arg]
    data: dict = yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return data


def text_in(value: str | dict[str, str], lang: str) -> str:
    return value if isinstance(value, str) else value.get(lang) or next(iter(value.values()))


@pytest.fixture(scope="module", params=BACKENDS)
def assistant(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Assistant]:
    """The stack on the demo pack and both shared packs, on SQLite and (with TEST_DATABASE_URL) PostgreSQL."""
    if not SHARED_EVENTS.is_dir():
        pytest.skip(f"needs the shared packs in {SHARED_EVENTS}")
    workdir = tmp_path_factory.mktemp("e2e")
    with stack_database(request.param, workdir) as url:
        upgrade(url)
        engine = make_engine(url)
        with session_scope(engine) as session:
            for slug in SHARED_PACKS:
                load_pack(session, parse_pack(SHARED_EVENTS / f"{slug}.yml"))
            load_pack(session, parse_pack(DEMO_PACK), make_current=True)
        engine.dispose()
        with running_assistant(url, FROZEN_NOW, workdir) as assistant:
            yield assistant


def final_pitch(pack: dict) -> dict:  # type: ignore[type-arg]
    return max((s for s in pack["sessions"] if s.get("kind") == "pitch"), key=lambda s: s["starts"])


def test_final_pitches_time_comes_from_the_demo_pack(assistant: Assistant) -> None:
    assistant.use(parse_pack(DEMO_PACK).event.slug)
    session = final_pitch(pack_data(DEMO_PACK))
    spec = next(s for s in parse_pack(DEMO_PACK).sessions if s.id == session["id"])
    answer = assistant.ask("When are the final pitches?")
    assert format_time_range(spec.starts, spec.ends, "en") in answer
    assert text_in(session["title"], "en") in answer


def test_challenges_in_french_list_the_demo_challenges(assistant: Assistant) -> None:
    assistant.use(parse_pack(DEMO_PACK).event.slug)
    answer = assistant.ask("Quels sont les défis ?")
    for challenge in pack_data(DEMO_PACK)["challenges"]:
        assert text_in(challenge["title"], "fr") in answer


def test_loading_another_event_changes_the_answers_without_retraining(assistant: Assistant) -> None:
    assistant.use(parse_pack(DEMO_PACK).event.slug)
    ena = SHARED_EVENTS / "ena-inet-2019.yml"
    assert cli.main(["--database-url", assistant.url, "event", "load", str(ena), "--current"]) == 0
    answer = assistant.ask("Quels sont les défis ?")
    for challenge in pack_data(SHARED_EVENTS / "ena-inet-2019.yml")["challenges"]:
        assert text_in(challenge["title"], "fr") in answer
    for challenge in pack_data(DEMO_PACK)["challenges"]:
        assert text_in(challenge["title"], "fr") not in answer


@pytest.mark.parametrize("slug", SHARED_PACKS)
@pytest.mark.parametrize(
    ("lang", "question"),
    [("en", "What are the challenges?"), ("fr", "Quels sont les défis proposés ?")],
)
def test_challenges_of_each_shared_pack_in_each_language(
    assistant: Assistant, slug: str, lang: str, question: str
) -> None:
    assistant.use(slug)
    answer = assistant.ask(question)
    for challenge in pack_data(SHARED_EVENTS / f"{slug}.yml")["challenges"]:
        assert text_in(challenge["title"], lang) in answer


@pytest.mark.parametrize(
    ("lang", "question"),
    [("en", "When is the award ceremony?"), ("fr", "À quelle heure est la remise des prix ?")],
)
def test_session_time_in_each_language(assistant: Assistant, lang: str, question: str) -> None:
    assistant.use("ena-inet-2019")
    pack = parse_pack(SHARED_EVENTS / "ena-inet-2019.yml")
    awards = next(s for s in pack.sessions if s.id == "awards")
    answer = assistant.ask(question)
    assert format_time_range(awards.starts, awards.ends, lang) in answer


def test_now_and_next_follow_the_frozen_clock(assistant: Assistant) -> None:
    assistant.use("digital-leadership-2021")
    pack = pack_data(SHARED_EVENTS / "digital-leadership-2021.yml")
    titles = {s["id"]: text_in(s["title"], "en") for s in pack["sessions"]}
    now = assistant.ask("What's happening right now?")
    assert titles["lunch-1"] in now
    after = assistant.ask("What's next?")
    assert titles["hacking-day-2"] in after or titles["lunch-1"] not in after


def test_channel_language_code_picks_the_reply_language(assistant: Assistant) -> None:
    assistant.use("digital-leadership-2021")
    pack = pack_data(SHARED_EVENTS / "digital-leadership-2021.yml")
    answer = assistant.ask("challenges", language_code="fr-FR")
    assert text_in(pack["challenges"][0]["title"], "fr") in answer
    answer = assistant.ask("défis", language_code="en")
    assert text_in(pack["challenges"][0]["title"], "en") in answer


def test_user_can_switch_language_by_asking(assistant: Assistant) -> None:
    assistant.use("digital-leadership-2021")
    pack = pack_data(SHARED_EVENTS / "digital-leadership-2021.yml")
    sender = f"switch-{uuid.uuid4().hex[:8]}"
    assistant.ask("Bonjour", sender=sender)
    assistant.ask("Can you speak English please?", sender=sender)
    answer = assistant.ask("Quels sont les défis ?", sender=sender)
    assert text_in(pack["challenges"][0]["title"], "en") in answer


RESULT_QUESTIONS = [
    "Who won?",
    "Who won the jury prize?",
    "What are the results of the hackathon?",
    "What happens to the projects after the event?",
    "Qui a gagné ?",
    "Quel est le palmarès ?",
    "Quelle équipe a remporté le prix ?",
    "Que deviennent les projets après le hackathon ?",
]


@pytest.mark.parametrize("slug", SHARED_PACKS)
def test_unpublished_results_never_reach_anyone(assistant: Assistant, slug: str) -> None:
    assistant.use(slug)
    results = pack_data(SHARED_EVENTS / f"{slug}.yml")["results"]
    assert not results.get("published")
    secrets = [award["team"] for award in results["awards"]]
    secrets += [
        text_in(award["project"], lang)
        for award in results["awards"]
        if "project" in award
        for lang in ("fr", "en")
    ]
    secrets += [text_in(results["follow_up"], lang)[:40] for lang in ("fr", "en")]
    for question in RESULT_QUESTIONS:
        answer = assistant.ask(question)
        for secret in secrets:
            assert secret not in answer, f"{question!r} leaked {secret!r}"


def test_unanswerable_question_gets_an_honest_fallback(assistant: Assistant) -> None:
    assistant.use("digital-leadership-2021")
    pack = pack_data(SHARED_EVENTS / "digital-leadership-2021.yml")
    answer = assistant.ask("What's the weather like in Lisbon tomorrow?")
    for challenge in pack["challenges"]:
        assert text_in(challenge["title"], "en") not in answer
    assert answer.strip()


def test_terminal_chat_numbers_buttons_and_a_number_presses_one(assistant: Assistant) -> None:
    assistant.use("digital-leadership-2021")
    pack = pack_data(SHARED_EVENTS / "digital-leadership-2021.yml")
    typed = iter(["What are the challenges?", "2", "/quit"])
    out = io.StringIO()
    repl(
        Conversation(RasaClient(assistant.stack.config.rasa_url), f"terminal-{uuid.uuid4().hex[:8]}"),
        read=lambda _: next(typed),
        out=out,
    )
    transcript = out.getvalue()
    second = pack["challenges"][1]
    assert "[2] " in transcript
    # Pressing 2 sent that button's payload: the answer details the second challenge.
    details = transcript.split("[2] ")[-1]
    assert text_in(second["summary"], "en") in details


def test_rasas_api_when_on_reads_no_conversation_without_its_token(assistant: Assistant) -> None:
    config = assistant.stack.config
    assistant.ask("hello", sender="doors-1")
    url = f"{config.rasa_url}/conversations/doors-1/tracker"
    assert httpx.get(url, timeout=30).status_code == 401
    assert httpx.get(url, params={"token": "not-the-token"}, timeout=30).status_code == 401
    tracker = httpx.get(url, params={"token": config.rasa_token}, timeout=30)
    assert tracker.status_code == 200 and tracker.json()["sender_id"] == "doors-1"


def test_the_action_server_runs_nothing_without_the_stacks_secret(assistant: Assistant) -> None:
    config = assistant.stack.config
    tracker = {
        "sender_id": "telegram-42",
        "slots": {},
        "latest_message": {"text": "hello", "intent": {"name": "greet", "confidence": 1.0}},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": None,
    }
    forged = {"next_action": "action_my_team", "tracker": tracker, "domain": {}, "version": "3.6.21"}
    webhook = f"{config.actions_url}/webhook"
    assert httpx.post(webhook, json=forged, timeout=30).status_code == 401
    wrong = {ACTIONS_SECRET_HEADER: "guess"}
    assert httpx.post(webhook, json=forged, headers=wrong, timeout=30).status_code == 401
    right = {ACTIONS_SECRET_HEADER: config.actions_secret or ""}
    answered = httpx.post(webhook, json={**forged, "next_action": "action_greet"}, headers=right, timeout=30)
    assert answered.status_code == 200 and answered.json()["responses"]


def test_hackbot_status_says_ok_then_reports_a_stopped_service_and_a_stuck_outbox(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = assistant.stack.config
    monkeypatch.setenv("HACKBOT_RASA_PORT", str(config.rasa_port))
    monkeypatch.setenv("HACKBOT_ACTIONS_PORT", str(config.actions_port))
    monkeypatch.setenv("HACKBOT_WEB_PORT", "0")
    status = ["--database-url", assistant.url, "status"]
    assert cli.main(status) == 0
    out = capsys.readouterr().out
    assert "action server  up" in out and "Rasa server    up" in out and out.strip().endswith("status: OK")

    monkeypatch.setenv("HACKBOT_ACTIONS_PORT", str(free_port()))  # nothing answers there
    assert cli.main(status) == 1
    assert "action server  DOWN" in capsys.readouterr().out

    monkeypatch.setenv("HACKBOT_ACTIONS_PORT", str(config.actions_port))
    engine = make_engine(assistant.url)
    with session_scope(engine) as session:
        event = current_event(session)
        assert event is not None
        broadcast = Broadcast(event_id=event.id, kind="announcement", text="Lunch", created_by="cli")
        session.add(broadcast)
        session.flush()
        due = utcnow() - dt.timedelta(minutes=30)
        session.add_all(
            OutboxMessage(broadcast_id=broadcast.id, chat_id=9000 + i, text="Lunch", next_attempt_at=due)
            for i in range(3)
        )
    try:
        assert cli.main(status) == 1
        assert "outbox         STUCK  (3 pending, 0 failed, oldest due 30 min ago)" in capsys.readouterr().out
    finally:
        with session_scope(engine) as session:
            session.execute(delete(Broadcast).where(Broadcast.id == broadcast.id))
        engine.dispose()
