"""Every sentence the assistant writes, in French and English, in one catalogue.

`TEXTS[key][lang]` is a `str.format` template; `t(key, lang, **values)` fills it.
Both languages of a key take the same placeholders (a test checks it).
Messages are plain text for a phone screen: short, with "•" lists, no Markdown.
French uses vouvoiement and French typography (« », space before : ? !).
Keys starting with `fmt_` are the connecting words of dates and times (`bot.core.timefmt`).
"""

from __future__ import annotations

from typing import Any

from bot.core.i18n import DEFAULT_LANGUAGE

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
    "schedule_calendar": {"fr": "Calendrier (.ics) : {url}", "en": "Calendar (.ics): {url}"},
    "schedule_day_header": {"fr": "Programme du {day} :", "en": "Programme for {day}:"},
    "day_ends": {
        "fr": "{day_cap}, le programme se termine à {time} ({title}, {place}).",
        "en": "{day_cap}, the programme ends at {time} ({title}, {place}).",
    },
    "work_ends": {
        "fr": "{day_cap}, le travail des équipes se termine à {time} ({title}, {place}).",
        "en": "{day_cap}, the teams' work time ends at {time} ({title}, {place}).",
    },
    "work_starts": {
        "fr": "{day_cap}, le travail des équipes commence à {time} ({title}, {place}).",
        "en": "{day_cap}, the teams' work time starts at {time} ({title}, {place}).",
    },
    "day_starts": {
        "fr": "{day_cap}, le programme commence à {time} ({title}, {place}).",
        "en": "{day_cap}, the programme starts at {time} ({title}, {place}).",
    },
    "schedule_part_header": {"fr": "{day_cap}, {part} :", "en": "{day_cap}, {part}:"},
    "schedule_part_empty": {
        "fr": "{header}\nRien n'est prévu à ce moment-là.",
        "en": "{header}\nNothing is planned then.",
    },
    "part_morning": {"fr": "le matin", "en": "in the morning"},
    "part_noon": {"fr": "à midi", "en": "at noon"},
    "part_afternoon": {"fr": "l'après-midi", "en": "in the afternoon"},
    "part_evening": {"fr": "le soir", "en": "in the evening"},
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
    # ------------------------------------------------------------ reminders (bot/reminders.py)
    "reminder": {
        "fr": "Rappel : « {title} » commence dans {minutes} min, à {time}.",
        "en": "Reminder: “{title}” starts in {minutes} min, at {time}.",
    },
    "reminder_place": {"fr": "Lieu : {place}", "en": "Where: {place}"},
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
    "found_choice": {
        "fr": "Votre question peut porter sur l'un de ces deux points. Lequel ?",
        "en": "Your question may be about one of these two. Which one?",
    },
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
    "teams_how_to_register": {
        "fr": (
            "Pour inscrire votre équipe, écrivez-moi « inscrire mon équipe » ; pour en rejoindre une, "
            "« rejoindre » suivi de son code."
        ),
        "en": (
            "To register your team, write “register my team” to me; to join one, “join” followed by its code."
        ),
    },
    "teams_none": {
        "fr": (
            "Les organisateurs n'ont pas fixé de règles pour les équipes. Renseignez-vous auprès "
            "d'eux : {organiser}."
        ),
        "en": "The organisers have not set team rules. Please ask them: {organiser}.",
    },
    # ------------------------------------------------------------ team registration: refusals
    # One text per `RegistrationError` code (bot.teams.registration.ERROR_CODES), key "error_<code>".
    "error_name_empty": {
        "fr": "Le nom de l'équipe ne peut pas être vide.",
        "en": "The team name can't be empty.",
    },
    "error_name_too_short": {
        "fr": "Ce nom est trop court : il faut au moins {min} caractères.",
        "en": "That name is too short: it needs at least {min} characters.",
    },
    "error_name_too_long": {
        "fr": "Ce nom est trop long ({length} caractères) : {max} au maximum.",
        "en": "That name is too long ({length} characters): {max} at most.",
    },
    "error_name_no_letters": {
        "fr": "Le nom doit contenir au moins une lettre.",
        "en": "The name must contain at least one letter.",
    },
    "error_name_taken": {
        "fr": (
            "Une équipe s'appelle déjà « {name} » (majuscules et accents ne comptent pas). Choisissez "
            "un autre nom."
        ),
        "en": (
            "A team called “{name}” already exists (capitals and accents don't count). Please choose "
            "another name."
        ),
    },
    "error_email_invalid": {
        "fr": "Ce n'est pas une adresse e-mail valide. Exemple : prenom.nom@ministere.gouv.fr",
        "en": "That is not a valid email address. Example: firstname.lastname@ministry.gov",
    },
    "error_registration_not_yet_open": {
        "fr": "Les inscriptions ne sont pas encore ouvertes.",
        "en": "Registration is not open yet.",
    },
    "error_registration_closed": {
        "fr": "Les inscriptions sont closes : les équipes ne peuvent plus être créées ni modifiées.",
        "en": "Registration is closed: teams can no longer be created or changed.",
    },
    "error_event_full": {
        "fr": (
            "L'événement est complet : le nombre maximal d'équipes est atteint. Vous pouvez rejoindre "
            "une équipe existante avec son code."
        ),
        "en": (
            "The event is full: the maximum number of teams has been reached. You can still join an "
            "existing team with its code."
        ),
    },
    "error_challenge_required": {
        "fr": "Chaque équipe doit choisir un défi.",
        "en": "Each team must pick a challenge.",
    },
    "error_challenge_unknown": {
        "fr": "Je ne trouve pas ce défi parmi ceux de l'événement.",
        "en": "I can't find that challenge among the event's challenges.",
    },
    "error_member_name_too_long": {
        "fr": "Un nom de membre est trop long ({max} caractères au maximum).",
        "en": "A member's name is too long ({max} characters at most).",
    },
    "error_too_few_members": {
        "fr": "Une équipe compte au moins {min} personnes, vous compris ; j'en compte {count}.",
        "en": "A team has at least {min} people, including you; I count {count}.",
    },
    "error_too_many_members": {
        "fr": "Une équipe compte au plus {max} personnes, vous compris ; j'en compte {count}.",
        "en": "A team has at most {max} people, including you; I count {count}.",
    },
    "error_already_in_team": {
        "fr": (
            "Vous faites déjà partie d'une équipe : tapez « mon équipe » pour la voir. On ne peut "
            "être que dans une équipe."
        ),
        "en": "You are already in a team: type “my team” to see it. You can only be in one team.",
    },
    "telegram_too_fast": {
        "fr": "Vous m'écrivez très vite : attendez {seconds} s, puis reposez votre question.",
        "en": "You are writing very fast: please wait {seconds} s, then ask again.",
    },
    "privacy_notice_heading": {"fr": "Vos données personnelles", "en": "Your personal data"},
    "privacy_notice_controller": {
        "fr": (
            "Vos données : le responsable du traitement est {controller} ; pour toute question sur vos "
            "données, écrivez à {contact}."
        ),
        "en": (
            "Your data: the controller is {controller}; for any question about your data, write to {contact}."
        ),
    },
    "privacy_notice_no_contact": {"fr": "l'équipe organisatrice", "en": "the organising team"},
    "privacy_notice_data": {
        "fr": (
            "Ce qui est gardé : votre identifiant Telegram (ou, sur la page web, un identifiant "
            "aléatoire de votre navigateur), votre nom et votre langue ; si vous inscrivez ou rejoignez "
            "une équipe, ses informations (nom, membres, e-mail de contact) ; votre abonnement aux "
            "annonces ; si vous votez pour le prix du public, l'équipe choisie. Pour vous répondre, "
            "organiser les équipes et vous envoyer les annonces de l'événement, rien d'autre ; rien "
            "n'est transmis à des tiers."
        ),
        "en": (
            "What is kept: your Telegram id (or, on the web page, a random id of your browser), your "
            "name and your language; if you register or join a team, its details (name, members, "
            "contact email); your subscription to the announcements; if you vote for the audience "
            "award, the team you chose. To answer you, organise the teams and send you the event's "
            "announcements, nothing else; nothing is passed on to anyone."
        ),
    },
    "privacy_notice_basis": {
        "fr": (
            "Base légale : la mission d'intérêt public de l'organisateur (article 6(1)(e) du RGPD) ; les "
            "annonces, avec votre accord, retiré à tout moment par /unsubscribe."
        ),
        "en": (
            "Legal basis: the organiser's task in the public interest (GDPR article 6(1)(e)); the "
            "announcements, with your consent, withdrawn at any time with /unsubscribe."
        ),
    },
    "privacy_notice_retention": {
        "fr": "Durée : ces données sont effacées {days} jours après la fin de l'événement.",
        "en": "How long: this data is deleted {days} days after the event ends.",
    },
    "privacy_notice_rights": {
        "fr": (
            "Vos droits : accès, rectification, effacement, opposition et limitation. {how} Vous pouvez "
            "aussi saisir l'autorité de protection des données de votre pays (en France, la CNIL)."
        ),
        "en": (
            "Your rights: access, rectification, erasure, objection and restriction. {how} You may also "
            "complain to the data-protection authority of your country (in France, the CNIL)."
        ),
    },
    "privacy_notice_rights_telegram": {
        "fr": "Voir ce qui est gardé : /mydata ; tout effacer : /forget.",
        "en": "See what is kept: /mydata; erase it all: /forget.",
    },
    "privacy_notice_rights_web": {
        "fr": "Pour les exercer, écrivez au contact ci-dessus ; sur Telegram : /mydata et /forget.",
        "en": "To use them, write to the contact above; on Telegram: /mydata and /forget.",
    },
    "privacy_header": {
        "fr": "Ce que l'assistant garde sur vous :",
        "en": "What the assistant keeps about you:",
    },
    "privacy_nothing": {
        "fr": "L'assistant ne garde rien sur vous.",
        "en": "The assistant keeps nothing about you.",
    },
    "privacy_name": {
        "fr": "• Votre nom : {name} (depuis le {since})",
        "en": "• Your name: {name} (since {since})",
    },
    "privacy_team_captain": {
        "fr": "• Capitaine de l'équipe « {team} » ({event}), sous le nom {name}",
        "en": "• Captain of the team “{team}” ({event}), as {name}",
    },
    "privacy_team_member": {
        "fr": "• Membre de l'équipe « {team} » ({event}), sous le nom {name}",
        "en": "• Member of the team “{team}” ({event}), as {name}",
    },
    "privacy_team_withdrawn": {"fr": " — équipe retirée", "en": " — team withdrawn"},
    "privacy_team_details": {
        "fr": "  e-mail de contact : {email} ; membres : {members}",
        "en": "  contact email: {email}; members: {members}",
    },
    "privacy_subscribed": {
        "fr": "• Abonné aux annonces de {event} (depuis le {since})",
        "en": "• Subscribed to the announcements of {event} (since {since})",
    },
    "privacy_unsubscribed": {
        "fr": "• Désabonné des annonces de {event} (abonné le {since})",
        "en": "• Unsubscribed from the announcements of {event} (subscribed {since})",
    },
    "privacy_messages": {
        "fr": "• {count} message(s) d'annonce envoyé(s) ou à vous envoyer",
        "en": "• {count} announcement message(s) sent or to be sent to you",
    },
    "privacy_organiser": {"fr": "• Organisateur de {event}", "en": "• Organiser of {event}"},
    "privacy_mentor": {"fr": "• Mentor de {event} : {name}", "en": "• Mentor at {event}: {name}"},
    "privacy_mentor_request": {
        "fr": "• Une demande de mentor ({event}) : « {topic} »",
        "en": "• A call for a mentor ({event}): “{topic}”",
    },
    "privacy_juror": {
        "fr": "• Membre du jury de {event} : {name} ; vos notes de {count} équipe(s)",
        "en": "• Jury member at {event}: {name}; your scores for {count} team(s)",
    },
    "privacy_jury_comment": {
        "fr": "• Votre commentaire sur {team} ({event}) : « {comment} »",
        "en": "• Your comment on {team} ({event}): “{comment}”",
    },
    "privacy_question": {
        "fr": "• Une question restée sans réponse ({event}) : « {question} »",
        "en": "• A question left unanswered ({event}): “{question}”",
    },
    "privacy_question_passed_on": {
        "fr": "• Une question transmise aux organisateurs ({event}) : « {question} »",
        "en": "• A question passed on to the organisers ({event}): “{question}”",
    },
    "privacy_audit": {
        "fr": "• {count} action(s) d'organisateur à votre nom dans le journal",
        "en": "• {count} organiser action(s) in your name in the log",
    },
    "privacy_footer": {
        "fr": "Pour tout effacer : /forget.",
        "en": "To erase it all: /forget.",
    },
    "privacy_forget_ask": {
        "fr": (
            "Cela efface tout ce que l'assistant garde sur vous{teams}, définitivement. "
            "Pour confirmer, envoyez : /forget oui"
        ),
        "en": (
            "This erases everything the assistant keeps about you{teams}, for good. "
            "To confirm, send: /forget yes"
        ),
    },
    "privacy_forget_teams": {
        "fr": ", et retire votre équipe {teams}",
        "en": ", and withdraws your team {teams}",
    },
    "privacy_forget_done": {
        "fr": (
            "C'est fait : l'assistant ne garde plus rien sur vous. Vous ne recevrez plus "
            "d'annonces ; /start pour revenir."
        ),
        "en": (
            "Done: the assistant keeps nothing about you any more. You will get no more "
            "announcements; /start to come back."
        ),
    },
    "privacy_forget_team_has_members": {
        "fr": (
            "Vous êtes capitaine de {teams}, que d'autres ont rejoint : retirez d'abord l'équipe "
            "(« retirer notre équipe ») ou demandez aux organisateurs de la confier à un autre membre."
        ),
        "en": (
            "You captain {teams}, which others have joined: first withdraw the team (“withdraw our "
            "team”) or ask the organisers to hand it to another member."
        ),
    },
    "error_name_needed": {
        "fr": (
            "Commencez par votre propre nom (vous êtes le capitaine), puis ceux de vos coéquipiers : "
            "« Tom Martin, Léa Roux ». C'est ainsi que l'équipe vous verra."
        ),
        "en": (
            "Start with your own name (you are the captain), then your teammates': “Tom Martin, Léa "
            "Roux”. That is how your team will see you."
        ),
    },
    "error_codes_locked": {
        "fr": (
            "Trop de codes erronés d'affilée : réessayez dans {minutes} min. Le capitaine de l'équipe "
            "trouve le bon code sous « mon équipe »."
        ),
        "en": (
            "Too many wrong codes in a row: try again in {minutes} min. The team's captain finds the "
            "right code under “my team”."
        ),
    },
    "error_unknown_code": {
        "fr": (
            "Je ne connais pas ce code. Vérifiez-le auprès du capitaine de l'équipe (6 caractères, "
            "par exemple K7Q2MX)."
        ),
        "en": (
            "I don't know that code. Please check it with the team's captain (6 characters, for "
            "example K7Q2MX)."
        ),
    },
    "error_team_full": {
        "fr": "Cette équipe est complète ({max} personnes au maximum).",
        "en": "That team is full ({max} people at most).",
    },
    "error_not_in_team": {
        "fr": (
            "Vous n'êtes dans aucune équipe. Pour en inscrire une : « inscrire mon équipe » ; pour en "
            "rejoindre une : « rejoindre » suivi du code."
        ),
        "en": (
            "You are not in a team. To register one: “register my team”; to join one: “join” followed "
            "by the code."
        ),
    },
    "error_captain_cannot_leave": {
        "fr": (
            "Vous êtes capitaine : vous ne pouvez pas quitter l'équipe, mais vous pouvez la retirer "
            "(« retirer notre équipe »)."
        ),
        "en": "You are the captain: you can't leave the team, but you can withdraw it (“withdraw our team”).",
    },
    "error_not_captain": {
        "fr": "Seul le capitaine de l'équipe peut faire cela.",
        "en": "Only the team's captain can do that.",
    },
    # ------------------------------------------------------------ team registration: the form
    "form_ask_team_name": {
        "fr": "Quel est le nom de votre équipe ?",
        "en": "What is your team's name?",
    },
    "form_ask_team_challenge": {
        "fr": "Quel défi votre équipe choisit-elle ?",
        "en": "Which challenge does your team pick?",
    },
    "form_ask_team_challenge_optional": {
        "fr": (
            "Quel défi votre équipe choisit-elle ? Vous pouvez aussi répondre « aucun » et choisir plus tard."
        ),
        "en": "Which challenge does your team pick? You can also answer “none” and choose later.",
    },
    "form_ask_team_members": {
        "fr": (
            "Qui fait partie de l'équipe ? Donnez les noms séparés par des virgules, en commençant "
            "par le vôtre."
        ),
        "en": "Who is in the team? Give the names separated by commas, starting with yours.",
    },
    "form_ask_team_members_only_you": {
        "fr": "Les équipes sont d'une seule personne : quel est votre nom ?",
        "en": "Teams have a single person: what is your name?",
    },
    "form_team_size": {
        "fr": "Une équipe compte de {min} à {max} personnes, vous compris.",
        "en": "A team has {min} to {max} people, including you.",
    },
    "form_ask_team_email": {
        "fr": (
            "Quelle adresse e-mail les organisateurs peuvent-ils utiliser pour joindre l'équipe ? "
            "Seuls vous et les organisateurs la verrez."
        ),
        "en": (
            "Which email address can the organisers use to reach the team? Only you and the "
            "organisers will see it."
        ),
    },
    "form_summary": {
        "fr": (
            "Récapitulatif :\n• Équipe : {name}\n• Défi : {challenge}\n• Membres ({count}) : "
            "{members}\n• Contact : {email}"
        ),
        "en": (
            "Summary:\n• Team: {name}\n• Challenge: {challenge}\n• Members ({count}): {members}\n• "
            "Contact: {email}"
        ),
    },
    "form_confirm_create": {
        "fr": "J'inscris l'équipe ? Répondez « oui », ou dites ce qu'il faut modifier.",
        "en": "Shall I register the team? Answer “yes”, or tell me what to change.",
    },
    "form_confirm_edit": {
        "fr": "J'enregistre ces informations ? Répondez « oui », ou dites ce qu'il faut modifier.",
        "en": "Shall I save these details? Answer “yes”, or tell me what to change.",
    },
    "form_what_to_change": {
        "fr": "D'accord. Que faut-il modifier : le nom, le défi, les membres ou l'e-mail ?",
        "en": "All right. What should I change: the name, the challenge, the members or the email?",
    },
    "form_confirm_unclear": {
        "fr": (
            "Je n'ai pas compris. Répondez « oui » pour valider, ou dites ce qu'il faut modifier : le "
            "nom, le défi, les membres ou l'e-mail."
        ),
        "en": (
            "I didn't understand. Answer “yes” to confirm, or tell me what to change: the name, the "
            "challenge, the members or the email."
        ),
    },
    "form_challenge_ambiguous": {
        "fr": "Plusieurs défis correspondent : lequel choisissez-vous ?",
        "en": "Several challenges match: which one do you pick?",
    },
    "form_challenge_none": {"fr": "aucun pour l'instant", "en": "none yet"},
    "form_captain": {"fr": "{name} (capitaine)", "en": "{name} (captain)"},
    "form_you": {"fr": "vous", "en": "you"},
    "form_help_team_name": {
        "fr": (
            "Le nom de l'équipe : de {min} à {max} caractères, avec au moins une lettre, différent de "
            "celui des autres équipes. Par exemple : Les Éclaireurs."
        ),
        "en": (
            "The team name: {min} to {max} characters, with at least one letter, different from the "
            "other teams' names. For example: The Pathfinders."
        ),
    },
    "form_help_team_challenge": {
        "fr": "Choisissez l'un des boutons, ou tapez le numéro ou le titre du défi.",
        "en": "Pick one of the buttons, or type the challenge's number or title.",
    },
    "form_help_team_members": {
        "fr": (
            "Les membres : les noms séparés par des virgules, le vôtre en premier. Par exemple : "
            "Marie Dupont, Jean Martin, Léa Roux."
        ),
        "en": (
            "The members: names separated by commas, yours first. For example: Mary Smith, John "
            "Brown, Lea Green."
        ),
    },
    "form_help_team_email": {
        "fr": "Une seule adresse, de la forme nom@domaine.fr.",
        "en": "A single address, shaped like name@domain.org.",
    },
    "form_help_join_code": {
        "fr": (
            "Le code de l'équipe a 6 caractères (lettres et chiffres) ; le capitaine le trouve en "
            "tapant « mon équipe »."
        ),
        "en": (
            "The team code has 6 characters (letters and digits); the captain finds it by typing “my team”."
        ),
    },
    "form_help_join_name": {
        "fr": "Votre nom, tel que l'équipe doit le voir, par exemple : Marie Dupont.",
        "en": "Your name, as the team should see it, for example: Mary Smith.",
    },
    "form_stop_hint": {
        "fr": "Pour arrêter, tapez « annuler » : rien ne sera enregistré.",
        "en": "To stop, type “cancel”: nothing will be saved.",
    },
    "form_cancelled": {
        "fr": "C'est annulé : rien n'a été enregistré.",
        "en": "Cancelled: nothing was saved.",
    },
    "form_nothing_to_cancel": {
        "fr": "Il n'y a rien en cours à annuler. Que puis-je faire pour vous ?",
        "en": "There is nothing in progress to cancel. What can I do for you?",
    },
    "acknowledge": {
        "fr": "Très bien. Que puis-je faire d'autre pour vous ?",
        "en": "All right. What else can I do for you?",
    },
    "team_registered": {
        "fr": (
            "C'est fait : l'équipe « {name} » est inscrite !\nSon code est {code} : vos coéquipiers "
            "m'écrivent « rejoindre {code} » pour rejoindre l'équipe."
        ),
        "en": (
            "Done: team “{name}” is registered!\nIts code is {code}: your teammates write “join "
            "{code}” to me to join the team."
        ),
    },
    "team_updated": {
        "fr": "C'est enregistré : l'équipe « {name} » est à jour.",
        "en": "Saved: team “{name}” is up to date.",
    },
    "button_confirm": {"fr": "✅ Oui, valider", "en": "✅ Yes, confirm"},
    "button_change_name": {"fr": "Modifier le nom", "en": "Change the name"},
    "button_change_challenge": {"fr": "Modifier le défi", "en": "Change the challenge"},
    "button_change_members": {"fr": "Modifier les membres", "en": "Change the members"},
    "button_change_email": {"fr": "Modifier l'e-mail", "en": "Change the email"},
    "button_cancel": {"fr": "Annuler", "en": "Cancel"},
    "button_no_challenge": {"fr": "Aucun pour l'instant", "en": "None yet"},
    "button_only_me": {"fr": "Juste moi", "en": "Just me"},
    # ------------------------------------------------------------ joining a team
    "form_ask_join_code": {
        "fr": "Quel est le code de l'équipe ? Le capitaine l'a reçu à l'inscription (6 caractères).",
        "en": "What is the team's code? The captain received it at registration (6 characters).",
    },
    "form_ask_join_name": {
        "fr": "Sous quel nom voulez-vous apparaître dans l'équipe « {team} » ?",
        "en": "Under which name should you appear in team “{team}”?",
    },
    "form_ask_join_name_listed": {
        "fr": (
            "Le capitaine de « {team} » a déjà inscrit ces personnes : êtes-vous l'une d'elles ? "
            "Sinon, tapez votre nom."
        ),
        "en": (
            "The captain of “{team}” already listed these people: are you one of them? If not, type "
            "your name."
        ),
    },
    "team_joined": {
        "fr": "Bienvenue dans l'équipe « {name} » !",
        "en": "Welcome to team “{name}”!",
    },
    # ------------------------------------------------------------ my team
    "my_team": {
        "fr": (
            "Votre équipe : « {name} »\n• Défi : {challenge}\n• Membres ({count}) : {members}\n• Code "
            "pour la rejoindre : {code}"
        ),
        "en": (
            "Your team: “{name}”\n• Challenge: {challenge}\n• Members ({count}): {members}\n• Code to "
            "join it: {code}"
        ),
    },
    "my_team_email": {
        "fr": "• Contact (visible par vous et les organisateurs) : {email}",
        "en": "• Contact (seen by you and the organisers): {email}",
    },
    "my_team_captain_hint": {
        "fr": (
            "Vous êtes capitaine : vous pouvez modifier l'équipe (« modifier mon équipe ») ou la "
            "retirer (« retirer notre équipe ») tant que les inscriptions sont ouvertes."
        ),
        "en": (
            "You are the captain: you can change the team (“change my team”) or withdraw it "
            "(“withdraw our team”) while registration is open."
        ),
    },
    "my_team_member_hint": {
        "fr": "Pour quitter l'équipe : « quitter mon équipe ».",
        "en": "To leave the team: “leave my team”.",
    },
    "leave_confirm": {
        "fr": "Voulez-vous vraiment quitter l'équipe « {name} » ?",
        "en": "Do you really want to leave team “{name}”?",
    },
    "team_stayed": {
        "fr": "D'accord : vous restez dans l'équipe « {name} ».",
        "en": "All right: you stay in team “{name}”.",
    },
    "button_leave": {"fr": "Oui, quitter l'équipe", "en": "Yes, leave the team"},
    "button_stay": {"fr": "Non, rester", "en": "No, stay"},
    "team_left": {
        "fr": "Vous avez quitté l'équipe « {name} ».",
        "en": "You have left team “{name}”.",
    },
    "withdraw_confirm": {
        "fr": (
            "Voulez-vous vraiment retirer l'équipe « {name} » ? Ses {count} membres ne seront plus "
            "inscrits et le nom sera libéré."
        ),
        "en": (
            "Do you really want to withdraw team “{name}”? Its {count} members will no longer be "
            "registered and the name will be freed."
        ),
    },
    "team_withdrawn": {
        "fr": "L'équipe « {name} » est retirée de l'événement.",
        "en": "Team “{name}” has been withdrawn from the event.",
    },
    "team_kept": {
        "fr": "D'accord : l'équipe « {name} » reste inscrite.",
        "en": "All right: team “{name}” stays registered.",
    },
    "button_withdraw": {"fr": "Oui, retirer l'équipe", "en": "Yes, withdraw the team"},
    "button_keep": {"fr": "Non, la garder", "en": "No, keep it"},
    # ------------------------------------------------------------ people
    "mentors_header": {"fr": "Les mentors :", "en": "The mentors:"},
    "mentors_matching": {"fr": "Les mentors qui peuvent vous aider :", "en": "Mentors who can help you:"},
    "mentors_no_expertise": {
        "fr": "Aucun mentor n'est indiqué pour cette expertise.",
        "en": "No mentor is listed for that expertise.",
    },
    "mentors_no_expertise_all": {
        "fr": "Aucun mentor n'est indiqué pour cette expertise. Voici tous les mentors :",
        "en": "No mentor is listed for that expertise. Here are all the mentors:",
    },
    "button_mentors": {"fr": "Voir tous les mentors", "en": "See all the mentors"},
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
    "results_follow_up_label": {"fr": "Et après : {text}", "en": "What happens next: {text}"},
    # Another edition named in a question (bot.answers.editions).
    "edition_header": {"fr": "« {name} » ({year}) :", "en": "“{name}” ({year}):"},
    "edition_unknown_year": {
        "fr": "Je ne connais pas d'édition en {year}. Les éditions que je connais : {editions}.",
        "en": "I don't know of an edition in {year}. The editions I know: {editions}.",
    },
    "edition_none_before": {
        "fr": "Je ne connais pas d'édition précédente. Les éditions que je connais : {editions}.",
        "en": "I don't know of an earlier edition. The editions I know: {editions}.",
    },
    "edition_which": {
        "fr": (
            "Plusieurs éditions correspondent : {editions}. Laquelle ? Précisez son nom, son année ou sa "
            "ville."
        ),
        "en": "Several editions match: {editions}. Which one do you mean? Give its name, year or city.",
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
            "• votre équipe : « Inscrire mon équipe », « Rejoindre K7Q2MX », « Mon équipe »\n"
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
            "• your team: “Register my team”, “Join K7Q2MX”, “My team”\n"
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
    # ------------------------------------------------------------ organisers on Telegram
    "organiser_only": {
        "fr": "Cette commande est réservée aux organisateurs de l'événement.",
        "en": "This command is for the event's organisers only.",
    },
    "announce_usage": {
        "fr": "Écrivez le message après la commande, par exemple : /announce Le déjeuner est servi !",
        "en": "Write the message after the command, for example: /announce Lunch is served!",
    },
    "announce_empty": {
        "fr": "Le message est vide : écrivez-le après /announce.",
        "en": "The message is empty: write it after /announce.",
    },
    "announce_too_long": {
        "fr": "Le message est trop long ({length} caractères) : {limit} au maximum.",
        "en": "The message is too long ({length} characters): {limit} at most.",
    },
    "announce_cancelled": {
        "fr": "Annonce annulée : rien n'a été envoyé.",
        "en": "Announcement cancelled: nothing was sent.",
    },
    "announce_preview": {
        "fr": "Aperçu de l'annonce, pour {count} destinataires :\n\n{text}",
        "en": "Preview of the announcement, for {count} recipients:\n\n{text}",
    },
    "announce_queued": {
        "fr": (
            "C'est parti : l'annonce est en cours d'envoi à {count} destinataires. Suivez l'envoi "
            "avec /broadcasts."
        ),
        "en": "On its way: the announcement is being sent to {count} recipients. Follow it with /broadcasts.",
    },
    "announce_already": {
        "fr": "Cette annonce a déjà été envoyée ou annulée.",
        "en": "This announcement was already sent or cancelled.",
    },
    "announce_unknown": {
        "fr": "Je ne retrouve pas cette annonce.",
        "en": "I can't find this announcement.",
    },
    "button_announce_send": {"fr": "✅ Envoyer", "en": "✅ Send"},
    "button_announce_cancel": {"fr": "Annuler", "en": "Cancel"},
    # Publishing the results (bot.broadcast.publication, /publish_results and /unpublish_results).
    "results_announcement": {
        "fr": "🏆 Les résultats de « {name} » sont publiés !",
        "en": "🏆 The results of “{name}” are out!",
    },
    "results_announcement_ask": {
        "fr": "Posez-moi vos questions à tout moment, par exemple : « Qui a gagné ? »",
        "en": "Ask me anything about them, for example: “Who won?”",
    },
    "results_preview": {
        "fr": (
            "Aperçu des résultats de « {name} », pas encore publics. Voici ce que les abonnés "
            "recevront, dans leur langue :"
        ),
        "en": (
            "Preview of the results of “{name}”, not public yet. This is what subscribers will receive, "
            "in their language:"
        ),
    },
    "results_preview_already_public": {
        "fr": (
            "Ces résultats sont déjà publics : les publier à nouveau enregistre leur version actuelle "
            "(après une correction, par exemple) et peut l'annoncer aux abonnés."
        ),
        "en": (
            "These results are already public: publishing them again records their current version "
            "(after a correction, for example) and can announce it to subscribers."
        ),
    },
    "results_preview_recipients": {
        "fr": (
            "« Publier » rend les résultats publics (assistant et page web) ; « Publier et annoncer » "
            "les envoie aussi à {count} abonnés."
        ),
        "en": (
            "“Publish” makes the results public (assistant and web page); “Publish and announce” also "
            "sends them to {count} subscribers."
        ),
    },
    "results_nothing_to_publish": {
        "fr": (
            "Le pack de l'événement ne contient aucun lauréat (results.awards) : ajoutez-les, rechargez "
            "le pack avec « hackbot event load », puis publiez."
        ),
        "en": (
            "The event pack lists no winners (results.awards): add them, reload the pack with "
            "“hackbot event load”, then publish."
        ),
    },
    "results_published": {
        "fr": "C'est publié : l'assistant et la page web donnent désormais les résultats de « {name} ».",
        "en": "Published: the assistant and the web page now give the results of “{name}”.",
    },
    "results_published_announced": {
        "fr": ("C'est publié, et l'annonce part vers {count} abonnés. Suivez l'envoi avec /broadcasts."),
        "en": (
            "Published, and the announcement is on its way to {count} subscribers. Follow it with "
            "/broadcasts."
        ),
    },
    "results_publication_cancelled": {
        "fr": "Publication annulée : les résultats restent tels quels.",
        "en": "Publication cancelled: the results stay as they were.",
    },
    "results_preview_used": {
        "fr": "Vous avez déjà répondu à cet aperçu. Pour recommencer : /publish_results",
        "en": "This preview was already answered. To start again: /publish_results",
    },
    "results_preview_stale": {
        "fr": (
            "Les résultats ont changé depuis cet aperçu (pack rechargé) : rien n'a été publié. "
            "Relancez /publish_results pour voir la nouvelle version."
        ),
        "en": (
            "The results changed since this preview (the pack was reloaded): nothing was published. "
            "Send /publish_results again to see the new version."
        ),
    },
    "unpublish_confirm": {
        "fr": (
            "Masquer les résultats de « {name} » ? L'assistant et la page web diront qu'ils ne sont pas "
            "encore publics. Les messages déjà envoyés aux abonnés ne peuvent pas être retirés."
        ),
        "en": (
            "Hide the results of “{name}”? The assistant and the web page will say they are not public "
            "yet. Messages already sent to subscribers cannot be withdrawn."
        ),
    },
    "unpublish_not_public": {
        "fr": "Les résultats de « {name} » ne sont pas publics : rien à masquer.",
        "en": "The results of “{name}” are not public: nothing to hide.",
    },
    "unpublish_done": {
        "fr": "Les résultats de « {name} » sont de nouveau masqués.",
        "en": "The results of “{name}” are hidden again.",
    },
    "unpublish_cancelled": {
        "fr": "Rien n'a changé : les résultats restent publics.",
        "en": "Nothing changed: the results stay public.",
    },
    "button_results_publish": {"fr": "✅ Publier", "en": "✅ Publish"},
    "button_results_announce": {"fr": "📣 Publier et annoncer", "en": "📣 Publish and announce"},
    "button_results_hide": {"fr": "Masquer les résultats", "en": "Hide the results"},
    "broadcasts_none": {
        "fr": "Aucune annonce ni aucun rappel n'a encore été envoyé.",
        "en": "No announcement or reminder has been sent yet.",
    },
    "broadcasts_header": {"fr": "Derniers envois :", "en": "Latest broadcasts:"},
    "broadcast_line": {
        "fr": (
            "• n° {id}, {kind}, {when} : « {preview} » : {sent} envoyés, {failed} échecs, {pending} "
            "en attente"
        ),
        "en": "• #{id}, {kind}, {when}: “{preview}”: {sent} sent, {failed} failed, {pending} pending",
    },
    "broadcast_kind_announcement": {"fr": "annonce", "en": "announcement"},
    "broadcast_kind_reminder": {"fr": "rappel", "en": "reminder"},
    "broadcast_kind_message": {"fr": "message", "en": "message"},
    "stats": {
        "fr": (
            "Abonnés : {subscribers}\nÉquipes inscrites : {teams} ({members} membres)\nOrganisateurs "
            ": {organisers}"
        ),
        "en": (
            "Subscribers: {subscribers}\nRegistered teams: {teams} ({members} members)\nOrganisers: "
            "{organisers}"
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
    # ------------------------------------------------------------ programme changes told to subscribers
    "changes_preview": {
        "fr": (
            "Le programme a été rechargé. Voici l'alerte que recevraient les {count} abonnés "
            "(chacun dans sa langue) :\n\n{alert}"
        ),
        "en": (
            "The programme was reloaded. Here is the alert its {count} subscribers would get "
            "(each in their language):\n\n{alert}"
        ),
    },
    "button_changes_send": {"fr": "Prévenir les abonnés", "en": "Tell the subscribers"},
    "changes_sent": {
        "fr": "C'est parti : l'alerte part vers {count} abonnés.",
        "en": "Done: the alert is going out to {count} subscribers.",
    },
    "changes_not_told": {
        "fr": "Entendu : les abonnés ne seront pas prévenus de ces changements.",
        "en": "All right: subscribers will not be told of these changes.",
    },
    "changes_preview_used": {
        "fr": "Cet aperçu n'est plus valable : il a déjà servi ou un rechargement plus récent l'a remplacé.",
        "en": "This preview is no longer valid: it was used already, or a newer reload replaced it.",
    },
    "change_header": {
        "fr": "📅 Changement de programme ({name}) :",
        "en": "📅 Programme change ({name}):",
    },
    "change_place": {"fr": ", {place}", "en": ", {place}"},
    "change_moved": {
        "fr": "• {title} : désormais {when} (au lieu de {was}){where}",
        "en": "• {title}: now {when} (was {was}){where}",
    },
    "change_moved_place": {
        "fr": "• {title} : désormais {place} (au lieu de {was}), {when}",
        "en": "• {title}: now in {place} (was {was}), {when}",
    },
    "change_added": {"fr": "• Nouveau : {title}, {when}{where}", "en": "• New: {title}, {when}{where}"},
    "change_cancelled": {"fr": "• Annulé : {title} ({when})", "en": "• Cancelled: {title} ({when})"},
    # ------------------------------------------------------------ the inbox: questions passed on
    "button_pass_on": {"fr": "Demander aux organisateurs", "en": "Ask the organisers"},
    "button_inbox_reply": {"fr": "Répondre", "en": "Reply"},
    "button_inbox_dismiss": {"fr": "Écarter", "en": "Set aside"},
    "button_inbox_faq": {"fr": "Ajouter à la FAQ", "en": "Add to the FAQ"},
    "inbox_write_reply": {
        "fr": "Écrivez votre réponse à la question n° {id} dans votre prochain message (ou /cancel).",
        "en": "Write your reply to question #{id} as your next message (or /cancel).",
    },
    "inbox_reply_cancelled": {
        "fr": "D'accord, pas de réponse pour l'instant.",
        "en": "All right, no reply for now.",
    },
    "passed_on_telegram": {
        "fr": "C'est transmis aux organisateurs : leur réponse arrivera ici, dans cette conversation.",
        "en": "I've passed your question on to the organisers: their reply will come here, in this chat.",
    },
    "passed_on_web": {
        "fr": (
            "C'est transmis aux organisateurs : leur réponse s'affichera ici, sur cette page, "
            "à votre prochaine visite (depuis ce navigateur)."
        ),
        "en": (
            "I've passed your question on to the organisers: their reply will show here, on this "
            "page, at your next visit (from this browser)."
        ),
    },
    "pass_on_nothing": {
        "fr": (
            "Je n'ai pas de question récente à transmettre. Posez-la-moi d'abord : si je ne sais "
            "pas y répondre, je vous proposerai de la transmettre aux organisateurs."
        ),
        "en": (
            "I have no recent question to pass on. Ask me first: if I can't answer it, I'll offer "
            "to pass it on to the organisers."
        ),
    },
    "pass_on_unavailable": {
        "fr": (
            "Je ne peux transmettre de question aux organisateurs que depuis Telegram ou la page web "
            "de l'événement."
        ),
        "en": "I can only pass questions on to the organisers from Telegram or the event's web page.",
    },
    "inbox_new_question": {
        "fr": (
            "❓ Question n° {id} d'un participant ({language}) :\n« {question} »\n\n"
            "Répondez avec le bouton, ou /answer {id} votre réponse ; écarter : /dismiss {id} ; "
            "une fois répondue, l'ajouter à la FAQ : /faq {id}"
        ),
        "en": (
            "❓ Question #{id} from a participant ({language}):\n“{question}”\n\n"
            "Reply with the button, or /answer {id} your reply; set aside: /dismiss {id}; "
            "once answered, add it to the FAQ: /faq {id}"
        ),
    },
    "inbox_reply": {
        "fr": "Réponse des organisateurs à votre question « {question} » :\n\n{answer}",
        "en": "The organisers' reply to your question “{question}”:\n\n{answer}",
    },
    "inbox_answered": {
        "fr": "Réponse à la question n° {id} envoyée.",
        "en": "Reply to question #{id} sent.",
    },
    "inbox_answered_web": {
        "fr": (
            "Réponse à la question n° {id} enregistrée : elle s'affichera à la prochaine visite de "
            "la personne sur la page web."
        ),
        "en": "Reply to question #{id} saved: it will show at the person's next visit to the web page.",
    },
    "inbox_done_dismiss": {"fr": "Question n° {id} écartée.", "en": "Question #{id} set aside."},
    "inbox_done_faq": {
        "fr": (
            "La question n° {id} et sa réponse sont ajoutées à la FAQ de l'événement : j'y réponds "
            "désormais. Pour la garder au prochain chargement du pack : hackbot event export."
        ),
        "en": (
            "Question #{id} and its answer are added to the event's FAQ: I answer it from now on. "
            "To keep it when the pack is next loaded: hackbot event export."
        ),
    },
    "inbox_not_answered": {
        "fr": "Répondez d'abord à la question n° {id} (/answer {id} votre réponse), puis mettez-la en FAQ.",
        "en": "Answer question #{id} first (/answer {id} your reply), then add it to the FAQ.",
    },
    "inbox_in_faq": {
        "fr": "La question n° {id} est déjà dans la FAQ.",
        "en": "Question #{id} is in the FAQ already.",
    },
    "inbox_usage_faq": {
        "fr": "Usage : /faq NUMÉRO (une question à laquelle vous avez répondu)",
        "en": "Usage: /faq NUMBER (a question you have answered)",
    },
    "inbox_not_found": {
        "fr": "Il n'y a pas de question n° {id} dans la boîte de l'événement.",
        "en": "There is no question #{id} in the event's inbox.",
    },
    "inbox_closed": {
        "fr": "La question n° {id} a déjà reçu une réponse ou a été écartée.",
        "en": "Question #{id} has already been answered or set aside.",
    },
    "inbox_empty_reply": {
        "fr": "Écrivez la réponse après le numéro : /answer {id} votre réponse",
        "en": "Write the reply after the number: /answer {id} your reply",
    },
    "inbox_too_long": {
        "fr": "Cette réponse est trop longue pour un message Telegram : raccourcissez-la.",
        "en": "This reply is too long for one Telegram message: please shorten it.",
    },
    "inbox_usage_answer": {
        "fr": "Usage : /answer NUMÉRO votre réponse (les numéros : /inbox)",
        "en": "Usage: /answer NUMBER your reply (the numbers: /inbox)",
    },
    "inbox_usage_dismiss": {
        "fr": "Usage : /dismiss NUMÉRO (les numéros : /inbox)",
        "en": "Usage: /dismiss NUMBER (the numbers: /inbox)",
    },
    "inbox_list_header": {
        "fr": "Questions en attente de réponse ({count}) :",
        "en": "Questions waiting for a reply ({count}):",
    },
    "inbox_list_item": {
        "fr": "• n° {id} ({language}) : « {question} »",
        "en": "• #{id} ({language}): “{question}”",
    },
    "inbox_list_empty": {
        "fr": "Aucune question en attente de réponse.",
        "en": "No question is waiting for a reply.",
    },
    # ------------------------------------------------------------ the public web site (bot/web.py)
    "web_skip_link": {"fr": "Aller au contenu", "en": "Skip to content"},
    "web_nav_label": {"fr": "Navigation principale", "en": "Main navigation"},
    "web_nav_current_event": {"fr": "Événement en cours", "en": "Current event"},
    "web_nav_events": {"fr": "Tous les événements", "en": "All events"},
    "web_nav_methods": {"fr": "Méthodes", "en": "Methods"},
    "web_methods_heading": {"fr": "Méthodes d'innovation publique", "en": "Public innovation methods"},
    "web_methods_intro": {
        "fr": (
            "Des méthodes pour chaque étape d'un projet, de la compréhension des usagers au pitch : "
            "l'assistant vous propose celles qui tiennent dans le temps qu'il vous reste."
        ),
        "en": (
            "Methods for each stage of a project, from understanding users to the pitch: "
            "the assistant suggests those that fit in the time you have left."
        ),
    },
    "web_method_stage": {"fr": "Étape", "en": "Stage"},
    "web_method_time": {"fr": "Durée", "en": "Time"},
    "web_method_minutes": {
        "fr": "{minimum} min au moins, {typical} min d'habitude",
        "en": "{minimum} min at least, usually {typical} min",
    },
    "web_method_people": {"fr": "Personnes", "en": "People"},
    "web_method_people_count": {"fr": "{count} au moins", "en": "{count} at least"},
    "web_method_users": {"fr": "avec de vrais usagers", "en": "with real users"},
    "web_language_label": {"fr": "Langue", "en": "Language"},
    "web_label_when": {"fr": "Quand", "en": "When"},
    "web_label_where": {"fr": "Où", "en": "Where"},
    "web_label_organiser": {"fr": "Organisé par", "en": "Organised by"},
    "web_label_audience": {"fr": "Pour qui", "en": "Who it is for"},
    "web_label_contact": {"fr": "Contact", "en": "Contact"},
    "web_map_link": {"fr": "Voir le plan d'accès", "en": "See the map"},
    "web_calendar_link": {
        "fr": "Ajouter le programme à mon agenda (fichier .ics)",
        "en": "Add the schedule to my calendar (.ics file)",
    },
    "web_data_link": {"fr": "Données ouvertes de l'événement (JSON)", "en": "The event's open data (JSON)"},
    "web_now_heading": {"fr": "En ce moment ({time})", "en": "Happening now ({time})"},
    "web_now_item": {"fr": "{title}, jusqu'à {until}", "en": "{title}, until {until}"},
    "web_now_nothing": {"fr": "Rien n'est programmé en ce moment.", "en": "Nothing is scheduled right now."},
    "web_next": {"fr": "À suivre : {title}, {when}", "en": "Next: {title}, {when}"},
    "web_now_badge": {"fr": "En cours", "en": "Now on"},
    "web_schedule_heading": {"fr": "Programme", "en": "Schedule"},
    "web_times_local": {
        "fr": "Les heures sont celles du lieu de l'événement (fuseau {timezone}).",
        "en": "Times are local to the event ({timezone} time zone).",
    },
    "web_schedule_empty": {
        "fr": "Le programme n'a pas encore été publié.",
        "en": "The schedule has not been published yet.",
    },
    "web_challenges_heading": {"fr": "Défis", "en": "Challenges"},
    "web_challenges_empty": {
        "fr": "Les défis n'ont pas encore été publiés.",
        "en": "The challenges have not been published yet.",
    },
    "web_challenge_number": {"fr": "Défi {number}", "en": "Challenge {number}"},
    "web_prizes_heading": {"fr": "Prix", "en": "Prizes"},
    "web_prize_reward": {"fr": "À gagner : {reward}", "en": "Reward: {reward}"},
    "web_results_heading": {"fr": "Résultats", "en": "Results"},
    "web_results_pending": {
        "fr": "Les résultats seront publiés ici dès que les organisateurs les auront annoncés.",
        "en": "The results will be shown here as soon as the organisers announce them.",
    },
    "web_results_none": {
        "fr": "Aucun prix n'a été décerné.",
        "en": "No prize was awarded.",
    },
    "web_award_team": {"fr": "Lauréat : {team}", "en": "Winner: {team}"},
    "web_follow_up_heading": {"fr": "Et après ?", "en": "What happens next"},
    "web_jury_heading": {"fr": "Jury", "en": "Jury"},
    "web_mentors_heading": {"fr": "Mentors", "en": "Mentors"},
    "web_rules_heading": {"fr": "Règlement", "en": "Rules"},
    "web_faq_heading": {"fr": "Questions fréquentes", "en": "Frequently asked questions"},
    "web_chat_heading": {"fr": "Poser une question à l'assistant", "en": "Ask the assistant"},
    "web_chat_intro": {
        "fr": (
            "Posez votre question en français ou en anglais : programme, défis, règlement, lieu, équipes… "
            "Évitez d'y écrire des informations personnelles sensibles."
        ),
        "en": (
            "Ask your question in English or French: schedule, challenges, rules, venue, teams… "
            "Please do not write sensitive personal information here."
        ),
    },
    "web_chat_log_label": {"fr": "Conversation avec l'assistant", "en": "Conversation with the assistant"},
    "web_chat_label": {"fr": "Votre question", "en": "Your question"},
    "web_chat_send": {"fr": "Envoyer", "en": "Send"},
    "web_chat_you": {"fr": "Vous", "en": "You"},
    "web_chat_bot": {"fr": "Assistant", "en": "Assistant"},
    "web_chat_wait": {"fr": "L'assistant prépare sa réponse…", "en": "The assistant is answering…"},
    "web_chat_no_answer": {
        "fr": "L'assistant n'a rien répondu. Essayez de reformuler votre question.",
        "en": "The assistant gave no answer. Try asking another way.",
    },
    "web_chat_noscript": {
        "fr": "Le chat a besoin de JavaScript. Le reste de la page fonctionne sans.",
        "en": "The chat needs JavaScript. The rest of the page works without it.",
    },
    "web_chat_unavailable": {
        "fr": "Désolé, l'assistant ne peut pas répondre pour le moment. Réessayez dans un instant.",
        "en": "Sorry, the assistant cannot answer right now. Please try again in a moment.",
    },
    "web_chat_too_fast": {
        "fr": "Vous envoyez des messages très vite : attendez {seconds} s avant le suivant.",
        "en": "You are sending messages very fast: please wait {seconds} s before the next one.",
    },
    "web_chat_invalid": {
        "fr": "Écrivez une question d'au plus {limit} caractères.",
        "en": "Please write a question of at most {limit} characters.",
    },
    "web_events_heading": {"fr": "Événements", "en": "Events"},
    "web_events_current": {"fr": "événement en cours", "en": "current event"},
    "web_events_empty": {
        "fr": "Aucun événement n'est encore publié.",
        "en": "No event has been published yet.",
    },
    "web_no_current_heading": {"fr": "Pas d'événement en cours", "en": "No current event"},
    "web_no_current": {
        "fr": "Aucun événement n'est en cours pour le moment.",
        "en": "There is no current event at the moment.",
    },
    "web_see_events": {"fr": "Voir la liste des événements", "en": "See the list of events"},
    "web_not_found_heading": {"fr": "Page introuvable", "en": "Page not found"},
    "web_not_found": {
        "fr": "Aucun événement ne correspond à cette adresse.",
        "en": "No event matches this address.",
    },
    "web_footer": {
        "fr": "Propulsé par hackbot, assistant libre pour les hackathons publics.",
        "en": "Powered by hackbot, the open-source assistant for public hackathons.",
    },
    # ------------------------------------------------------------ Telegram (bot/telegram/)
    "telegram_welcome": {
        "fr": (
            "Bonjour ! Je suis l'assistant de « {event} ». Posez-moi vos questions en français ou en "
            "anglais : programme, défis, règlement, équipes, lieu… Tapez /help pour des exemples."
        ),
        "en": (
            "Hello! I'm the assistant of “{event}”. Ask me your questions in English or French: "
            "programme, challenges, rules, teams, venue… Type /help for examples."
        ),
    },
    "telegram_welcome_no_event": {
        "fr": "Bonjour ! Je suis l'assistant des participants au hackathon.",
        "en": "Hello! I'm the hackathon participants' assistant.",
    },
    "telegram_subscribed": {
        "fr": "C'est noté : vous recevrez ici les annonces de « {event} ». Pour les arrêter : /unsubscribe.",
        "en": "Done: you will receive the announcements of “{event}” here. To stop them: /unsubscribe.",
    },
    "telegram_already_subscribed": {
        "fr": "Vous recevez déjà les annonces de « {event} ». Pour les arrêter : /unsubscribe.",
        "en": "You already receive the announcements of “{event}”. To stop them: /unsubscribe.",
    },
    "telegram_unsubscribed": {
        "fr": (
            "C'est fait : vous ne recevrez plus les annonces de « {event} ». Pour les recevoir à "
            "nouveau : /subscribe."
        ),
        "en": (
            "Done: you will no longer receive the announcements of “{event}”. To receive them again: "
            "/subscribe."
        ),
    },
    "telegram_not_subscribed": {
        "fr": "Vous ne recevez pas les annonces de « {event} ». Pour les recevoir : /subscribe.",
        "en": "You do not receive the announcements of “{event}”. To receive them: /subscribe.",
    },
    "telegram_button_expired": {
        "fr": "Ce bouton n'est plus valable. Posez à nouveau votre question, ou tapez /help.",
        "en": "This button is no longer valid. Please ask your question again, or type /help.",
    },
    "telegram_button_used": {
        "fr": "Vous avez déjà fait ce choix.",
        "en": "You have already made this choice.",
    },
    "telegram_choose": {"fr": "Choisissez :", "en": "Choose:"},
    "telegram_text_only": {
        "fr": (
            "Je ne lis que les messages écrits : posez-moi votre question par écrit, en français ou "
            "en anglais."
        ),
        "en": "I can only read text messages: please type your question, in English or French.",
    },
    "telegram_group_subscribed": {
        "fr": "Ce groupe recevra les annonces de « {event} ».",
        "en": "This group will receive the announcements of “{event}”.",
    },
    "telegram_group_organisers_only": {
        "fr": (
            "Merci de m'avoir ajouté ! Seuls les organisateurs de « {event} » peuvent abonner un groupe "
            "aux annonces. Pour vos questions, écrivez-moi plutôt en message privé."
        ),
        "en": (
            "Thanks for adding me! Only the organisers of “{event}” can subscribe a group to the "
            "announcements. For your questions, please write to me in a private message."
        ),
    },
    "telegram_organiser_welcome": {
        "fr": "C'est confirmé : vous faites désormais partie des organisateurs de « {event} ».",
        "en": "Confirmed: you are now one of the organisers of “{event}”.",
    },
    "telegram_organiser_invite_invalid": {
        "fr": (
            "Ce lien d'invitation n'est pas valable : il a peut-être expiré ou déjà servi. Demandez-en "
            "un nouveau aux organisateurs."
        ),
        "en": "This invitation link is not valid: it may have expired or already been used. Please ask "
        "the organisers for a new one.",
    },
    # Mentors on call (bot.mentors): a team calls a mentor, mentors take or decline the call.
    "button_call_mentor": {"fr": "Appeler un mentor", "en": "Call a mentor"},
    "mentor_call_telegram_only": {
        "fr": (
            "Pour appeler un mentor à votre table, écrivez-moi sur Telegram : son « j'arrive » vous y "
            "parviendra."
        ),
        "en": (
            "To call a mentor to your table, write to me on Telegram: their “I'm coming” will reach you "
            "there."
        ),
    },
    "mentor_call_nobody": {
        "fr": (
            "Aucun mentor ne peut être appelé par mon intermédiaire pour cet événement : allez les voir "
            "aux heures indiquées, ou adressez-vous à l'accueil."
        ),
        "en": (
            "No mentor can be called through me at this event: see them at the times above, or ask at "
            "the front desk."
        ),
    },
    "mentor_call_waiting": {
        "fr": (
            "Votre demande n° {id} (« {topic} ») attend encore un mentor, depuis {minutes} min. Je vous "
            "écris ici dès qu'un mentor la prend ; les organisateurs sont prévenus si personne ne la prend."
        ),
        "en": (
            "Your request #{id} (“{topic}”) is still waiting for a mentor, for {minutes} min now. I'll "
            "write here as soon as a mentor takes it; the organisers are told if nobody does."
        ),
    },
    "form_ask_mentor_topic": {
        "fr": "Sur quoi avez-vous besoin d'un mentor ? (par exemple : le RGPD, l'hébergement du prototype)",
        "en": "What do you need a mentor's help with? (for example: GDPR, hosting the prototype)",
    },
    "form_help_mentor_topic": {
        "fr": "Dites en quelques mots sur quoi vous bloquez, pour que j'appelle le bon mentor.",
        "en": "Say in a few words what you are stuck on, so that I call the right mentor.",
    },
    "form_ask_mentor_place": {
        "fr": "J'appelle {mentors} pour « {topic} ». Où peut-on vous trouver ? (votre table ou votre salle)",
        "en": "I'll call {mentors} about “{topic}”. Where can they find you? (your table or room)",
    },
    "form_help_mentor_place": {
        "fr": "Indiquez votre table ou votre salle, par exemple « table 12 » ou « salle Monnet ».",
        "en": "Give your table or room, for example “table 12” or “Monnet room”.",
    },
    "form_mentor_too_long": {
        "fr": "C'est un peu long : {max} caractères au plus, s'il vous plaît.",
        "en": "That's a bit long: {max} characters at most, please.",
    },
    "mentor_call_sent": {
        "fr": (
            "C'est envoyé (demande n° {id}, {place}). Je vous écris ici dès qu'un mentor arrive ; sans "
            "réponse d'ici {minutes} min, les organisateurs sont prévenus. Appelé(s) :"
        ),
        "en": (
            "Sent (request #{id}, {place}). I'll write here as soon as a mentor is on the way; with no "
            "answer within {minutes} min, the organisers are told. Called:"
        ),
    },
    "mentor_request_no_team": {"fr": "un participant sans équipe", "en": "a participant with no team"},
    "mentor_request_new": {
        "fr": "🙋 Demande de mentor n° {id} : {team}\nBesoin : « {topic} »\nOù : {place}",
        "en": "🙋 Mentor request #{id}: {team}\nNeeds: “{topic}”\nWhere: {place}",
    },
    "button_mentor_come": {"fr": "J'arrive", "en": "I'm coming"},
    "button_mentor_cant": {"fr": "Je ne peux pas", "en": "Can't"},
    "mentor_request_coming": {
        "fr": "🏃 {mentor} arrive pour « {topic} » ({place}).",
        "en": "🏃 {mentor} is on the way for “{topic}” ({place}).",
    },
    "mentor_request_taken_by": {
        "fr": "La demande de mentor n° {id} est prise par {mentor}.",
        "en": "Mentor request #{id} is taken by {mentor}.",
    },
    "mentor_request_escalated": {
        "fr": (
            "⚠️ Demande de mentor n° {id} sans réponse depuis {minutes} min : {team}, « {topic} », {place}. "
            "Mentors appelés : {mentors}."
        ),
        "en": (
            "⚠️ Mentor request #{id} unanswered for {minutes} min: {team}, “{topic}”, {place}. "
            "Mentors called: {mentors}."
        ),
    },
    "mentor_request_escalated_declined": {
        "fr": (
            "⚠️ Demande de mentor n° {id} : aucun des mentors appelés ({mentors}) ne peut y aller. {team}, "
            "« {topic} », {place}."
        ),
        "en": (
            "⚠️ Mentor request #{id}: none of the mentors called ({mentors}) can go. {team}, “{topic}”, "
            "{place}."
        ),
    },
    "mentor_only": {
        "fr": "Ceci est réservé aux mentors de l'événement.",
        "en": "This is for the event's mentors only.",
    },
    "mentor_or_organiser_only": {
        "fr": "Cette commande est réservée aux mentors et aux organisateurs de l'événement.",
        "en": "This command is for the event's mentors and organisers only.",
    },
    "mentor_claimed": {
        "fr": (
            "C'est noté : vous prenez la demande n° {id}. {team}, « {topic} », {place}. "
            "L'équipe est prévenue."
        ),
        "en": "Noted: request #{id} is yours. {team}, “{topic}”, {place}. The team has been told.",
    },
    "mentor_request_taken": {
        "fr": "La demande n° {id} est déjà prise par {mentor}. Merci !",
        "en": "Request #{id} is already taken by {mentor}. Thank you!",
    },
    "mentor_declined": {
        "fr": "C'est noté, la demande n° {id} ira à quelqu'un d'autre.",
        "en": "Noted, request #{id} will go to someone else.",
    },
    "mentor_request_unknown": {
        "fr": "Je ne trouve pas la demande n° {id}.",
        "en": "I can't find request #{id}.",
    },
    "mentor_requests_none": {
        "fr": "Aucune demande de mentor en attente.",
        "en": "No mentor request is waiting.",
    },
    "mentor_requests_header": {
        "fr": "Demandes de mentor en attente ({count}) :",
        "en": "Mentor requests waiting ({count}):",
    },
    "mentor_requests_item": {
        "fr": "• n° {id}, depuis {minutes} min : {team}, « {topic} », {place} — appelés : {mentors}",
        "en": "• #{id}, for {minutes} min: {team}, “{topic}”, {place} — called: {mentors}",
    },
    "telegram_mentor_welcome": {
        "fr": (
            "C'est confirmé : vous êtes {name}, mentor de « {event} ». Les équipes qui ont besoin de vous "
            "pourront vous appeler : leurs demandes arriveront ici, avec « J'arrive » et « Je ne peux pas »."
        ),
        "en": (
            "Confirmed: you are {name}, mentor at “{event}”. Teams who need you can now call you: their "
            "requests will come here, with “I'm coming” and “Can't”."
        ),
    },
    "telegram_mentor_invite_taken": {
        "fr": (
            "Ce compte Telegram est déjà celui de {name}, mentor de l'événement : l'invitation n'a pas servi."
        ),
        "en": (
            "This Telegram account is already {name}'s, a mentor of the event: the invitation was not used."
        ),
    },
    # ------------------------------------------------------------ the jury on Telegram (bot.telegram.jury)
    "telegram_juror_welcome": {
        "fr": (
            "C'est confirmé : vous êtes {name}, membre du jury de « {event} ». Envoyez /score pour noter "
            "les équipes, /myscores pour revoir vos notes. Vos notes ne sont vues que par vous et les "
            "organisateurs."
        ),
        "en": (
            "Confirmed: you are {name}, on the jury of “{event}”. Send /score to score the teams, "
            "/myscores to see your scores. Only you and the organisers see your scores."
        ),
    },
    "telegram_juror_invite_taken": {
        "fr": (
            "Ce compte Telegram est déjà celui de {name}, membre du jury de l'événement : l'invitation "
            "n'a pas servi."
        ),
        "en": (
            "This Telegram account is already {name}'s, on the jury of the event: the invitation was "
            "not used."
        ),
    },
    "jury_juror_only": {
        "fr": "Ceci est réservé aux membres du jury de l'événement.",
        "en": "This is for the event's jury members only.",
    },
    "jury_no_judging": {
        "fr": "Cet événement n'a pas de notation du jury (pas de critères dans son dossier).",
        "en": "This event has no jury scoring (its pack has no criteria).",
    },
    "jury_no_teams": {
        "fr": "Aucune équipe à noter pour l'instant : aucune ne s'est inscrite et le dossier n'en liste pas.",
        "en": "No team to score yet: none has registered and the pack lists none.",
    },
    "jury_voting_closed": {
        "fr": "Le vote du jury est clos : les notes ne peuvent plus être données ni modifiées.",
        "en": "Jury voting is closed: scores can no longer be given or changed.",
    },
    "jury_pick_team": {
        "fr": "Quelle équipe notez-vous ? (✓ : déjà notée, {scored} sur {count} ; vous pouvez la revoir)",
        "en": "Which team are you scoring? (✓: already scored, {scored} of {count}; you can revise it)",
    },
    "jury_unknown_team": {
        "fr": "Cette équipe n'est plus à noter. Envoyez /score pour voir la liste à jour.",
        "en": "This team is no longer judged. Send /score for the current list.",
    },
    "jury_current_card": {"fr": "Vos notes actuelles pour {team} :", "en": "Your current scores for {team}:"},
    "jury_revise": {
        "fr": "Vous pouvez les modifier : notez de nouveau chaque critère.",
        "en": "You can revise them: score each criterion again.",
    },
    "jury_criterion": {
        "fr": "{team} — critère {number}/{count} : {criterion} (de {min} à {max})",
        "en": "{team} — criterion {number}/{count}: {criterion} ({min} to {max})",
    },
    "jury_score_line": {"fr": "• {criterion} : {value}/{max}", "en": "• {criterion}: {value}/{max}"},
    "jury_comment_line": {"fr": "Commentaire : {comment}", "en": "Comment: {comment}"},
    "jury_no_comment_line": {"fr": "Pas de commentaire.", "en": "No comment."},
    "jury_ask_comment": {
        "fr": (
            "Un commentaire sur {team} ? Écrivez-le dans votre prochain message ({max} caractères au "
            "plus), ou appuyez sur « Pas de commentaire »."
        ),
        "en": (
            "A comment on {team}? Write it in your next message ({max} characters at most), or press "
            "“No comment”."
        ),
    },
    "jury_comment_too_long": {
        "fr": "Ce commentaire fait {length} caractères : {max} au plus. Raccourcissez-le et renvoyez-le.",
        "en": "This comment is {length} characters long: {max} at most. Please shorten it and send it again.",
    },
    "jury_summary": {"fr": "Votre fiche pour {team} :", "en": "Your card for {team}:"},
    "jury_summary_confirm": {
        "fr": "Confirmez-vous ces notes ? (vous pourrez les modifier jusqu'à la clôture du vote)",
        "en": "Do you confirm these scores? (you can revise them until voting closes)",
    },
    "jury_card_recorded": {
        "fr": "C'est enregistré : vos notes pour {team}. /score pour la suite, /myscores pour les revoir.",
        "en": "Recorded: your scores for {team}. /score for the next team, /myscores to see them.",
    },
    "jury_card_revised": {
        "fr": "C'est enregistré : vos notes pour {team} sont modifiées.",
        "en": "Recorded: your scores for {team} are revised.",
    },
    "jury_card_already_recorded": {
        "fr": "Vos notes pour {team} sont déjà enregistrées : rien de plus n'a été fait.",
        "en": "Your scores for {team} are already recorded: nothing more was done.",
    },
    "jury_card_cancelled": {
        "fr": "C'est annulé : rien n'a été enregistré pour {team}.",
        "en": "Cancelled: nothing was recorded for {team}.",
    },
    "jury_card_stale": {
        "fr": "Ce bouton ne correspond plus à une fiche en cours. Envoyez /score pour recommencer.",
        "en": "This button no longer belongs to a card in progress. Send /score to start again.",
    },
    "jury_voting_closed_not_recorded": {
        "fr": "Le vote a été clos entre-temps : vos notes pour {team} n'ont pas été enregistrées.",
        "en": "Voting has closed meanwhile: your scores for {team} were not recorded.",
    },
    "button_jury_confirm": {"fr": "✅ Confirmer", "en": "✅ Confirm"},
    "button_jury_cancel": {"fr": "Annuler", "en": "Cancel"},
    "button_jury_no_comment": {"fr": "Pas de commentaire", "en": "No comment"},
    "jury_my_scores_none": {
        "fr": "Vous n'avez encore noté aucune équipe. Envoyez /score pour commencer.",
        "en": "You have not scored any team yet. Send /score to start.",
    },
    "jury_my_scores_header": {
        "fr": "Vos notes ({count} équipe(s)) :",
        "en": "Your scores ({count} team(s)):",
    },
    "jury_card_counts": {"fr": "(compte)", "en": "(counts)"},
    "jury_card_to_score_again": {
        "fr": "(à noter de nouveau : le dossier a changé)",
        "en": "(to score again: the pack changed)",
    },
    "jury_my_scores_revise": {
        "fr": "Vous pouvez les modifier avec /score jusqu'à la clôture du vote.",
        "en": "You can revise them with /score until voting closes.",
    },
    "jury_my_scores_closed": {
        "fr": "Le vote est clos : ces notes sont définitives.",
        "en": "Voting is closed: these scores are final.",
    },
    "jury_nobody": {"fr": "personne", "en": "nobody"},
    "jury_status_open": {
        "fr": "Vote du jury de « {event} » : ouvert.",
        "en": "Jury voting at “{event}”: open.",
    },
    "jury_status_closed": {
        "fr": "Vote du jury de « {event} » : clos (depuis le {since} UTC).",
        "en": "Jury voting at “{event}”: closed (since {since} UTC).",
    },
    "jury_status_jurors": {
        "fr": "Membres du jury sur Telegram ({count}) : {jurors}.",
        "en": "Jurors on Telegram ({count}): {jurors}.",
    },
    "jury_status_team": {"fr": "• {team} : {progress}", "en": "• {team}: {progress}"},
    "jury_status_scored_by": {"fr": "notée par {jurors}", "en": "scored by {jurors}"},
    "jury_status_to_score_again": {
        "fr": "à noter de nouveau par {jurors}",
        "en": "to score again by {jurors}",
    },
    "jury_status_waiting_for": {"fr": "en attente de {jurors}", "en": "waiting for {jurors}"},
    "jury_status_not_counted": {
        "fr": "{count} fiche(s) non comptée(s) : équipe plus notée ou membre plus dans le jury.",
        "en": "{count} card(s) not counted: team no longer judged, or juror no longer on the jury.",
    },
    "jury_status_ranking_later": {
        "fr": "Le classement est calculé une fois le vote clos : /close_voting.",
        "en": "The ranking is computed once voting is closed: /close_voting.",
    },
    "jury_ranking_header": {
        "fr": "Classement (non publié) :",
        "en": "Ranking (not published):",
    },
    "jury_ranking_line": {
        "fr": "{place} {team} : {score} ({jurors} membre(s) du jury)",
        "en": "{place} {team}: {score} ({jurors} juror(s))",
    },
    "jury_ranking_normalised": {
        "fr": "{score} en notes normalisées, moyenne {mean}",
        "en": "{score} normalised, mean {mean}",
    },
    "jury_ranking_unranked": {"fr": "– {team} : aucune note", "en": "– {team}: no score"},
    "jury_flag_tied": {"fr": "EX ÆQUO", "en": "TIED"},
    "jury_flag_missing": {"fr": "notes manquantes de {jurors}", "en": "missing scores of {jurors}"},
    "jury_draft_header": {
        "fr": "PROJET de palmarès — non publié, à confirmer par les organisateurs :",
        "en": "DRAFT palmarès — not published, for the organisers to confirm:",
    },
    "jury_draft_line": {"fr": "• {prize} : {outcome}", "en": "• {prize}: {outcome}"},
    "jury_draft_public": {"fr": "par le vote du public", "en": "by the audience's vote"},
    "jury_draft_nobody": {"fr": "aucune équipe ne peut l'avoir", "en": "no team can have it"},
    "jury_draft_tie": {
        "fr": "[ex æquo avec {teams} : à vous de décider]",
        "en": "[tied with {teams}: yours to decide]",
    },
    "jury_draft_missing": {"fr": "[notes manquantes]", "en": "[missing scores]"},
    "jury_draft_footer": {
        "fr": "Rien n'est publié : modifiez et adoptez ce palmarès avec /palmares, puis publiez-le avec "
        "/publish_results.",
        "en": "Nothing is published: change and adopt this palmarès with /palmares, then publish it with "
        "/publish_results.",
    },
    "jury_close_confirm": {
        "fr": (
            "Clore le vote du jury de « {event} » ? Les notes seront figées et le classement calculé "
            "(/jury). Notes encore attendues : {missing}. /reopen_voting le rouvre."
        ),
        "en": (
            "Close jury voting at “{event}”? Scores will be frozen and the ranking computed (/jury). "
            "Scores still awaited: {missing}. /reopen_voting reopens it."
        ),
    },
    "jury_reopen_confirm": {
        "fr": "Rouvrir le vote du jury de « {event} » ? Le jury pourra de nouveau noter et modifier.",
        "en": "Reopen jury voting at “{event}”? Jurors will be able to score and revise again.",
    },
    "jury_voting_closed_done": {
        "fr": "Vote clos, notes figées. /jury montre le classement et le projet de palmarès.",
        "en": "Voting is closed: scores are frozen. /jury shows the ranking and the draft palmarès.",
    },
    "jury_voting_reopened": {
        "fr": "Le vote est rouvert : les membres du jury peuvent de nouveau noter et modifier.",
        "en": "Voting is open again: jurors may score and revise.",
    },
    "jury_voting_already_closed": {"fr": "Le vote est déjà clos.", "en": "Voting is already closed."},
    "jury_voting_already_open": {"fr": "Le vote est déjà ouvert.", "en": "Voting is already open."},
    "jury_voting_unchanged": {"fr": "Rien n'a changé.", "en": "Nothing changed."},
    # ---- the palmarès adopted from judging (bot.jury.palmares, /palmares)
    "palmares_header": {
        "fr": "Palmarès proposé par la notation pour « {event} » — ni adopté ni publié :",
        "en": "Palmarès proposed by judging for {event} — neither adopted nor published:",
    },
    "palmares_changed": {
        "fr": "[modifié par vous ; proposé : {team}]",
        "en": "[changed by you; proposed: {team}]",
    },
    "palmares_nobody": {"fr": "personne", "en": "nobody"},
    "palmares_vote_open": {
        "fr": "pas encore d'équipe : le vote du public est ouvert (/close_public_vote)",
        "en": "no team yet: the public vote is still open (/close_public_vote)",
    },
    "palmares_vote_none": {
        "fr": "pas encore d'équipe : le vote du public n'a pas été ouvert (/open_public_vote)",
        "en": "no team yet: the public vote was never opened (/open_public_vote)",
    },
    "palmares_footer": {
        "fr": "Changez un prix avec son bouton, ou adoptez ce palmarès comme résultats : ils resteront "
        "cachés à tous jusqu'à ce que vous les publiiez.",
        "en": "Change a prize with its button, or adopt this palmarès as the results: they stay hidden "
        "from everyone until you publish them.",
    },
    "palmares_pick": {"fr": "Qui reçoit « {prize} » ?", "en": "Who gets {prize}?"},
    "button_palmares_change": {"fr": "✏️ {prize}", "en": "✏️ {prize}"},
    "button_palmares_adopt": {"fr": "✅ Adopter comme résultats", "en": "✅ Adopt as the results"},
    "button_palmares_nobody": {"fr": "Personne", "en": "Nobody"},
    "button_palmares_back": {"fr": "↩ Retour", "en": "↩ Back"},
    "palmares_adopted": {
        "fr": "Adopté : {count} prix forment les résultats de « {event} », toujours cachés à tous. "
        "Prévisualisez-les et publiez-les avec /publish_results.",
        "en": "Adopted: {count} award(s) are now the results of {event}, still hidden from everyone. "
        "Preview and publish them with /publish_results.",
    },
    "palmares_voting_open": {
        "fr": "Le jury vote encore : fermez d'abord le vote avec /close_voting.",
        "en": "The jury is still voting: close voting first with /close_voting.",
    },
    "palmares_results_public": {
        "fr": "Les résultats sont déjà publiés : masquez-les avec /unpublish_results avant d'adopter "
        "un autre palmarès.",
        "en": "The results are already public: hide them with /unpublish_results before adopting another "
        "palmarès.",
    },
    "palmares_nobody_awarded": {
        "fr": "Aucun prix n'a encore d'équipe : rien à adopter.",
        "en": "No prize has a team yet: nothing to adopt.",
    },
    "palmares_not_eligible": {
        "fr": "{team} ne peut pas recevoir ce prix : il est réservé à un autre défi.",
        "en": "{team} cannot get this prize: it is for another challenge.",
    },
    "palmares_expired": {
        "fr": "Ce bouton n'est plus valable : envoyez de nouveau /palmares.",
        "en": "This button is no longer valid: send /palmares again.",
    },
    # ------------------------------------------------------------ the method coach
    "method_stage_understand": {"fr": "comprendre les usagers", "en": "understanding users"},
    "method_stage_define": {"fr": "définir le problème", "en": "defining the problem"},
    "method_stage_ideate": {"fr": "trouver des idées", "en": "finding ideas"},
    "method_stage_prototype": {"fr": "prototyper", "en": "prototyping"},
    "method_stage_test": {"fr": "tester", "en": "testing"},
    "method_stage_deploy": {"fr": "préparer la suite", "en": "planning what comes next"},
    "method_stage_pitch": {"fr": "préparer le pitch", "en": "preparing the pitch"},
    "method_ask_stage": {
        "fr": "Je vous propose une méthode : où en est votre équipe ?",
        "en": "I'll suggest a method: where is your team at?",
    },
    "method_time_until": {
        "fr": "Il vous reste {time} avant « {session} ».",
        "en": "You have {time} before “{session}”.",
    },
    "method_stage_now": {
        "fr": "À ce moment de l'événement, les équipes en sont en général à {stage} ; si vous en êtes "
        "ailleurs, dites-le-moi (« on en est aux tests, quelle méthode ? »).",
        "en": "At this point of the event, teams are usually {stage}; if you are elsewhere, tell me "
        "(“we're testing, which method?”).",
    },
    "method_intro": {
        "fr": "Pour {stage}, en {time} au plus :",
        "en": "For {stage}, in {time} at most:",
    },
    "method_intro_timed": {
        "fr": "En {time} au plus, je vous propose :",
        "en": "In {time} at most, I suggest:",
    },
    "method_intro_untimed": {"fr": "Pour {stage} :", "en": "For {stage}:"},
    "method_intro_any": {"fr": "Ce que je vous propose :", "en": "What I suggest:"},
    "method_line_challenge": {
        "fr": "{number}. {name} — {time}{users}\n{purpose}\n{first_step}",
        "en": "{number}. {name} — {time}{users}\n{purpose}\n{first_step}",
    },
    "method_line": {
        "fr": "{number}. {name} — {time}{users}\n{purpose}\nPour commencer : {first_step}",
        "en": "{number}. {name} — {time}{users}\n{purpose}\nFirst step: {first_step}",
    },
    "method_needs_users": {"fr": ", avec des usagers", "en": ", with real users"},
    "method_more_button": {"fr": "Plus sur {number}", "en": "More on {number}"},
    "method_another_button": {"fr": "Une autre", "en": "Another one"},
    "method_nothing_fits_any": {
        "fr": (
            "Aucune méthode du catalogue ne tient en {time} : la plus courte, « {name} », demande "
            "{minimum} min. Dites-moi si vous avez plus de temps."
        ),
        "en": (
            "No method of the catalogue fits in {time}: the quickest, “{name}”, takes {minimum} min. "
            "Tell me if you have more time."
        ),
    },
    "method_nothing_fits": {
        "fr": (
            "Aucune méthode du catalogue ne tient en {time} pour {stage} : "
            "la plus courte, « {name} », demande {minimum} min. Dites-moi si vous avez plus de temps."
        ),
        "en": (
            "No method of the catalogue fits in {time} for {stage}: "
            "the quickest, “{name}”, takes {minimum} min. Tell me if you have more time."
        ),
    },
    "method_nothing_more": {
        "fr": (
            "Je vous ai proposé toutes les méthodes qui conviennent. "
            "Changez d'étape ou de durée pour en voir d'autres."
        ),
        "en": "I have suggested every method that fits. Change the stage or the time to see others.",
    },
    "method_none_offered": {
        "fr": (
            "Je ne vous ai pas encore proposé de méthode. Dites-moi où en est votre équipe, "
            "par exemple « on doit tester notre prototype en 2 h »."
        ),
        "en": (
            "I have not suggested a method yet. Tell me where your team is at, "
            "for example “we need to test our prototype in 2 hours”."
        ),
    },
    "method_which": {
        "fr": "Laquelle ? Dites « la première », « la deuxième »… ou touchez un bouton.",
        "en": "Which one? Say “the first”, “the second”… or tap a button.",
    },
    "method_card": {
        "fr": (
            "{name}\n{purpose}\nÉtape : {stages}. Durée : {minimum} min au moins, {typical} min d'habitude. "
            "Personnes : {people} au moins{users}."
        ),
        "en": (
            "{name}\n{purpose}\nStage: {stages}. Time: {minimum} min at least, usually {typical} min. "
            "People: {people} at least{users}."
        ),
    },
    "method_card_materials": {"fr": "Matériel :", "en": "Materials:"},
    "method_card_steps": {"fr": "Étapes :", "en": "Steps:"},
    "method_card_pitfalls": {"fr": "Pièges à éviter :", "en": "Pitfalls:"},
    "method_card_example": {"fr": "Exemple : {example}", "en": "Example: {example}"},
    "method_all": {"fr": "Toutes les méthodes : {url}", "en": "All the methods: {url}"},
    "method_card_source": {"fr": "Pour aller plus loin : {title} — {url}", "en": "More: {title} — {url}"},
    # The bot's command menu (setMyCommands), one description per command.
    "command_start": {
        "fr": "Commencer et recevoir les annonces",
        "en": "Start and receive the announcements",
    },
    "command_help": {"fr": "Ce que je sais faire", "en": "What I can do"},
    "command_schedule": {"fr": "Le programme", "en": "The programme"},
    "command_now": {"fr": "Ce qui se passe maintenant", "en": "What's on now"},
    "command_next": {"fr": "La suite du programme", "en": "What's next"},
    "command_challenges": {"fr": "Les défis", "en": "The challenges"},
    "command_register": {"fr": "Inscrire une équipe", "en": "Register a team"},
    "command_myteam": {"fr": "Mon équipe", "en": "My team"},
    "command_vote": {"fr": "Voter pour le prix du public", "en": "Vote for the audience award"},
    "command_language": {"fr": "Changer de langue", "en": "Change language"},
    "command_subscribe": {"fr": "Recevoir les annonces", "en": "Receive the announcements"},
    "command_unsubscribe": {"fr": "Ne plus recevoir les annonces", "en": "Stop the announcements"},
    # ---- the audience vote
    # The audience's vote for a prize awarded by the public (bot.jury.public_vote): voters on
    # Telegram (/vote, bot.telegram.public_vote) and on the web page (bot.web.vote), organisers
    # opening and closing it. No count is ever shown to a voter.
    "public_vote_none_open": {
        "fr": "Aucun vote du public n'est ouvert pour le moment.",
        "en": "No audience vote is open at the moment.",
    },
    "public_vote_pick_team": {
        "fr": (
            "{prize} : pour quelle équipe votez-vous ? Un seul vote par personne, qui ne peut pas être "
            "modifié."
        ),
        "en": "{prize}: which team do you vote for? One vote per person, and it cannot be changed.",
    },
    "public_vote_voted_for": {
        "fr": "{prize} : vous avez voté pour {team}. Merci !",
        "en": "{prize}: you have voted for {team}. Thank you!",
    },
    "public_vote_recorded": {
        "fr": (
            "Votre vote pour {team} ({prize}) est enregistré. Merci ! Le résultat sera annoncé avec le "
            "palmarès."
        ),
        "en": "Your vote for {team} ({prize}) is recorded. Thank you! The result comes with the palmarès.",
    },
    "public_vote_already": {
        "fr": "Vous avez déjà voté pour {team} ({prize}) : un vote ne peut pas être modifié.",
        "en": "You have already voted for {team} ({prize}): a vote cannot be changed.",
    },
    "public_vote_closed": {
        "fr": "Le vote « {prize} » est clos : votre vote n'a pas été enregistré.",
        "en": "The vote for “{prize}” is closed: your vote was not recorded.",
    },
    "public_vote_not_open": {
        "fr": "Ce vote n'est pas ouvert : votre vote n'a pas été enregistré.",
        "en": "This vote is not open: your vote was not recorded.",
    },
    "public_vote_unknown_team": {
        "fr": "Cette équipe ne concourt pas pour « {prize} » : votre vote n'a pas été enregistré.",
        "en": "This team is not in the running for “{prize}”: your vote was not recorded.",
    },
    "public_vote_send_vote": {
        "fr": "Envoyez /vote pour voir les votes ouverts.",
        "en": "Send /vote to see the open votes.",
    },
    "public_vote_stale": {
        "fr": "Ce bouton ne correspond plus à un vote ouvert : votre vote n'a pas été enregistré.",
        "en": "This button no longer belongs to an open vote: your vote was not recorded.",
    },
    "public_vote_no_public_prize": {
        "fr": "Cet événement n'a aucun prix décerné par le public (voir judging.prizes dans son dossier).",
        "en": "This event has no prize awarded by the public (see judging.prizes in its pack).",
    },
    "public_vote_unknown_prize": {
        "fr": "« {prize} » n'est pas un prix décerné par le public. Ceux qui le sont : {prizes}.",
        "en": "“{prize}” is not a prize awarded by the public. Those that are: {prizes}.",
    },
    "public_vote_pick_prize_open": {
        "fr": "Pour quel prix ouvrez-vous le vote du public ?",
        "en": "Which prize do you open the audience vote for?",
    },
    "public_vote_pick_prize_close": {
        "fr": "Quel vote du public clôturez-vous ?",
        "en": "Which audience vote do you close?",
    },
    "public_vote_none_to_close": {
        "fr": "Aucun vote du public n'est ouvert : il n'y a rien à clore.",
        "en": "No audience vote is open: there is nothing to close.",
    },
    "public_vote_open_confirm": {
        "fr": (
            "Ouvrir le vote du public pour « {prize} » ({teams} équipe(s)) ? Chacun pourra voter une "
            "fois, sur Telegram (/vote) et sur la page web. /close_public_vote {prize_id} le clôt."
        ),
        "en": (
            "Open the audience vote for “{prize}” ({teams} team(s))? Anyone can then vote once, on "
            "Telegram (/vote) and on the web page. /close_public_vote {prize_id} closes it."
        ),
    },
    "public_vote_reopen_confirm": {
        "fr": (
            "Rouvrir le vote du public pour « {prize} » ? Les votes déjà exprimés sont gardés ; ceux "
            "qui n'ont pas voté pourront le faire."
        ),
        "en": (
            "Reopen the audience vote for “{prize}”? The votes already cast are kept; those who have "
            "not voted yet can vote."
        ),
    },
    "public_vote_close_confirm": {
        "fr": (
            "Clore le vote du public pour « {prize} » ? Votes exprimés : {ballots}. Personne ne pourra "
            "plus voter ; le décompte se lit avec « hackbot vote status ». /open_public_vote {prize_id} le "
            "rouvre."
        ),
        "en": (
            "Close the audience vote for “{prize}”? Votes cast: {ballots}. Nobody can vote afterwards; "
            "the count is in “hackbot vote status”. /open_public_vote {prize_id} reopens it."
        ),
    },
    "public_vote_already_open": {
        "fr": "Le vote du public pour « {prize} » est déjà ouvert.",
        "en": "The audience vote for “{prize}” is already open.",
    },
    "public_vote_already_closed": {
        "fr": "Le vote du public pour « {prize} » est déjà clos.",
        "en": "The audience vote for “{prize}” is already closed.",
    },
    "public_vote_never_opened": {
        "fr": "Le vote du public pour « {prize} » n'a jamais été ouvert : /open_public_vote {prize_id}.",
        "en": "The audience vote for “{prize}” was never opened: /open_public_vote {prize_id}.",
    },
    "public_vote_opened": {
        "fr": (
            "Le vote du public pour « {prize} » est ouvert : chacun peut voter une fois avec /vote ou "
            "sur la page web. Pensez à l'annoncer (/announce)."
        ),
        "en": (
            "The audience vote for “{prize}” is open: anyone can vote once with /vote or on the web "
            "page. Remember to announce it (/announce)."
        ),
    },
    "public_vote_reopened": {
        "fr": "Le vote du public pour « {prize} » est de nouveau ouvert ; les votes exprimés sont gardés.",
        "en": "The audience vote for “{prize}” is open again; the votes cast are kept.",
    },
    "public_vote_closed_done": {
        "fr": (
            "Le vote du public pour « {prize} » est clos ({ballots} vote(s)). Le décompte se lit avec "
            "« hackbot vote status » ; le public ne le voit qu'avec le palmarès publié."
        ),
        "en": (
            "The audience vote for “{prize}” is closed ({ballots} vote(s)). The count is in “hackbot "
            "vote status”; the public sees it only with the published palmarès."
        ),
    },
    "public_vote_button_stale": {
        "fr": "Ce bouton n'est plus valable : envoyez de nouveau la commande.",
        "en": "This button is no longer valid: send the command again.",
    },
    "privacy_public_ballot": {
        "fr": "• Votre vote pour « {prize} » ({event}) : {team}",
        "en": "• Your vote for “{prize}” ({event}): {team}",
    },
    "web_vote_heading": {"fr": "Vote du public", "en": "Audience vote"},
    "web_vote_intro": {
        "fr": (
            "Votez pour une équipe : un seul vote par personne, qui ne peut pas être modifié. Le "
            "résultat sera annoncé avec le palmarès."
        ),
        "en": (
            "Vote for one team: one vote per person, and it cannot be changed. The result comes with "
            "the palmarès."
        ),
    },
    "web_vote_legend": {"fr": "{prize} : votre équipe", "en": "{prize}: your team"},
    "web_vote_button": {"fr": "Voter pour {team}", "en": "Vote for {team}"},
    "web_vote_limit": {
        "fr": (
            "Trop de votes pour « {prize} » sont venus de votre réseau : votre vote n'a pas été "
            "enregistré. Vous pouvez voter sur Telegram (/vote)."
        ),
        "en": (
            "Too many votes for “{prize}” came from your network: your vote was not recorded. You can "
            "vote on Telegram (/vote)."
        ),
    },
    "web_vote_no_cookie": {
        "fr": (
            "Votre navigateur n'a pas envoyé le cookie qui garantit un seul vote par personne : "
            "autorisez les cookies pour ce site, puis votez de nouveau."
        ),
        "en": (
            "Your browser did not send the cookie that keeps everyone to one vote: allow cookies for "
            "this site, then vote again."
        ),
    },
    "web_vote_forged": {
        "fr": "Ce formulaire ne vient pas de cette page ou a expiré : rechargez la page et votez de nouveau.",
        "en": "This form did not come from this page or has expired: reload the page and vote again.",
    },
    "web_vote_back": {"fr": "Retour à la page de l'événement", "en": "Back to the event's page"},
}


def t(key: str, lang: str, **values: Any) -> str:
    """The sentence `key` in `lang` (French if the language is unknown), filled with `values`."""
    entry = TEXTS[key]
    return entry.get(lang, entry[DEFAULT_LANGUAGE]).format(**values)
