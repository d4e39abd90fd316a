"""Answer the item, not the category: the event's one item a question is about, found by meaning.

The NLU's intent picks an answer function (the programme, the FAQ, the mentors...); before it
answers, the event's semantic index (`bot.understanding`) is searched with the intent as a
prior over kinds of item (when the NLU fell back, its best other reading, if it holds at least
`OTHER_READING`, weighed by its confidence: `kind_prior`). When one item clearly stands out (its
score above `CLEAR`, and ahead of the next by `MARGIN`; or above `STRONG` whatever comes next,
without what a shared practical concept added: `strength`),
that item is the answer, whatever its kind: "can I pitch in English?" gets the FAQ on the
pitch's language even if the NLU read a language change. When two items stand out together,
both are given when they are short (two FAQ answers or rules), else offered as buttons.
Otherwise the intent's own answer is given: a list for "what are the challenges?", the honest
"I don't know" for a question the event does not answer. A wrong specific answer is worse than
no answer, so the thresholds are set for precision (see bench/understanding.py).

Intents whose answer is not an item of the event (now, next, a day's programme, the dates,
"my team") are overridden only by an item that stands out strongly (`STRONG`), or by one that
stands out when the NLU doubts (`DOUBTFUL`): "how long do we get on stage?" read as "what's on
now" still gets the rule on pitch length. A question asking for someone who can help ("need a
dev who knows hosting") gets the mentor who stands out, whatever the NLU read it as. List intents ("what
are the challenges?") are overridden only when the NLU was unsure (`UNSURE`) or the question asks
for a time or a place ("from what time do we go before the jury?" is about a session, not the
jurors; a question asking for either gives sessions a small prior, `TIME_OR_PLACE_PRIOR`). A question
asking what is, or was, on a day or part of the day it names ("what happened on Wednesday? I only
arrive today", « qu'est ce qu'il y a cet aprem ? ») gets that programme, whichever of the
programme's, the results' or no reading the NLU gave it. Where or when the jury or the prizes are
is their session ("where do the judges go to decide?": the deliberation). The sessions of one
series ("Mentoring — round 1" and "— round 2", "Lunch" each day) are one answer: the one on the day
named, else on now or next. The results and their embargo, greetings, help and the team forms are
never overridden.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from bot.answers.challenges import describe_challenge
from bot.answers.day_bounds import day_bounds
from bot.answers.days import asks_whats_on, asks_when, asks_where, requested_day, requested_part_of_day
from bot.answers.overview import answer_contact, answer_venue
from bot.answers.people import answer_jury, asks_for_a_person, matching_mentors
from bot.answers.prizes import answer_prizes
from bot.answers.replies import Ask, Button, Reply
from bot.answers.results import names_the_results
from bot.answers.schedule import answer_schedule, describe_session
from bot.answers.team_rules import answer_team_rules
from bot.core.i18n import all_variants, localize
from bot.core.matching import STOP_WORDS, informative_tokens, words
from bot.core.models import Challenge, FaqItem, ProgrammeSession, Rule
from bot.events.timeline import ordered_sessions, session_end
from bot.understanding.index import LEXICAL_WEIGHT, SUPPORT_RANK, Hit

CLEAR = 0.06
MARGIN = 0.02
STRONG = 0.10
PRIOR = 0.03
"""What the intent's own kind of item gets added to its score (the next kinds listed, half)."""
FALLBACK = 0.4
"""The NLU's fallback threshold (config.yml): a reading this sure counts fully as a prior."""
OTHER_READING = 0.35
"""How sure the NLU must be of another reading for it to count as a prior when it fell back."""
PERSON_PRIOR = 0.03
"""What mentors get when the question asks for a person ("who can help us with...")."""
BUILDING_HOURS = "opening_hours"
"""The thesaurus's concept of when the building opens and closes."""
JUDGING = "judging"
"""The thesaurus's concept of how the jury judges (criteria, scores)."""
BUILDING_WORDS = frozenset("building buildings venue premises batiment batiments locaux".split())
"""Words naming the place itself, beside the venue's own name."""
NEED_RANK = 3
"""How close a mentor naming the question's need in other words must rank to be suggested."""
UNSURE = 0.9
"""Below this confidence, a list intent yields to an item that stands out."""
DOUBTFUL = 0.6
"""Below this confidence, an intent whose answer is no item yields to an item that stands out
(not only a strong one): "is there a topic for people who want to build a shed?" read, at 0.52,
as "what's next?"."""
TIME_OR_PLACE_PRIOR = 0.01
"""What sessions gain when the question asks for a time or a place ("when are the trophies handed
out?", « le jury se réunit où ? »): a list of prizes or jurors gives neither."""
WHEN = 0.02
"""What a session gains when it is on the day or at the part of the day the question names
("tonight's party", "the workshop this afternoon"), and loses when it is not."""

