"""Mentors on call: mentors of the pack linked to their Telegram account (`links`, kept across
pack reloads), a team's call for a mentor sent to those whose expertise fits, taken by the first
who says "I'm coming" and told to the organisers when nobody does (`requests`), and the call
asked for in conversation (`call_form`, a form like the teams').

May import: `bot.core`, `bot.events`, `bot.broadcast`, `bot.answers`, `bot.teams`.
"""
