"""The privacy notice (GDPR articles 13 and 14), for one event, in the reader's language: who is
responsible (the organiser, with the event's contact), what is stored and why, on what legal
basis, for how long, the person's rights and how to use them, and the right to complain to a
data-protection authority. Shown on /start and /privacy (Telegram) and on the web page."""

from __future__ import annotations

from bot.core.i18n import localize
from bot.core.matching import normalize
from bot.core.models import Event
from bot.core.texts import t
from bot.privacy.retention import DEFAULT_RETENTION_DAYS


def privacy_notice(event: Event, lang: str, *, channel: str = "telegram") -> str:
    """The notice's paragraphs; `channel` "telegram" or "web" (how to see or erase one's data)."""
    contact = event.contact_email or event.contact_url or t("privacy_notice_no_contact", lang)
    days = event.retention_days or DEFAULT_RETENTION_DAYS
    how = t("privacy_notice_rights_telegram" if channel == "telegram" else "privacy_notice_rights_web", lang)
    return "\n\n".join(
        [
            t(
                "privacy_notice_controller",
                lang,
                controller=localize(event.organiser, lang, event.languages),
                contact=contact,
            ),
            t("privacy_notice_data", lang),
            t("privacy_notice_basis", lang),
            t("privacy_notice_retention", lang, days=days),
            t("privacy_notice_rights", lang, how=how),
        ]
    )


# What people write when they ask about their own data, beside /mydata and /forget (folded:
# lower case, no accents). Only a short message is taken, and "my data" only alone: "my data
# project needs a mentor" is a question for the assistant.
_SEE_ALONE = ("my data", "my personal data", "mes donnees", "mes donnees personnelles", "mydata")
_SEE = (
    "what do you know about me", "what data do you have on me", "what data do you have about me",
    "what do you store about me", "what do you keep about me", "que savez vous de moi",
    "quelles donnees avez vous sur moi", "que gardez vous sur moi", "que savez vous sur moi",
)  # fmt: skip
_ERASE = (
    "delete my data", "erase my data", "remove my data", "forget me", "delete everything about me",
    "supprimer mes donnees", "supprime mes donnees", "effacer mes donnees", "efface mes donnees",
    "oubliez moi", "oublie moi",
)  # fmt: skip


def asks_about_own_data(text: str) -> str | None:
    """ "see" for "what do you know about me?", "erase" for « supprimer mes données », else None."""
    said = f" {normalize(text)} "
    if len(said.split()) > 10:
        return None
    if any(f" {phrase} " in said for phrase in _ERASE):
        return "erase"
    if said.strip() in _SEE_ALONE or any(f" {phrase} " in said for phrase in _SEE):
        return "see"
    return None
