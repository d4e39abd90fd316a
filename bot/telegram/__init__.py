"""The Telegram gateway, a python-telegram-bot application between Telegram and Rasa: its settings
(`config`), the application and its handlers wired in `app.main` (the table of contents), what
the handlers share (`resources`), participants' and groups' handlers (`handlers`), rendering
and sending replies (`rendering`), per-chat order and pacing (`pacing`), the organisers'
commands and background work (`organisers`), their inbox (`inbox`), the mentors' buttons and
the calls left waiting (`mentors`), the jury's scoring (`jury`) and the organisers' side of it
(`jury_voting`), the audience's vote (`public_vote`), the outbox's sender (`send`) and long button
payloads kept in the database (`payload_store`).

May import: `bot.core`, `bot.events`, `bot.broadcast`, `bot.inbox`, `bot.mentors`, `bot.jury`,
`bot.privacy`, `bot.rasa_client`.
"""
