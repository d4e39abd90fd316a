"""The current event's passages, embedded once per revision, searched by meaning and by words.

A question is compared with every passage (both languages: a French question finds an item
written in English). Each item scores its best passage's cosine, taken relative to the
question's median over all items: E5's cosines are compressed (unrelated texts score 0.75 to
0.82, related ones 0.85 to 0.93), and how high they run varies with the question, so the
distance above the crowd says more than the value. The lexical ranker of `bot.core.matching`
(accents, plurals, typos) adds what the words share with the items closest in meaning: names,
numbers and rare words the encoder may blur. An item that names a practical concept the
question names in other words ("pics" and "photographer": `bot.understanding.concepts`) gains
`CONCEPT_WEIGHT`. A prior per kind (from the intent the NLU read) tips the balance without
deciding.
"""

from __future__ import annotations

import statistics
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bot.core.i18n import localize
from bot.core.matching import score_candidates, words
from bot.core.models import Event
from bot.understanding.concepts import Thesaurus, event_thesaurus
from bot.understanding.encoder import Encoder, Vectors
from bot.understanding.passages import Passage, event_passages

LEXICAL_WEIGHT = 0.08
LEXICAL_CANDIDATES = 12
"""The items, closest in meaning first, whose words are compared with the question's."""
"""How much a full lexical match (score 1) adds to the semantic score above the median."""

CONCEPT_WEIGHT = 0.04
"""What an item gains when it names a practical concept the question names in other words
("pics" and "photographer": `bot.understanding.concepts`)."""

MENTIONED_SHARE = 0.75
"""The share of `CONCEPT_WEIGHT` an item gains when only its text names the concept, not its title:
"last shuttle back tonight?" is about the FAQ "Is there a shuttle?" more than about the evening
session whose description says when the last shuttle leaves."""

CONCEPT_KINDS = frozenset({"faq", "rule", "session", "mentor"})
"""The items whose concepts count: a challenge or a prize is about its subject ("appointments at the
prefecture"), whose words ("submit", "documents") say nothing of the event's practical matters."""

SUPPORT_RANK = 3
"""How close in meaning an item found by its words must be to count (`EventIndex.supports`)."""

Item = tuple[str, str]
"""(kind, key) of an item of the event."""


@dataclass(frozen=True)
class Hit:
    kind: str
    key: str
    score: float
    """semantic + LEXICAL_WEIGHT * lexical + concept + prior."""
    semantic: float
    """The best passage's cosine minus the question's median over all items."""
    lexical: float
    cosine: float
    concept: float = 0.0
    """What naming a concept the question names added (`CONCEPT_WEIGHT` or 0)."""


class EventIndex:
    """The passages of one revision of an event, with their vectors."""

    def __init__(
        self,
        passages: Sequence[Passage],
        vectors: Vectors,
        encoder: Encoder,
        *,
        name_words: Iterable[str] = (),
        thesaurus: Thesaurus | None = None,
    ) -> None:
        self.passages = list(passages)
        self.name_words = frozenset(name_words)
        """The words of the event's own name: in a question ("when is the jam?"), they are about no
        item in particular, however many passages they appear in (a web address, a team rule)."""
        self.vectors = vectors
        self.encoder = encoder
        self.items: list[Item] = sorted({(p.kind, p.key) for p in self.passages})
        rows: dict[Item, list[int]] = defaultdict(list)
        for i, passage in enumerate(self.passages):
            rows[(passage.kind, passage.key)].append(i)
        self._rows = [rows[item] for item in self.items]
        self.thesaurus = thesaurus
        named = [
            thesaurus.named_in(p.text) if thesaurus and p.kind in CONCEPT_KINDS else frozenset()
            for p in self.passages
        ]
        self._concepts = [frozenset().union(*(named[row] for row in rows[item])) for item in self.items]
        titled = [
            thesaurus.named_in(p.title) if thesaurus and p.title and p.kind in CONCEPT_KINDS else named[i]
            for i, p in enumerate(self.passages)
        ]
        self._title_concepts = [
            frozenset().union(*(titled[row] for row in rows[item])) for item in self.items
        ]
        self._lexical = [
            (i, [(self.passages[row].text, 1.0) for row in rows[item]]) for i, item in enumerate(self.items)
        ]

    def search(self, text: str, *, prior: Mapping[str, float] | None = None) -> list[Hit]:
        """Every item, best first."""
        if not self.items or not text.strip():
            return []
        query = self.encoder.queries([text])[0]
        cosines = self.vectors @ query
        best = np.array([float(cosines[rows].max()) for rows in self._rows])
        median = statistics.median(best.tolist())
        asked = self.thesaurus.named_in(text) if self.thesaurus else frozenset()
        concept = np.array(
            [
                CONCEPT_WEIGHT
                if asked & titles
                else CONCEPT_WEIGHT * MENTIONED_SHARE
                if asked & concepts
                else 0.0
                for concepts, titles in zip(self._concepts, self._title_concepts, strict=True)
            ]
        )
        prior = prior or {}
        # Words are compared with the items closest in meaning only: the others cannot stand out
        # (`answers.finder`), and comparing words with every passage is most of a search's cost.
        closest = sorted(
            range(len(self.items)), key=lambda i: -(best[i] + concept[i] + prior.get(self.items[i][0], 0.0))
        )[:LEXICAL_CANDIDATES]
        candidates = [self._lexical[i] for i in closest]
        about = " ".join(word for word in words(text) if word not in self.name_words)
        lexical = {scored.key: scored.score for scored in score_candidates(about, candidates)}
        hits = [
            Hit(
                kind,
                key,
                round(
                    float(best[i])
                    - median
                    + LEXICAL_WEIGHT * lexical.get(i, 0.0)
                    + float(concept[i])
                    + prior.get(kind, 0.0),
                    4,
                ),
                round(float(best[i]) - median, 4),
                round(lexical.get(i, 0.0), 4),
                round(float(best[i]), 4),
                float(concept[i]),
            )
            for i, (kind, key) in enumerate(self.items)
        ]
        hits.sort(key=lambda hit: -hit.score)
        return hits

    def concepts(self, hit: Hit) -> frozenset[str]:
        """The practical concepts an item names (none for the kinds outside `CONCEPT_KINDS`)."""
        return self._concepts[self.items.index((hit.kind, hit.key))]

    def supports(self, text: str, kind: str, key: str, *, within: int = SUPPORT_RANK) -> bool:
        """Whether the item is among the `within` closest in meaning to `text`: a match on words
        alone ("venir avec mon chien" and "Comment venir ?") is no answer without it."""
        hits = sorted(self.search(text), key=lambda hit: -hit.semantic)
        return any((hit.kind, hit.key) == (kind, key) for hit in hits[:within])


def build_index(event: Event, encoder: Encoder) -> EventIndex:
    passages = event_passages(event)
    names = (localize(event.name, lang, event.languages) for lang in event.languages)
    return EventIndex(
        passages,
        encoder.passages([p.text for p in passages]),
        encoder,
        name_words={word for name in names for word in words(name)},
        thesaurus=event_thesaurus(),
    )


class IndexCache:
    """The index of the current event, built again only when the event's revision changes."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self._held: tuple[tuple[int, int], EventIndex] | None = None
        self._lock = threading.Lock()

    def get(self, event: Event) -> EventIndex:
        key = (event.id, event.revision)
        with self._lock:
            if self._held is not None and self._held[0] == key:
                return self._held[1]
        index = build_index(event, self.encoder)
        with self._lock:
            self._held = (key, index)
        return index