# The kinds of item each intent is about (its prior); the intents not listed are never overridden.
INTENT_KINDS: dict[str, tuple[str, ...]] = {
    "ask_faq": ("faq", "rule"),
    "ask_rules": ("rule", "faq"),
    "ask_session": ("session",),
    "ask_challenge": ("challenge",),
    "ask_challenges": ("challenge",),
    "ask_mentors": ("mentor",),
    "ask_jury": ("juror",),
    "ask_prizes": ("prize",),
    "ask_venue": ("faq", "venue"),
    "ask_contact": ("contact", "faq", "rule"),  # "who do I report harassment to?": the code of conduct
    "ask_teams": ("team_rules", "rule"),
    "change_language": (),
    "out_of_scope": (),
    "nlu_fallback": (),
    "inform": (),  # an answer with no question asked: a question the NLU did not recognise
}
# Intents whose answer is not an item, overridden only by a strong item (see above).
NOT_ITEMS = frozenset(
    {"ask_now", "ask_next", "ask_schedule", "ask_dates", "ask_event", "ask_organiser", "ask_audience",
     "my_team"}
)  # fmt: skip
# Intents under which "what was on Thursday?" may be read: the day's programme answers it.
DAY_PROGRAMME = (NOT_ITEMS - {"my_team"}) | {"nlu_fallback", "ask_session", "ask_results", "ask_follow_up"}
# Intents under which "what time does it end on Friday?" may be asked (the NLU reads it as any).
DAY_BOUNDS = (set(INTENT_KINDS) | NOT_ITEMS) - {"my_team"}
# An intent that lists its kind answers a question naming one of its items with the list too, and
# is overridden only when the NLU was unsure ("what are the challenges?" is no session's title).
LISTS = {"ask_jury": "juror", "ask_prizes": "prize", "ask_challenges": "challenge"}
# What happens after the event, read by the NLU without conviction ("will my UK plug work?"): an
# item that stands out answers instead. Items never hold results, so nothing embargoed shows; a
# question about the results themselves (« quelle suite pour les lauréats ») keeps its answer.
UNSURE_ONLY = frozenset({"ask_follow_up"})
# Intents that a question asking for someone who can help ("need a dev who knows hosting", read as
# "who organises this?") may be about a mentor instead, when one stands out. Mentors hold no
# results, so a results question overridden shows nothing embargoed.
PERSON_OVERRIDABLE = NOT_ITEMS | UNSURE_ONLY | {"ask_results"}

Answer = Callable[[Ask], Reply]


