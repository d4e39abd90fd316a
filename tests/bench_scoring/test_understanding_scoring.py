"""The understanding bench's verdicts: every fact in one of its spellings, no forbidden string."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from understanding import Question, folded, is_right, read_questions

SETS = Path(__file__).resolve().parents[2] / "bench" / "understanding"


def question(expect: list[list[str]], forbidden: tuple[str, ...] = ()) -> Question:
    return Question("x", "fr", "faq", "?", tuple(tuple(f) for f in expect), tuple(forbidden))


def test_facts_are_found_without_case_accents_or_typographic_spaces() -> None:
    assert folded("Déjeuner\u202fà 12 h 30 — l’Atrium") == "dejeuner a 12:30 — l'atrium"
    q = question([["12:30", "12h30"], ["atrium"]])
    assert is_right(q, "Le déjeuner est servi à 12h30 dans l’ATRIUM.")
    assert not is_right(q, "Le déjeuner est servi à 12h30.")


def test_clock_times_match_however_they_are_written() -> None:
    for written in ("14:30", "14h30", "14 h 30", "2:30 pm", "2:30 p.m."):
        assert is_right(question([["14:30"]]), f"Pitches at {written}."), written
        assert is_right(question([["14h30"]]), f"Pitches at {written}."), written
    assert is_right(question([["09:00", "9h"]]), "Doors open at 9 am")
    assert is_right(question([["12h"]]), "Lunch at 12 pm, at 12 h")
    assert not is_right(question([["14:30"]]), "Pitches at 4:30 pm.")
    assert is_right(question([["16:00"], ["16:45"]]), "Workshop: today, 4:00–4:45 pm")


def test_a_forbidden_string_makes_a_reply_wrong_even_with_every_fact() -> None:
    q = question([["prix du jury"]], forbidden=("Les Dalons",))
    assert is_right(q, "Le prix du jury sera annoncé à 17 h.")
    assert not is_right(q, "Le prix du jury : Les Dalons du Code")
    assert is_right(question([], forbidden=("Les Dalons",)), "Les résultats ne sont pas encore publiés.")


def test_every_set_reads_and_every_question_has_a_known_language() -> None:
    for folder in sorted(p for p in SETS.iterdir() if (p / "questions.yml").exists()):
        now, questions = read_questions(folder / "questions.yml")
        assert now and questions, folder
        assert {q.lang for q in questions} == {"fr", "en"}, folder
        assert len({q.id for q in questions}) == len(questions), folder
