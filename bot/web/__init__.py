"""The public web site (Starlette): the application and its routes (`app`), what the event's page
shows (`pages`), the page's language (`page_language`), the chat box (`chat`, with its
per-visitor limit in `chat_limit`), the programme as iCalendar (`ical`), the event's data as
JSON (`open_data`), the method coach's catalogue at `/methods` (`methods_page`) and the audience's
vote (`vote`); Jinja templates in `templates/`, the style sheet and the chat's script in `static/`.

May import: `bot.core`, `bot.events`, `bot.answers`, `bot.inbox`, `bot.privacy`, `bot.methods`,
`bot.jury`, `bot.rasa_client`.
"""
