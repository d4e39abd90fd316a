"""The prizes to win (never who won them: see `bot.answers.results`)."""

from __future__ import annotations

from bot.answers.replies import Ask, Reply
from bot.core.models import Prize


def _prize_line(ask: Ask, prize: Prize) -> str:
    parts = [ask.local(prize.name)]
    parts += [text for text in (ask.local(prize.description), ask.local(prize.reward)) if text]
    return ask.say("prize_item", text=" — ".join(parts))


def answer_prizes(ask: Ask) -> Reply:
    """Names, descriptions and rewards of the prizes."""
    prizes = list(ask.event.prizes)
    if not prizes:
        return Reply(ask.say("prizes_none", organiser=ask.local(ask.event.organiser)))
    return Reply(
        "\n".join([ask.say("prizes_header", count=len(prizes)), *(_prize_line(ask, p) for p in prizes)])
    )
