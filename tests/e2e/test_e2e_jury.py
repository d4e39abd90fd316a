"""From pitches to palmarès end to end: the real stack (model, action server, Rasa, the web site)
and the Telegram gateway against the fake Telegram Bot API server.

Three jurors score the pack's four teams on its three weighted criteria through the buttons, one
revises a card; the organiser closes voting, the palmarès /palmares proposes matches the ranking
computed by hand here, the organiser adopts it and publishes it with /publish_results. Before the
publication, no score, rank or winner appears in any answer (REST and Telegram, French and
English, results questions and others) nor on the web page; after it, the assistant and the web
page give the winners.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from support.e2e_stack import Assistant, running_assistant, stack_database
from support.fake_telegram import TOKEN, FakeTelegram, Limits
from support.jury_packs import ANNE, BRUNO, CHLOE, JURORS, T1, T2, T3, T4, TEAMS, load_jury_event
from support.results_phrasings import PHRASINGS
from support.telegram_chat import button, buttons, press, say
from support.telegram_runner import running_gateway

from bot.broadcast.limits import SendLimits
from bot.core.db import make_engine, session_scope
from bot.core.migrations import upgrade
from bot.core.texts import t
from bot.events import organisers
from bot.jury import links
from bot.telegram.config import TelegramConfig
from bot.telegram.jury import add_jury_commands
from bot.telegram.organisers import add_organiser_commands

pytestmark = pytest.mark.e2e

FROZEN_NOW = "2030-03-12T17:00"  # the jury event's last afternoon, after the pitches
ORGANISER = 840_001
PARTICIPANT = 840_002

SCORES = {
    # Weights 2-1-1 (impact, feasibility, pitch): each juror's weighted mean, by hand.
    ANNE: {T1: [5, 5, 5], T2: [4, 4, 4], T3: [3, 3, 3], T4: [2, 2, 2]},  # 5, 4, 3, 2
    BRUNO: {T1: [5, 4, 4], T2: [4, 4, 4], T3: [4, 3, 3], T4: [3, 3, 3]},  # 4.5, 4, 3.5, then revised
    CHLOE: {T1: [4, 4, 4], T2: [5, 5, 5], T3: [3, 3, 3], T4: [2, 2, 2]},  # 4, 5, 3, 2
}
REVISED = (BRUNO, T4, [1, 1, 1])
"""Bruno revises Open Fare from 3 to 1 before voting closes."""
MEANS = {T1: (5 + 4.5 + 4) / 3, T2: (4 + 4 + 5) / 3, T3: (3 + 3.5 + 3) / 3, T4: (2 + 1 + 2) / 3}
RANKED = sorted(MEANS, key=lambda team: -MEANS[team])
"""By hand: Les Débrouillards 4.5, Data Lagon 4.33, Guichet Unique 3.17, Open Fare 1.67."""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    workdir: Path = tmp_path_factory.mktemp("e2e-jury")
    # PostgreSQL when the suite has it (make test does), else SQLite: one stack is enough here.
    with stack_database("postgresql" if os.environ.get("TEST_DATABASE_URL") else "sqlite", workdir) as url:
        upgrade(url)
        engine = make_engine(url)
        with session_scope(engine) as session:
            event = load_jury_event(session)
            organisers.grant(session, event, ORGANISER, granted_by="cli")
            for name, user in JURORS.items():
                links.link(session, event, name, user, by="cli")
        engine.dispose()
        with running_assistant(url, FROZEN_NOW, workdir, web=True) as running:
            yield running


@pytest.fixture(scope="module")
def fake(assistant: Assistant) -> Iterator[FakeTelegram]:
    with FakeTelegram(limits=Limits(scale=10)).running() as server:
        config = TelegramConfig(
            token=TOKEN,
            api_base_url=server.base_url,
            rasa_url=assistant.stack.config.rasa_url,
            database_url=assistant.url,
            send_limits=SendLimits(scale=10),
        )
        with running_gateway(config, server, extensions=[add_organiser_commands, add_jury_commands]):
            yield server
        assert server.violations == []


def score(fake: FakeTelegram, juror: str, team: str, values: list[int], revising: bool = False) -> None:
    """/score, the team, a value per criterion, no comment, Confirm: the card recorded."""
    user = JURORS[juror]
    say(fake, user, "/score")
    prompt = press(fake, user, f"jt:{team}", replies=2 if revising else 1)[-1]
    for value in values:
        data = next(b["callback_data"] for b in buttons(prompt) if b["text"].split()[-1] == str(value))
        prompt = press(fake, user, data)[0]
    summary = press(fake, user, button(prompt, t("button_jury_no_comment", "en")))[0]
    done = press(fake, user, button(summary, t("button_jury_confirm", "en")))[0]["text"]
    name = TEAMS[[T1, T2, T3, T4].index(team)]
    assert done == t("jury_card_revised" if revising else "jury_card_recorded", "en", team=name)


SCORE_STRINGS = ("4.50", "4,50", "4.33", "4,33", "3.17", "3,17", "1.67", "1,67")
PROBES = [
    *((p.text, p.lang) for p in PHRASINGS),
    ("what did the jury think of Data Lagon?", "en"),
    ("quel est le classement du jury ?", "fr"),
    ("which team is first?", "en"),
    ("qui est en tête ?", "fr"),
]


def leaks(text: str) -> list[str]:
    """Any team's name or score found in a public answer (the pack lists the teams for judging only)."""
    return [secret for secret in (*TEAMS, *SCORE_STRINGS) if secret in text]


