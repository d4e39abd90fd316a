"""/palmares on Telegram, for the organisers of the current event: the palmarès judging proposes
(the jury's draft once voting is closed, the public votes' winners once closed), a button per prize
to give it to another team or to nobody, and a button to adopt it as the event's results, which
stay embargoed until published with /publish_results (bot.jury.palmares).

The organiser's changes so far travel with the buttons: each button's state (the event, the changes,
what the press does) is kept in the database (bot.telegram.payload_store) and the button carries
`pa:` and its key, so a long palmarès fits Telegram's 64 bytes and a restart loses nothing. Every
press checks again that the presser organises that event; anyone else is refused and audited.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.i18n import localize
from bot.core.models import Event
from bot.core.texts import t
from bot.events import organisers
from bot.jury import palmares
from bot.jury.palmares import Line, PalmaresError
from bot.jury.teams import for_challenge, teams_to_judge
from bot.telegram import payload_store
from bot.telegram.handlers import event_name, language_of
from bot.telegram.organisers import close_keyboard, organiser_event
from bot.telegram.rendering import Reply, inline_keyboard, send, send_all
from bot.telegram.resources import App, Context, gateway

PRESS = re.compile(r"^pa:(cb:[A-Za-z0-9]{10})$")
"""A palmarès button: `pa:` and the key its state is stored under."""
ERRORS = {
    "no_judging": "jury_no_judging",
    "voting_open": "palmares_voting_open",
    "results_public": "palmares_results_public",
    "nobody_awarded": "palmares_nobody_awarded",
    "unknown_prize": "palmares_expired",
    "unknown_team": "palmares_expired",
}

Edits = dict[str, str | None]


def add_palmares_handlers(application: App) -> None:
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(CommandHandler("palmares", show_palmares, filters=private))
    application.add_handler(CallbackQueryHandler(palmares_pressed, pattern=PRESS))


def _button(
    session: Session, title: str, event: Event, edits: Edits, action: str, **more: Any
) -> tuple[str, str]:
    state = json.dumps({"event": event.id, "edits": edits, "do": action, **more}, ensure_ascii=False)
    return title, "pa:" + payload_store.store(session, state)


def _outcome(line: Line, lang: str) -> str:
    if line.team is None and not line.edited and line.by == "public" and line.vote != "closed":
        return t("palmares_vote_open" if line.vote == "open" else "palmares_vote_none", lang)
    text = line.team.name if line.team is not None else t("palmares_nobody", lang)
    if line.edited:
        proposed = line.proposed.name if line.proposed is not None else t("palmares_nobody", lang)
        text += " " + t("palmares_changed", lang, team=proposed)
    if line.tied_with:
        text += " " + t("jury_draft_tie", lang, teams=", ".join(line.tied_with))
    if line.missing_scores:
        text += " " + t("jury_draft_missing", lang)
    return text


def _summary(session: Session, event: Event, edits: Edits, lang: str) -> Reply:
    """The palmarès with the changes so far, a button per prize and one to adopt it."""
    lines = palmares.prepare(session, event, edits)
    text = [t("palmares_header", lang, event=event_name(event, lang))]
    for line in lines:
        prize = localize(line.prize_name, lang, event.languages)
        text.append(t("jury_draft_line", lang, prize=prize, outcome=_outcome(line, lang)))
    text += ["", t("palmares_footer", lang)]
    rows = [
        [
            _button(
                session,
                t("button_palmares_change", lang, prize=localize(line.prize_name, lang, event.languages)),
                event,
                edits,
                "pick",
                prize=line.prize,
            )
        ]
        for line in lines
    ]
    rows.append([_button(session, t("button_palmares_adopt", lang), event, edits, "adopt")])
    rows.append([_button(session, t("button_announce_cancel", lang), event, edits, "cancel")])
    return "\n".join(text), inline_keyboard(rows)


def _choices(session: Session, event: Event, edits: Edits, prize: str, lang: str) -> Reply:
    """The teams the prize may go to, nobody, and back to the palmarès."""
    line = next((line for line in palmares.prepare(session, event, edits) if line.prize == prize), None)
    if line is None:
        raise PalmaresError("unknown_prize", prize=prize)
    rows = [
        [_button(session, team.name, event, {**edits, prize: team.key}, "show")]
        for team in for_challenge(teams_to_judge(session, event), line.challenge)
    ]
    rows.append([_button(session, t("button_palmares_nobody", lang), event, {**edits, prize: None}, "show")])
    rows.append([_button(session, t("button_palmares_back", lang), event, edits, "show")])
    name = localize(line.prize_name, lang, event.languages)
    return t("palmares_pick", lang, prize=name), inline_keyboard(rows)


def _refusal(error: PalmaresError, lang: str) -> Reply:
    if error.code == "not_eligible":
        return t("palmares_not_eligible", lang, team=error.details.get("team", "")), None
    return t(ERRORS.get(error.code, "palmares_expired"), lang), None


async def show_palmares(update: Update, context: Context) -> None:
    """/palmares: the palmarès judging proposes, to change and adopt (organisers only)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    lang = language_of(user)

    def show(session: Session) -> Reply:
        event, refusal = organiser_event(session, user.id, "palmares")
        if event is None:
            return t(refusal or "no_event", lang), None
        try:
            reply = _summary(session, event, {}, lang)
        except PalmaresError as error:
            return _refusal(error, lang)
        organisers.audit(session, event, organisers.telegram_actor(user.id), "palmares.viewed")
        return reply

    await send_all(context, chat.id, [await gateway(context).db(show)])


def _state(session: Session, key: str) -> dict[str, Any] | None:
    stored = payload_store.load(session, key)
    if stored is None:
        return None
    try:
        state = json.loads(stored)
    except ValueError:
        return None
    if not isinstance(state, dict) or not isinstance(state.get("event"), int):
        return None
    edits = state.get("edits")
    if not isinstance(edits, dict) or not all(
        isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in edits.items()
    ):
        return None
    return state


async def palmares_pressed(update: Update, context: Context) -> None:
    """A palmarès button: show the teams for a prize, apply a change, adopt, or cancel."""
    query = update.callback_query
    found = PRESS.match(query.data or "") if query is not None else None
    if query is None or found is None:
        return
    user = query.from_user
    lang = language_of(user)
    actor = organisers.telegram_actor(user.id)

    def press(session: Session) -> Sequence[Reply]:
        state = _state(session, found.group(1))
        event = session.get(Event, state["event"]) if state is not None else None
        if event is None or not organisers.is_organiser(session, event, user.id):
            organisers.audit(session, event, actor, "refused", command="palmares_button")
            return [(t("organiser_only", lang), None)]
        assert state is not None
        edits: Edits = state["edits"]
        action = state.get("do")
        try:
            if action == "pick":
                return [_choices(session, event, edits, str(state.get("prize")), lang)]
            if action == "adopt":
                lines = palmares.prepare(session, event, edits)
                awards = palmares.adopt(session, event, lines, by=actor)
                text = t("palmares_adopted", lang, count=len(awards), event=event_name(event, lang))
                return [(text, None)]
            if action == "cancel":
                organisers.audit(session, event, actor, "palmares.cancelled")
                return [(t("jury_voting_unchanged", lang), None)]
            return [_summary(session, event, edits, lang)]
        except PalmaresError as error:
            return [_refusal(error, lang)]

    replies = await gateway(context).db(press)
    chat_id = await close_keyboard(context, update)
    for text, markup in replies:
        await send(context, chat_id, text, markup)
