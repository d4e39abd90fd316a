"""What the assistant answers, one module per kind of question: the event itself (overview), the
programme (schedule, days), challenges, rules and FAQ, people (mentors, jury), prizes, results,
other editions, team rules; and the conversation's own turns (greetings, help, language,
fallback, a new conversation session). Each `answer_*(ask)` takes an `Ask` and returns a
`Reply` (`replies`); none knows about Rasa or Telegram. `finder` answers the one item of the
event a question is about, found by meaning, before the intent's own answer.

May import: `bot.core`, `bot.events`, `bot.understanding`.
"""