def probe_embargo(assistant: Assistant, fake: FakeTelegram) -> None:
    for text, lang in PROBES:
        answer = assistant.ask(text, language_code=lang)
        assert not leaks(answer), (text, answer)
    for text, lang in (("who won?", "en"), ("qui a gagné ?", "fr"), ("le classement", "fr")):
        for message in say(fake, PARTICIPANT, text, lang):
            assert not leaks(message["text"]), (text, message["text"])
    for lang in ("fr", "en"):
        page = httpx.get(assistant.web_url, params={"lang": lang}, timeout=30).text
        assert not leaks(page), lang
    # The participant is refused the organisers' and jurors' commands.
    assert say(fake, PARTICIPANT, "/palmares", "fr")[0]["text"] == t("organiser_only", "fr")
    assert say(fake, PARTICIPANT, "/jury", "en")[0]["text"] == t("organiser_only", "en")


def test_jurors_score_the_organiser_adopts_and_publishes_and_nothing_shows_before(
    assistant: Assistant, fake: FakeTelegram
) -> None:
    for juror, teams in SCORES.items():
        for team, values in teams.items():
            score(fake, juror, team, values)
    score(fake, REVISED[0], REVISED[1], REVISED[2], revising=True)
    probe_embargo(assistant, fake)

    confirm = say(fake, ORGANISER, "/close_voting")[0]
    closed = press(fake, ORGANISER, button(confirm, t("button_jury_confirm", "en")))[0]["text"]
    assert closed == t("jury_voting_closed_done", "en")

    proposal = say(fake, ORGANISER, "/palmares")[0]
    lines = proposal["text"].splitlines()
    names = {key: TEAMS[[T1, T2, T3, T4].index(key)] for key in RANKED}
    # The grand prize goes to the best team, each challenge's prize to its best team left.
    assert RANKED == [T1, T2, T3, T4]
    assert lines[1:5] == [
        t("jury_draft_line", "en", prize="Grand prize", outcome=names[T1]),
        t("jury_draft_line", "en", prize="Data prize", outcome=names[T2]),
        t("jury_draft_line", "en", prize="Access prize", outcome=names[T3]),
        t("jury_draft_line", "en", prize="Audience award", outcome=t("palmares_vote_none", "en")),
    ]
    adopted = press(fake, ORGANISER, button(proposal, t("button_palmares_adopt", "en")))[0]["text"]
    assert adopted == t("palmares_adopted", "en", count=3, event="Jury jam")
    probe_embargo(assistant, fake)

    preview = say(fake, ORGANISER, "/publish_results")[0]
    published = press(fake, ORGANISER, buttons(preview)[0]["callback_data"])[0]["text"]
    assert published == t("results_published", "en", name="Jury jam")

    for text, lang, prize in (("who won?", "en", "Grand prize"), ("qui a gagné ?", "fr", "Grand prix")):
        answer = assistant.ask(text, language_code=lang)
        assert all(name in answer for name in TEAMS[:3]) and prize in answer, answer
        telegram = say(fake, PARTICIPANT, text, lang)[0]["text"]
        assert all(name in telegram for name in TEAMS[:3]), telegram
    page = httpx.get(assistant.web_url, params={"lang": "fr"}, timeout=30).text
    assert all(name in page for name in TEAMS[:3]) and TEAMS[3] not in page
