"""`hackbot event new`: a starter pack with every section in both languages, valid as it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support.cli_runs import run_cli as run

from bot.events.pack import parse_pack_text
from bot.events.starter import starter_pack

TODAY = dt.date(2027, 1, 10)


@pytest.mark.parametrize(
    ("slug", "timezone", "starts"),
    [
        ("my-jam", "Europe/Paris", None),
        ("hack-2030", "Pacific/Tahiti", "2030-02-27"),
        ("x", "UTC", "2027-01-10"),
    ],
)
def test_the_starter_pack_is_valid_as_it_is_with_every_section_in_both_languages(
    slug: str, timezone: str, starts: str | None
) -> None:
    pack = parse_pack_text(starter_pack(slug, today=TODAY, starts=starts, timezone=timezone), "starter.yml")
    assert pack.warnings == []  # every session within the event's dates
    assert (pack.event.slug, pack.event.timezone) == (slug, timezone)
    first = dt.date.fromisoformat(starts) if starts else TODAY + dt.timedelta(days=30)
    assert (pack.event.starts, pack.event.ends) == (first, first + dt.timedelta(days=2))
    assert pack.teams is not None and pack.results is not None and not pack.results.published
    for part in (pack.sessions, pack.challenges, pack.rules, pack.faq, pack.mentors, pack.jury, pack.prizes):
        assert part
    assert all(set(s.title) == {"fr", "en"} for s in pack.sessions)
    assert all(set(item.question) == {"fr", "en"} and set(item.answer) == {"fr", "en"} for item in pack.faq)


def test_event_new_writes_the_pack_and_never_overwrites_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    target = tmp_path / "jam.yml"
    code, out, _ = run(capsys, url, "event", "new", "jam-2031", "-o", str(target), "--starts", "2031-05-12")
    assert code == 0 and "hackbot event validate" in out
    assert (tmp_path / "event-pack.schema.json").exists()  # the pack's first line points editors to it
    assert target.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=event-pack.schema.json\n"
    )
    assert run(capsys, url, "event", "validate", str(target))[1].startswith("OK: jam-2031, 8 sessions")
    before = target.read_text(encoding="utf-8")
    code, _, err = run(capsys, url, "event", "new", "other", "-o", str(target))
    assert code == 2 and "exists already" in err and target.read_text(encoding="utf-8") == before
    code, out, _ = run(capsys, url, "event", "new", "printed")
    assert code == 0 and "slug: printed" in out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["My Jam"], "'My Jam' is not a valid id"),
        (["jam", "--timezone", "Europe/Pariss"], "did you mean Europe/Paris?"),
        (["jam", "--starts", "12/05/2031"], "is not a date; write YYYY-MM-DD"),
        (["jam", "-o", "no-such-folder/jam.yml"], "there is no folder no-such-folder"),
    ],
)
def test_event_new_says_what_is_wrong_with_its_arguments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    code, out, err = run(capsys, f"sqlite:///{tmp_path / 'unused.sqlite3'}", "event", "new", *args)
    assert code == 2 and said in err and out == ""
