"""The foundations every other package builds on: the clock, the database (engines, sessions,
the typed models and their Alembic migrations), the settings of the stack, the text catalogue in
both languages and how dates and times are written, the language of a message, the
lexical matching of what people type against an event's texts, and CSV cells spreadsheets show
as text (`spreadsheets`).

May import: nothing of `bot` outside `bot.core`.
"""
