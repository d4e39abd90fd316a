"""The practical concepts a text names, whatever words it uses: "pics" and "photographer" both
name photos, « nounou » and "childcare" both name childcare.

The sentence encoder blurs exactly these: a question that avoids the pack's words ("I really
don't want to end up in the pictures") lands barely closer to the FAQ on photos than to any other.
A small bilingual thesaurus of an event's practical matters (`concepts.yml`) ties them together:
the index (`bot.understanding.index`) adds `CONCEPT_WEIGHT` to an item that names a concept the
question names. Words are compared as `bot.core.matching` compares them (case, accents, plurals
and feminine endings aside), a phrase as consecutive words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from bot.core.matching import stem, words

Phrase = tuple[str, ...]


def _stems(text: str) -> Phrase:
    return tuple(stem(word) for word in words(text))


@dataclass(frozen=True)
class Thesaurus:
    """Concepts, each with the phrases that name it (any language)."""

    phrases: Mapping[str, tuple[Phrase, ...]]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Mapping[str, Sequence[str]]]) -> Thesaurus:
        phrases = {
            str(concept): tuple(
                sorted({_stems(str(term)) for terms in by_lang.values() for term in terms} - {()})
            )
            for concept, by_lang in data.items()
        }
        return cls(phrases)

    def named_in(self, text: str) -> frozenset[str]:
        """The concepts `text` names."""
        stems = _stems(text)
        present = set(stems)
        found = set()
        for concept, phrases in self.phrases.items():
            for phrase in phrases:
                if phrase[0] in present and _contains(stems, phrase):
                    found.add(concept)
                    break
        return frozenset(found)


def _contains(stems: Phrase, phrase: Phrase) -> bool:
    width = len(phrase)
    return any(stems[i : i + width] == phrase for i in range(len(stems) - width + 1))


@lru_cache(maxsize=1)
def event_thesaurus() -> Thesaurus:
    """The thesaurus shipped with the assistant (`concepts.yml`), read once."""
    text = resources.files("bot.understanding").joinpath("concepts.yml").read_text(encoding="utf-8")
    return Thesaurus.from_mapping(yaml.safe_load(text))
