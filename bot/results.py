"""Results (winners per prize) and the follow-up of projects, embargoed until published.

Nothing of `event.awards` or `event.results.follow_up` leaves this module
unless `results_are_public(event)`: before publication both answers only say
that the results are not public yet.
"""

from __future__ import annotations

from bot.i18n import all_variants
from bot.matching import rank
from bot.models import Award, Event, Prize
from bot.replies import Ask, Reply

PRIZE_THRESHOLD = 0.6


def results_are_public(event: Event) -> bool:
    """True once the organisers have published the results."""
    return event.results is not None and event.results.published is True


def _not_public(ask: Ask) -> Reply:
    return Reply(ask.say("results_not_public"))


def _named_prizes(event: Event, text: str) -> list[Prize]:
    prizes = list(event.prizes)
    ranked = rank(
        text,
        [(i, all_variants(p.name) + all_variants(p.description)) for i, p in enumerate(prizes)],
        threshold=PRIZE_THRESHOLD,
    )
    if not ranked:
        return []
    top = ranked[0][1]
    return [prizes[i] for i, score in ranked if score == top]


def _award_line(ask: Ask, award: Award) -> str:
    project = ask.local(award.project)
    line = ask.say(
        "award_item",
        prize=ask.local(award.prize.name),
        team=award.team,
        project=f" ({project})" if project else "",
    )
    summary = ask.local(award.summary)
    return f"{line}\n  {summary}" if summary else line


def answer_results(ask: Ask) -> Reply:
    """The winners per prize (one prize if the text names it), once published."""
    event = ask.event
    if not results_are_public(event):
        return _not_public(ask)
    awards = list(event.awards)
    if not awards:
        return Reply(ask.say("results_no_awards"))
    named = _named_prizes(event, ask.text)
    if named:
        chosen = [a for a in awards if a.prize in named]
        if chosen:
            return Reply("\n".join(_award_line(ask, a) for a in chosen))
        names = ", ".join(ask.local(p.name) for p in named)
        return Reply(
            "\n".join(
                [
                    ask.say("results_prize_not_awarded", prize=names),
                    ask.say("results_header"),
                    *(_award_line(ask, a) for a in awards),
                ]
            )
        )
    return Reply("\n".join([ask.say("results_header"), *(_award_line(ask, a) for a in awards)]))


def answer_follow_up(ask: Ask) -> Reply:
    """What happens next with the projects, once the results are published."""
    event = ask.event
    if not results_are_public(event):
        return _not_public(ask)
    assert event.results is not None
    follow_up = ask.local(event.results.follow_up)
    if not follow_up:
        return Reply(ask.say("follow_up_none", organiser=ask.local(event.organiser)))
    return Reply(follow_up)
