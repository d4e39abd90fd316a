"""The method coach in conversation: "on doit comprendre nos usagers, par où commencer ?", "we have 3
hours before the pitch, how do we test our prototype?".

The coach reads what it can from the message (`reading`): the stage, the time, the team's size,
whether it can reach users. It asks only for the stage when it cannot tell, with a button per
stage (the buttons carry the answer, and the question is kept in the `method_need` slot). The time
is the one said, else the time left before the next pitch or jury session of the programme, else
none is assumed (the methods of every length are offered, with their times). Then it recommends
up to three methods (`coach.recommend`: never one longer than the time), each with why it fits,
its time and first step, with buttons for the whole card of each and for another one.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from bot.answers.conversation import answer_fallback
from bot.answers.finder import STRONG, answer_by_meaning, answer_item, found, standing_out, strength
from bot.answers.people import answer_mentors, asks_for_a_person
from bot.answers.replies import Ask, Button, Reply, is_payload
from bot.answers.schedule import answer_now
from bot.core.links import methods_url
from bot.core.matching import informative_tokens, normalize, ordinal_position
from bot.methods import usage
from bot.methods.catalogue import CHALLENGE, STAGES, Catalogue, Method, event_catalogue
from bot.methods.coach import Fit, minutes_until, next_milestone, quickest, recommend, stage_at
from bot.methods.index import method_index
from bot.methods.reading import (
    METHOD_WORDS,
    Need,
    asks_how_to_proceed,
    asks_what_to_do,
    beyond_what_to_do,
    read_need,
)
from bot.teams.form_turns import FormTurn, Step
from bot.teams.registration import team_of_account
from bot.understanding.encoder import Encoder

NEED = "method_need"
"""What the team said of its situation: {"question", "stage", "minutes", "people", "users"}."""
SHOWN = "methods_shown"
"""Every method recommended so far for this need (another one is never one of them)."""
OFFERED = "methods_offered"
"""The methods of the last recommendation, in order ("the second one")."""
STAGE_ENTITY = "method_stage"
MINUTES_ENTITY = "method_minutes"
METHOD_ENTITY = "method"
METHOD_INTENTS = frozenset({"ask_method", "method_details", "method_more"})
STARTING = re.compile(
    r"\bpar ou (?:on )?(?:commence|commencer|debuter|attaquer)\b"
    r"|\bwhere (?:do|should|can|would) (?:we|i|you) (?:even |actually |best |first )?(?:start|begin)\b"
    r"|\bwhere to (?:start|begin)\b"
)
"""Asking where to start is asking for a method, not for a place."""
SEEKS_SOMEONE = re.compile(
    r"\b(?:who|qui) (?:can|could|would|should|peut|pourrait|pourraient|peuvent|sait|knows|to ask|contacter)\b"
    r"|\b(?:is there|are there|any|need|needs|want|looking for|besoin d|cherche|cherchons|y a t il|y a"
    r"|il y a) "
    r"(?:a |an |un |une )?(?:someone|somebody|anyone|expert|specialist|person|mentor|coach|quelqu un|"
    r"specialiste|mentor)\b|\bcoup de main\b"
    r"|\b(?:a|an|un|une|someone|quelqu un) \w+ (?:dispo|disponible|available)\b"
)
"""Asking for someone ("who could help us plan interviews?", "is there an expert around?"): the mentors."""
HOW_STRONG = re.compile(
    r"\bhow (?:do|can|could|should) we\b|\bcomment (?:on|faire|peut on|pourrait on)\b|\bway to\b"
)
"""Asking how to do something outright: a person it names is the subject ("a young person would be
put on the roll"), not someone asked for."""
WHEN_OR_WHERE = re.compile(
    r"^(?:when|where|quand|ou|what time|a quelle heure)\b"
    r"|\b(?:where|when) (?:is|are|do|does|will|can|should|s)\b|\b(?:what time|a quelle heure)\b"
    r"|\b(?:which|what) (?:room|place)\b|\b(?:quelle|dans quelle) salle\b"
    r"|\bquand (?:est|sont|a lieu|ont lieu|commence|se passe|on|doit|peut|faut)\b"
)
"""A question about when or where something is ("where do we practise our pitch on Friday?"),
asked of the folded text; « où » is looked for in the text as typed (folded, it is « ou », "or")."""
WHERE_FR = re.compile(r"\boù (?:est|sont|a lieu|ont lieu|se passe|se trouve|on|doit|peut|faut|se|je|nous)\b")
CLOSEST = 5
"""The methods closest in meaning whose stages confirm the stage a request's words name."""
SITUATION_WORDS = 2
REQUEST_WORDS = frozenset(
    """
    method methods methode methodes suggest suggestion propose proposer propose recommend recommande
    recommander coach coache coaching tool outil technique team equipe equipes people personnes
    minutes minute min hour hours heure heures time temps left reste quick quickly rapide vite good
    bonne best meilleure way facon moyen help aide aider use utiliser need besoin start commencer
    """.split()
)
"""Words of asking for a method, or of the time and the team, that say nothing of the team's stage."""
METHOD_NOUNS = ("methode", "method", "one", "option", "proposition", "suggestion", "la", "le")


def _duration(minutes: int, lang: str) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    if lang == "fr":
        return f"{hours} h {rest:02d}" if rest else f"{hours} h"
    return f"{hours} h {rest} min" if rest else (f"{hours} hour" if hours == 1 else f"{hours} hours")


def _payload(intent: str, **entities: Any) -> str:
    return f"/{intent}{json.dumps(entities, separators=(',', ':'))}" if entities else f"/{intent}"


def _need_of(turn: FormTurn) -> tuple[str, Need]:
    """The question and the need it states, with what the buttons pressed since add to it."""
    held: dict[str, Any] = turn.slot(NEED) or {}
    question = str(held.get("question") or "") if is_payload(turn.text) else turn.text
    need = read_need(question) if question else Need()
    if is_payload(turn.text):
        need = need.with_known(_held_need(held))
    stage = turn.entities.get(STAGE_ENTITY)
    minutes = turn.entities.get(MINUTES_ENTITY)
    if stage in STAGES:
        need = replace(need, stage=stage)
    if minutes and str(minutes).isdigit():
        need = replace(need, minutes=int(minutes))
    return question, need


def _held_need(held: dict[str, Any]) -> Need:
    """The need kept in the `method_need` slot (`_held`)."""
    return Need(held.get("stage"), held.get("minutes"), held.get("people"), held.get("users"))


def _held(question: str, need: Need) -> dict[str, Any]:
    return {
        "question": question,
        "stage": need.stage,
        "minutes": need.minutes,
        "people": need.people,
        "users": need.users_reachable,
    }


def asks_for_a_method(text: str) -> bool:
    """Whether a message read as a request for a method is one: it asks how to go about the team's
    work (`reading.asks_how_to_proceed`), and not for someone ("who could help us plan interviews?":
    the mentors) nor for when or where something is ("where do we practise our pitch on Friday?":
    the programme), unless it names a method. The NLU, trained on situations told in many words,
    also reads as one a question about the event told in many words ("one of us is stuck in Koné
    with a flat tyre, can he still work with us from there?")."""
    if is_payload(text):
        return True
    folded = normalize(text)
    found = set(folded.split())
    if found & METHOD_WORDS or STARTING.search(folded):
        return True
    if not asks_how_to_proceed(text):
        return False
    if SEEKS_SOMEONE.search(folded) or (asks_for_a_person(text) and not HOW_STRONG.search(folded)):
        return False
    return not (WHEN_OR_WHERE.search(folded) or WHERE_FR.search(text.casefold()))


def coach(turn: FormTurn, *, encoder: Encoder, catalogue: Catalogue | None = None) -> Step | Reply:
    """Recommend methods for the need the message states, or ask for its stage; a message that
    asks for someone, or for when or where, is answered as the question it is."""
    catalogue = catalogue or event_catalogue(turn.ask.event)
    ask = turn.ask
    if not asks_for_a_method(turn.text):
        return answered_otherwise(ask)
    item = event_item(ask)
    if item is not None:
        return item
    question, need = _need_of(turn)
    relevance = method_index(catalogue, encoder).relevance(question) if question else {}
    milestone = next_milestone(ask.event, ask.now)
    programme: list[str] = []  # « on fait quoi maintenant ? » may ask for the programme too
    where: list[str] = []
    situated = says_a_situation(beyond_what_to_do(question))
    by_meaning = False
    if need.stage is None and not situated and asks_what_to_do(question):  # "what should we do now?"
        need = replace(need, stage=stage_at(ask.event, ask.now, milestone))
        programme.append(answer_now(ask).text)
        if need.stage is not None:
            where.append(ask.say("method_stage_now", stage=ask.say(f"method_stage_{need.stage}")))
    elif not turn.entities.get(STAGE_ENTITY) and situated:
        need = replace(need, stage=stage_by_meaning(catalogue, relevance, need.stage))
        by_meaning = need.stage is None
    if need.stage is None and not by_meaning:
        buttons = tuple(
            Button(ask.say(f"method_stage_{stage}"), _payload("ask_method", method_stage=stage))
            for stage in STAGES
        )
        return Step(Reply(ask.say("method_ask_stage"), buttons), {NEED: _held(question, need)})
    left: list[str] = []
    if need.minutes is None and milestone is not None and minutes_until(milestone, ask.now) > 0:
        need = replace(need, minutes=minutes_until(milestone, ask.now))
        left.append(ask.say("method_time_until", time=_duration(need.minutes or 0, ask.lang),
                            session=ask.local(milestone.title)))  # fmt: skip
    notes = [*programme, *left, *where]
    fits = recommend(catalogue, need, relevance=relevance)
    return _recommendation(turn, catalogue, question, need, fits, shown=[], notes=notes)


def answered_otherwise(ask: Ask) -> Reply:
    """The answer to a message read as a request for a method that is not one: the mentors who
    can help when it asks for someone, else the answer to the question the NLU's other readings
    point to (`answers.finder`), or the honest "I can't answer"."""
    others = tuple((intent, c) for intent, c in ask.ranking if intent not in METHOD_INTENTS)
    if asks_for_a_person(ask.text):
        return answer_by_meaning(replace(ask, intent="ask_mentors", ranking=others), answer_mentors)
    return answer_by_meaning(
        replace(ask, intent="nlu_fallback", confidence=0.0, ranking=others), answer_fallback
    )


def event_item(ask: Ask) -> Reply | None:
    """The event's own practical answer when one of its FAQ items stands out strongly for the
    request: "we need to print handouts for the jury, how?" is the FAQ on printing, not a method
    (a session does not count: "how do we test our prototype?" is not the user-testing session)."""
    if ask.index is None or is_payload(ask.text):
        return None
    chosen = [hit for hit in standing_out(found(ask)) if hit.kind == "faq" and strength(hit) >= STRONG]
    return answer_item(ask, chosen[0]) if len(chosen) == 1 else None


def says_a_situation(question: str) -> bool:
    """Whether a request says something of the team's situation beyond asking for a method and
    giving its time or size ("suggest a method, we are 4" says nothing of where the team is)."""
    return len([w for w in informative_tokens(question) if w not in REQUEST_WORDS]) >= SITUATION_WORDS


def stage_by_meaning(catalogue: Catalogue, relevance: dict[str, float], said: str | None) -> str | None:
    """The stage a request's words name ("how do we test…") when one of the methods closest in
    meaning serves it; else none: the closest methods of any stage are recommended, which finds
    the right method more often than guessing its stage first."""
    closest = sorted(relevance, key=lambda method_id: -relevance[method_id])[:CLOSEST]
    methods = catalogue.by_id()
    if said is not None and any(said in methods[method_id].stages for method_id in closest):
        return said
    return None


def another(turn: FormTurn, *, encoder: Encoder, catalogue: Catalogue | None = None) -> Step:
    """The next methods for the same need."""
    catalogue = catalogue or event_catalogue(turn.ask.event)
    held: dict[str, Any] = turn.slot(NEED) or {}
    shown = [str(m) for m in turn.slot(SHOWN) or []]
    if not held or not shown:
        return Step(Reply(turn.ask.say("method_none_offered")))
    question, need = str(held.get("question") or ""), _held_need(held)
    relevance = method_index(catalogue, encoder).relevance(question) if question else {}
    fits = recommend(catalogue, need, relevance=relevance, exclude=shown)
    if not fits:
        return Step(Reply(turn.ask.say("method_nothing_more")))
    return _recommendation(turn, catalogue, question, need, fits, shown=shown, notes=[])


def _recommendation(
    turn: FormTurn, catalogue: Catalogue, question: str, need: Need, fits: list[Fit], *, shown: list[str],
    notes: list[str],
) -> Step:  # fmt: skip
    ask = turn.ask
    stage = ask.say(f"method_stage_{need.stage}") if need.stage else ""
    if not fits:
        fastest = quickest(catalogue, need)
        if fastest is not None and need.minutes is not None:
            text = ask.say("method_nothing_fits" if stage else "method_nothing_fits_any",
                           time=_duration(need.minutes, ask.lang), stage=stage,
                           name=fastest.name[ask.lang], minimum=fastest.minutes.minimum)  # fmt: skip
        else:
            text = ask.say("method_nothing_more")
        return Step(Reply("\n\n".join([*notes, text])), {NEED: _held(question, need)})
    if need.minutes is not None:
        time = _duration(need.minutes, ask.lang)
        timed = "method_intro" if stage else "method_intro_timed"
        intro = ask.say(timed, stage=stage, time=time)
    else:
        intro = ask.say("method_intro_untimed", stage=stage) if stage else ask.say("method_intro_any")
    challenge = team_challenge(turn)
    lines = [
        ask.say(
            "method_line_challenge" if challenge and fit.method.for_a_challenge else "method_line",
            number=n,
            name=fit.method.name[ask.lang],
            time=_duration(fit.minutes, ask.lang),
            users=ask.say("method_needs_users") if fit.method.people.users else "",
            purpose=fit.method.purpose[ask.lang],
            first_step=first_step(fit.method, ask.lang, challenge),
        )
        for n, fit in enumerate(fits, start=1)
    ]
    more = [
        Button(ask.say("method_more_button", number=n), _payload("method_details", method=fit.method.id))
        for n, fit in enumerate(fits, start=1)
    ]
    buttons = (*more, Button(ask.say("method_another_button"), _payload("method_more")))
    ids = [fit.method.id for fit in fits]
    usage.record(turn.session, ask.event, ids, kind="recommended", lang=ask.lang, stage=need.stage,
                 minutes=need.minutes)  # fmt: skip
    slots = {NEED: _held(question, need), SHOWN: [*shown, *ids], OFFERED: ids}
    page = methods_url(ask.lang)
    link = [ask.say("method_all", url=page)] if page else []
    return Step(Reply("\n\n".join([*notes, intro, *lines, *link]), buttons), slots)


def team_challenge(turn: FormTurn) -> str | None:
    """The title of the challenge of the asker's team, if they are in one that has chosen one."""
    team = team_of_account(turn.session, turn.ask.event, turn.user.channel, turn.user.user_id)
    return turn.ask.local(team.challenge.title) if team is not None and team.challenge is not None else None


def first_step(method: Method, lang: str, challenge: str | None) -> str:
    """The method's first step: written for the team's challenge when it has one and the method
    says how (`for_a_challenge`), else as the catalogue writes it."""
    if challenge and method.for_a_challenge:
        return method.for_a_challenge[lang].replace(CHALLENGE, challenge, 1)
    return method.steps[0][lang]


def details(turn: FormTurn, *, catalogue: Catalogue | None = None) -> Step:
    """The whole card of a method: the one a button names, the one at the position the message
    says among the last recommended ("the second one"), or one named by its name."""
    catalogue = catalogue or event_catalogue(turn.ask.event)
    methods = catalogue.by_id()
    chosen = methods.get(turn.entities.get(METHOD_ENTITY) or "")
    offered = [str(m) for m in turn.slot(OFFERED) or [] if str(m) in methods]
    if chosen is None:
        chosen = _named(turn.text, catalogue)
    if chosen is None and offered:
        position = ordinal_position(turn.text, METHOD_NOUNS)
        if position == -1:
            position = len(offered)
        if position is not None and 1 <= position <= len(offered):
            chosen = methods[offered[position - 1]]
        elif len(offered) == 1:
            chosen = methods[offered[0]]
    if chosen is None:
        return Step(Reply(turn.ask.say("method_which" if offered else "method_none_offered")))
    usage.record(turn.session, turn.ask.event, [chosen.id], kind="card", lang=turn.ask.lang)
    another = (Button(turn.ask.say("method_another_button"), _payload("method_more")),) if offered else ()
    return Step(Reply(card(turn, chosen), another))


def _named(text: str, catalogue: Catalogue) -> Method | None:
    folded = f" {normalize(text)} "
    named = [m for m in catalogue.methods if any(f" {normalize(m.name[lang])} " in folded for lang in m.name)]
    return named[0] if len(named) == 1 else None


def card(turn: FormTurn, method: Method) -> str:
    ask, lang = turn.ask, turn.ask.lang
    parts = [
        ask.say(
            "method_card",
            name=method.name[lang],
            purpose=method.purpose[lang],
            stages=", ".join(ask.say(f"method_stage_{s}") for s in method.stages),
            minimum=method.minutes.minimum,
            typical=method.minutes.typical,
            people=method.people.minimum,
            users=ask.say("method_needs_users") if method.people.users else "",
        )
    ]
    if method.materials:
        parts.append(
            "\n".join([ask.say("method_card_materials"), *(f"• {m[lang]}" for m in method.materials)])
        )
    steps = (f"{n}. {step[lang]}" for n, step in enumerate(method.steps, start=1))
    parts.append("\n".join([ask.say("method_card_steps"), *steps]))
    parts.append("\n".join([ask.say("method_card_pitfalls"), *(f"• {p[lang]}" for p in method.pitfalls)]))
    parts.append(ask.say("method_card_example", example=method.example[lang]))
    challenge = team_challenge(turn)
    if challenge and method.for_a_challenge:
        parts.append(first_step(method, lang, challenge))
    parts.append(ask.say("method_card_source", title=method.source.title, url=method.source.url))
    page = methods_url(lang, method.id)
    if page:
        parts.append(ask.say("method_all", url=page))
    return "\n\n".join(parts)
