"""A person's data rights (GDPR articles 15 and 17): what is stored about them, as plain data
(`personal.what_is_stored`), and its erasure (`personal.erase`): their participant record, team
memberships and the teams they alone captain, subscriptions, queued messages, organiser and
mentor and juror roles, a juror's comments, their ballots in the audience's votes (which lose
their voter, and still count once the vote is closed), their calls for a mentor, their failed
join codes, and their id in the audit log.
The Telegram gateway (`/mydata`, `/forget`) and the CLI (`hackbot privacy export|erase`) call it.

May import: `bot.core`, `bot.events`, `bot.teams`.
"""
