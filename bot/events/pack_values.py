"""The values of an event pack (texts, slugs, times, dates, zones, languages, kinds), each read by
one parser whose error says what to write instead: shared by the pack's models and its checks
across fields (bot.events.pack).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
import zoneinfo
from functools import cache
from typing import Annotated

from pydantic import PlainValidator, WithJsonSchema

from bot.core.models import SESSION_KINDS, LocalText

FORMAT_VERSION = 1
SLUG_PATTERN = re.compile(r"[a-z0-9-]+")

_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]+)*")

_TIME_HINT = "write YYYY-MM-DDTHH:MM, e.g. 2021-09-20T09:00"

_DATE_HINT = "write YYYY-MM-DD, e.g. 2021-09-20"


def show_value(value: object) -> str:
    """A value as an organiser would recognise it in the file."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _not_text_hint(value: object) -> str:
    if isinstance(value, bool):
        return f"{show_value(value)} is read as yes/no, not text; put it in quotes"
    if isinstance(value, int | float | dt.date):
        return f"{show_value(value)} is read as a number or date, not text; put it in quotes"
    return f"{show_value(value)} is not text"


def parse_string(value: object) -> str:
    if value is None:
        raise ValueError("is empty; write some text")
    if not isinstance(value, str):
        raise ValueError(_not_text_hint(value))
    if not value.strip():
        raise ValueError("is empty; write some text or leave the key out")
    return value


def parse_text(value: object) -> LocalText:
    """A text field: a string, or a mapping from language code to string."""
    if isinstance(value, dict):
        if not value:
            raise ValueError("is empty; write a text, or one text per language such as {fr: ..., en: ...}")
        text: LocalText = {}
        for language, variant in value.items():
            if not isinstance(language, str) or not _LANGUAGE.fullmatch(language):
                raise ValueError(f"{show_value(language)} is not a language code; use codes such as fr or en")
            if not isinstance(variant, str):
                raise ValueError(f"the {language} text: {_not_text_hint(variant)}")
            if not variant.strip():
                raise ValueError(f"the {language} text is empty")
            text[language] = variant
        return text
    if isinstance(value, list):
        raise ValueError("is a list; write a text, or one text per language such as {fr: ..., en: ...}")
    return {"*": parse_string(value)}


def _listed(value: object) -> object:
    """An item of a list of words (keywords, fields of expertise) that YAML read as a number is
    that text: `keywords: [communication, 300]`. Yes/no and dates stay what they are (an error)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def parse_listed_string(value: object) -> str:
    return parse_string(_listed(value))


def parse_listed_text(value: object) -> LocalText:
    if isinstance(value, dict):
        value = {language: _listed(variant) for language, variant in value.items()}
    return parse_text(_listed(value))


def _suggest_slug(value: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def parse_slug(value: object) -> str:
    if isinstance(value, str) and SLUG_PATTERN.fullmatch(value):
        return value
    hint = "use only lowercase letters, digits and dashes"
    if isinstance(value, str) and _suggest_slug(value):
        hint += f", e.g. {_suggest_slug(value)}"
    if isinstance(value, int) and not isinstance(value, bool):
        hint = "put it in quotes"
    raise ValueError(f"{show_value(value)} is not a valid id; {hint}")


def parse_time(value: object) -> dt.datetime:
    """`YYYY-MM-DDTHH:MM` (PyYAML leaves it a string); a YAML timestamp with zero seconds is accepted."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None and value.second == 0 and value.microsecond == 0:
            return value
        raise ValueError(f"{show_value(value)} is not a local time without seconds; {_TIME_HINT}")
    if isinstance(value, dt.date):
        raise ValueError(f"{show_value(value)} is a date without a time; {_TIME_HINT}")
    if isinstance(value, str) and _TIME.fullmatch(value):
        try:
            return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M")
        except ValueError:
            raise ValueError(f"{show_value(value)} is not a real date and time; {_TIME_HINT}") from None
    raise ValueError(f"{show_value(value)} is not a time; {_TIME_HINT}")


