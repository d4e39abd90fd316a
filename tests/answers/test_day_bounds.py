"""When a day starts or ends, and the questions about when something else ends that it must leave."""

from __future__ import annotations

import pytest
from support.factories import DAY1, ask, at, make_event

from bot.answers.day_bounds import day_bounds

EVENT = make_event()  # Monday 11 - Tuesday 12 March 2030, "Public Innovation Hackathon"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("till when can we sign up?", "en"),
        ("until when can we keep the data files on our laptops?", "en"),
        ("inscriptions jusqu'à quand ?", "fr"),
        ("on voudrait un poster géant pour notre stand, possible jusqu'à quand ?", "fr"),
        ("jusqu'à quand on peut changer d'équipe ?", "fr"),
    ],
)
def test_a_question_about_when_something_else_ends_is_not_the_days_end(text: str, lang: str) -> None:
    assert day_bounds(ask(EVENT, text, lang=lang, now=at(DAY1, "10:00"))) is None


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("when does the whole thing finish on Tuesday?", "en", "Tomorrow"),
        ("what time does the Public Innovation Hackathon end today?", "en", "Today"),
        ("what time do we need to arrive on day one?", "en", "Today"),
        ("c'est fini à quelle heure demain ?", "fr", "Demain"),
        ("ça commence à quelle heure, tout ça, demain ?", "fr", "Demain"),
    ],
)
def test_a_question_about_the_day_itself_gets_its_bound(text: str, lang: str, expected: str) -> None:
    reply = day_bounds(ask(EVENT, text, lang=lang, now=at(DAY1, "10:00")))
    assert reply is not None and reply.text.startswith(expected)
