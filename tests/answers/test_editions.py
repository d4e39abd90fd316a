"""Questions naming another edition (a year, a city, a name, "last year") are answered from that event's
published results, never its unpublished ones; other questions stay about the current event.

The database holds the demo pack (current, 2027, Papeete), the ENA-INET pack (2019, Strasbourg,
results published here) and the INAP pack (2021, Luxembourg, results not published).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session
from support.packs import DEMO_PACK, shared_pack
from support.results_phrasings import PHRASINGS, revealed

from bot.answers import editions
from bot.answers.editions import Ambiguous, Current, Missing, Other, answer_in_edition, named_edition
from bot.answers.prizes import answer_prizes
from bot.answers.replies import Ask, Reply
from bot.answers.results import answer_follow_up, answer_results
from bot.broadcast import publication
from bot.core.i18n import localize
from bot.core.models import Event
from bot.core.texts import t
from bot.events import lookup
from bot.events.loader import load_pack
from bot.events.pack import parse_pack

ENA, INAP, DEMO = "ena-inet-2019", "digital-leadership-2021", "fenua-innovation-2027"


@pytest.fixture
def loaded(session: Session) -> dict[str, Event]:
    load_pack(session, parse_pack(shared_pack("ena-inet-2019.yml")))
    load_pack(session, parse_pack(shared_pack("digital-leadership-2021.yml")))
    load_pack(session, parse_pack(DEMO_PACK), make_current=True)
    found = {slug: lookup.get_event(session, slug) for slug in (ENA, INAP, DEMO)}
    publication.publish(session, found[ENA], actor="cli")  # type: ignore[arg-type]
    return {slug: event for slug, event in found.items() if event is not None}


def answer(
    session: Session, question: str, lang: str = "en", function: Callable[[Ask], Reply] = answer_results
) -> str:
    current = lookup.current_event(session)
    assert current is not None
    ask = Ask(event=current, lang=lang, now=dt.datetime(2027, 3, 17, 18, 0), text=question)
    return answer_in_edition(session, ask, function).text


def header(event: Event, lang: str) -> str:
    return t("edition_header", lang, name=localize(event.name, lang, event.languages), year=event.starts.year)


def teams(event: Event) -> list[str]:
    return [award.team for award in event.awards]


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("who won in 2019?", "en"),
        ("résultats de l'édition 2019", "fr"),
        ("qui a gagné le hackathon de Strasbourg ?", "fr"),
        ("who won at the Strasbourg hackathon", "en"),
        ("le palmarès de l'ENA", "fr"),
        ("who won the public policy in 3 hacks hackathon in 2019", "en"),
    ],
)
def test_an_earlier_published_edition_named_by_year_city_or_name(
    session: Session, loaded: dict[str, Event], question: str, lang: str
) -> None:
    reply = answer(session, question, lang)
    assert reply.startswith(header(loaded[ENA], lang) + "\n")
    assert all(team in reply for team in teams(loaded[ENA]))
    assert not revealed(reply, loaded[DEMO]) and not revealed(reply, loaded[INAP])


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("who won in 2021?", "en"),
        ("qui a gagné à l'INAP ?", "fr"),
        ("who won the digital leadership hackathon", "en"),
        ("who won in Luxembourg?", "en"),
        ("who won last year?", "en"),
        ("le palmarès de l'an dernier", "fr"),
    ],
)
def test_an_unpublished_edition_is_never_revealed(
    session: Session, loaded: dict[str, Event], question: str, lang: str
) -> None:
    reply = answer(session, question, lang)
    assert reply == header(loaded[INAP], lang) + "\n" + t("results_not_public", lang)


def test_follow_up_and_prizes_of_an_earlier_edition(session: Session, loaded: dict[str, Event]) -> None:
    ena = loaded[ENA]
    assert ena.results is not None and ena.results.follow_up is not None
    reply = answer(session, "what happened to the projects after the 2019 hackathon?", "en", answer_follow_up)
    assert reply == header(ena, "en") + "\n" + ena.results.follow_up["en"]
    reply = answer(session, "quels étaient les prix en 2019 ?", "fr", answer_prizes)
    assert reply.startswith(header(ena, "fr")) and "Prix innovation tech" in reply
    assert not revealed(reply, ena)


def test_the_current_events_year_or_a_later_one_stays_on_the_current_event(
    session: Session, loaded: dict[str, Event]
) -> None:
    for question in (
        "who won in 2027?",
        "who won the Fenua hackathon",
        "who won in Papeete?",
        "who won in 2031",
    ):
        assert isinstance(named_edition(session, question, loaded[DEMO]), Current), question
        assert answer(session, question) == t("results_not_public", "en")


def test_an_earlier_year_without_an_edition_is_said_unknown(
    session: Session, loaded: dict[str, Event]
) -> None:
    assert named_edition(session, "who won in 2015?", loaded[DEMO]) == Missing(2015)
    reply = answer(session, "qui a gagné en 2015 ?", "fr")
    assert reply.startswith("Je ne connais pas d'édition en 2015.")
    assert "Les politiques publiques en 3 hacks (2019)" in reply


def test_no_edition_before_the_earliest_one(session: Session, loaded: dict[str, Event]) -> None:
    lookup.set_current(session, ENA)
    assert named_edition(session, "who won last year?", loaded[ENA]) == Missing(None)
    assert answer(session, "who won last year?").startswith("I don't know of an earlier edition.")


def test_the_current_event_answers_about_itself_even_when_it_is_an_old_one(
    session: Session, loaded: dict[str, Event]
) -> None:
    lookup.set_current(session, ENA)
    reply = answer(session, "who won in Strasbourg?")
    assert all(team in reply for team in teams(loaded[ENA])) and not reply.startswith("“")
    # ... and a later edition can be named from it.
    assert isinstance(named_edition(session, "who won in 2021?", loaded[ENA]), Other)


@pytest.mark.parametrize("current", [ENA, INAP, DEMO])
def test_ordinary_results_questions_are_about_the_current_event(
    session: Session, loaded: dict[str, Event], current: str
) -> None:
    for phrasing in PHRASINGS:
        assert isinstance(named_edition(session, phrasing.text, loaded[current]), Current), phrasing.text


def test_two_editions_in_the_year_named_ask_which_one(session: Session, loaded: dict[str, Event]) -> None:
    pack = parse_pack(shared_pack("ena-inet-2019.yml"))
    venue = pack.event.venue.model_copy(update={"name": {"*": "Hôtel de région, Lyon"}})  # type: ignore[union-attr]
    other = pack.event.model_copy(
        update={
            "slug": "lyon-2019",
            "name": {"fr": "Hackathon de Lyon", "en": "Lyon hackathon"},
            "venue": venue,
        }
    )
    load_pack(session, pack.model_copy(update={"event": other}))
    edition = named_edition(session, "who won in 2019?", loaded[DEMO])
    assert isinstance(edition, Ambiguous) and {e.slug for e in edition.events} == {ENA, "lyon-2019"}
    reply = answer(session, "who won in 2019?")
    assert reply.startswith("Several editions match:") and "Lyon hackathon (2019)" in reply
    lyon = named_edition(session, "who won in Lyon in 2019?", loaded[DEMO])
    assert isinstance(lyon, Other) and lyon.event.slug == "lyon-2019"


def test_year_and_previous_edition_readers() -> None:
    assert editions.asked_year("who won in 2019?") == 2019
    assert editions.asked_year("le budget de 2 000 000 XPF") is None
    assert editions.asked_year("2019-02-18") == 2019
    assert editions.asked_year("room 12") is None
    for text in ("who won last year", "l'an dernier", "l'édition précédente", "the previous edition"):
        assert editions.asks_previous(text), text
    assert not editions.asks_previous("the last session")
