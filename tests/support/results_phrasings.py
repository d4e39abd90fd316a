"""Questions about results, for the embargo tests (bot level and end to end over REST).

Each phrasing has its language, the intent it means (`ask_results` or `ask_follow_up`), and the
intent the trained model gave it when the tests were written (`routed`): a few are misrouted
(to `ask_next`, `ask_prizes`, or below the fallback threshold) and must still reveal nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.models import Event


@dataclass(frozen=True)
class Phrasing:
    text: str
    lang: str
    intent: str = "ask_results"
    routed: str = ""
    """The intent the model gave (empty: the intended one)."""

    @property
    def routed_intent(self) -> str:
        return self.routed or self.intent

    @property
    def follow_up(self) -> bool:
        return self.intent == "ask_follow_up"


FOLLOW = "ask_follow_up"

ENGLISH = [
    Phrasing("who won?", "en"),
    Phrasing("who won the hackathon", "en"),
    Phrasing("results please", "en"),
    Phrasing("what are the results", "en"),
    Phrasing("winners?", "en"),
    Phrasing("which team got the jury prize", "en"),
    Phrasing("which team won the innovation prize", "en"),
    Phrasing("what is the winning project about?", "en"),
    Phrasing("what did the winning team build", "en"),
    Phrasing("list of winners", "en"),
    Phrasing("who took first place", "en"),
    Phrasing("has anyone won the audience award", "en"),
    Phrasing("tell me the ranking", "en"),
    Phrasing("which project won", "en"),
    Phrasing("are the results out", "en"),
    Phrasing("congrats to the winners, who are they?", "en"),
    Phrasing("who were the laureates", "en"),
    Phrasing("resluts", "en", routed="nlu_fallback"),
    Phrasing("who wn the hackaton", "en", routed="nlu_fallback"),
    Phrasing("what happens to the winning projects afterwards", "en", FOLLOW),
    Phrasing("what happens next for the winners", "en", FOLLOW, routed="ask_next"),
]
FRENCH = [
    Phrasing("qui a gagné ?", "fr"),
    Phrasing("le palmarès", "fr"),
    Phrasing("les lauréats", "fr"),
    Phrasing("quel projet a gagné", "fr"),
    Phrasing("quelle équipe a remporté le prix du jury", "fr"),
    Phrasing("qu'a fait l'équipe gagnante", "fr"),
    Phrasing("c'est quoi le projet gagnant", "fr"),
    Phrasing("les résultats svp", "fr"),
    Phrasing("résultats du hackathon", "fr"),
    Phrasing("qui est sur le podium", "fr"),
    Phrasing("qui a gagné le prix innovation", "fr"),
    Phrasing("palmares", "fr"),
    Phrasing("le classement final", "fr"),
    Phrasing("les gagnants c'est qui", "fr"),
    Phrasing("quelle équipe est arrivée première", "fr"),
    Phrasing("et le projet lauréat, il fait quoi ?", "fr"),
    Phrasing("c'est qui les vainqueurs", "fr", routed="nlu_fallback"),
    Phrasing("qui a gagner", "fr", routed="ask_prizes"),
    Phrasing("que deviennent les projets primés", "fr", FOLLOW),
    Phrasing("quelle suite pour les lauréats", "fr", FOLLOW, routed="ask_results"),
]
PHRASINGS = ENGLISH + FRENCH


def embargoed_strings(event: Event) -> list[str]:
    """What must never show before publication: winning teams, projects, their summaries, the follow-up."""
    strings = [award.team for award in event.awards]
    for award in event.awards:
        strings += [value for value in (award.project or {}).values() if value]
        strings += [value for value in (award.summary or {}).values() if value]
    if event.results and event.results.follow_up:
        strings += [value for value in event.results.follow_up.values() if value]
    return strings


def revealed(text: str, event: Event) -> list[str]:
    """The embargoed strings of `event` found in `text`."""
    return [secret for secret in embargoed_strings(event) if secret in text]
