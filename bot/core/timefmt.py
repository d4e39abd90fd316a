"""Dates and times written as each language writes them, without the system locale.

French: "mardi 21 septembre 2021", "1er octobre", "14 h 30", "9 h", "de 14 h 30 à 16 h 30".
English: "Tuesday 21 September 2021", "2:30 pm", "9:00 am", "2:30–4:30 pm".
The connecting words ("de … à", "at", "until") are in the catalogue `bot.core.texts`.
"""

from __future__ import annotations

import datetime as dt

from bot.core.texts import t

WEEKDAYS: dict[str, tuple[str, ...]] = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS: dict[str, tuple[str, ...]] = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def _lang(lang: str) -> str:
    return lang if lang in WEEKDAYS else "en"


def _day_number(day: dt.date, lang: str) -> str:
    return "1er" if lang == "fr" and day.day == 1 else str(day.day)


def format_date(day: dt.date, lang: str, *, weekday: bool = True, year: bool = True) -> str:
    """ "mardi 21 septembre 2021" / "Tuesday 21 September 2021" (weekday and year optional)."""
    lang = _lang(lang)
    parts = [WEEKDAYS[lang][day.weekday()]] if weekday else []
    parts += [_day_number(day, lang), MONTHS[lang][day.month - 1]]
    if year:
        parts.append(str(day.year))
    return " ".join(parts)


def format_day(day: dt.date, lang: str) -> str:
    """A day without its year: "mardi 21 septembre" / "Tuesday 21 September"."""
    return format_date(day, lang, year=False)


def relative_day_name(day: dt.date, today: dt.date, lang: str) -> str | None:
    """ "aujourd'hui" / "today", "demain" / "tomorrow", or None for other days."""
    if day == today:
        return t("fmt_today", lang)
    if day == today + dt.timedelta(days=1):
        return t("fmt_tomorrow", lang)
    return None


def format_relative_day(day: dt.date, today: dt.date, lang: str, *, on: bool = False) -> str:
    """ "aujourd'hui", "demain", else the day without its year ("le mardi 21 septembre" if `on`)."""
    relative = relative_day_name(day, today, lang)
    if relative:
        return relative
    return t("fmt_on_day", lang, day=format_day(day, lang)) if on else format_day(day, lang)


def format_time(moment: dt.time | dt.datetime, lang: str) -> str:
    """ "14 h 30", "9 h" / "2:30 pm", "9:00 am"."""
    if lang == "fr":
        return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"
    return f"{_twelve_hour(moment)} {_meridiem(moment)}"


def _twelve_hour(moment: dt.time | dt.datetime) -> str:
    return f"{(moment.hour % 12) or 12}:{moment.minute:02d}"


def _meridiem(moment: dt.time | dt.datetime) -> str:
    return "am" if moment.hour < 12 else "pm"


def _range_ends(start: dt.time | dt.datetime, end: dt.time | dt.datetime, lang: str) -> tuple[str, str]:
    """Both ends of a time range; in English the end's am/pm serves both when they share it."""
    if lang != "fr" and _meridiem(start) == _meridiem(end):
        return _twelve_hour(start), format_time(end, lang)
    return format_time(start, lang), format_time(end, lang)


def format_span(start: dt.time | dt.datetime, end: dt.time | dt.datetime | None, lang: str) -> str:
    """A compact time range for lists: "14 h 30 – 16 h 30" / "2:30–4:30 pm" (or one time)."""
    if end is None:
        return format_time(start, lang)
    first, last = _range_ends(start, end, lang)
    return t("fmt_span", lang, start=first, end=last)


def format_time_range(start: dt.time | dt.datetime, end: dt.time | dt.datetime | None, lang: str) -> str:
    """A time range in a sentence: "de 14 h 30 à 16 h 30" / "2:30–4:30 pm"; one time: "à 14 h 30"."""
    if end is None:
        return t("fmt_at_time", lang, time=format_time(start, lang))
    first, last = _range_ends(start, end, lang)
    return t("fmt_time_range", lang, start=first, end=last)


def format_datetime(moment: dt.datetime, lang: str, *, year: bool = False) -> str:
    """ "mardi 21 septembre à 14 h 30" / "Tuesday 21 September at 2:30 pm"."""
    return t(
        "fmt_day_at_time",
        lang,
        day=format_date(moment.date(), lang, year=year),
        time=format_time(moment, lang),
    )


def format_date_range(start: dt.date, end: dt.date, lang: str) -> str:
    """ "du lundi 20 au mardi 21 septembre 2021" / "Monday 20 to Tuesday 21 September 2021"."""
    lang = _lang(lang)
    if start == end:
        return t("fmt_on_day", lang, day=format_date(start, lang))
    if (start.year, start.month) == (end.year, end.month):
        first = f"{WEEKDAYS[lang][start.weekday()]} {_day_number(start, lang)}"
    elif start.year == end.year:
        first = format_date(start, lang, year=False)
    else:
        first = format_date(start, lang)
    return t("fmt_date_range", lang, start=first, end=format_date(end, lang))


def format_datetime_range(start: dt.datetime, end: dt.datetime, lang: str) -> str:
    """Times on different days: "du lundi 18 février à 10 h au jeudi 21 février à 18 h"."""
    year = start.year != end.year
    return t(
        "fmt_datetime_range",
        lang,
        start=format_datetime(start, lang, year=year),
        end=format_datetime(end, lang, year=year),
    )