def answer_by_meaning(ask: Ask, own: Answer) -> Reply:
    """The item the question is about when one stands out; else `own(ask)`."""
    if ask.intent in DAY_BOUNDS:
        bounds = day_bounds(ask)
        if bounds is not None:
            return with_building_hours(ask, bounds)
    if ask.intent in DAY_PROGRAMME and asks_whats_on(ask.text) and names_a_day_or_part(ask):
        return answer_schedule(ask)
    if ask.index is None or ask.intent is None:
        return own(ask)
    if (ask.intent in INTENT_KINDS or ask.intent in PERSON_OVERRIDABLE) and asks_for_a_person(ask.text):
        mentors = mentors_for_a_need(ask)
        if mentors:
            return matching_mentors(ask, [ask.event.mentors[int(hit.key)] for hit in mentors])
    if ask.intent in NOT_ITEMS:
        sure = ask.confidence >= DOUBTFUL
        standing = standing_out(found(ask))
        chosen = [hit for hit in standing if (strength(hit) >= STRONG if sure else hit.score >= CLEAR)][:1]
        return answer_item(ask, chosen[0]) if chosen else own(ask)
    if ask.intent in UNSURE_ONLY and ask.confidence < UNSURE and not names_the_results(ask.text):
        chosen = standing_out(found(ask))
        return answer_item(ask, chosen[0]) if len(chosen) == 1 else own(ask)
    asks_time_or_place = asks_when(ask.text) or asks_where(ask.text)
    if ask.intent not in INTENT_KINDS or (
        ask.intent in LISTS
        and ask.confidence >= UNSURE
        and not asks_time_or_place
        and not asks_how_judged(ask)
    ):
        return own(ask)
    prior = kind_prior(ask)
    if asks_time_or_place:  # a list of prizes or jurors says no time nor place: a session does
        prior["session"] = max(prior.get("session", 0.0), TIME_OR_PLACE_PRIOR)
    if asks_for_a_person(ask.text):
        prior["mentor"] = prior.get("mentor", 0.0) + PERSON_PRIOR
    chosen = standing_out(found(ask, prior))
    listed = (
        session_of_the_list(ask) if asks_time_or_place and not set(words(ask.text)) & MONEY_WORDS else None
    )
    # An FAQ answer or a rule may say when better ("how do I vote for the public prize and until when?").
    answered = any(hit.kind in SHORT and strength(hit) >= STRONG for hit in chosen) and not asks_where(
        ask.text
    )
    if listed is not None and not answered:
        return Reply(describe_session(ask, _sibling(ask, listed)))
    if not chosen or (len(chosen) == 1 and LISTS.get(ask.intent or "") == chosen[0].kind):
        return own(ask)
    if len(chosen) == 1:
        return answer_item(ask, chosen[0])
    if all(hit.kind == "mentor" for hit in chosen):  # two mentors who may help: both, with their expertise
        return matching_mentors(ask, [ask.event.mentors[int(hit.key)] for hit in chosen])
    if all(hit.kind in SHORT for hit in chosen):  # two short answers: both, no extra step
        return Reply("\n\n".join(answer_item(ask, hit).text for hit in chosen))
    return Reply(
        ask.say("found_choice"), tuple(Button(title_of(ask, hit), title_of(ask, hit)) for hit in chosen)
    )


AWARD_WORDS = frozenset(
    "award awards prize prizes prizegiving trophy trophies winners palmares prix trophees laureats "
    "gagnants recompenses".split()
)
"""Words naming the prize-giving in a session's title ("Awards ceremony", « Remise des prix »)."""


MONEY_WORDS = frozenset(
    "money cash paid pay payment payout transfer transferred argent verse versee versement virement paye "
    "payee paiement cheque".split()
)
"""Words of a question about the prize money ("when is the prize money paid?"): a rule, not the
prize-giving, says when."""


def session_of_the_list(ask: Ask) -> ProgrammeSession | None:
    """The session a question of time or place about the jury or the prizes is about, when the
    programme has one: the jury's deliberation ("where do the judges go to decide?"), the
    prize-giving ("when are the prizes handed out?"). A list of jurors or prizes gives neither."""
    event = ask.event
    if ask.intent == "ask_jury":
        sessions = [s for s in event.sessions if s.kind == "jury"]
    elif ask.intent == "ask_prizes":
        sessions = [
            s
            for s in event.sessions
            if AWARD_WORDS & {w for variant in all_variants(s.title) for w in words(variant)}
        ]
    else:
        return None
    return sessions[0] if len({series(ask.local(s.title)) for s in sessions}) == 1 else None


