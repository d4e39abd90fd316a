"""The jury on Telegram: jurors score the teams with buttons, organisers follow and close voting.

A juror's invitation link (`/start jury_<code>`) links whoever uses it first to that juror
(bot.jury.links). Jurors of the current event then have:

- /score: the teams judged as buttons (✓ on those their counting card covers); a team picked,
  each criterion in order with one button per value of the scale, then an optional comment (the
  juror's next text message, or "No comment"), then a summary with Confirm and Cancel. Confirm
  records the whole card in one transaction (bot.jury.scoring.record: refused once voting is
  closed); a second Confirm (a double tap) records nothing more. A team already scored shows its
  current scores and is scored again (a revision).
- /myscores: their own cards.

The card being filled in is kept in memory per juror (`PendingCard`, like the inbox's pending
replies), under a random token its buttons carry (`js:<token>:...`): a button only acts on the
card of whoever presses it, and only if it carries that card's token; a stale one (a card
cancelled, replaced, expired or lost with a restart) is told so. Every press checks again that the
presser is a juror of the current event. While a card waits for its comment, the juror's text
message is that comment and goes nowhere else (not to Rasa).

Organisers of the current event have /jury, /close_voting and /reopen_voting
(`bot.telegram.jury_voting`; registered here too).

Anyone else is refused with a message in their language and the attempt audited, by command and
by button. Scores, ranks and comments reach nobody but their juror and the organisers.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from dataclasses import dataclass, field

from sqlalchemy.orm import Session
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ApplicationHandlerStop, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.core.clock import utcnow
from bot.core.i18n import localize
from bot.core.models import SCORECARD_COMMENT_MAX_LENGTH, Event, JudgingCriterion, JurorLink
from bot.core.texts import t
from bot.events import organisers
from bot.events.lookup import current_event
from bot.jury import links, scoring
from bot.jury.scoring import ScoringError
from bot.jury.teams import find_team, teams_to_judge
from bot.telegram.handlers import event_name, language_of
from bot.telegram.jury_voting import VOTING, close_voting, jury_status, reopen_voting, voting_decision
from bot.telegram.organisers import close_keyboard
from bot.telegram.palmares import add_palmares_handlers
from bot.telegram.rendering import Reply, inline_keyboard, send, send_all
from bot.telegram.resources import App, Context, gateway

logger = logging.getLogger(__name__)

PICK = re.compile(r"^jt:([a-z0-9-]{1,40})$")
"""Under /score: the team picked (its key, bot.jury.teams)."""
CARD = re.compile(r"^js:([0-9a-f]{8}):(?:v:(\d{1,3}):(\d{1,3})|(nc|ok|x))$")
"""Under a pending card: its token, then a criterion's step and value, or No comment, Confirm, Cancel."""
PENDING_KEY = "jury_pending_cards"
CARD_OPEN_FOR = 3600.0
"""Seconds a card being filled in stays open (then /score again)."""
VALUES_PER_ROW = 6


def add_jury_commands(application: App) -> None:
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    # Before every other handler (the inbox's pending replies included): a juror's message while a
    # card waits for its comment is that comment, and nothing else handles it.
    application.add_handler(MessageHandler(private & filters.TEXT, pending_comment), group=-2)
    application.add_handler(CommandHandler("score", score, filters=private))
    application.add_handler(CommandHandler("myscores", my_scores, filters=private))
    application.add_handler(CommandHandler("jury", jury_status, filters=private))
    application.add_handler(CommandHandler("close_voting", close_voting, filters=private))
    application.add_handler(CommandHandler("reopen_voting", reopen_voting, filters=private))
    application.add_handler(CallbackQueryHandler(team_picked, pattern=PICK))
    application.add_handler(CallbackQueryHandler(card_button, pattern=CARD))
    application.add_handler(CallbackQueryHandler(voting_decision, pattern=VOTING))
    add_palmares_handlers(application)


# ------------------------------------------------------------------ the card being filled in


@dataclass
class PendingCard:
    """A juror's card between the team picked and Confirm (or Cancel)."""

    token: str
    event_id: int
    team_key: str
    team_name: str
    criteria: tuple[str, ...]
    """The criteria's ids, in the order they are scored."""
    expires: float
    values: dict[str, int] = field(default_factory=dict)
    comment: str | None = None
    stage: str = "scoring"
    """scoring (a criterion's buttons shown), comment (waiting for it), summary (Confirm or Cancel
    shown), recorded (confirmed: a second Confirm records nothing more)."""

    @property
    def step(self) -> int:
        return len(self.values)


def _pending(context: Context) -> dict[int, PendingCard]:
    """Juror's Telegram id -> the card they are filling in."""
    found = context.bot_data.setdefault(PENDING_KEY, {})
    assert isinstance(found, dict)
    return found


