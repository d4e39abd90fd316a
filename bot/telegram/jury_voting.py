"""The jury on Telegram, the organisers' side: /jury (who scored which team; once voting is closed,
the ranking with ties and missing scores flagged, and the draft palmarès, labelled a draft, not
published), /close_voting and /reopen_voting, each with Confirm and Cancel buttons (`VOTING`).
Anyone who is not an organiser of the current event is refused and the attempt audited. The
jurors' side is `bot.telegram.jury`, which registers these handlers too.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from sqlalchemy.orm import Session
from telegram import Update

from bot.core.i18n import localize
from bot.core.models import Event
from bot.core.texts import t
from bot.events import organisers
from bot.jury import ranking, scoring
from bot.jury.scoring import ScoringError
from bot.telegram.handlers import event_name, language_of
from bot.telegram.organisers import close_keyboard, organiser_event
from bot.telegram.rendering import Reply, inline_keyboard, send, send_all
from bot.telegram.resources import Context, gateway

logger = logging.getLogger(__name__)

VOTING = re.compile(r"^jv:(close|reopen):(\d{1,9}):(ok|cancel)$")
"""Under the confirmation of /close_voting or /reopen_voting: the event's id and the choice."""


def _names(names: Sequence[str], lang: str) -> str:
    return ", ".join(names) if names else t("jury_nobody", lang)


def _status_text(session: Session, event: Event, lang: str) -> str:
    state = scoring.status(session, event)
    if state.closed_at is None:
        lines = [t("jury_status_open", lang, event=event_name(event, lang))]
    else:
        since = state.closed_at.strftime("%Y-%m-%d %H:%M")
        lines = [t("jury_status_closed", lang, event=event_name(event, lang), since=since)]
    lines.append(t("jury_status_jurors", lang, count=len(state.jurors), jurors=_names(state.jurors, lang)))
    if not state.teams:
        lines.append(t("jury_no_teams", lang))
    for progress in state.teams:
        parts = [t("jury_status_scored_by", lang, jurors=_names(progress.scored_by, lang))]
        if progress.to_score_again:
            parts.append(t("jury_status_to_score_again", lang, jurors=", ".join(progress.to_score_again)))
        if progress.waiting_for:
            parts.append(t("jury_status_waiting_for", lang, jurors=", ".join(progress.waiting_for)))
        lines.append(t("jury_status_team", lang, team=progress.team.name, progress="; ".join(parts)))
    if state.not_counted:
        lines.append(t("jury_status_not_counted", lang, count=state.not_counted))
    if state.closed_at is None:
        lines.append(t("jury_status_ranking_later", lang))
        return "\n".join(lines)
    lines.append("")
    lines += _ranking_lines(session, event, lang)
    return "\n".join(lines)


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _ranking_lines(session: Session, event: Event, lang: str) -> list[str]:
    judging = scoring.judging_of(session, event)
    standings = ranking.rank(judging)
    lines = [t("jury_ranking_header", lang)]
    for standing in standings:
        flags = []
        if standing.tied:
            flags.append(t("jury_flag_tied", lang))
        if standing.missing:
            flags.append(t("jury_flag_missing", lang, jurors=", ".join(standing.missing)))
        flagged = f" [{'; '.join(flags)}]" if flags else ""
        if standing.rank is None:
            lines.append(t("jury_ranking_unranked", lang, team=standing.team.name) + flagged)
            continue
        score = _number(standing.score)
        if judging.normalise:
            score = t("jury_ranking_normalised", lang, score=score, mean=_number(standing.mean))
        place = f"{standing.rank}{'=' if standing.tied else '.'}"
        lines.append(
            t(
                "jury_ranking_line",
                lang,
                place=place,
                team=standing.team.name,
                score=score,
                jurors=len(standing.marks),
            )
            + flagged
        )
    prizes = {prize.key: prize for prize in event.prizes}
    lines += ["", t("jury_draft_header", lang)]
    for award in ranking.draft_palmares(judging, standings):
        prize = prizes.get(award.prize)
        name = localize(prize.name, lang, event.languages) if prize is not None else award.prize
        if award.by == "public":
            outcome = t("jury_draft_public", lang)
        elif award.team is None:
            outcome = t("jury_draft_nobody", lang)
        else:
            outcome = award.team.name
            if award.tied_with:
                outcome += " " + t(
                    "jury_draft_tie", lang, teams=", ".join(team.name for team in award.tied_with)
                )
            if award.missing_scores:
                outcome += " " + t("jury_draft_missing", lang)
        lines.append(t("jury_draft_line", lang, prize=name, outcome=outcome))
    lines.append(t("jury_draft_footer", lang))
    return lines


