"""The audience's vote on Telegram (bot.jury.public_vote).

Anyone, in a private chat, has /vote: each open vote of the current event with one button per team
it may go to (`pb:<event id>:<prize>:<team key>`), or, for a vote they have cast, the team they
chose. A press records their ballot ("your vote for X is recorded"); a second vote, a vote closed
meanwhile, a team that may not have the prize, or a button that belongs to no open vote (forged,
malformed, from another event) is refused politely in their language, and nothing is recorded.
No count ever reaches a voter.

Organisers of the current event have /open_public_vote PRIZE and /close_public_vote PRIZE: what it
will do, with Confirm and Cancel (`pvc:<open|close>:<event id>:<prize>:<ok|cancel>`); without
PRIZE, the prizes awarded by the public (those open, to close) as buttons (`pvp:...`). Anyone else
is refused those commands and buttons, in their language, and the attempt audited; opening,
closing and cancelling are audited too.

Buttons carry a prize as a short digest of its id (`prize_token`), to fit Telegram's 64 bytes.
"""

from __future__ import annotations

import hashlib
import logging
import re

from sqlalchemy.orm import Session
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.core.i18n import localize
from bot.core.models import Event, PrizeRule
from bot.core.texts import t
from bot.events import organisers
from bot.events.lookup import current_event, get_event
from bot.jury import public_vote
from bot.jury.public_vote import PublicVoteError
from bot.telegram.handlers import language_of
from bot.telegram.organisers import close_keyboard, command_text, organiser_event
from bot.telegram.rendering import Reply, inline_keyboard, send, send_all
from bot.telegram.resources import App, Context, gateway

logger = logging.getLogger(__name__)

BALLOT_PREFIX = re.compile(r"^pb:")
BALLOT = re.compile(r"^pb:(\d{1,9}):([0-9a-f]{8}):([a-z0-9-]{1,40})$")
"""Under /vote: the event's id, the prize's token, the team's key (bot.jury.teams)."""
ORGANISER_PREFIX = re.compile(r"^pv[pc]:")
ORGANISER_BUTTON = re.compile(r"^pv(p|c):(open|close):(\d{1,9}):([0-9a-f]{8})(?::(ok|cancel))?$")
"""`pvp`: a prize picked under a command without PRIZE; `pvc`: Confirm or Cancel under its question."""


def add_public_vote_commands(application: App) -> None:
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(CommandHandler("vote", vote, filters=private))
    application.add_handler(CommandHandler("open_public_vote", open_public_vote, filters=private))
    application.add_handler(CommandHandler("close_public_vote", close_public_vote, filters=private))
    application.add_handler(CallbackQueryHandler(ballot_pressed, pattern=BALLOT_PREFIX))
    application.add_handler(CallbackQueryHandler(organiser_button, pattern=ORGANISER_PREFIX))


def prize_token(prize_key: str) -> str:
    """What a button carries for a prize: 8 hex digits of a digest of its id."""
    return hashlib.blake2b(prize_key.encode("utf-8"), digest_size=4).hexdigest()


def _rule_of_token(event: Event, token: str) -> PrizeRule | None:
    return next((rule for rule in public_vote.public_rules(event) if prize_token(rule.key) == token), None)


def _prize(event: Event, prize_key: str, lang: str) -> str:
    return localize(public_vote.prize_name(event, prize_key), lang, event.languages)


# ------------------------------------------------------------------ voters


