"""Every sentence the assistant writes, in French and English, in one catalogue.

`TEXTS[key][lang]` is a `str.format` template; `t(key, lang, **values)` fills it.
Both languages of a key take the same placeholders (a test checks it).
Messages are plain text for a phone screen: short, with "•" lists, no Markdown.
French uses vouvoiement and French typography (« », space before : ? !).
Keys starting with `fmt_` are the connecting words of dates and times (`bot.timefmt`).
"""

from __future__ import annotations

from typing import Any

from bot.i18n import DEFAULT_LANGUAGE

TEXTS: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------ dates and times
    "fmt_today": {"fr": "aujourd'hui", "en": "today"},
    "fmt_tomorrow": {"fr": "demain", "en": "tomorrow"},
    "fmt_at_time": {"fr": "à {time}", "en": "at {time}"},
    "fmt_span": {"fr": "{start} – {end}", "en": "{start}–{end}"},
    "fmt_time_range": {"fr": "de {start} à {end}", "en": "{start}–{end}"},
    "fmt_day_at_time": {"fr": "{day} à {time}", "en": "{day} at {time}"},
    "fmt_day_time": {"fr": "{day}, {time}", "en": "{day}, {time}"},
    "fmt_date_range": {"fr": "du {start} au {end}", "en": "from {start} to {end}"},
    "fmt_on_day": {"fr": "le {day}", "en": "on {day}"},
    "fmt_datetime_range": {"fr": "du {start} au {end}", "en": "from {start} to {end}"},
    "fmt_until": {"fr": "jusqu'à {time}", "en": "until {time}"},
    "fmt_all_day": {"fr": "toute la journée", "en": "all day"},
    # ------------------------------------------------------------ the event
    "event_when": {"fr": "Quand : {dates}", "en": "When: {dates}"},
    "event_where": {"fr": "Où : {venue}", "en": "Where: {venue}"},
    "event_organiser": {"fr": "Organisé par : {organiser}", "en": "Organised by: {organiser}"},
    "event_audience": {"fr": "Pour : {audience}", "en": "For: {audience}"},
    "dates": {"fr": "« {name} » a lieu {dates}.", "en": "{name} takes place {dates}."},
    "dates_tomorrow": {"fr": "C'est demain !", "en": "It starts tomorrow!"},
    "dates_in_days": {"fr": "Début dans {count} jours.", "en": "It starts in {count} days."},
    "dates_today": {"fr": "Nous sommes au jour {day} sur {days}.", "en": "Today is day {day} of {days}."},
    "dates_past": {"fr": "L'événement s'est terminé le {day}.", "en": "The event ended on {day}."},
    "organiser": {
        "fr": "« {name} » est organisé par : {organiser}.",
        "en": "{name} is organised by {organiser}.",
    },
    "audience": {"fr": "Public de « {name} » : {audience}.", "en": "{name} is for: {audience}."},
    "audience_unknown": {
        "fr": (
            "Les organisateurs n'ont pas précisé le public de l'événement. Vous pouvez leur demander "
            ": {organiser}."
        ),
        "en": "The organisers have not said who the event is for. You can ask them: {organiser}.",
    },
    "venue": {"fr": "Lieu : {venue}", "en": "Venue: {venue}"},
    "venue_map": {"fr": "Plan : {url}", "en": "Map: {url}"},
    "venue_sessions": {
        "fr": "Certaines sessions ont lieu ailleurs : {places}.",
        "en": "Some sessions take place elsewhere: {places}.",
    },
    "venue_unknown": {
        "fr": (
            "Le lieu n'a pas encore été communiqué. Renseignez-vous auprès des organisateurs : {organiser}."
        ),
        "en": "The venue has not been announced yet. Please ask the organisers: {organiser}.",
    },
    "contact_header": {
        "fr": "Pour joindre les organisateurs ({organiser}) :",
        "en": "To reach the organisers ({organiser}):",
    },
    "contact_email": {"fr": "• E-mail : {email}", "en": "• Email: {email}"},
    "contact_phone": {"fr": "• Téléphone : {phone}", "en": "• Phone: {phone}"},
    "contact_url": {"fr": "• Site : {url}", "en": "• Website: {url}"},
    "contact_none": {
        "fr": (
            "Aucune coordonnée de contact n'est indiquée. Adressez-vous directement aux organisateurs "
            "sur place : {organiser}."
        ),
        "en": "No contact details are listed. Please ask the organisers directly on site: {organiser}.",
    },
    # ------------------------------------------------------------ programme
    "schedule_header": {"fr": "Programme de « {name} » :", "en": "Programme of “{name}”:"},
    "schedule_item": {"fr": "• {time} : {title}{place}", "en": "• {time}: {title}{place}"},
    "schedule_hint_day": {
        "fr": "Pour une seule journée, demandez par exemple « programme de demain ».",
        "en": "For a single day, ask for example “tomorrow's schedule”.",
    },
    "schedule_day_header": {"fr": "Programme du {day} :", "en": "Programme for {day}:"},
    "schedule_relative_day_header": {
        "fr": "Au programme {relative} ({day}) :",
        "en": "Programme for {relative} ({day}):",
    },
    "schedule_day_empty": {
        "fr": "Rien n'est prévu au programme le {day}.",
        "en": "Nothing is scheduled on {day}.",
    },
    "schedule_day_outside": {
        "fr": "Le {day} ne fait pas partie de l'événement, qui a lieu {dates}.",
        "en": "{day} is not a day of the event, which runs {dates}.",
    },
    "schedule_empty": {
        "fr": "Le programme détaillé n'a pas encore été publié. L'événement a lieu {dates}.",
        "en": "The detailed programme has not been published yet. The event takes place {dates}.",
    },
    "button_schedule": {"fr": "Voir le programme", "en": "See the programme"},
    "session_when": {"fr": "{title} : {when}", "en": "{title}: {when}"},
    "session_where": {"fr": "Lieu : {place}", "en": "Where: {place}"},
    "session_on_now": {"fr": "(en cours, jusqu'à {time})", "en": "(on now, until {time})"},
    "session_over": {"fr": "(terminé)", "en": "(already over)"},
    "session_bullet": {"fr": "• {title} : {when}", "en": "• {title}: {when}"},
    "session_others": {"fr": "Également au programme :", "en": "Also in the programme:"},
    "session_which": {
        "fr": (
            "De quelle session parlez-vous ? Donnez-moi son nom, par exemple « le déjeuner » ou « les "
            "pitchs »."
        ),
        "en": "Which session do you mean? Tell me its name, for example “lunch” or “the pitches”.",
    },
    "session_not_found": {
        "fr": "Je ne trouve pas « {query} » dans le programme.",
        "en": "I can't find “{query}” in the programme.",
    },
    "session_related": {
        "fr": "Je ne trouve pas « {query} » dans le programme. Ce qui s'en rapproche ({kind}) :",
        "en": "I can't find “{query}” in the programme. The closest ({kind}):",
    },
    "kind_ceremony": {"fr": "cérémonie", "en": "ceremony"},
    "kind_talk": {"fr": "conférence", "en": "talk"},
    "kind_workshop": {"fr": "atelier", "en": "workshop"},
    "kind_hacking": {"fr": "hacking", "en": "hacking"},
    "kind_mentoring": {"fr": "mentorat", "en": "mentoring"},
    "kind_pitch": {"fr": "pitch", "en": "pitch"},
    "kind_jury": {"fr": "jury", "en": "jury"},
    "kind_meal": {"fr": "repas", "en": "meal"},
    "kind_social": {"fr": "moment convivial", "en": "social event"},
    "kind_other": {"fr": "autre", "en": "other"},
    "now_header": {"fr": "En ce moment ({time}) :", "en": "Right now ({time}):"},
    "now_item": {"fr": "• {title}, jusqu'à {until}{place}", "en": "• {title}, until {until}{place}"},
    "now_then": {"fr": "Ensuite : {title} à {time}.", "en": "Then: {title} at {time}."},
    "now_nothing": {
        "fr": "Rien n'est en cours pour l'instant. À suivre :",
        "en": "Nothing is on right now. Next:",
    },
    "next_header": {"fr": "À suivre :", "en": "Next:"},
    "next_nothing_today": {
        "fr": "Rien d'autre ne commence aujourd'hui.",
        "en": "Nothing else starts today.",
    },
    "next_continuing": {
        "fr": "Après « {first} » (jusqu'à {time}), « {others} » continue jusqu'à {until}.",
        "en": "After “{first}” (until {time}), “{others}” goes on until {until}.",
    },
    "event_not_started": {
        "fr": "L'événement n'a pas encore commencé : il débute {day} à {time} avec « {title} ».",
        "en": "The event has not started yet: it begins {day} at {time} with “{title}”.",
    },
    "event_over": {
        "fr": "L'événement est terminé (dernier jour : {day}). Merci pour votre participation !",
        "en": "The event is over (last day: {day}). Thank you for taking part!",
    },
    "no_programme_before": {
        "fr": "Le programme détaillé n'est pas encore publié. L'événement aura lieu {dates}.",
        "en": "The detailed programme is not published yet. The event takes place {dates}.",
    },
    "no_programme_during": {
        "fr": "L'événement a lieu {dates}, mais le programme détaillé n'a pas été publié.",
        "en": "The event runs {dates}, but the detailed programme has not been published.",
    },
    # ------------------------------------------------------------ challenges
    "challenges_header": {"fr": "Les {count} défis :", "en": "The {count} challenges:"},
    "challenge_item": {"fr": "{number}. {title} : {summary}", "en": "{number}. {title}: {summary}"},
    "challenges_hint": {
        "fr": "Pour les détails, demandez par exemple « défi 2 ».",
        "en": "For details, ask for example “challenge 2”.",
    },
    "challenges_none": {
        "fr": "Les défis n'ont pas encore été publiés.",
        "en": "The challenges have not been published yet.",
    },
    "challenges_one": {"fr": "Il y a un seul défi :", "en": "There is one challenge:"},
    "challenge_title": {"fr": "Défi {number} : {title}", "en": "Challenge {number}: {title}"},
    "challenge_owner": {"fr": "Porté par : {owner}", "en": "Proposed by: {owner}"},
    "challenge_theme": {"fr": "Thème : {theme}", "en": "Theme: {theme}"},
    "challenge_no_such_number": {
        "fr": "Il n'y a pas de défi n° {number} : il y en a {count}.",
        "en": "There is no challenge {number}: there are {count}.",
    },
    "challenge_which": {"fr": "De quel défi parlez-vous ?", "en": "Which challenge do you mean?"},
    "challenge_several": {
        "fr": "Plusieurs défis correspondent :",
        "en": "Several challenges match:",
    },
    "challenge_not_found": {
        "fr": "Je ne trouve pas ce défi. Voici les défis de l'événement :",
        "en": "I can't find that challenge. Here are the event's challenges:",
    },
    # ------------------------------------------------------------ rules and FAQ
    "rules_header": {"fr": "Le règlement :", "en": "The rules:"},
    "rule_bullet": {"fr": "• {topic} : {text}", "en": "• {topic}: {text}"},
    "rule_item": {"fr": "{topic} : {text}", "en": "{topic}: {text}"},
    "rules_none": {
        "fr": (
            "Aucun règlement n'a été publié. Pour toute question, adressez-vous aux organisateurs : "
            "{organiser}."
        ),
        "en": "No rules have been published. For any question, please ask the organisers: {organiser}.",
    },
    "rules_none_see_faq": {
        "fr": "Aucun règlement n'a été publié, mais voici les questions fréquentes :",
        "en": "No rules have been published, but here are the frequent questions:",
    },
    "faq_answer": {"fr": "{question}\n{answer}", "en": "{question}\n{answer}"},
    "faq_bullet": {"fr": "• {question}", "en": "• {question}"},
    "faq_not_found": {
        "fr": "Je n'ai pas de réponse précise à cette question. Voici les questions fréquentes :",
        "en": "I don't have a precise answer to that. Here are the frequent questions:",
    },
    "faq_none": {
        "fr": "Je n'ai pas cette information. Adressez-vous aux organisateurs : {organiser}.",
        "en": "I don't have that information. Please ask the organisers: {organiser}.",
    },
    # ------------------------------------------------------------ teams
    "teams_size": {"fr": "Équipes de {min} à {max} personnes.", "en": "Teams of {min} to {max} people."},
    "teams_size_exact": {
        "fr": "Taille des équipes : {count} exactement.",
        "en": "Team size: exactly {count}.",
    },
    "teams_size_min": {"fr": "Taille minimale d'une équipe : {min}.", "en": "Minimum team size: {min}."},
    "teams_size_max": {"fr": "Taille maximale d'une équipe : {max}.", "en": "Maximum team size: {max}."},
    "teams_max_teams": {
        "fr": "Nombre maximal d'équipes : {count}.",
        "en": "Maximum number of teams: {count}.",
    },
    "teams_require_challenge": {
        "fr": "Chaque équipe choisit un défi.",
        "en": "Each team picks a challenge.",
    },
    "registration_opens": {
        "fr": "Les inscriptions ouvrent le {opens}.",
        "en": "Registration opens on {opens}.",
    },
    "registration_opens_until": {
        "fr": "Les inscriptions ouvrent le {opens} et ferment le {closes}.",
        "en": "Registration opens on {opens} and closes on {closes}.",
    },
    "registration_open_until": {
        "fr": "Les inscriptions sont ouvertes jusqu'au {closes}.",
        "en": "Registration is open until {closes}.",
    },
    "registration_open_since": {
        "fr": "Les inscriptions sont ouvertes depuis le {opens}.",
        "en": "Registration has been open since {opens}.",
    },
    "registration_closed": {
        "fr": "Les inscriptions sont closes depuis le {closes}.",
        "en": "Registration closed on {closes}.",
    },
    "teams_none": {
        "fr": (
            "Les organisateurs n'ont pas fixé de règles pour les équipes. Renseignez-vous auprès "
            "d'eux : {organiser}."
        ),
        "en": "The organisers have not set team rules. Please ask them: {organiser}.",
    },
    # ------------------------------------------------------------ people
    "mentors_header": {"fr": "Les mentors :", "en": "The mentors:"},
    "mentors_matching": {"fr": "Les mentors qui peuvent vous aider :", "en": "Mentors who can help you:"},
    "mentors_no_expertise": {
        "fr": "Aucun mentor n'est indiqué pour cette expertise. Voici tous les mentors :",
        "en": "No mentor is listed for that expertise. Here are all the mentors:",
    },
    "mentor_item": {"fr": "• {name}{expertise}", "en": "• {name}{expertise}"},
    "mentor_available": {"fr": "(disponible : {available})", "en": "(available: {available})"},
    "mentors_none": {
        "fr": "Aucun mentor n'a été annoncé. Renseignez-vous auprès des organisateurs : {organiser}.",
        "en": "No mentors have been announced. Please ask the organisers: {organiser}.",
    },
    "jury_header": {"fr": "Le jury :", "en": "The jury:"},
    "jury_item": {"fr": "• {name}{role}", "en": "• {name}{role}"},
    "jury_chair": {"fr": "(présidence du jury)", "en": "(chair)"},
    "jury_none": {
        "fr": (
            "La composition du jury n'a pas encore été annoncée. Renseignez-vous auprès des "
            "organisateurs : {organiser}."
        ),
        "en": "The jury has not been announced yet. Please ask the organisers: {organiser}.",
    },
    # ------------------------------------------------------------ prizes and results
    "prizes_header": {"fr": "Les prix :", "en": "The prizes:"},
    "prize_item": {"fr": "• {text}", "en": "• {text}"},
    "prizes_none": {
        "fr": "Aucun prix n'a été annoncé. Renseignez-vous auprès des organisateurs : {organiser}.",
        "en": "No prizes have been announced. Please ask the organisers: {organiser}.",
    },
    "results_not_public": {
        "fr": (
            "Les résultats ne sont pas encore publics. Je pourrai vous les donner dès que les "
            "organisateurs les auront publiés."
        ),
        "en": "The results are not public yet. I can share them as soon as the organisers publish them.",
    },
    "results_header": {"fr": "Le palmarès :", "en": "The winners:"},
    "award_item": {"fr": "• {prize} : {team}{project}", "en": "• {prize}: {team}{project}"},
    "results_no_awards": {
        "fr": "Les résultats sont publiés, mais aucun prix n'a été attribué.",
        "en": "The results are published, but no prize has been awarded.",
    },
    "results_prize_not_awarded": {
        "fr": "Aucun lauréat n'est indiqué pour : {prize}.",
        "en": "No winner is listed for: {prize}.",
    },
    "follow_up_none": {
        "fr": (
            "Les organisateurs n'ont pas encore annoncé la suite donnée aux projets. Renseignez-vous "
            "auprès d'eux : {organiser}."
        ),
        "en": (
            "The organisers have not yet announced what happens next with the projects. Please ask "
            "them: {organiser}."
        ),
    },
    # ------------------------------------------------------------ conversation
    "greet": {
        "fr": (
            "Bonjour ! Je suis l'assistant de l'événement « {name} ». Vous pouvez me demander par exemple :\n"
            "• Qu'est-ce qui se passe maintenant ?\n"
            "• Quels sont les défis ?\n"
            "• À quelle heure est le déjeuner ?\n"
            "• Qui sont les mentors ?"
        ),
        "en": (
            "Hello! I'm the assistant for “{name}”. You can ask me, for example:\n"
            "• What's on now?\n"
            "• What are the challenges?\n"
            "• What time is lunch?\n"
            "• Who are the mentors?"
        ),
    },
    "goodbye": {
        "fr": "Au revoir, et bon événement ! Je reste là si vous avez une question.",
        "en": "Goodbye, and enjoy the event! I'm here if you have any question.",
    },
    "thanks": {
        "fr": "Avec plaisir ! N'hésitez pas si vous avez une autre question.",
        "en": "You're welcome! Just ask if you have another question.",
    },
    "help": {
        "fr": (
            "Je réponds à vos questions sur « {name} » :\n"
            "• le programme : « Qu'est-ce qui se passe maintenant ? », « Et après ? », "
            "« Programme de demain »\n"
            "• une session : « Quand ont lieu les pitchs ? »\n"
            "• les défis : « Quels sont les défis ? », « Défi 2 »\n"
            "• le règlement et l'info pratique : « Quelles sont les règles ? », « Que dois-je apporter ? »\n"
            "• les équipes : « Combien de personnes par équipe ? »\n"
            "• les mentors et le jury : « Un mentor en data ? », « Qui est dans le jury ? »\n"
            "• les prix et les résultats : « Qu'est-ce qu'on peut gagner ? »\n"
            "• le lieu et les contacts : « Où est-ce ? », « Comment joindre les organisateurs ? »\n"
            "Écrivez en français ou en anglais."
        ),
        "en": (
            "I answer your questions about “{name}”:\n"
            "• the programme: “What's on now?”, “What's next?”, “Tomorrow's schedule”\n"
            "• a session: “When are the pitches?”\n"
            "• the challenges: “What are the challenges?”, “Challenge 2”\n"
            "• rules and practical info: “What are the rules?”, “What should I bring?”\n"
            "• teams: “How many people per team?”\n"
            "• mentors and jury: “Is there a data mentor?”, “Who is on the jury?”\n"
            "• prizes and results: “What can we win?”\n"
            "• venue and contacts: “Where is it?”, “How do I contact the organisers?”\n"
            "Write in French or English."
        ),
    },
    "out_of_scope": {
        "fr": (
            "Je ne peux pas vous aider sur ce sujet : je réponds seulement aux questions sur « {name} » "
            "(programme, défis, règlement, infos pratiques…). Tapez « aide » pour des exemples."
        ),
        "en": (
            "I can't help with that: I only answer questions about “{name}” "
            "(programme, challenges, rules, practical info…). Type “help” for examples."
        ),
    },
    "fallback": {
        "fr": (
            "Désolé, je ne sais pas répondre à cette question. Je peux vous renseigner sur « {name} » : "
            "programme, défis, règlement, équipes, mentors, jury, prix et lieu. "
            "Tapez « aide » pour des exemples."
        ),
        "en": (
            "Sorry, I can't answer that. I can tell you about “{name}”: the programme, challenges, "
            "rules, teams, mentors, jury, prizes and venue. Type “help” for examples."
        ),
    },
    "language_changed": {
        "fr": "C'est noté, je vous réponds désormais en français.",
        "en": "Sure, I'll answer in English from now on.",
    },
    "language_which": {
        "fr": "Dans quelle langue voulez-vous que je réponde ?",
        "en": "Which language would you like me to answer in?",
    },
    "button_language_fr": {"fr": "Français", "en": "Français"},
    "button_language_en": {"fr": "English", "en": "English"},
    "internal_error": {
        "fr": (
            "Désolé, je n'arrive pas à répondre pour le moment à cause d'un problème technique. "
            "Réessayez dans un instant ; les organisateurs ont été prévenus dans les journaux."
        ),
        "en": (
            "Sorry, I can't answer right now because of a technical problem. Please try again in a "
            "moment; it has been logged for the organisers."
        ),
    },
    "no_event": {
        "fr": (
            "Aucun événement n'est encore chargé : je ne peux pas répondre pour l'instant. Les "
            "organisateurs doivent d'abord charger leur événement."
        ),
        "en": (
            "No event is loaded yet, so I can't answer for now. The organisers first need to load "
            "their event."
        ),
    },
}


def t(key: str, lang: str, **values: Any) -> str:
    """The sentence `key` in `lang` (French if the language is unknown), filled with `values`."""
    entry = TEXTS[key]
    return entry.get(lang, entry[DEFAULT_LANGUAGE]).format(**values)