async def jury_status(update: Update, context: Context) -> None:
    """/jury: who scored which team; once voting is closed, the ranking and the draft palmarès."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    lang = language_of(user)

    def report(session: Session) -> str:
        event, refusal = organiser_event(session, user.id, "jury")
        if event is None:
            return t(refusal or "no_event", lang)
        if event.judging is None:
            return t("jury_no_judging", lang)
        text = _status_text(session, event, lang)
        organisers.audit(session, event, organisers.telegram_actor(user.id), "jury.status_viewed")
        return text

    await send_all(context, chat.id, [(await gateway(context).db(report), None)])


async def close_voting(update: Update, context: Context) -> None:
    await _ask_voting(update, context, "close")


async def reopen_voting(update: Update, context: Context) -> None:
    await _ask_voting(update, context, "reopen")


async def _ask_voting(update: Update, context: Context, change: str) -> None:
    """/close_voting or /reopen_voting: what it does, with Confirm and Cancel (organisers only)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    lang = language_of(user)

    def confirm(session: Session) -> Reply:
        event, refusal = organiser_event(session, user.id, f"{change}_voting")
        if event is None:
            return t(refusal or "no_event", lang), None
        if event.judging is None:
            return t("jury_no_judging", lang), None
        closed = scoring.voting_is_closed(session, event)
        if change == "close" and closed:
            return t("jury_voting_already_closed", lang), None
        if change == "reopen" and not closed:
            return t("jury_voting_already_open", lang), None
        organisers.audit(session, event, organisers.telegram_actor(user.id), f"jury.{change}_asked")
        buttons = [
            [(t("button_jury_confirm", lang), f"jv:{change}:{event.id}:ok")],
            [(t("button_announce_cancel", lang), f"jv:{change}:{event.id}:cancel")],
        ]
        if change == "reopen":
            return t("jury_reopen_confirm", lang, event=event_name(event, lang)), inline_keyboard(buttons)
        state = scoring.status(session, event)
        missing = sum(len(progress.waiting_for) for progress in state.teams)
        text = t("jury_close_confirm", lang, event=event_name(event, lang), missing=missing)
        return text, inline_keyboard(buttons)

    await send_all(context, chat.id, [await gateway(context).db(confirm)])


async def voting_decision(update: Update, context: Context) -> None:
    """Confirm or Cancel under /close_voting or /reopen_voting (organisers of that event only)."""
    query = update.callback_query
    found = VOTING.match(query.data or "") if query is not None else None
    if query is None or found is None:
        return
    change, event_id, decision, user = found.group(1), int(found.group(2)), found.group(3), query.from_user
    lang = language_of(user)
    actor = organisers.telegram_actor(user.id)

    def decide(session: Session) -> str:
        event = session.get(Event, event_id)
        if event is None or not organisers.is_organiser(session, event, user.id):
            organisers.audit(session, event, actor, "refused", command=f"{change}_voting_{decision}")
            return t("organiser_only", lang)
        if decision == "cancel":
            organisers.audit(session, event, actor, f"jury.{change}_cancelled")
            return t("jury_voting_unchanged", lang)
        try:
            if change == "close":
                done = scoring.close_voting(session, event, by=actor)
                return t("jury_voting_closed_done" if done else "jury_voting_already_closed", lang)
            done = scoring.reopen_voting(session, event, by=actor)
            return t("jury_voting_reopened" if done else "jury_voting_already_open", lang)
        except ScoringError:
            return t("jury_no_judging", lang)

    reply = await gateway(context).db(decide)
    await send(context, await close_keyboard(context, update), reply)