def parse_date(value: object) -> dt.date:
    """`YYYY-MM-DD` (PyYAML already reads it as a date)."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"{show_value(value)} is a time; a date has no hours: {_DATE_HINT}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{show_value(value)} is not a real date; {_DATE_HINT}") from None
    raise ValueError(f"{show_value(value)} is not a date; {_DATE_HINT}")


@cache
def time_zone_names() -> list[str]:
    return sorted(zoneinfo.available_timezones())


def parse_timezone(value: object) -> str:
    """An IANA time zone name that exists, such as `Europe/Paris`."""
    if isinstance(value, str) and value:
        try:
            zoneinfo.ZoneInfo(value)
            return value
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    message = f"{show_value(value)} is not a known time zone; use an IANA name such as Europe/Paris"
    if isinstance(value, str):
        close = difflib.get_close_matches(value, time_zone_names(), n=1)
        if close:
            message += f" (did you mean {close[0]}?)"
    raise ValueError(message)


def parse_languages(value: object) -> list[str]:
    if not isinstance(value, list) or not value:
        raise ValueError(f"{show_value(value)} is not a list of language codes; write e.g. [fr, en]")
    for code in value:
        if not isinstance(code, str) or not _LANGUAGE.fullmatch(code):
            raise ValueError(f"{show_value(code)} is not a language code; use codes such as fr or en")
    if len(set(value)) != len(value):
        raise ValueError("a language is listed twice")
    return list(value)


def parse_positive_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{show_value(value)} is not a whole number")
    if value < 1:
        raise ValueError(f"{value} is too small; it must be at least 1")
    return value


def parse_kind(value: object) -> str:
    if isinstance(value, str) and value in SESSION_KINDS:
        return value
    raise ValueError(f"{show_value(value)} is not a kind of session; use one of: {', '.join(SESSION_KINDS)}")


def parse_format(value: object) -> int:
    if value == FORMAT_VERSION and isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(
        f"{show_value(value)} is not a format this program reads; write format: {FORMAT_VERSION}"
    )


# What each value is in JSON Schema (bot.events.schema), for editors that check packs as they are
# typed. The schema reads YAML 1.2, as editors do: dates and times are strings there.
NOT_BLANK_SCHEMA = {"type": "string", "pattern": r"\S"}
LANGUAGE_CODE_SCHEMA = {"type": "string", "pattern": f"^{_LANGUAGE.pattern}$"}
_TEXT_SCHEMA = {
    "anyOf": [
        NOT_BLANK_SCHEMA,
        {
            "type": "object",
            "propertyNames": LANGUAGE_CODE_SCHEMA,
            "additionalProperties": NOT_BLANK_SCHEMA,
            "minProperties": 1,
        },
    ],
    "description": "a text for every language, or one per language: {fr: ..., en: ...}",
}
_NUMBER = {"type": "number"}
_LISTED_TEXT_SCHEMA = {
    "anyOf": [
        NOT_BLANK_SCHEMA,
        _NUMBER,
        {
            "type": "object",
            "propertyNames": LANGUAGE_CODE_SCHEMA,
            "additionalProperties": {"anyOf": [NOT_BLANK_SCHEMA, _NUMBER]},
            "minProperties": 1,
        },
    ],
}

Text = Annotated[LocalText, PlainValidator(parse_text), WithJsonSchema(_TEXT_SCHEMA)]
String = Annotated[str, PlainValidator(parse_string), WithJsonSchema(NOT_BLANK_SCHEMA)]
ListedString = Annotated[
    str, PlainValidator(parse_listed_string), WithJsonSchema({"anyOf": [NOT_BLANK_SCHEMA, _NUMBER]})
]
"""A string in a list of words, which may be written as a plain number."""
ListedText = Annotated[LocalText, PlainValidator(parse_listed_text), WithJsonSchema(_LISTED_TEXT_SCHEMA)]
"""A text in a list of texts, which may be written as a plain number."""
Slug = Annotated[
    str,
    PlainValidator(parse_slug),
    WithJsonSchema({"type": "string", "pattern": f"^{SLUG_PATTERN.pattern}$"}),
]
Time = Annotated[
    dt.datetime,
    PlainValidator(parse_time),
    WithJsonSchema({"type": "string", "pattern": f"^{_TIME.pattern}$", "description": _TIME_HINT}),
]
Date = Annotated[
    dt.date,
    PlainValidator(parse_date),
    WithJsonSchema({"type": "string", "pattern": f"^{_DATE.pattern}$", "description": _DATE_HINT}),
]
TIME_ZONE_SCHEMA = {"type": "string", "description": "an IANA time zone name such as Europe/Paris"}
"""The time zones' names are added to it when the schema is made (bot.events.schema): not here,
at import, as listing them reads the time zone database."""
TimeZoneName = Annotated[str, PlainValidator(parse_timezone), WithJsonSchema(TIME_ZONE_SCHEMA)]
Languages = Annotated[
    list[str],
    PlainValidator(parse_languages),
    WithJsonSchema({"type": "array", "items": LANGUAGE_CODE_SCHEMA, "minItems": 1, "uniqueItems": True}),
]
PositiveInt = Annotated[
    int, PlainValidator(parse_positive_int), WithJsonSchema({"type": "integer", "minimum": 1})
]
SessionKind = Annotated[str, PlainValidator(parse_kind), WithJsonSchema({"enum": list(SESSION_KINDS)})]
FormatVersion = Annotated[int, PlainValidator(parse_format), WithJsonSchema({"const": FORMAT_VERSION})]
