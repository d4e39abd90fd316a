"""CSV cells that a spreadsheet shows as they are: what people typed (a team's name, a juror's
comment) never becomes a formula when an organiser opens an export."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: one that would start a formula ("=HYPERLINK(...)",
    "+33...", "@SUM") gets a leading apostrophe, which spreadsheets read as "this is text"."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
