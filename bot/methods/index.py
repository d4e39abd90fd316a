"""The methods searched by meaning, with the sentence encoder the event's index uses
(`bot.understanding`): "how do we talk to real users?" finds interviews and field observation
without the catalogue's words. Each method is a passage per language (its name, purpose and the
words people use for it); a question's relevance to a method is its best passage's cosine above
the question's median over all methods (E5's cosines are compressed: the distance above the crowd
says more than the value)."""

from __future__ import annotations

import statistics
import threading

from bot.methods.catalogue import LANGUAGES, Catalogue
from bot.understanding.encoder import Encoder


class MethodIndex:
    def __init__(self, catalogue: Catalogue, encoder: Encoder) -> None:
        self.encoder = encoder
        self.ids: list[str] = []
        texts: list[str] = []
        for method in catalogue.methods:
            for lang in LANGUAGES:
                words = ", ".join(getattr(method.keywords, lang))
                texts.append(f"{method.name[lang]}. {method.purpose[lang]} {words}".strip())
                self.ids.append(method.id)
        self.vectors = encoder.passages(texts)

    def relevance(self, text: str) -> dict[str, float]:
        """Each method's closeness in meaning to the question, above the question's median."""
        if not text.strip() or not self.ids:
            return {}
        cosines = self.vectors @ self.encoder.queries([text])[0]
        best: dict[str, float] = {}
        for method_id, cosine in zip(self.ids, cosines.tolist(), strict=True):
            best[method_id] = max(best.get(method_id, -1.0), float(cosine))
        median = statistics.median(best.values())
        return {method_id: round(value - median, 4) for method_id, value in best.items()}


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
