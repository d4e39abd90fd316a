"""An event's results: whether they are public, and the palmarès as organisers see it.

Results are embargoed: nothing of `event.awards` or `event.results.follow_up` reaches a
participant or the public until `results_are_public(event)`. `palmares` and `follow_up_text`
show the results published or not: they are for the organisers' preview of a publication and the
command line; the answers (`bot.answers.results`) check `results_are_public` first.
"""

from __future__ import annotations

from bot.core.i18n import localize
from bot.core.models import Award, Event
from bot.core.texts import t


def results_are_public(event: Event) -> bool:
    """True once the organisers have published the results."""
    return event.results is not None and event.results.published is True


def award_line(event: Event, award: Award, lang: str) -> str:
    """ "• Jury prize: Team (Project)" and, on a second line, what the project is about."""
    project = localize(award.project, lang, event.languages)
    line = t(
        "award_item",
        lang,
        prize=localize(award.prize.name, lang, event.languages),
        team=award.team,
        project=f" ({project})" if project else "",
    )
    summary = localize(award.summary, lang, event.languages)
    return f"{line}\n  {summary}" if summary else line


def palmares(event: Event, lang: str) -> list[str]:
    """The header and one line per award, published or not (for organisers: check before answering)."""
    return [t("results_header", lang), *(award_line(event, a, lang) for a in event.awards)]


def follow_up_text(event: Event, lang: str) -> str:
    """What happens next with the projects ("" if the pack says nothing), published or not."""
    return localize(event.results.follow_up if event.results else None, lang, event.languages)
