"""`hackbot results show|publish|unpublish` end to end: exit codes, output, database, audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select
from support.cli_runs import audit_entries as audit
from support.cli_runs import run_cli as run
from support.packs import DEMO_PACK

from bot.core.db import make_engine, session_scope
from bot.core.models import OutboxMessage
from bot.events import subscriptions
from bot.events.loader import load_pack
from bot.events.lookup import get_event
from bot.events.pack import parse_pack

SLUG = "fenua-innovation-2027"
TEAMS = ("Te Ara (illustrative)", "Motu Connect (illustrative)", "Reo Ora (illustrative)")


@pytest.fixture
def url(migrated_db_url: str) -> str:
    engine = make_engine(migrated_db_url)
    with session_scope(engine) as session:
        event = load_pack(session, parse_pack(DEMO_PACK), make_current=True).event
        subscriptions.subscribe(session, event, 1001, language="fr")
        subscriptions.subscribe(session, event, 1002, language="en")
        subscriptions.subscribe(session, event, -500, language="fr", chat_type="group")
    engine.dispose()
    return migrated_db_url


def published(url: str) -> bool:
    engine = make_engine(url)
    with session_scope(engine) as session:
        event = get_event(session, SLUG)
        assert event is not None and event.results is not None
        value = event.results.published
    engine.dispose()
    return value


def outbox(url: str) -> dict[int, str]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        rows = {row.chat_id: row.text for row in session.scalars(select(OutboxMessage))}
    engine.dispose()
    return rows


def test_show_prints_the_unpublished_palmares_for_organisers(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, url, "results", "show", SLUG)
    assert (code, err) == (0, "")
    assert out.startswith(f"{SLUG}: results NOT published")
    assert "[fr]\nLe palmarès :" in out and "[en]\nThe winners:" in out
    assert all(team in out for team in TEAMS) and "What happens next: The three winning projects" in out
    assert "3 subscribed chat(s)" in out
    code, out, _ = run(capsys, url, "results", "show", SLUG, "--language", "en")
    assert code == 0 and "[en]" in out and "[fr]" not in out
    assert not published(url) and audit(url) == [("cli", "results.viewed")] * 2


def test_publish_then_unpublish(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, url, "results", "publish", SLUG) == (
        0,
        f"Results of {SLUG} published (3 award(s)).\n",
        "",
    )
    assert published(url) and outbox(url) == {}, "no announcement unless asked"
    code, out, _ = run(capsys, url, "results", "publish", SLUG)
    assert code == 0 and "published again" in out
    code, out, _ = run(capsys, url, "results", "show", SLUG)
    assert out.startswith(f"{SLUG}: results published (")

    code, out, _ = run(capsys, url, "results", "unpublish", SLUG)
    assert code == 0 and out.startswith(f"The results of {SLUG} are hidden again.")
    assert not published(url)
    assert run(capsys, url, "results", "unpublish", SLUG) == (
        0,
        f"The results of {SLUG} are not published: nothing to hide.\n",
        "",
    )
    assert audit(url) == [
        ("cli", "results.published"),
        ("cli", "results.published"),
        ("cli", "results.viewed"),
        ("cli", "results.unpublished"),
    ]


def test_publish_and_announce_queues_one_message_per_subscriber_in_their_language(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, url, "results", "publish", SLUG, "--announce")
    assert (code, err) == (0, "")
    assert "queued for 3 subscribed chat(s)" in out
    rows = outbox(url)
    assert set(rows) == {1001, 1002, -500}
    assert rows[1001].startswith("🏆 Les résultats de « Hackathon Fenua Innovation publique 2027 »")
    assert rows[1002].startswith("🏆 The results of “Fenua Public Innovation Hackathon 2027” are out!")
    assert rows[-500] == rows[1001]
    assert all(team in rows[1002] for team in TEAMS)
    assert audit(url) == [("cli", "results.published"), ("cli", "broadcast.queued")]


def test_unknown_event_and_nothing_to_publish(
    url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for command in ("show", "publish", "unpublish"):
        code, out, err = run(capsys, url, "results", command, "no-such-event")
        assert (code, out) == (2, "") and "No event has the slug 'no-such-event'" in err
    data = yaml.safe_load(DEMO_PACK.read_text(encoding="utf-8"))
    data["event"]["slug"] = "no-awards"
    data["results"]["awards"] = []
    pack = tmp_path / "no-awards.yml"
    pack.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert run(capsys, url, "event", "load", str(pack))[0] == 0
    code, out, err = run(capsys, url, "results", "publish", "no-awards", "--announce")
    assert (code, out) == (2, "") and "has no awards to publish" in err and "Nothing was published" in err
    assert outbox(url) == {} and not any(action == "results.published" for _, action in audit(url))


def test_the_schema_must_exist(fresh_db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, fresh_db_url, "results", "show", SLUG)
    assert code == 1 and "no tables yet" in err


def test_a_corrected_pack_is_published_again(
    url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, url, "results", "publish", SLUG)[0] == 0
    data = yaml.safe_load(DEMO_PACK.read_text(encoding="utf-8"))
    data["results"]["awards"][0]["team"] = "Te Ara Hou"
    pack = tmp_path / "corrected.yml"
    pack.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, _ = run(capsys, url, "event", "load", str(pack))
    assert code == 0 and "the published results changed" in out
    code, out, _ = run(capsys, url, "results", "publish", SLUG, "--announce")
    assert code == 0 and "published again" in out
    assert all("Te Ara Hou" in text and "Te Ara (illustrative)" not in text for text in outbox(url).values())
    assert [action for _, action in audit(url)] == [
        "results.published",
        "results.changed",
        "results.published",
        "broadcast.queued",
    ]
