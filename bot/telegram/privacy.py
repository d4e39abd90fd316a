"""/privacy, /mydata and /forget: a participant reads the privacy notice, sees what is stored
about them, and erases it after a confirmation ("/forget yes" / « /forget oui »), in their
language (`bot.privacy`)."""

from __future__ import annotations

from sqlalchemy.orm import Session
from telegram import Message, Update
from telegram.ext.filters import MessageFilter

from bot.core.texts import t
from bot.events.lookup import current_event
from bot.privacy.notice import asks_about_own_data, privacy_notice
from bot.privacy.personal import (
    Person,
    TeamHasMembers,
    erase,
    holds_anything,
    teams_to_withdraw,
    what_is_stored,
)
from bot.privacy.views import describe
from bot.telegram.handlers import language_of
from bot.telegram.rendering import send
from bot.telegram.resources import Context, gateway

CONFIRMATIONS = frozenset({"yes", "oui", "y", "o"})


def quoted(name: str, lang: str) -> str:
    return f"« {name} »" if lang == "fr" else f"“{name}”"


def _person(update: Update) -> Person | None:
    user = update.effective_user
    return Person("telegram", str(user.id)) if user is not None else None


async def notice(update: Update, context: Context) -> None:
    """/privacy: the current event's privacy notice."""
    message = update.effective_message
    if message is None:
        return
    lang = language_of(update.effective_user)

    def read(session: Session) -> str:
        event = current_event(session)
        return privacy_notice(event, lang) if event is not None else t("no_event", lang)

    await send(context, message.chat_id, await gateway(context).db(read))


async def my_data(update: Update, context: Context) -> None:
    message, person = update.effective_message, _person(update)
    if message is None or person is None:
        return
    lang = language_of(update.effective_user)

    def look(session: Session) -> str:
        stored = what_is_stored(session, person)
        return describe(stored, lang) if holds_anything(stored) else t("privacy_nothing", lang)

    await send(context, message.chat_id, await gateway(context).db(look))


async def in_words(update: Update, context: Context) -> None:
    """ "What do you know about me?" is /mydata, « supprimer mes données » is /forget (asked to
    confirm): the words people use, beside the commands. Other messages go on to Rasa."""
    message = update.effective_message
    asked = asks_about_own_data(message.text or "") if message is not None else None
    if asked == "see":
        await my_data(update, context)
    elif asked == "erase":
        await forget(update, context)  # which asks to confirm: no argument here


class AboutOwnData(MessageFilter):
    """The messages `in_words` takes: those asking about the writer's own data."""

    def filter(self, message: Message) -> bool:
        return asks_about_own_data(message.text or "") is not None


async def forget(update: Update, context: Context) -> None:
    message, person = update.effective_message, _person(update)
    if message is None or person is None:
        return
    lang = language_of(update.effective_user)
    args = context.args or []
    confirmed = bool(args) and args[0].strip().lower() in CONFIRMATIONS

    def work(session: Session) -> str:
        if not holds_anything(what_is_stored(session, person)):
            return t("privacy_nothing", lang)
        try:
            teams = [
                f"« {team.name} »" if lang == "fr" else f"“{team.name}”"
                for team in teams_to_withdraw(session, person)
            ]
        except TeamHasMembers as refusal:
            return t("privacy_forget_team_has_members", lang, teams=", ".join(refusal.teams))
        if not confirmed:
            also = t("privacy_forget_teams", lang, teams=", ".join(teams)) if teams else ""
            return t("privacy_forget_ask", lang, teams=also)
        erase(session, person)
        return t("privacy_forget_done", lang)

    await send(context, message.chat_id, await gateway(context).db(work))