def _open_card(context: Context, user_id: int) -> PendingCard | None:
    card = _pending(context).get(user_id)
    if card is not None and card.expires < time.monotonic():
        _pending(context).pop(user_id, None)
        return None
    return card


# ------------------------------------------------------------------ authorisation


def juror_event(session: Session, user_id: int, command: str) -> tuple[Event, JurorLink] | str:
    """The current event and the user's juror link if they are one of its jurors; else the key of
    the refusal to show (a refusal of someone who is no juror is audited)."""
    event = current_event(session)
    if event is None:
        return "no_event"
    juror = links.link_of_user(session, event, user_id)
    if juror is None or not links.is_juror(session, event, user_id):
        organisers.audit(session, event, organisers.telegram_actor(user_id), "refused", command=command)
        return "jury_juror_only"
    if event.judging is None:
        return "jury_no_judging"
    return event, juror


# ------------------------------------------------------------------ rendering


def _criterion_name(criterion: JudgingCriterion, event: Event, lang: str) -> str:
    return localize(criterion.name, lang, event.languages)


def _criteria(event: Event) -> dict[str, JudgingCriterion]:
    return {criterion.key: criterion for criterion in event.criteria}


def _scores_lines(event: Event, values: dict[str, int], lang: str) -> list[str]:
    assert event.judging is not None
    by_key = _criteria(event)
    return [
        t(
            "jury_score_line",
            lang,
            criterion=_criterion_name(by_key[key], event, lang) if key in by_key else key,
            value=value,
            max=event.judging.scale_max,
        )
        for key, value in values.items()
    ]


def _comment_line(comment: str | None, lang: str) -> str:
    return t("jury_comment_line", lang, comment=comment) if comment else t("jury_no_comment_line", lang)


def _criterion_prompt(
    event: Event, card: PendingCard, lang: str, current: dict[str, int]
) -> tuple[str, InlineKeyboardMarkup]:
    """The next criterion to score, with one button per value of the scale (✓ on the current one)."""
    assert event.judging is not None
    criterion = _criteria(event)[card.criteria[card.step]]
    lines = [
        t(
            "jury_criterion",
            lang,
            team=card.team_name,
            number=card.step + 1,
            count=len(card.criteria),
            criterion=_criterion_name(criterion, event, lang),
            min=event.judging.scale_min,
            max=event.judging.scale_max,
        )
    ]
    if criterion.description:
        lines.append(localize(criterion.description, lang, event.languages))
    before = current.get(criterion.key)
    values = [
        (f"✓ {value}" if value == before else str(value), f"js:{card.token}:v:{card.step}:{value}")
        for value in range(event.judging.scale_min, event.judging.scale_max + 1)
    ]
    rows = [values[i : i + VALUES_PER_ROW] for i in range(0, len(values), VALUES_PER_ROW)]
    rows.append([(t("button_jury_cancel", lang), f"js:{card.token}:x")])
    return "\n".join(lines), inline_keyboard(rows)


def _comment_prompt(card: PendingCard, lang: str) -> tuple[str, InlineKeyboardMarkup]:
    buttons = [
        [(t("button_jury_no_comment", lang), f"js:{card.token}:nc")],
        [(t("button_jury_cancel", lang), f"js:{card.token}:x")],
    ]
    text = t("jury_ask_comment", lang, team=card.team_name, max=SCORECARD_COMMENT_MAX_LENGTH)
    return text, inline_keyboard(buttons)


def _summary(event: Event, card: PendingCard, lang: str) -> tuple[str, InlineKeyboardMarkup]:
    lines = [t("jury_summary", lang, team=card.team_name)]
    lines += _scores_lines(event, card.values, lang)
    lines.append(_comment_line(card.comment, lang))
    lines.append(t("jury_summary_confirm", lang))
    buttons = [
        [(t("button_jury_confirm", lang), f"js:{card.token}:ok")],
        [(t("button_jury_cancel", lang), f"js:{card.token}:x")],
    ]
    return "\n".join(lines), inline_keyboard(buttons)


# ------------------------------------------------------------------ /score and its buttons


