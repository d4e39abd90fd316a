"""The programme: now and next at every moment of the event, a day's schedule, one session."""

from __future__ import annotations

import datetime as dt

import pytest
from support.factories import DAY1, DAY2, ask, at, make_event, session, text

from bot.answers.day_bounds import day_bounds
from bot.answers.days import asks_when, requested_day, requested_part_of_day
from bot.answers.schedule import (
    SCHEDULE_PAYLOAD,
    answer_next,
    answer_now,
    answer_schedule,
    answer_session,
    find_sessions,
)
from bot.core.models import Event
from bot.events.timeline import current_sessions, next_sessions, sessions_on

EVENT = make_event()  # Monday 11 - Tuesday 12 March 2030; lunch inside hacking on both days


def keys(sessions: list) -> list[str]:  # type: ignore[type-arg]
    return [s.key for s in sessions]


# ------------------------------------------------------------------ now and next


def test_before_the_event_now_says_when_it_starts() -> None:
    reply = answer_now(ask(EVENT, now=at(DAY1 - dt.timedelta(days=3), "18:00")))
    assert "not started" in reply.text
    assert "9:00 am" in reply.text and "Opening ceremony" in reply.text
    assert "on Monday 11 March" in reply.text


def test_morning_of_the_first_day_before_the_opening() -> None:
    reply = answer_now(ask(EVENT, lang="fr", now=at(DAY1, "08:15")))
    assert "pas encore commencé" in reply.text and "aujourd'hui à 9 h" in reply.text


def test_next_before_the_event_lists_the_first_session() -> None:
    reply = answer_next(ask(EVENT, now=at(DAY1, "07:00")))
    assert "Opening ceremony" in reply.text


def test_now_lists_overlapping_sessions_with_their_end_times() -> None:
    now = at(DAY1, "12:45")
    assert keys(current_sessions(EVENT, now)) == ["hacking-1", "lunch-1"]
    reply = answer_now(ask(EVENT, now=now))
    assert "Hacking and mentoring, until 6:00 pm" in reply.text
    assert "Lunch, until 1:30 pm (Cafeteria)" in reply.text


def test_now_during_one_session_mentions_what_follows_today() -> None:
    reply = answer_now(ask(EVENT, lang="fr", now=at(DAY1, "10:00")))
    assert "Hacking et mentorat, jusqu'à 18 h" in reply.text
    assert "Ensuite : Déjeuner à 12 h 30" in reply.text


@pytest.mark.parametrize(
    ("text", "lang"), [("what's on today", "en"), ("y a quoi au programme demain ?", "fr")]
)
def test_asked_what_is_on_on_a_day_now_gives_that_days_programme(text: str, lang: str) -> None:
    asked = ask(EVENT, text, lang=lang, now=at(DAY1, "12:45"))
    assert answer_now(asked).text == answer_schedule(asked).text
    right_now = answer_now(ask(EVENT, "what's on right now today?", now=at(DAY1, "12:45")))
    assert right_now.text.startswith("Right now")


def test_between_sessions_nothing_now_and_what_is_next() -> None:
    now = at(DAY2, "14:00")
    assert current_sessions(EVENT, now) == []
    reply = answer_now(ask(EVENT, now=now))
    assert "Nothing is on right now" in reply.text
    assert "Final pitches before the jury" in reply.text and "2:30–4:30 pm" in reply.text


def test_next_session_after_lunch_says_hacking_goes_on() -> None:
    reply = answer_next(ask(EVENT, now=at(DAY1, "12:45")))
    assert "After “Lunch” (until 1:30 pm), “Hacking and mentoring” goes on until 6:00 pm" in reply.text
    assert "Hacking, prototype and pitch preparation" in reply.text
    assert "Nothing else starts today" in reply.text


def test_next_in_the_evening_is_tomorrow_morning() -> None:
    reply = answer_next(ask(EVENT, lang="fr", now=at(DAY1, "20:00")))
    assert "Rien d'autre ne commence aujourd'hui" in reply.text
    assert "demain, de 9 h à 12 h 30" in reply.text


def test_next_sessions_are_those_starting_together() -> None:
    parallel = make_event(
        sessions=[
            session("a", "Workshop A", at(DAY1, "10:00"), at(DAY1, "11:00"), kind="workshop"),
            session("b", "Workshop B", at(DAY1, "10:00"), at(DAY1, "11:30"), kind="workshop"),
            session("c", "Lunch", at(DAY1, "12:00"), at(DAY1, "13:00"), kind="meal"),
        ]
    )
    assert keys(next_sessions(parallel, at(DAY1, "09:00"))) == ["a", "b"]
    reply = answer_next(ask(parallel, now=at(DAY1, "09:00")))
    assert "Workshop A" in reply.text and "Workshop B" in reply.text and "Lunch" not in reply.text