def asks_how_judged(ask: Ask) -> bool:
    """Whether a question read as the jury's list asks how the jury judges ("how will the jury score
    us?", « comment le jury va nous noter ? »): the judging criteria, a rule, answer it."""
    thesaurus = ask.index.thesaurus if ask.index is not None else None
    asked = words(ask.text)
    if ask.intent != "ask_jury" or thesaurus is None or {"who", "whos"} & set(asked) or asked[:1] == ["qui"]:
        return False  # "who's judging?" asks for the jurors
    return JUDGING in thesaurus.named_in(ask.text)


def names_a_day_or_part(ask: Ask) -> bool:
    """Whether the question names a day of the event or a part of the day."""
    day = requested_day(ask.text, ask.event, ask.now.date())
    return day is not None or requested_part_of_day(ask.text) is not None


def short_item(ask: Ask) -> Reply | None:
    """The one FAQ answer or rule that stands out for the question, if one does: what a request
    that cannot be carried out may still be answered with ("can we still switch to another
    challenge?" from someone in no team: the rule on changing challenge)."""
    if ask.index is None:
        return None
    chosen = standing_out(found(ask, {"rule": PRIOR, "faq": PRIOR}))
    if len(chosen) != 1 or chosen[0].kind not in SHORT:
        return None
    return answer_item(ask, chosen[0])


def with_building_hours(ask: Ask, bounds: Reply) -> Reply:
    """When a day starts or ends, and, when the question asks about the building's hours ("what
    time do doors open tomorrow?") and an FAQ answer or a rule among the closest gives them, that
    answer too: the first session is not when the doors open."""
    if ask.index is None or ask.index.thesaurus is None:
        return bounds
    if BUILDING_HOURS not in ask.index.thesaurus.named_in(ask.text) and not names_the_building(ask):
        return bounds
    hours = [
        hit
        for hit in found(ask)[:SUPPORT_RANK]
        if hit.kind in SHORT and BUILDING_HOURS in ask.index.concepts(hit)
    ]
    if not hours:
        return bounds
    return Reply(f"{bounds.text}\n\n{answer_item(ask, hours[0]).text}", bounds.buttons)


def names_the_building(ask: Ask) -> bool:
    """Whether a question names the place itself ("till what time can we stay in the building?",
    « samedi le pavillon ouvre à quelle heure ? » at the Pavillon ...)."""
    venue = {
        word
        for lang in ask.event.languages
        for word in informative_tokens(localize(ask.event.venue_name, lang, ask.event.languages))
    }
    return bool(set(words(ask.text)) & (BUILDING_WORDS | venue))


def mentors_for_a_need(ask: Ask) -> list[Hit]:
    """The mentors to suggest to a question asking for someone: those that stand out, else the one
    or two among the closest items whose expertise names what the question needs in other words ("our chatbot
    keeps making stuff up, who should we talk to?" and "AI, language models"). A suggestion shows
    the mentor's expertise, so the asker can judge it."""
    hits = found(ask, {"mentor": PERSON_PRIOR})
    standing = [hit for hit in standing_out(hits) if hit.kind == "mentor"]
    if standing:
        return standing
    return [hit for hit in hits[:NEED_RANK] if hit.kind == "mentor" and hit.concept][:2]


