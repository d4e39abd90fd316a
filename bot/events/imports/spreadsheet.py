"""The programme from a spreadsheet: a CSV file (any of `;`, `,` or tab between columns, UTF-8 or
the Windows encoding of French office suites) or an .xlsx workbook (its first sheet, or the one
named), one session a row.

Columns are found by their header, in French or English, in any order and case, accents or not:
the day, the start and end times (or a start and end holding the date too), the title (one
column, or one per language: « Titre (FR) », "Title EN"), the place, the kind, the description,
and an optional id. Dates and times are read as spreadsheets write them: `16/03/2027`,
`2027-03-16`, `9h30`, `09:30`, `9 h`, or the cells' own dates and times in a workbook. Every bad
row is reported with its row number and what is wrong, and then nothing is imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.core.matching import normalize
from bot.core.models import SESSION_KINDS, LocalText
from bot.events.imports.sessions import (
    ImportedSession,
    SourceError,
    SourceProblem,
    kind_named,
    slug_of,
    unique_ids,
)

FIELDS: dict[str, frozenset[str]] = {
    "id": frozenset({"id", "identifiant", "code", "ref", "reference"}),
    "day": frozenset({"jour", "date", "day", "journee"}),
    "start": frozenset({"debut", "heure de debut", "heure debut", "start", "starts", "start time", "from",
                        "de", "horaire de debut", "commence", "begin", "begins"}),
    "end": frozenset({"fin", "heure de fin", "heure fin", "end", "ends", "end time", "to", "a", "jusqu a",
                      "horaire de fin", "until"}),
    "title": frozenset({"titre", "title", "intitule", "nom", "name", "session", "activite", "activity"}),
    "place": frozenset({"lieu", "salle", "place", "location", "room", "endroit", "where", "ou"}),
    "kind": frozenset({"type", "kind", "categorie", "category", "nature", "format"}),
    "description": frozenset({"description", "details", "detail", "resume", "summary", "contenu", "notes"}),
}  # fmt: skip
"""What a column's header may say, folded (case, accents and punctuation left out)."""
LANGUAGE_WORDS = {"fr": "fr", "francais": "fr", "french": "fr", "en": "en", "anglais": "en", "english": "en"}
_DATE_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?!\d)")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2})\s*(?:h|:|\.)\s*(\d{2})?(?::\d{2})?\s*(am|pm)?|(\d{1,2})\s*(am|pm)", re.I)
_DATE_HINT = "write it as 16/03/2027 or 2027-03-16"
_TIME_HINT = "write it as 9:30, 09:30 or 9h30"


def read_rows(path: Path, sheet: str | None = None) -> list[list[Any]]:
    """The spreadsheet's rows, header first (cells as strings, or dates and times from a workbook)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _workbook_rows(path, sheet)
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = "\n".join(text.splitlines()[:5])
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in row)]


def _workbook_rows(path: Path, sheet: str | None) -> list[list[Any]]:
    from openpyxl import load_workbook  # only for workbooks

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            names = ", ".join(book.sheetnames)
            raise SourceError(
                str(path), [SourceProblem("the workbook", f"has no sheet {sheet!r} (it has {names})")]
            )
        chosen = book[sheet] if sheet is not None else book.worksheets[0]
        rows = [list(row) for row in chosen.iter_rows(values_only=True)]
    finally:
        book.close()
    return [row for row in rows if any(cell not in (None, "") for cell in row)]


def _column_of(header: object) -> tuple[str, str] | None:
    """(field, language or "") a header names; None for a column to leave out."""
    words = normalize(str(header or "")).split()
    language = next((LANGUAGE_WORDS[w] for w in words if w in LANGUAGE_WORDS), "")
    rest = " ".join(w for w in words if w not in LANGUAGE_WORDS)
    for field, names in FIELDS.items():
        if rest in names:
            return field, language
    return None


def sessions_from_rows(rows: Sequence[Sequence[Any]], source: str) -> list[ImportedSession]:
    """The sessions of a spreadsheet's rows; SourceError with every bad row."""
    if not rows:
        raise SourceError(source, [SourceProblem("the file", "is empty")])
    columns = {index: found for index, header in enumerate(rows[0]) if (found := _column_of(header))}
    named = {field for field, _ in columns.values()}
    missing = [what for what, needs in (("a title", "title"), ("a start", "start")) if needs not in named]
    if missing:
        headers = ", ".join(str(h) for h in rows[0] if h not in (None, ""))
        message = f"no column for {' or '.join(missing)} (the headers are: {headers}); name them e.g. " + (
            "Jour, Début, Fin, Titre (FR), Titre (EN), Lieu, Type"
        )
        raise SourceError(source, [SourceProblem("the header", message)])
    sessions, problems = [], []
    for number, row in enumerate(rows[1:], start=2):
        cells: dict[tuple[str, str], Any] = {}
        for index, key in columns.items():
            value = row[index] if index < len(row) else None
            if value not in (None, "") and not (isinstance(value, str) and not value.strip()):
                cells[key] = _one_kind_of_line_break(value.strip()) if isinstance(value, str) else value
        try:
            sessions.append(_session(cells))
        except ValueError as error:
            problems.append(SourceProblem(f"row {number}", str(error)))
    if problems:
        raise SourceError(source, problems)
    return unique_ids(sessions)


