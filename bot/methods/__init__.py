"""The method coach: a catalogue of methods of public innovation and design (data, in French and
English: `catalogue.yml`, format in docs/methods-format.md), read and checked with the same
located problems as event packs (`catalogue`); at an event, without the methods its pack hides and
with those it adds (`catalogue.event_catalogue`).

May import: `bot.core`, `bot.events`, `bot.understanding`, `bot.answers`, `bot.teams`.
"""