def test_after_the_event_it_is_over() -> None:
    for answer in (answer_now, answer_next):
        reply = answer(ask(EVENT, now=at(DAY2, "19:00")))
        assert "over" in reply.text and "Tuesday 12 March 2030" in reply.text
    assert next_sessions(EVENT, at(DAY2, "19:00")) == []


def test_a_session_without_end_lasts_until_the_next_one_at_most_an_hour() -> None:
    event = make_event(
        sessions=[
            session("doors", "Doors open", at(DAY1, "08:30")),
            session("opening", "Opening", at(DAY1, "09:00"), at(DAY1, "09:30"), kind="ceremony"),
            session("drinks", "Drinks", at(DAY1, "18:00"), kind="social"),
        ]
    )
    assert keys(current_sessions(event, at(DAY1, "08:45"))) == ["doors"]
    assert keys(current_sessions(event, at(DAY1, "09:05"))) == ["opening"]
    assert keys(current_sessions(event, at(DAY1, "18:59"))) == ["drinks"]
    assert current_sessions(event, at(DAY1, "19:00")) == []


def test_a_session_spanning_several_days_is_on_every_day_of_it() -> None:
    event = make_event(
        starts=DAY1,
        ends=DAY1 + dt.timedelta(days=3),
        sessions=[
            session("work", text("Ateliers par défi", "Challenge workshops"), at(DAY1, "10:00"),
                    at(DAY1 + dt.timedelta(days=3), "18:00"), kind="workshop"),
        ],
    )  # fmt: skip
    assert keys(sessions_on(event, DAY1 + dt.timedelta(days=1))) == ["work"]
    reply = answer_now(ask(event, now=at(DAY1 + dt.timedelta(days=1), "11:00")))
    assert "Challenge workshops, until Thursday 14 March at 6:00 pm" in reply.text
    day = answer_schedule(ask(event, "day 2", lang="fr", now=at(DAY1, "09:00")))
    assert "toute la journée : Ateliers par défi" in day.text


def test_without_a_programme_now_and_next_use_the_dates() -> None:
    event = make_event(sessions=[])
    assert "not published" in answer_now(ask(event, now=at(DAY1 - dt.timedelta(days=3), "10:00"))).text
    assert "over" in answer_next(ask(event, now=at(DAY2 + dt.timedelta(days=3), "10:00"))).text
    assert "not been published" in answer_schedule(ask(event)).text


# ------------------------------------------------------------------ a day's schedule


@pytest.mark.parametrize(
    "message",
    [
        "what's on tomorrow?",
        "programme de demain",
        "Tuesday",
        "schedule for tuesday",
        "programme de mardi",
        "day 2",
        "jour 2",
        "2e jour",
        "le deuxième jour",
        "the second day",
        "last day",
        "le dernier jour",
        "le 12 mars",
        "12/03",
        "March 12",
        "12th of March",
        "2030-03-12",
        "J2",
    ],
)
def test_schedule_of_one_day(message: str) -> None:
    reply = answer_schedule(ask(EVENT, message, now=at(DAY1, "10:00")))
    assert "Final pitches before the jury" in reply.text
    assert "Opening ceremony" not in reply.text


@pytest.mark.parametrize("message", ["today", "aujourd'hui", "first day", "premier jour", "lundi", "day one"])
def test_schedule_of_the_first_day(message: str) -> None:
    reply = answer_schedule(ask(EVENT, message, now=at(DAY1, "10:00")))
    assert "Opening ceremony" in reply.text
    assert "Final pitches" not in reply.text


def test_schedule_header_names_the_relative_day_and_the_date() -> None:
    reply = answer_schedule(ask(EVENT, "programme de demain", lang="fr", now=at(DAY1, "10:00")))
    assert reply.text.startswith("Au programme demain (mardi 12 mars) :")
    assert "• 14 h 30 – 16 h 30 : Pitchs finaux devant le jury (Amphithéâtre)" in reply.text


@pytest.mark.parametrize("message", ["Saturday", "samedi", "day 5", "le 20 mars", "yesterday"])
def test_a_day_outside_the_event_says_so_with_the_event_dates(message: str) -> None:
    reply = answer_schedule(ask(EVENT, message, now=at(DAY1, "10:00")))
    assert "is not a day of the event" in reply.text
    assert "from Monday 11 to Tuesday 12 March 2030" in reply.text
    assert reply.buttons[0].payload == SCHEDULE_PAYLOAD


