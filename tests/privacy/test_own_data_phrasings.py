"""The words people use about their own data, beside /mydata and /forget (bot.privacy.notice)."""

from __future__ import annotations

import pytest

from bot.privacy.notice import asks_about_own_data


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("what do you know about me?", "see"),
        ("Que savez-vous de moi ?", "see"),
        ("mes données", "see"),
        ("My data", "see"),
        ("supprimer mes données", "erase"),
        ("please delete my data", "erase"),
        ("Oubliez-moi !", "erase"),
        ("my data project needs a mentor on GDPR", None),
        ("who can help with personal data protection?", None),
        ("on manipule des données perso, qqn peut nous dire si c'est légal ?", None),
        ("where is lunch", None),
    ],
)
def test_a_short_message_about_ones_own_data_is_told_apart(text: str, asked: str | None) -> None:
    assert asks_about_own_data(text) == asked
