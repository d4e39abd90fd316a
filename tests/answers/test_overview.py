"""The event itself: what, when, where, who organises it, who takes part, contacts."""

from __future__ import annotations

import datetime as dt

from support.factories import DAY1, DAY2, ask, at, make_event, text

from bot.answers.overview import (
    answer_audience,
    answer_contact,
    answer_dates,
    answer_event,
    answer_organiser,
    answer_venue,
)

EVENT = make_event()


def test_event_overview_in_both_languages() -> None:
    english = answer_event(ask(EVENT)).text
    assert english.splitlines()[0] == "Public Innovation Hackathon"
    assert "When: from Monday 11 to Tuesday 12 March 2030" in english
    assert "Where: Digital campus, 1 rue de la République, 75001 Paris" in english
    assert "Organised by: Interministerial Digital Directorate" in english
    assert "For: State civil servants" in english
    french = answer_event(ask(EVENT, lang="fr")).text
    assert french.splitlines()[0] == "Hackathon de l'innovation publique"
    assert "Quand : du lundi 11 au mardi 12 mars 2030" in french


def test_event_overview_leaves_out_what_the_pack_does_not_say() -> None:
    event = make_event(description=None, audience=None, venue_name=None, venue_address=None)
    reply = answer_event(ask(event)).text
    assert "Where" not in reply and "For:" not in reply
    assert "When:" in reply


def test_dates_relative_to_now() -> None:
    assert (
        "It starts in 10 days" in answer_dates(ask(EVENT, now=at(DAY1 - dt.timedelta(days=10), "09:00"))).text
    )
    assert "It starts tomorrow" in answer_dates(ask(EVENT, now=at(DAY1 - dt.timedelta(days=1), "09:00"))).text
    assert "Today is day 2 of 2" in answer_dates(ask(EVENT, now=at(DAY2, "09:00"))).text
    assert (
        "L'événement s'est terminé le mardi 12 mars 2030"
        in answer_dates(ask(EVENT, lang="fr", now=at(DAY2 + dt.timedelta(days=1), "09:00"))).text
    )


def test_one_day_event() -> None:
    event = make_event(starts=DAY1, ends=DAY1, sessions=[])
    assert "takes place on Monday 11 March 2030" in answer_dates(ask(event)).text


def test_organiser_and_audience() -> None:
    assert "Interministerial Digital Directorate" in answer_organiser(ask(EVENT)).text
    assert "Les agents de l'État" in answer_audience(ask(EVENT, lang="fr")).text
    unknown = answer_audience(ask(make_event(audience=None))).text
    assert "have not said who the event is for" in unknown


def test_venue_with_address_map_and_other_rooms() -> None:
    reply = answer_venue(ask(EVENT)).text
    assert "Venue: Digital campus, 1 rue de la République, 75001 Paris" in reply
    assert "Map: https://example.org/map" in reply
    assert "Main hall" in reply and "Cafeteria" in reply


def test_venue_unknown_points_to_the_organisers() -> None:
    event = make_event(venue_name=None, venue_address=None, venue_map_url=None, sessions=[])
    reply = answer_venue(ask(event)).text
    assert "not been announced" in reply and "Interministerial Digital Directorate" in reply


def test_contact_lists_every_channel() -> None:
    event = make_event(
        contact_email="a@b.org", contact_phone="+33 1 23 45 67 89", contact_url="https://b.org"
    )
    reply = answer_contact(ask(event, lang="fr")).text
    assert (
        "E-mail : a@b.org" in reply
        and "Téléphone : +33 1 23 45 67 89" in reply
        and "Site : https://b.org" in reply
    )


def test_no_contact_says_so_and_names_the_organiser() -> None:
    event = make_event(contact_email=None, organiser=text("INAP", "INAP"))
    reply = answer_contact(ask(event)).text
    assert "No contact details are listed" in reply and "INAP" in reply
