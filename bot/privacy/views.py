"""What is stored about a person, as the chat says it (both languages, from the text catalogue)."""

from __future__ import annotations

from typing import Any

from bot.core.i18n import localize
from bot.core.texts import t


def describe(stored: dict[str, Any], lang: str) -> str:
    """`personal.what_is_stored`, as a message: the name, teams, subscriptions and roles."""

    def event(slug: str | None) -> str:
        """An event as the person knows it: its name, never its slug."""
        return localize(stored["event_names"].get(slug), lang, ("fr", "en"))

    lines = [t("privacy_header", lang)]
    if stored["name"]:
        lines.append(t("privacy_name", lang, name=stored["name"], since=stored["since"]))
    for team in stored["teams"]:
        key = "privacy_team_captain" if team["captain"] else "privacy_team_member"
        lines.append(
            t(key, lang, team=team["team"], event=event(team["event"]), name=team["name_in_team"])
            + (t("privacy_team_withdrawn", lang) if team["withdrawn"] else "")
        )
        if team["captain"]:
            lines.append(
                t(
                    "privacy_team_details",
                    lang,
                    email=team["contact_email"],
                    members=", ".join(team["members"]),
                )
            )
    for sub in stored["subscriptions"]:
        key = "privacy_unsubscribed" if sub["unsubscribed"] else "privacy_subscribed"
        lines.append(t(key, lang, event=event(sub["event"]), since=sub["since"]))
    if stored["messages_for_you"]:
        lines.append(t("privacy_messages", lang, count=stored["messages_for_you"]))
    for slug in stored["organiser_of"]:
        lines.append(t("privacy_organiser", lang, event=event(slug)))
    for question in stored.get("questions", []):
        key = "privacy_question_passed_on" if question["passed_on"] else "privacy_question"
        lines.append(t(key, lang, question=question["question"], event=event(question["event"])))
    for role in stored.get("mentor_of", []):
        lines.append(t("privacy_mentor", lang, name=role["mentor"], event=event(role["event"])))
    for role in stored.get("juror_of", []):
        cards = [card for card in stored.get("jury_cards", []) if card["event"] == role["event"]]
        lines.append(
            t("privacy_juror", lang, name=role["juror"], event=event(role["event"]), count=len(cards))
        )
        for card in cards:
            if card["comment"]:
                lines.append(
                    t(
                        "privacy_jury_comment",
                        lang,
                        team=card["team"],
                        event=event(card["event"]),
                        comment=card["comment"],
                    )
                )
    for ballot in stored.get("public_ballots", []):
        prize = localize(ballot["prize_name"], lang, ("fr", "en"))
        lines.append(
            t("privacy_public_ballot", lang, prize=prize, event=event(ballot["event"]), team=ballot["team"])
        )
    for request in stored.get("mentor_requests", []):
        lines.append(t("privacy_mentor_request", lang, topic=request["topic"], event=event(request["event"])))
    if stored["organiser_actions_logged"]:
        lines.append(t("privacy_audit", lang, count=stored["organiser_actions_logged"]))
    lines.append(t("privacy_footer", lang))
    return "\n".join(lines)
