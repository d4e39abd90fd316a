"""The jury: jury members of the pack linked to their Telegram account (`links`, kept across pack
reloads, with one-time invitations), the teams they judge (`teams`: the registered ones, else those
the pack lists), each juror's scorecard of each team recorded atomically until the organisers close
voting (`scoring`), the ranking and the draft palmarès computed from the cards (`ranking`, pure
functions), the cards and ranking exported for the organisers (`export`), and the audience's vote
for the prizes awarded by the public (`public_vote`: one ballot per voter, counted for the
organisers only). Scores reach only their juror and the organisers.

May import: `bot.core`, `bot.events`, `bot.teams`.
"""
