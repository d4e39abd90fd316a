"""Understanding what people ask about the current event, in any wording: every answerable piece
of the event becomes a passage in each language (`passages`), embedded by a multilingual
sentence encoder (`encoder`) into an index rebuilt when the event changes (`index`), searched by
meaning and by words together. Nothing here writes a reply: `bot.answers.finder` decides what
a search means and answers with the item found.

May import: `bot.core`, `bot.events`.
"""