async def score(update: Update, context: Context) -> None:
    """/score: the teams judged as buttons, ✓ on those the juror's counting card covers."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    lang = language_of(user)

    def listing(session: Session) -> Reply:
        found = juror_event(session, user.id, "score")
        if isinstance(found, str):
            return t(found, lang), None
        event, juror = found
        if scoring.voting_is_closed(session, event):
            return t("jury_voting_closed", lang), None
        teams = teams_to_judge(session, event)
        if not teams:
            return t("jury_no_teams", lang), None
        scored = {view.team.key for view in scoring.my_scores(session, event, juror) if view.counts}
        rows = [[(("✓ " if team.key in scored else "") + team.name, f"jt:{team.key}")] for team in teams]
        return t("jury_pick_team", lang, scored=len(scored), count=len(teams)), inline_keyboard(rows)

    await send_all(context, chat.id, [await gateway(context).db(listing)])


async def team_picked(update: Update, context: Context) -> None:
    """A team picked under /score: its current scores if the juror has a card, then the first criterion."""
    query = update.callback_query
    found = PICK.match(query.data or "") if query is not None else None
    if query is None or found is None:
        return
    user, team_key = query.from_user, found.group(1)
    lang = language_of(user)

    def start_card(session: Session) -> tuple[list[Reply], PendingCard | None]:
        allowed = juror_event(session, user.id, "score_team")
        if isinstance(allowed, str):
            return [(t(allowed, lang), None)], None
        event, juror = allowed
        if scoring.voting_is_closed(session, event):
            return [(t("jury_voting_closed", lang), None)], None
        team = find_team(session, event, team_key)
        if team is None or not event.criteria:
            return [(t("jury_unknown_team", lang), None)], None
        card = PendingCard(
            token=secrets.token_hex(4),
            event_id=event.id,
            team_key=team.key,
            team_name=team.name,
            criteria=tuple(criterion.key for criterion in event.criteria),
            expires=time.monotonic() + CARD_OPEN_FOR,
        )
        replies: list[Reply] = []
        current: dict[str, int] = {}
        view = next((v for v in scoring.my_scores(session, event, juror) if v.team.key == team.key), None)
        if view is not None:
            current = view.values
            lines = [t("jury_current_card", lang, team=team.name)]
            lines += _scores_lines(event, view.values, lang)
            lines.append(_comment_line(view.comment, lang))
            lines.append(t("jury_revise", lang))
            replies.append(("\n".join(lines), None))
        replies.append(_criterion_prompt(event, card, lang, current))
        return replies, card

    replies, card = await gateway(context).db(start_card)
    if card is not None:
        _pending(context)[user.id] = card
    await send_all(context, await close_keyboard(context, update), replies)


def _current_values(session: Session, event: Event, juror: JurorLink, team_key: str) -> dict[str, int]:
    view = next((v for v in scoring.my_scores(session, event, juror) if v.team.key == team_key), None)
    return view.values if view is not None else {}


async def card_button(update: Update, context: Context) -> None:
    """A value, No comment, Confirm or Cancel under the juror's pending card."""
    query = update.callback_query
    found = CARD.match(query.data or "") if query is not None else None
    if query is None or found is None:
        return
    user = query.from_user
    lang = language_of(user)
    token, step, value, action = found.group(1), found.group(2), found.group(3), found.group(4) or "value"
    card = _open_card(context, user.id)
    audited_as = {
        "value": "score_value",
        "nc": "score_no_comment",
        "ok": "score_confirm",
        "x": "score_cancel",
    }

    def act(session: Session) -> tuple[Reply, str | None]:
        """The reply, and what becomes of the pending card: None (kept), "drop", "recorded"."""
        allowed = juror_event(session, user.id, audited_as[action])
        if isinstance(allowed, str):
            return (t(allowed, lang), None), None
        event, juror = allowed
        if card is None or card.token != token or card.event_id != event.id:
            return (t("jury_card_stale", lang), None), None
        if action == "x":
            if card.stage == "recorded":
                return (t("jury_card_already_recorded", lang, team=card.team_name), None), None
            return (t("jury_card_cancelled", lang, team=card.team_name), None), "drop"
        if action == "value":
            return _scored(session, event, juror, card, int(step), int(value), lang)
        if action == "nc":
            if card.stage not in ("comment", "summary"):
                return (t("telegram_button_used", lang), None), None
            card.comment, card.stage = None, "summary"
            return _summary(event, card, lang), None
        if card.stage == "recorded":  # a double tap: the card is recorded already
            return (t("jury_card_already_recorded", lang, team=card.team_name), None), None
        if card.stage != "summary":
            return (t("telegram_button_used", lang), None), None
        try:
            recorded = scoring.record(session, event, juror, card.team_key, card.values, card.comment)
        except ScoringError as error:
            return (_refusal(error, card, lang), None), "drop"
        key = "jury_card_recorded" if recorded.created or not recorded.changed else "jury_card_revised"
        return (t(key, lang, team=card.team_name), None), "recorded"

    reply, outcome = await gateway(context).db(act)
    if card is not None and outcome == "drop":
        if _pending(context).get(user.id) is card:
            _pending(context).pop(user.id, None)
    elif card is not None and outcome == "recorded":
        card.stage = "recorded"
    await send_all(context, await close_keyboard(context, update), [reply])


