"""Teams in conversation: registration (create, join, leave, withdraw, under the database's
constraints and row locks), the roster organisers list and export, and the forms that register,
change and join a team one field at a time (`form_turns`: what a form step receives and returns;
`form_answers`: reading what people type; `views`: how a team reads in the chat).

May import: `bot.core`, `bot.events`, `bot.answers`.
"""
