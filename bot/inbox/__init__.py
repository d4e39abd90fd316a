"""Questions the assistant could not answer: each is counted (`questions.record`), and one its
asker passes on reaches the organisers' inbox (`questions.pass_on`), who are told on Telegram;
an organiser's reply goes back to the asker on their channel (`questions.answer`: Telegram
through the outbox, the web page at the visitor's next visit).

May import: `bot.core`, `bot.events`, `bot.broadcast`, `bot.answers`.
"""
