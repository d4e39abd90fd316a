"""What is sent to many people at once: announcements and reminders, queued per recipient in the
outbox table (`outbox`), sent by the outbox worker (`worker`) within Telegram's limits
(`limits`), with what each send gave (`outcomes`); and the publication of results, which
announces them.

May import: `bot.core`, `bot.events`.
"""
