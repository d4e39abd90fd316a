"""End to end over REST with the real stack: the results embargo, publication and earlier editions.

One stack for the module (the trained model, the action server, the Rasa server) against a database
holding the demo pack (current) and both shared packs. Every phrasing of `results_phrasings` is asked
in its language before publication (whatever intent the model gives it, no answer reveals a winner,
project or follow-up), then the demo's results are published with `hackbot results publish` and the
same questions get the facts; earlier editions are named by their year; unpublishing hides them again.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.databases import BACKENDS
from support.e2e_stack import Assistant, running_assistant, stack_database
from support.packs import DEMO_PACK, SHARED_EVENTS
from support.results_phrasings import PHRASINGS, Phrasing, revealed

from bot.cli import main as cli
from bot.core.db import make_engine, session_scope
from bot.core.i18n import localize
from bot.core.migrations import upgrade
from bot.core.models import Event
from bot.core.texts import t
from bot.events import lookup
from bot.events.loader import load_pack
from bot.events.pack import parse_pack

pytestmark = pytest.mark.e2e

FROZEN_NOW = "2027-03-17T18:30"  # the demo event's last evening, after the ceremony
DEMO, ENA, INAP = "fenua-innovation-2027", "ena-inet-2019", "digital-leadership-2021"


@pytest.fixture(scope="module", params=BACKENDS)
def assistant(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Assistant]:
    if not SHARED_EVENTS.is_dir():
        pytest.skip(f"needs the shared packs in {SHARED_EVENTS}")
    workdir = tmp_path_factory.mktemp("e2e-results")
    with stack_database(request.param, workdir) as url:
        upgrade(url)
        engine = make_engine(url)
        with session_scope(engine) as session:
            for slug in (ENA, INAP):
                load_pack(session, parse_pack(SHARED_EVENTS / f"{slug}.yml"))
            load_pack(session, parse_pack(DEMO_PACK), make_current=True)
        engine.dispose()
        with running_assistant(url, FROZEN_NOW, workdir) as assistant:
            yield assistant


def event(assistant: Assistant, slug: str) -> Event:
    engine = make_engine(assistant.url)
    try:
        with session_scope(engine) as session:
            found = lookup.get_event(session, slug)
    finally:
        engine.dispose()
    assert found is not None
    return found


def hackbot(assistant: Assistant, *args: str) -> None:
    assert cli.main(["--database-url", assistant.url, *args]) == 0


def ask(assistant: Assistant, phrasing: Phrasing) -> str:
    return assistant.ask(phrasing.text, language_code=phrasing.lang)


def test_results_embargo_publication_and_earlier_editions(assistant: Assistant) -> None:
    demo, ena, inap = (event(assistant, slug) for slug in (DEMO, ENA, INAP))

    # Before publication: nothing revealed, whatever the phrasing and the intent the model gives it.
    for phrasing in PHRASINGS:
        answer = ask(assistant, phrasing)
        for secret_holder in (demo, ena, inap):
            assert not revealed(answer, secret_holder), (phrasing.text, answer)
        if phrasing.routed_intent in ("ask_results", "ask_follow_up"):
            assert answer == t("results_not_public", phrasing.lang), (phrasing.text, answer)

    # Published with the command line: the same questions get the facts.
    hackbot(assistant, "results", "publish", DEMO)
    demo = event(assistant, DEMO)
    assert demo.results is not None
    checked = 0
    for phrasing in PHRASINGS:
        answer = ask(assistant, phrasing)
        assert not revealed(answer, ena) and not revealed(answer, inap), phrasing.text
        if phrasing.routed:  # misrouted by the model this test was written with
            continue
        checked += 1
        if phrasing.follow_up:
            assert localize(demo.results.follow_up, phrasing.lang, demo.languages) in answer, phrasing.text
        else:
            winners = [a for a in demo.awards if a.team in answer]
            assert winners, (phrasing.text, answer)
            for award in winners:
                assert localize(award.prize.name, phrasing.lang, demo.languages) in answer
    assert checked >= 30

    # Earlier editions: the 2019 one once published, the 2021 one never (not published).
    hackbot(assistant, "results", "publish", ENA)
    answer = assistant.ask("who won in 2019?", language_code="en")
    assert all(award.team in answer for award in ena.awards) and "Public policy in 3 hacks" in answer
    answer = assistant.ask("qui a gagné le hackathon de Strasbourg ?", language_code="fr")
    assert all(award.team in answer for award in ena.awards)
    answer = assistant.ask("qui a gagné en 2021 ?", language_code="fr")
    assert answer.endswith(t("results_not_public", "fr")) and not revealed(answer, inap)
    answer = assistant.ask("who won?", language_code="en")
    assert not revealed(answer, ena), "without a year or a name: the current event"

    # Hidden again: back to "not public".
    hackbot(assistant, "results", "unpublish", DEMO)
    for text, lang in (("who won?", "en"), ("le palmarès", "fr")):
        answer = assistant.ask(text, language_code=lang)
        assert answer == t("results_not_public", lang) and not revealed(answer, demo)
