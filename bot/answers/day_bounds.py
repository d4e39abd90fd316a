"""When a day's programme starts or ends: "what time does it finish on Friday?", "when do doors
open?", "till when can we code tonight?" (the teams' work time).

A question asking when something else ends is not one ("till when can we sign up?", « on garde
les fichiers de données jusqu'à quand ? »): it names a subject beside the words of time, days
and the event itself (`names_another_subject`), and the programme's day is no answer to it.
"""

from __future__ import annotations

from bot.answers.days import asked_bound, requested_day, without_when
from bot.answers.replies import Ask, Reply
from bot.answers.schedule import find_sessions, match_sessions, mentions_work, place_of
from bot.core.i18n import all_variants
from bot.core.matching import informative_tokens, words
from bot.core.timefmt import format_relative_day, format_time
from bot.events.timeline import session_end, sessions_on

# The sentence for a day's start or end, and for the teams' work time's ("until when can we code?").
_BOUND_TEXTS = {
    ("end", False): "day_ends", ("start", False): "day_starts", ("end", True): "work_ends",
    ("start", True): "work_starts",
}  # fmt: skip

DAY_ITSELF = frozenset(
    "it all everything thing things stuff whole programme program schedule agenda official officially "
    "one two three four five first second third last tout tous toute programme officiel officiellement "
    "un deux trois quatre cinq premier premiere deuxieme second seconde troisieme dernier derniere".split()
)
"""Words that name nothing but the day, the event or its programme ("when does the whole thing
finish on day two?"), beside the words of time, days and the event's name."""


def names_another_subject(ask: Ask) -> bool:
    """Whether a question about when something starts or ends names a subject of its own: "till
    when can we sign up?" (registration), "until when can we keep the data files?" (a rule)."""
    event = ask.event
    name = {word for variant in all_variants(event.name) for word in words(variant)}
    return bool(set(informative_tokens(without_when(ask.text))) - DAY_ITSELF - name)


def day_bounds(ask: Ask) -> Reply | None:
    """When a day's programme ends ("what time does it finish on Friday?") or starts ("when do
    doors open?"): the day named, else today during the event, else its first day. None when the
    question is not that, or names a session of its own ("when does the closing ceremony start?")
    or another subject ("till when can we sign up?")."""
    bound = asked_bound(ask.text)
    event = ask.event
    if bound is None or not event.sessions:
        return None
    if find_sessions(event, ask.text):
        return None
    # "what time do the pitches start on Saturday?" asks of a session; "till when can we hack?" not.
    work_asked = mentions_work(ask.text)
    if not work_asked:
        subject = match_sessions(event, without_when(ask.text))
        if (subject.sessions and not subject.related) or names_another_subject(ask):
            return None
    today = ask.now.date()
    day = requested_day(ask.text, event, today)
    if day is None:
        day = today if event.starts <= today <= event.ends else event.starts
    sessions = sessions_on(event, day)
    work = [s for s in sessions if s.kind == "hacking" and work_asked]
    sessions = work or sessions
    if not sessions:
        return None
    if bound == "end":
        session = max(sessions, key=lambda s: session_end(s, event))
        moment = session_end(session, event)
    else:
        session, moment = sessions[0], sessions[0].starts
    when = format_relative_day(day, today, ask.lang, on=True)
    return Reply(
        ask.say(
            _BOUND_TEXTS[(bound, bool(work))],
            day_cap=when[:1].upper() + when[1:],
            time=format_time(moment, ask.lang),
            title=ask.local(session.title),
            place=place_of(ask, session),
        )
    )