def test_whole_programme_grouped_by_day() -> None:
    reply = answer_schedule(ask(EVENT, "what's the programme?", lang="fr"))
    text_ = reply.text
    assert text_.index("Lundi 11 mars") < text_.index("Cérémonie d'ouverture") < text_.index("Mardi 12 mars")
    assert text_.index("Mardi 12 mars") < text_.index("Remise des prix")
    assert text_.count("Déjeuner") == 2


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("fr", "Calendrier (.ics) : https://hack.example.org/events/test-hack.ics?lang=fr"),
        ("en", "Calendar (.ics): https://hack.example.org/events/test-hack.ics?lang=en"),
    ],
)
def test_whole_programme_ends_with_the_calendar_link(
    lang: str, line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HACKBOT_PUBLIC_URL", "https://hack.example.org/")
    reply = answer_schedule(ask(EVENT, "programme", lang=lang))
    assert reply.text.splitlines()[-1] == line


def test_the_calendar_link_is_the_local_web_site_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HACKBOT_PUBLIC_URL", "HACKBOT_WEB_HOST", "HACKBOT_WEB_PORT"):
        monkeypatch.delenv(name, raising=False)
    reply = answer_schedule(ask(EVENT, "schedule", lang="en"))
    assert reply.text.endswith("Calendar (.ics): http://127.0.0.1:8000/events/test-hack.ics?lang=en")


def test_no_calendar_link_without_a_web_site(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HACKBOT_PUBLIC_URL", raising=False)
    monkeypatch.setenv("HACKBOT_WEB_PORT", "0")
    reply = answer_schedule(ask(EVENT, "schedule", lang="en"))
    assert ".ics" not in reply.text
    assert reply.text.splitlines()[-1].startswith("For a single day")


def test_one_day_s_schedule_has_no_calendar_link(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HACKBOT_PUBLIC_URL", "https://hack.example.org")
    reply = answer_schedule(ask(EVENT, "programme de demain", lang="fr", now=at(DAY1, "10:00")))
    assert ".ics" not in reply.text


def test_requested_day_picks_the_year_nearest_the_event() -> None:
    event = make_event(starts=dt.date(2030, 12, 30), ends=dt.date(2031, 1, 2), sessions=[])
    assert requested_day("le 2 janvier", event, dt.date(2030, 12, 30)) == dt.date(2031, 1, 2)
    assert requested_day("programme complet", event, dt.date(2030, 12, 30)) is None


# ------------------------------------------------------------------ one session


def test_lunch_on_several_days_gives_the_upcoming_one_first() -> None:
    reply = answer_session(ask(EVENT, "when is lunch?", now=at(DAY1, "14:00")))
    first, rest = reply.text.split("Also in the programme:")
    assert first.startswith("Lunch: tomorrow, 12:30–1:30 pm")
    assert "Lunch: today, 12:30–1:30 pm (already over)" in rest


def test_lunch_before_it_starts_is_todays() -> None:
    reply = answer_session(ask(EVENT, "c'est quand le déjeuner ?", lang="fr", now=at(DAY1, "10:00")))
    assert reply.text.startswith("Déjeuner : aujourd'hui, de 12 h 30 à 13 h 30")
    assert "Lieu : Cafétéria" in reply.text


def test_lunch_during_lunch_is_on_now() -> None:
    reply = answer_session(ask(EVENT, "lunch", now=at(DAY2, "12:40")))
    assert reply.text.startswith("Lunch: today, 12:30–1:30 pm (on now, until 1:30 pm)")


@pytest.mark.parametrize(
    ("message", "key"),
    [
        ("when are the final pitches?", "pitches"),
        ("final pitchs", "pitches"),
        ("pitchs finaux", "pitches"),
        ("à quelle heure sont les pitchs", "pitches"),
        ("présentation finale", "pitches"),
        ("remise des prix", "awards"),
        ("where is the award ceremony", "awards"),
        ("la remise des prix c'est à quelle heure ?", "awards"),
        ("deliberation", "deliberation"),
        ("délibération du jury", "deliberation"),
        ("deliberaton", "deliberation"),
        ("quand a lieu la deliberation", "deliberation"),
        ("when does the opening start", "opening"),
        ("cérémonie d'ouverture", "opening"),
        ("CEREMONIE D OUVERTURE", "opening"),
    ],
)
def test_session_found_in_french_and_english_without_accents_and_with_typos(message: str, key: str) -> None:
    assert keys(find_sessions(EVENT, message)) == [key]
    reply = answer_session(ask(EVENT, message))
    assert reply.buttons == ()
    assert "can't find" not in reply.text


def test_a_session_is_answered_with_day_time_and_place() -> None:
    reply = answer_session(ask(EVENT, "pitchs finaux", lang="fr", now=at(DAY1, "10:00")))
    assert reply.text.splitlines()[:2] == [
        "Pitchs finaux devant le jury : demain, de 14 h 30 à 16 h 30",
        "Lieu : Amphithéâtre",
    ]


def test_a_session_without_location_is_at_the_venue() -> None:
    reply = answer_session(ask(EVENT, "jury deliberation"))
    assert "Where: Digital campus" in reply.text


@pytest.mark.parametrize("message", ["when is the yoga class?", "à quelle heure le concert", "keynote"])
def test_unknown_session_says_so_and_offers_the_schedule_never_a_guess(message: str) -> None:
    reply = answer_session(ask(EVENT, message))
    assert reply.text.startswith("I can't find")
    assert find_sessions(EVENT, message) == []
    assert [b.payload for b in reply.buttons] == [SCHEDULE_PAYLOAD]
    for other in ("Lunch", "Opening", "pitches", "Hacking", "Award", "deliberation"):
        assert other not in reply.text


def test_unknown_session_quotes_what_was_asked() -> None:
    reply = answer_session(ask(EVENT, "où a lieu la table ronde ?", lang="fr"))
    assert reply.text == "Je ne trouve pas « table ronde » dans le programme."


def test_a_kind_of_session_not_called_so_is_offered_as_the_closest() -> None:
    reply = answer_session(ask(EVENT, "when is dinner?", now=at(DAY1, "14:00")))
    assert reply.text.startswith("I can't find “dinner” in the programme. The closest (meal):")
    assert "Lunch: tomorrow" in reply.text
    assert keys(find_sessions(EVENT, "dîner")) == ["lunch-1", "lunch-2"]


def test_a_meal_is_called_by_the_time_it_is_served() -> None:
    event = make_event(
        sessions=[session("evening", text("Buffet"), at(DAY1, "19:30"), at(DAY1, "21:00"), kind="meal")]
    )
    assert keys(find_sessions(event, "à quelle heure est le dîner ?")) == ["evening"]
    assert "can't find" not in answer_session(ask(event, "when is dinner")).text


def test_a_message_naming_no_session_asks_which() -> None:
    reply = answer_session(ask(EVENT, "when is the session?"))
    assert "Which session" in reply.text


# ------------------------------------------------------------------ a programme shaped differently

DAY3 = DAY2 + dt.timedelta(days=1)
CONFERENCE = make_event(
    ends=DAY3,
    sessions=[
        session(key, text(fr, en), at(day, start), at(day, end) if end else None, kind=kind)
        for key, fr, en, day, start, end, kind in [
            ("breakfast", "Petit-déjeuner d'accueil", "Welcome breakfast", DAY1, "08:30", "09:15", "meal"),
            ("keynote", "Conférence : la souveraineté numérique", "Keynote: digital sovereignty", DAY1,
             "09:15", "10:00", "talk"),
            ("design", "Atelier design thinking", "Design thinking workshop", DAY1, "10:15", "12:00",
             "workshop"),
            ("lunch", "Déjeuner", "Lunch", DAY1, "12:00", "13:00", "meal"),
            ("teamwork", "Travail en équipes", "Team work", DAY1, "13:00", "19:00", "hacking"),
            ("dinner", "Dîner à l'hôtel de ville", "Dinner at the town hall", DAY1, "19:30", "22:00", "meal"),
            ("mentoring", "Créneaux de mentorat", "Mentoring slots", DAY2, "09:00", "12:00", "mentoring"),
            ("rehearsal", "Répétition des pitchs", "Pitch rehearsal", DAY2, "16:00", "17:00", "workshop"),
            ("demos", "Démonstrations finales", "Final demos", DAY3, "09:00", "12:00", "pitch"),
            ("closing", "Cérémonie de clôture et remise des prix", "Closing and prize-giving ceremony", DAY3,
             "15:00", "16:00", "ceremony"),
            ("party", "Soirée de clôture", "Closing party", DAY3, "19:00", None, "social"),
        ]
    ],
)  # fmt: skip


@pytest.mark.parametrize(
    ("message", "key"),
    [
        ("when is breakfast", "breakfast"),
        ("petit déj ?", "breakfast"),
        ("à quelle heure la conférence", "keynote"),
        ("where is the design thinking workshop", "design"),
        ("when is dinner", "dinner"),
        ("où a lieu le dîner", "dinner"),
        ("on mange quand", "breakfast"),  # every meal matches: the next one first
        ("mentoring", "mentoring"),
        ("répétition des pitchs", "rehearsal"),
        ("final pitches", "demos"),
        ("les démos c'est quand", "demos"),
        ("remise des prix", "closing"),
        ("prize giving", "closing"),
        ("closing ceremony", "closing"),
        ("clôture", "closing"),
        ("cocktail", "party"),
        ("travail en équipe", "teamwork"),
    ],
)
def test_sessions_of_a_differently_shaped_programme(message: str, key: str) -> None:
    reply = answer_session(ask(CONFERENCE, message, now=at(DAY1, "07:00")))
    title = next(s for s in CONFERENCE.sessions if s.key == key).title["en"]
    assert reply.text.startswith(title + ":")


@pytest.mark.parametrize("message", ["deliberation", "jury", "when is the yoga class"])
def test_sessions_a_differently_shaped_programme_does_not_have(message: str) -> None:
    assert find_sessions(CONFERENCE, message) == []


@pytest.mark.parametrize(
    ("message", "part"),
    [
        ("c'est quoi ce matin ?", "morning"),
        ("the workshop this afternoon", "afternoon"),
        ("y a un atelier cet aprem ?", "afternoon"),
        ("where's the party tonight", "evening"),
        ("on mange où à midi ?", "noon"),
        ("what's on tomorrow", None),
        ("du matin au soir", None),
    ],
)
def test_a_part_of_the_day_is_read_from_the_message_when_only_one_is_named(
    message: str, part: str | None
) -> None:
    found = requested_part_of_day(message)
    assert (found.name if found else None) == part


@pytest.mark.parametrize(
    ("message", "when"),
    [
        ("what time are the prizes handed out", True),
        ("by what time do we hand in?", True),
        ("on passe à partir de quelle heure ?", True),
        ("quand est le pitch ?", True),
        ("which problems can we work on this time", False),
        ("how much time do we have on stage", False),
    ],
)
def test_a_question_asks_for_a_time_only_when_it_asks_when(message: str, when: bool) -> None:
    assert asks_when(message) is when


MONDAY_NOON = dt.datetime(2027, 3, 15, 12, 15)


def test_a_part_of_today_lists_what_is_still_on_then(demo_event: Event) -> None:
    reply = answer_next(ask(demo_event, "qu'est-ce qu'il y a cet aprem ?", lang="fr", now=MONDAY_NOON))
    lines = reply.text.splitlines()
    assert lines[0] == "Aujourd'hui, l'après-midi :"
    assert any("Créneaux de mentorat" in line for line in lines)
    assert any("Hacking" in line for line in lines)  # going on through the afternoon
    assert not any("Cérémonie d'ouverture" in line or "Soirée d'accueil" in line for line in lines)


def test_a_part_of_another_day_lists_that_part_of_that_day(demo_event: Event) -> None:
    reply = answer_schedule(ask(demo_event, "what's on wednesday morning?", now=MONDAY_NOON))
    lines = reply.text.splitlines()
    assert lines[0] == "Wednesday 17 March, in the morning:"
    assert any("Finishing the prototypes" in line for line in lines)
    assert not any("Final pitches" in line for line in lines)


def test_whats_left_today_is_every_session_still_to_start_today(demo_event: Event) -> None:
    reply = answer_next(ask(demo_event, "anything else going on today?", now=MONDAY_NOON))
    assert "Mentoring slots" in reply.text and "Welcome evening" in reply.text
    assert "Welcome coffee" not in reply.text


def test_when_hacking_ends_tonight_is_the_hacking_not_the_evenings_programme() -> None:
    reply = day_bounds(
        ask(EVENT, "le hacking s'arrête à quelle heure ce soir ?", lang="fr", now=at(DAY1, "10:00"))
    )
    assert reply is not None and "18 h" in reply.text


def test_a_session_named_among_words_of_time_and_language_is_found() -> None:
    asked = ask(EVENT, "in English please: what time do the pitches start on Tuesday?", now=at(DAY1, "10:00"))
    reply = answer_session(asked)
    assert reply.text.startswith("Final pitches before the jury: tomorrow, 2:30–4:30 pm")