def kind_prior(ask: Ask) -> dict[str, float]:
    """What each kind of item gains from what the NLU read: the intent's own kinds; when it read
    no intent that names kinds (it fell back, or read "out of scope"), the kinds of its best
    other reading, weighed by how sure it was of that one (its confidence over `FALLBACK`)."""
    kinds = INTENT_KINDS.get(ask.intent or "", ())
    weight = 1.0
    if not kinds:
        reading = next(((i, c) for i, c in ask.ranking if INTENT_KINDS.get(i)), None)
        if reading is None or reading[1] < OTHER_READING:
            return {}
        kinds, weight = INTENT_KINDS[reading[0]], 0.5 * min(1.0, reading[1] / FALLBACK)
    return {kind: weight * (PRIOR if i == 0 else PRIOR / 2) for i, kind in enumerate(kinds)}


def standing_out(hits: list[Hit]) -> list[Hit]:
    """The one item that stands out, or the two that do together, or none. Only items among the
    closest in meaning (the intent's prior included) compete: shared words alone ("doors" and
    "One digital front door") are no answer."""
    meaning = sorted(hits, key=lambda hit: -(hit.score - LEXICAL_WEIGHT * hit.lexical))[:SUPPORT_RANK]
    hits = [hit for hit in hits if hit in meaning]
    if len(hits) < 2:
        return hits[:1] if hits and strength(hits[0]) >= STRONG else []
    top, second = hits[0], hits[1]
    if strength(top) >= STRONG or (top.score >= CLEAR and top.score - second.score >= MARGIN):
        return [top]
    third = hits[2].score if len(hits) > 2 else 0.0
    if second.score >= CLEAR and second.score - third >= MARGIN and paired(top, second):
        return [top, second]
    return []


def strength(hit: Hit) -> float:
    """How strongly an item stands out on its own: its score without what a shared concept added.
    A concept may bring an item to the front, not make it certain over a close rival ("is the boat
    for tonight's party wheelchair accessible?" names accessibility, but asks about the boat)."""
    return hit.score - hit.concept


SHORT = frozenset({"faq", "rule"})
"""Kinds whose answer is a sentence or two: two of them are given together rather than offered."""


def paired(top: Hit, second: Hit) -> bool:
    """Whether two items can be given together: both with a title (for buttons), or two mentors."""
    return (titled(top) and titled(second)) or top.kind == second.kind == "mentor"


def titled(hit: Hit) -> bool:
    """Whether an item has a title of its own to put on a button."""
    return hit.kind in {"faq", "rule", "session", "challenge"}


def _faq(ask: Ask, key: str) -> FaqItem:
    return next(item for item in ask.event.faq if item.key == key)


def _rule(ask: Ask, key: str) -> Rule:
    return next(rule for rule in ask.event.rules if rule.key == key)


def _session(ask: Ask, key: str) -> ProgrammeSession:
    return next(session for session in ask.event.sessions if session.key == key)


def _challenge(ask: Ask, key: str) -> Challenge:
    return next(challenge for challenge in ask.event.challenges if challenge.key == key)


RANKS = frozenset(
    "i ii iii iv v first second third fourth fifth last final premier premiere deuxieme seconde "
    "troisieme quatrieme cinquieme dernier derniere 1st 2nd 3rd 4th 1er 1re 2e 3e 4e 5e".split()
)
"""Words that number or rank a session of a series ("round 2", "Final hacking block", « 1er tour »)."""


def series(title: str) -> tuple[str, ...]:
    """A session's title without its number or rank: "Mentoring — round 1" and "Mentoring — round 2",
    "Hacking, block 3" and "Final hacking block" are of one series, like the day's "Lunch"."""
    kept = (w for w in words(title) if w not in RANKS | STOP_WORDS and not any(c.isdigit() for c in w))
    return tuple(sorted(kept)) or (title.casefold(),)


def _same(ask: Ask) -> Callable[[ProgrammeSession], object]:
    """What sessions that are one answer share: their series, unless the question names a number
    or a rank ("the second round of mentoring", "block 3"), then their title."""
    if any(w in RANKS or any(c.isdigit() for c in w) for w in words(ask.text)):
        return lambda s: ask.local(s.title).casefold()
    return lambda s: series(ask.local(s.title))