def _one_kind_of_line_break(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _text(cells: dict[tuple[str, str], Any], field: str) -> LocalText | None:
    found = {language or "*": str(value) for (name, language), value in cells.items() if name == field}
    if "*" in found and len(found) > 1:
        found.pop("*")
    return found or None


def _session(cells: dict[tuple[str, str], Any]) -> ImportedSession:
    title = _text(cells, "title")
    if title is None:
        raise ValueError("no title")
    day = _date(_cell(cells, "day")) if _cell(cells, "day") is not None else None
    start_cell = _cell(cells, "start")
    if start_cell is None:
        raise ValueError("no start time")
    starts = _moment(start_cell, day, "start")
    end_cell = _cell(cells, "end")
    ends = _moment(end_cell, day or starts.date(), "end") if end_cell is not None else None
    if ends is not None and ends <= starts:
        raise ValueError(f"it ends ({ends:%H:%M}) before it starts ({starts:%H:%M})")
    kind_cell = _cell(cells, "kind")
    kind = _kind(str(kind_cell)) if kind_cell is not None else "other"
    given_id = _cell(cells, "id")
    first_title = title.get("fr") or next(iter(title.values()))
    session_id = (
        slug_of(str(given_id)) if given_id is not None else f"{slug_of(first_title)}-{starts:%Y-%m-%d}"
    )
    return ImportedSession(
        session_id, title, starts, ends, _text(cells, "place"), kind, _text(cells, "description")
    )


def _cell(cells: dict[tuple[str, str], Any], field: str) -> Any:
    return next((value for (name, _), value in cells.items() if name == field), None)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    iso, dmy = _DATE_ISO.search(text), _DATE_DMY.search(text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy:
            year = int(dmy[3]) + (2000 if len(dmy[3]) == 2 else 0)
            return dt.date(year, int(dmy[2]), int(dmy[1]))
    except ValueError:
        raise ValueError(f"the day {text!r} is not a real date; {_DATE_HINT}") from None
    raise ValueError(f"the day {text!r} is not a date; {_DATE_HINT}")


def _moment(value: Any, day: dt.date | None, what: str) -> dt.datetime:
    """A start or end: a time on `day`, or a date and a time in one cell."""
    if isinstance(value, dt.datetime):
        if value.year > 1900:
            return value.replace(second=0, microsecond=0, tzinfo=None)
        value = value.time()
    if isinstance(value, dt.time):
        if day is None:
            raise ValueError(f"the {what} {value:%H:%M} has no day; add a Jour / Day column")
        return dt.datetime.combine(day, value.replace(second=0, microsecond=0))
    text = str(value)
    if day is None or _DATE_DMY.search(text) or _DATE_ISO.search(text):
        try:
            day = _date(text)
        except ValueError:
            if day is None:
                raise ValueError(f"the {what} {text!r} has no day; add a Jour / Day column") from None
        text = _DATE_ISO.sub(" ", _DATE_DMY.sub(" ", text))
    found = _TIME.search(text)
    if found is None:
        raise ValueError(f"the {what} {str(value)!r} is not a time; {_TIME_HINT}")
    hour = int(found[1] or found[4])
    minute = int(found[2] or 0)
    meridian = (found[3] or found[5] or "").lower()
    if meridian == "pm" and hour < 12:
        hour += 12
    if meridian == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise ValueError(f"the {what} {str(value)!r} is not a time of day; {_TIME_HINT}")
    assert day is not None
    return dt.datetime.combine(day, dt.time(hour, minute))


def _kind(value: str) -> str:
    kind = kind_named(value)
    if kind:
        return kind
    allowed = ", ".join(SESSION_KINDS)
    raise ValueError(f"the type {value!r} is not a kind of session; write one of: {allowed} (or in French)")


def sessions_from_file(path: Path, sheet: str | None = None) -> list[ImportedSession]:
    """The sessions of a CSV or .xlsx file; SourceError with every problem (a file it cannot read
    included)."""
    try:
        rows = read_rows(path, sheet)
    except OSError as error:
        raise SourceError(
            str(path), [SourceProblem("the file", f"cannot be read: {error.strerror}")]
        ) from None
    except SourceError:
        raise
    except Exception as error:  # a damaged workbook: openpyxl's own errors vary
        message = f"is not a spreadsheet this can read ({type(error).__name__}); save it as .csv or .xlsx"
        raise SourceError(str(path), [SourceProblem("the file", message)]) from None
    return sessions_from_rows(rows, str(path))