async def vote(update: Update, context: Context) -> None:
    """/vote: each open vote, with one button per team, or the team the user has voted for."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    lang = language_of(user)

    def listing(session: Session) -> list[Reply]:
        event = current_event(session)
        if event is None:
            return [(t("no_event", lang), None)]
        votes = [found for found in public_vote.open_votes(session, event) if found.teams]
        if not votes:
            return [(t("public_vote_none_open", lang), None)]
        voter = public_vote.telegram_voter(user.id)
        replies: list[Reply] = []
        for open_vote in votes:
            name = localize(open_vote.name, lang, event.languages)
            ballot = public_vote.ballot_of(session, event, open_vote.prize, voter)
            if ballot is not None:
                replies.append((t("public_vote_voted_for", lang, prize=name, team=ballot.team_name), None))
                continue
            token = prize_token(open_vote.prize)
            rows = [[(team.name, f"pb:{event.id}:{token}:{team.key}")] for team in open_vote.teams]
            replies.append((t("public_vote_pick_team", lang, prize=name), inline_keyboard(rows)))
        return replies

    await send_all(context, chat.id, await gateway(context).db(listing))


def _refusal(error: PublicVoteError, event: Event, prize_key: str, lang: str) -> str:
    prize = _prize(event, prize_key, lang)
    if error.code == "already_voted":
        return t("public_vote_already", lang, team=error.details["team_name"], prize=prize)
    if error.code == "closed":
        return t("public_vote_closed", lang, prize=prize)
    if error.code == "unknown_team":
        return t("public_vote_unknown_team", lang, prize=prize) + " " + t("public_vote_send_vote", lang)
    if error.code == "not_open":
        return t("public_vote_not_open", lang) + " " + t("public_vote_send_vote", lang)
    return t("public_vote_stale", lang) + " " + t("public_vote_send_vote", lang)


async def ballot_pressed(update: Update, context: Context) -> None:
    """A team's button under /vote: the user's ballot, recorded once, or why it is not."""
    query = update.callback_query
    if query is None:
        return
    user, found = query.from_user, BALLOT.match(query.data or "")
    lang = language_of(user)

    def record(session: Session) -> str:
        event = current_event(session)
        if event is None:
            return t("no_event", lang)
        rule = _rule_of_token(event, found.group(2)) if found and int(found.group(1)) == event.id else None
        if found is None or rule is None:
            logger.info("A public vote's button that belongs to no vote of %s was pressed", event.slug)
            return t("public_vote_stale", lang) + " " + t("public_vote_send_vote", lang)
        try:
            done = public_vote.cast(
                session,
                event,
                rule.key,
                voter_key=public_vote.telegram_voter(user.id),
                team_key=found.group(3),
            )
        except PublicVoteError as error:
            logger.info("A ballot of a public vote of %s was refused: %s", event.slug, error.code)
            return _refusal(error, event, rule.key, lang)
        return t("public_vote_recorded", lang, team=done.team.name, prize=_prize(event, rule.key, lang))

    reply = await gateway(context).db(record)
    await send(context, await close_keyboard(context, update), reply)


# ------------------------------------------------------------------ organisers


async def open_public_vote(update: Update, context: Context) -> None:
    await _ask(update, context, "open")


async def close_public_vote(update: Update, context: Context) -> None:
    await _ask(update, context, "close")


def _question(session: Session, event: Event, rule: PrizeRule, change: str, user_id: int, lang: str) -> Reply:
    """What opening or closing the prize's vote will do, with Confirm and Cancel; or why not."""
    state = public_vote.status(session, event, rule.key)[0]
    prize = _prize(event, rule.key, lang)
    if change == "open" and state.state == "open":
        return t("public_vote_already_open", lang, prize=prize), None
    if change == "close" and state.state == "not_opened":
        return t("public_vote_never_opened", lang, prize=prize, prize_id=rule.key), None
    if change == "close" and state.state == "closed":
        return t("public_vote_already_closed", lang, prize=prize), None
    organisers.audit(
        session, event, organisers.telegram_actor(user_id), f"public_vote.{change}_asked", prize=rule.key
    )
    data = f"pvc:{change}:{event.id}:{prize_token(rule.key)}"
    buttons = [
        [(t("button_jury_confirm", lang), f"{data}:ok")],
        [(t("button_announce_cancel", lang), f"{data}:cancel")],
    ]
    if change == "close":
        ballots = state.tally.ballots + state.tally.not_counted
        text = t("public_vote_close_confirm", lang, prize=prize, ballots=ballots, prize_id=rule.key)
    elif state.state == "closed":
        text = t("public_vote_reopen_confirm", lang, prize=prize)
    else:
        teams = len(state.tally.teams)
        text = t("public_vote_open_confirm", lang, prize=prize, teams=teams, prize_id=rule.key)
    return text, inline_keyboard(buttons)


