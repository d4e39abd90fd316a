"""Intents read by meaning as well as by words: DIET's ranking blended with the intents of the
training examples closest to the message in a multilingual sentence encoder's space.

DIET, on word and character n-grams, recognises the phrasings it was trained on; a question
put in other words ("im coeliac, will there be anything i can eat??", « on peut etre 6 dans
l'equipe ? ») often gets a confident wrong intent or none. The encoder (the one the action
server searches the event with, `bot.understanding.encoder`) places a paraphrase near the
training examples that mean the same, in either language. So at training time every intent
example is embedded once and kept with the model; for a message, the `neighbours` closest
examples vote for their intents, each weighed by exp((cosine - best cosine) / `temperature`),
and that vote is blended with DIET's ranking: `weight` × vote + (1 - `weight`) × DIET. The
FallbackClassifier, after this component, then reads the blended confidences.

Measured with the model's own DIET readings, the FallbackClassifier applied: on the held-out
NLU sets (tests/nlu, 806 examples) DIET alone reads 728 right, blended (weight 0.5, 10
neighbours, temperature 0.01) 775; on the understanding dev sets (bench/understanding/dev-*, 274
questions, right when the intent is one that answers the question's kind) 129 and 148. A heavier
vote (0.7) or a softer one (0.02) reads paraphrases about as well but overrules DIET where it was
right ("je veux retirer notre équipe" read as leaving it). A message costs one embedding (about 7 ms
of one core on this project's machine; repeated messages are remembered); training embeds every
example once (3,353 examples: about a minute).

Button payloads ("/ask_challenge{...}") are left to Rasa's RegexMessageHandler.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.understanding.encoder import CachedEncoder, E5Small, Encoder
from rasa_addons import query_vectors

logger = logging.getLogger(__name__)

VECTORS_FILE = "examples.npz"
BATCH = 64


def neighbour_vote(
    similarities: np.ndarray, labels: Sequence[str], *, neighbours: int, temperature: float
) -> dict[str, float]:
    """The intents of the `neighbours` most similar examples, each weighed by how close it is,
    as shares summing to 1."""
    if len(similarities) == 0:
        return {}
    count = min(neighbours, len(similarities))
    closest = np.argpartition(-similarities, count - 1)[:count]
    weights = np.exp((similarities[closest] - similarities[closest].max()) / temperature)
    vote: dict[str, float] = {}
    for row, weight in zip(closest, weights, strict=True):
        vote[labels[int(row)]] = vote.get(labels[int(row)], 0.0) + float(weight)
    total = sum(vote.values())
    return {intent: share / total for intent, share in vote.items()}


def blend(diet: Sequence[dict[str, Any]], vote: dict[str, float], weight: float) -> list[dict[str, Any]]:
    """DIET's ranking and the neighbours' vote as one ranking, best first."""
    mixed: dict[str, float] = {}
    for entry in diet:
        name = entry.get(INTENT_NAME_KEY)
        if name:
            mixed[name] = mixed.get(name, 0.0) + (1 - weight) * float(
                entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0
            )
    for name, share in vote.items():
        mixed[name] = mixed.get(name, 0.0) + weight * share
    ranked = sorted(mixed.items(), key=lambda item: -item[1])
    return [{INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence} for name, confidence in ranked]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SemanticIntents(GraphComponent, IntentClassifier):  # type: ignore[misc]
    """Blends DIET's intent ranking with the intents of the closest training examples."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # One engine thread: Rasa parses one message at a time, and a second thread that must wait
        # for a core the action server or TensorFlow holds costs far more than it saves.
        return {"weight": 0.5, "neighbours": 10, "temperature": 0.01, "ranking_length": 10, "threads": 1}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        *,
        encoder: Encoder | None = None,
        vectors: np.ndarray | None = None,
        labels: Sequence[str] = (),
    ) -> None:
        self.config = config
        self._storage = model_storage
        self._resource = resource
        self._encoder = encoder
        self.vectors = vectors if vectors is not None else np.zeros((0, 0), dtype=np.float32)
        self.labels = list(labels)

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:  # loaded on first use, never at import
            cached = CachedEncoder(E5Small(threads=int(self.config["threads"])))
            query_vectors.share(cached)  # the action server is handed the vectors it makes
            self._encoder = cached
        return self._encoder

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SemanticIntents:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [(ex.get(TEXT), ex.get(INTENT)) for ex in training_data.intent_examples]
        examples = [(text, intent) for text, intent in examples if text and intent]
        texts = [text for text, _ in examples]
        encoder = self.encoder.encoder if isinstance(self.encoder, CachedEncoder) else self.encoder
        batches = [encoder.queries(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]
        self.vectors = np.concatenate(batches) if batches else np.zeros((0, 0), dtype=np.float32)
        self.labels = [intent for _, intent in examples]
        with self._storage.write_to(self._resource) as folder:
            np.savez(folder / VECTORS_FILE, vectors=self.vectors, labels=np.array(self.labels))
        logger.info("Embedded %d intent examples", len(self.labels))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SemanticIntents:
        try:
            with model_storage.read_from(resource) as folder:
                stored = np.load(folder / VECTORS_FILE)
                vectors, labels = stored["vectors"], [str(label) for label in stored["labels"]]
        except (ValueError, FileNotFoundError):
            logger.warning("SemanticIntents has no trained examples; DIET's intents are kept as they are")
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, vectors=vectors, labels=labels)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not self.labels or not text.strip() or text.startswith("/"):
                continue
            query = self.encoder.queries([text])[0]
            vote = neighbour_vote(
                self.vectors @ query,
                self.labels,
                neighbours=int(self.config["neighbours"]),
                temperature=float(self.config["temperature"]),
            )
            diet = message.get(INTENT_RANKING_KEY) or ([message.get(INTENT)] if message.get(INTENT) else [])
            ranking = blend(diet, vote, float(self.config["weight"]))[: int(self.config["ranking_length"])]
            if ranking:
                message.set(INTENT, ranking[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