def _scored(
    session: Session, event: Event, juror: JurorLink, card: PendingCard, step: int, value: int, lang: str
) -> tuple[Reply, str | None]:
    """A value pressed for the criterion at `step`: the next criterion, or the comment's question."""
    assert event.judging is not None
    if card.stage != "scoring" or step != card.step:
        return (t("telegram_button_used", lang), None), None
    if not event.judging.scale_min <= value <= event.judging.scale_max or any(
        key not in _criteria(event) for key in card.criteria
    ):
        return (t("jury_card_stale", lang), None), "drop"
    card.values[card.criteria[step]] = value
    if card.step < len(card.criteria):
        return _criterion_prompt(
            event, card, lang, _current_values(session, event, juror, card.team_key)
        ), None
    card.stage = "comment"
    return _comment_prompt(card, lang), None


def _refusal(error: ScoringError, card: PendingCard, lang: str) -> str:
    if error.code == "voting_closed":
        return t("jury_voting_closed_not_recorded", lang, team=card.team_name)
    if error.code == "not_juror":
        return t("jury_juror_only", lang)
    if error.code == "unknown_team":
        return t("jury_unknown_team", lang)
    return t("jury_card_stale", lang)  # the pack changed since the card was started


async def pending_comment(update: Update, context: Context) -> None:
    """A juror's text while their card waits for its comment: that comment (then the summary), and
    nothing else handles it; /cancel drops the card; other commands, or no card waiting, go on."""
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    if user is None or chat is None or message is None or not message.text:
        return
    card = _open_card(context, user.id)
    if card is None or card.stage not in ("comment", "summary"):
        return
    text, lang = message.text.strip(), language_of(user)
    if text.startswith("/"):
        if text.split()[0].split("@")[0] == "/cancel":
            _pending(context).pop(user.id, None)
            await send(context, chat.id, t("jury_card_cancelled", lang, team=card.team_name))
            raise ApplicationHandlerStop
        return

    def commented(session: Session) -> Reply:
        allowed = juror_event(session, user.id, "score_comment")
        if isinstance(allowed, str):
            return t(allowed, lang), None
        event, _ = allowed
        if card.event_id != event.id:
            return t("jury_card_stale", lang), None
        if len(text) > SCORECARD_COMMENT_MAX_LENGTH:
            return t("jury_comment_too_long", lang, length=len(text), max=SCORECARD_COMMENT_MAX_LENGTH), None
        card.comment, card.stage = text or None, "summary"
        return _summary(event, card, lang)

    await send_all(context, chat.id, [await gateway(context).db(commented)])
    raise ApplicationHandlerStop


# ------------------------------------------------------------------ /myscores


async def my_scores(update: Update, context: Context) -> None:
    """/myscores: the juror's own cards: each team's scores, the comment, whether it counts."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    lang = language_of(user)

    def listing(session: Session) -> str:
        found = juror_event(session, user.id, "myscores")
        if isinstance(found, str):
            return t(found, lang)
        event, juror = found
        views = scoring.my_scores(session, event, juror)
        if not views:
            return t("jury_my_scores_none", lang)
        closed = scoring.voting_is_closed(session, event)
        lines = [t("jury_my_scores_header", lang, count=len(views))]
        for view in views:
            lines.append("")
            lines.append(
                view.team.name
                + " "
                + t("jury_card_counts" if view.counts else "jury_card_to_score_again", lang)
            )
            lines += _scores_lines(event, view.values, lang)
            lines.append(_comment_line(view.comment, lang))
        lines.append("")
        lines.append(t("jury_my_scores_closed" if closed else "jury_my_scores_revise", lang))
        return "\n".join(lines)

    await send_all(context, chat.id, [(await gateway(context).db(listing), None)])


# ------------------------------------------------------------------ invitations


async def redeem_juror_invite(update: Update, context: Context, payload: str) -> None:
    """`/start jury_<code>`: the user becomes the invitation's juror."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    lang = language_of(user)

    def redeem(session: Session) -> str:
        try:
            found = links.redeem_invite(session, payload, user.id, now=utcnow())
        except links.JurorLinkError as error:
            return t("telegram_juror_invite_taken", lang, name=error.details.get("name", ""))
        if found is None:
            return t("telegram_organiser_invite_invalid", lang)
        event, juror = found
        logger.info("Telegram user %s is now juror link %s of %s", user.id, juror.id, event.slug)
        return t("telegram_juror_welcome", lang, name=juror.name, event=event_name(event, lang))

    await send(context, message.chat_id, await gateway(context).db(redeem))