def _sibling(ask: Ask, session: ProgrammeSession) -> ProgrammeSession:
    """Of the sessions of one series ("Lunch" each day, "Mentoring — round 1" and "— round 2"), the
    one on the day the question names, else the one on now or next, else the last."""
    same_as = _same(ask)
    same = [s for s in ordered_sessions(ask.event) if same_as(s) == same_as(session)]
    day = requested_day(ask.text, ask.event, ask.now.date())
    on_day = [s for s in same if s.starts.date() == day]
    if on_day:
        return on_day[0]
    coming = [s for s in same if session_end(s, ask.event) > ask.now]
    return coming[0] if coming else same[-1]


def found(ask: Ask, prior: Mapping[str, float] | None = None) -> list[Hit]:
    """The event's items, best first, for the question: searched with the intent's prior, each
    session weighed by when it is, sessions called the same given once."""
    assert ask.index is not None
    return merge_siblings(ask, timed(ask, ask.index.search(ask.text, prior=prior)))


def timed(ask: Ask, hits: list[Hit]) -> list[Hit]:
    """Hits with each session's score moved by `WHEN` for the day and the part of the day the
    question names, if it names any: "c'est où la soirée de ce soir ?" is about tonight's."""
    day = requested_day(ask.text, ask.event, ask.now.date())
    part = requested_part_of_day(ask.text)
    if day is None and part is None:
        return hits

    def shift(session: ProgrammeSession) -> float:
        moved = 0.0
        if day is not None:
            moved += WHEN if session.starts.date() == day else -WHEN
        if part is not None:
            moved += WHEN if session.starts.hour in part.hours else -WHEN
        return moved

    weighed = [
        replace(hit, score=round(hit.score + shift(_session(ask, hit.key)), 4))
        if hit.kind == "session"
        else hit
        for hit in hits
    ]
    return sorted(weighed, key=lambda hit: -hit.score)


def merge_siblings(ask: Ask, hits: list[Hit]) -> list[Hit]:
    """Hits with the sessions of one series kept once (at the best of them): they are one answer."""
    same_as = _same(ask)
    seen: set[object] = set()
    kept = []
    for hit in hits:
        if hit.kind == "session":
            series_of = same_as(_session(ask, hit.key))
            if series_of in seen:
                continue
            seen.add(series_of)
        kept.append(hit)
    return kept


def title_of(ask: Ask, hit: Hit) -> str:
    """The item's own name in the user's language: an FAQ's question, a rule's topic, a title."""
    if hit.kind == "faq":
        return ask.local(_faq(ask, hit.key).question)
    if hit.kind == "rule":
        return ask.local(_rule(ask, hit.key).topic)
    if hit.kind == "session":
        return ask.local(_session(ask, hit.key).title)
    return ask.local(_challenge(ask, hit.key).title)


def answer_item(ask: Ask, hit: Hit) -> Reply:
    """The reply that gives one item of the event."""
    whole: dict[str, Answer] = {
        "venue": answer_venue,
        "contact": answer_contact,
        "team_rules": answer_team_rules,
        "juror": answer_jury,
        "prize": answer_prizes,
    }
    if hit.kind in whole:
        return whole[hit.kind](ask)
    if hit.kind == "faq":
        item = _faq(ask, hit.key)
        return Reply(ask.say("faq_answer", question=ask.local(item.question), answer=ask.local(item.answer)))
    if hit.kind == "rule":
        rule = _rule(ask, hit.key)
        return Reply(ask.say("rule_item", topic=ask.local(rule.topic), text=ask.local(rule.text)))
    if hit.kind == "session":
        return Reply(describe_session(ask, _sibling(ask, _session(ask, hit.key))))
    if hit.kind == "challenge":
        return Reply(describe_challenge(ask, _challenge(ask, hit.key)))
    return matching_mentors(ask, [ask.event.mentors[int(hit.key)]])