def _pick(session: Session, event: Event, change: str, lang: str) -> Reply:
    """The prizes to open (all those awarded by the public) or to close (those open), as buttons."""
    rules = public_vote.public_rules(event)
    if change == "close":
        opened = {state.prize for state in public_vote.status(session, event) if state.state == "open"}
        rules = [rule for rule in rules if rule.key in opened]
        if not rules:
            return t("public_vote_none_to_close", lang), None
    rows = [
        [(_prize(event, rule.key, lang), f"pvp:{change}:{event.id}:{prize_token(rule.key)}")]
        for rule in rules
    ]
    key = "public_vote_pick_prize_close" if change == "close" else "public_vote_pick_prize_open"
    return t(key, lang), inline_keyboard(rows)


async def _ask(update: Update, context: Context, change: str) -> None:
    """/open_public_vote or /close_public_vote [PRIZE] (organisers only)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    lang = language_of(user)
    words = command_text(update).split()
    asked = words[0] if words else ""

    def answer(session: Session) -> Reply:
        event, refusal = organiser_event(session, user.id, f"{change}_public_vote")
        if event is None:
            return t(refusal or "no_event", lang), None
        rules = public_vote.public_rules(event)
        if not rules:
            return t("public_vote_no_public_prize", lang), None
        if not asked:
            return _pick(session, event, change, lang)
        rule = next((rule for rule in rules if rule.key == asked), None)
        if rule is None:
            known = ", ".join(rule.key for rule in rules)
            return t("public_vote_unknown_prize", lang, prize=asked[:100], prizes=known), None
        return _question(session, event, rule, change, user.id, lang)

    await send_all(context, chat.id, [await gateway(context).db(answer)])


async def organiser_button(update: Update, context: Context) -> None:
    """A prize picked, or Confirm or Cancel, under /open_public_vote or /close_public_vote
    (organisers of that event only; anyone else is refused and audited)."""
    query = update.callback_query
    if query is None:
        return
    user, found = query.from_user, ORGANISER_BUTTON.match(query.data or "")
    lang = language_of(user)
    actor = organisers.telegram_actor(user.id)

    def act(session: Session) -> Reply:
        row = session.get(Event, int(found.group(3))) if found is not None else current_event(session)
        event = get_event(session, row.slug) if row is not None else None
        if event is None or not organisers.is_organiser(session, event, user.id):
            if found is None:
                command = "public_vote_button"
            else:
                command = f"{found.group(2)}_public_vote_{found.group(5) or 'pick'}"
            organisers.audit(session, event, actor, "refused", command=command)
            return t("organiser_only", lang), None
        kind, change, decision = (found.group(1), found.group(2), found.group(5)) if found else ("", "", None)
        rule = _rule_of_token(event, found.group(4)) if found is not None else None
        if rule is None or (kind == "p") != (decision is None):
            return t("public_vote_button_stale", lang), None
        if kind == "p":
            return _question(session, event, rule, change, user.id, lang)
        if decision == "cancel":
            organisers.audit(session, event, actor, f"public_vote.{change}_cancelled", prize=rule.key)
            return t("jury_voting_unchanged", lang), None
        return _decided(session, event, rule, change, actor, lang), None

    reply, markup = await gateway(context).db(act)
    await send(context, await close_keyboard(context, update), reply, markup)


def _decided(session: Session, event: Event, rule: PrizeRule, change: str, actor: str, lang: str) -> str:
    prize = _prize(event, rule.key, lang)
    if change == "open":
        before = public_vote.status(session, event, rule.key)[0].state
        if not public_vote.open_vote(session, event, rule.key, by=actor):
            return t("public_vote_already_open", lang, prize=prize)
        return t("public_vote_reopened" if before == "closed" else "public_vote_opened", lang, prize=prize)
    try:
        done = public_vote.close_vote(session, event, rule.key, by=actor)
    except PublicVoteError:
        return t("public_vote_never_opened", lang, prize=prize, prize_id=rule.key)
    if not done:
        return t("public_vote_already_closed", lang, prize=prize)
    tally = public_vote.tally(session, event, rule.key)
    return t("public_vote_closed_done", lang, prize=prize, ballots=tally.ballots + tally.not_counted)
