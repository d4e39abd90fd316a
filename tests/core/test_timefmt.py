"""Dates and times written the French way and the English way, independent of the system locale."""

from __future__ import annotations

import datetime as dt
import locale

import pytest

from bot.core.timefmt import (
    format_date,
    format_date_range,
    format_datetime,
    format_datetime_range,
    format_relative_day,
    format_span,
    format_time,
    format_time_range,
)

TUESDAY = dt.date(2021, 9, 21)


def test_full_dates() -> None:
    assert format_date(TUESDAY, "fr") == "mardi 21 septembre 2021"
    assert format_date(TUESDAY, "en") == "Tuesday 21 September 2021"
    assert format_date(dt.date(2021, 10, 1), "fr") == "vendredi 1er octobre 2021"
    assert format_date(dt.date(2021, 10, 1), "en", year=False) == "Friday 1 October"
    assert format_date(dt.date(2019, 2, 22), "fr", weekday=False) == "22 février 2019"


@pytest.mark.parametrize(
    ("hour", "minute", "fr", "en"),
    [
        (14, 30, "14 h 30", "2:30 pm"),
        (9, 0, "9 h", "9:00 am"),
        (12, 5, "12 h 05", "12:05 pm"),
        (0, 15, "0 h 15", "12:15 am"),
    ],
)
def test_times(hour: int, minute: int, fr: str, en: str) -> None:
    moment = dt.time(hour, minute)
    assert format_time(moment, "fr") == fr
    assert format_time(moment, "en") == en


def test_time_ranges_in_sentences_and_lists() -> None:
    start, end = dt.time(14, 30), dt.time(16, 30)
    assert format_time_range(start, end, "fr") == "de 14 h 30 à 16 h 30"
    assert format_time_range(start, end, "en") == "2:30–4:30 pm"
    assert format_time_range(dt.time(11, 30), dt.time(12, 30), "en") == "11:30 am–12:30 pm"
    assert format_time_range(start, None, "fr") == "à 14 h 30"
    assert format_span(start, end, "fr") == "14 h 30 – 16 h 30"
    assert format_span(dt.time(9), dt.time(9, 30), "en") == "9:00–9:30 am"


def test_date_ranges() -> None:
    assert format_date_range(dt.date(2021, 9, 20), TUESDAY, "fr") == "du lundi 20 au mardi 21 septembre 2021"
    assert (
        format_date_range(dt.date(2021, 9, 20), TUESDAY, "en")
        == "from Monday 20 to Tuesday 21 September 2021"
    )
    assert (
        format_date_range(dt.date(2021, 9, 30), dt.date(2021, 10, 1), "fr")
        == "du jeudi 30 septembre au vendredi 1er octobre 2021"
    )
    assert format_date_range(TUESDAY, TUESDAY, "fr") == "le mardi 21 septembre 2021"
    assert format_date_range(TUESDAY, TUESDAY, "en") == "on Tuesday 21 September 2021"


def test_datetimes() -> None:
    moment = dt.datetime(2021, 9, 21, 14, 30)
    assert format_datetime(moment, "fr") == "mardi 21 septembre à 14 h 30"
    assert format_datetime(moment, "en") == "Tuesday 21 September at 2:30 pm"
    later = dt.datetime(2021, 9, 23, 18, 0)
    assert (
        format_datetime_range(moment, later, "fr")
        == "du mardi 21 septembre à 14 h 30 au jeudi 23 septembre à 18 h"
    )


def test_relative_days() -> None:
    assert format_relative_day(TUESDAY, TUESDAY, "fr") == "aujourd'hui"
    assert format_relative_day(TUESDAY, TUESDAY - dt.timedelta(days=1), "en") == "tomorrow"
    assert format_relative_day(TUESDAY, TUESDAY - dt.timedelta(days=5), "en") == "Tuesday 21 September"
    assert (
        format_relative_day(TUESDAY, TUESDAY - dt.timedelta(days=5), "fr", on=True) == "le mardi 21 septembre"
    )


def test_system_locale_does_not_change_the_output() -> None:
    previous = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("de_DE.UTF-8", "C"):
            try:
                locale.setlocale(locale.LC_TIME, name)
            except locale.Error:
                continue
            assert format_date(TUESDAY, "fr") == "mardi 21 septembre 2021"
            assert format_date(TUESDAY, "en") == "Tuesday 21 September 2021"
    finally:
        locale.setlocale(locale.LC_TIME, previous)
