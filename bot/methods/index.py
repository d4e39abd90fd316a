"""The methods searched by meaning and by words, in the same kind of index as the event's answers
(`bot.understanding.index.EventIndex`: the same sentence encoder, the same hybrid score): "how do
we talk to real users?" finds interviews and field observation without the catalogue's words.
Each method is a passage per language: its name, purpose and the words people use for it (its
example and steps, tried as more passages, made the closest methods worse). A question's
relevance to a method is that index's score: its passages' best cosine above the question's
median over all methods, plus what their words share."""

from __future__ import annotations

import threading

from bot.methods.catalogue import LANGUAGES, Catalogue
from bot.understanding.encoder import Encoder
from bot.understanding.index import EventIndex
from bot.understanding.passages import Passage

KIND = "method"


def method_passages(catalogue: Catalogue) -> list[Passage]:
    passages = []
    for method in catalogue.methods:
        for lang in LANGUAGES:
            words = ", ".join(getattr(method.keywords, lang))
            text = f"{method.name[lang]}. {method.purpose[lang]} {words}"
            passages.append(Passage(KIND, method.id, lang, text))
    return passages


class MethodIndex:
    def __init__(self, catalogue: Catalogue, encoder: Encoder) -> None:
        passages = method_passages(catalogue)
        self.index = EventIndex(passages, encoder.passages([p.text for p in passages]), encoder)

    def relevance(self, text: str) -> dict[str, float]:
        """Each method's score for the question (`EventIndex.search`)."""
        return {hit.key: hit.score for hit in self.index.search(text)}


_held: dict[tuple[int, int], tuple[Catalogue, Encoder, MethodIndex]] = {}
_lock = threading.Lock()


def method_index(catalogue: Catalogue, encoder: Encoder) -> MethodIndex:
    """The index of this catalogue with this encoder, built once."""
    key = (id(catalogue), id(encoder))  # both kept with it, so that their ids stay theirs
    with _lock:
        held = _held.get(key)
    if held is None:
        held = (catalogue, encoder, MethodIndex(catalogue, encoder))
        with _lock:
            _held[key] = held
    return held[2]
