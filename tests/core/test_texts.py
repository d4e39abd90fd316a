"""The catalogue of sentences, and every answer written in full on real and minimal events."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from pathlib import Path

import pytest
from support.factories import all_answer_functions, ask, make_event, shared_pack_paths

from bot.core.models import BROADCAST_KINDS, SESSION_KINDS, Event
from bot.core.texts import TEXTS, t
from bot.methods.catalogue import STAGES
from bot.teams import join_form, team_form
from bot.teams.registration import ERROR_CODES

BOT = Path(__file__).resolve().parents[2] / "bot"


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def test_every_text_has_both_languages_with_the_same_placeholders() -> None:
    for key, entry in TEXTS.items():
        assert set(entry) == {"fr", "en"}, key
        assert entry["fr"].strip() and entry["en"].strip(), key
        assert placeholders(entry["fr"]) == placeholders(entry["en"]), key


def test_every_key_used_in_the_code_exists_and_every_key_is_used() -> None:
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in [*BOT.rglob("*.py"), *(BOT.parent / "actions").glob("*.py")]
        if path.name != "texts.py"
    )
    used = set(re.findall(r"""(?:say|\bt)\(\s*["']([a-z_]+)["']""", source))
    used |= {f"kind_{kind}" for kind in SESSION_KINDS} | {"button_language_fr", "button_language_en"}
    # Keys chosen in code ("a" if ... else "b") are quoted where they are chosen.
    used |= set(re.findall(r"""["']([a-z_]+)["']""", source)) & set(TEXTS)
    # Keys built from a code or a field: one text per registration error, one help per form field.
    used |= {f"error_{code}" for code in ERROR_CODES}
    used |= {f"form_help_{field}" for field in (*team_form.FIELDS, *join_form.SLOTS[:2])}
    # One text per broadcast kind and per refused announcement (bot.telegram.organisers).
    used |= {f"broadcast_kind_{kind}" for kind in BROADCAST_KINDS}
    used |= {f"announce_{code}" for code in ("empty", "too_long", "cancelled")}
    # The inbox (bot.telegram.inbox, bot.inbox.handoff): per command, and per channel a reply reaches.
    used |= {f"inbox_{what}_{command}" for what in ("done", "usage") for command in ("dismiss", "faq")}
    used |= {f"passed_on_{channel}" for channel in ("telegram", "web")}
    # The method coach: one text per stage (bot.methods.conversation).
    used |= {f"method_stage_{stage}" for stage in STAGES}
    assert used - set(TEXTS) == set()
    assert set(TEXTS) - used == set()


def test_texts_are_plain_text_without_markdown() -> None:
    for key, entry in TEXTS.items():
        for lang, template in entry.items():
            assert not re.search(r"\*\*|__|`|^#|\[[^]]*\]\(", template, re.MULTILINE), (key, lang)


def test_french_uses_vouvoiement_and_french_spacing() -> None:
    for key, entry in TEXTS.items():
        french = entry["fr"]
        assert not re.search(r"\b(?:tu|toi|ton|ta|tes|te)\b", french), key
        assert not re.search(r"\w[:?!;]", french.replace("{", " ").replace("}", " ")), key


def test_t_fills_placeholders_and_defaults_to_french() -> None:
    assert t("dates_in_days", "en", count=3) == "It starts in 3 days."
    assert t("dates_in_days", "de", count=3) == "Début dans 3 jours."


def _check_every_answer(event: Event) -> None:
    messages = [
        "",
        "hello",
        "what's on now?",
        "programme de demain",
        "défi 1",
        "who won",
        "wifi",
        "mentor IA",
    ]
    for lang in ("fr", "en"):
        for message in messages:
            for function in all_answer_functions():
                reply = function(ask(event, message, lang=lang))
                assert reply.text.strip(), (function.__name__, message)
                assert not re.search(r"\{[a-z_]*\}", reply.text), (function.__name__, reply.text)
                for button in reply.buttons:
                    assert button.title and button.payload


def test_every_answer_works_on_an_almost_empty_event() -> None:
    event = make_event(
        description=None,
        audience=None,
        venue_name=None,
        venue_address=None,
        venue_map_url=None,
        contact_email=None,
        sessions=[],
        challenges=[],
        rules=[],
        faq=[],
        mentors=[],
        jury=[],
        prizes=[],
        awards=[],
        team_settings=None,
        results=False,
        languages=["en"],
    )
    _check_every_answer(event)


@pytest.mark.parametrize("path", shared_pack_paths(), ids=lambda p: p.name)
def test_every_answer_works_on_shared_packs_loaded_into_the_database(
    path: Path, load_pack_file: Callable[..., Event]
) -> None:
    event = load_pack_file(path)
    _check_every_answer(event)
