"""A question's vector as Rasa hands it to the action server: taken back exactly, and only when it
is the same model's and a well-formed vector."""

from __future__ import annotations

import numpy as np

from bot.understanding.encoder import handed_vector, taken_vector


def test_a_handed_vector_comes_back_exactly_and_only_for_the_same_model() -> None:
    vector = np.random.default_rng(7).standard_normal(384).astype(np.float32)
    handed = handed_vector("e5", vector)
    assert len(handed["float32"]) == 2048
    taken = taken_vector("e5", handed)
    assert taken is not None and taken.dtype == np.float32 and (taken == vector).all()
    assert taken_vector("another model", handed) is None


def test_anything_else_than_a_vector_is_not_taken() -> None:
    nan = handed_vector("e5", np.array([np.nan, 1.0], dtype=np.float32))
    broken = ["not base64!", "AAAA=", "AAA"]
    for handed in (
        None,
        "vector",
        {},
        {"encoder": "e5"},
        nan,
        *({"encoder": "e5", "float32": b} for b in broken),
    ):
        assert taken_vector("e5", handed) is None, handed
