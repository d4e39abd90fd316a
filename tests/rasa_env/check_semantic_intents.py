"""Run in Rasa's environment: `SemanticIntents`, trained on a few examples with the real encoder and
stored in a real model storage, loads back and turns DIET's confident wrong intent into the one
whose examples mean what the message says, in the other language too; a button's payload and a
message DIET read right are left alone."""

import tempfile
from pathlib import Path

import numpy as np
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_addons.semantic_intents import SemanticIntents, blend, neighbour_vote

# The vote: closer examples weigh more; shares sum to 1.
similarities = np.array([0.90, 0.89, 0.80, 0.70])
vote = neighbour_vote(similarities, ["a", "b", "a", "c"], neighbours=3, temperature=0.02)
assert abs(sum(vote.values()) - 1) < 1e-9 and set(vote) == {"a", "b"}, vote
assert vote["a"] > vote["b"], vote
assert neighbour_vote(np.array([]), [], neighbours=3, temperature=0.02) == {}

# The blend: weight 0.7 on the vote.
ranking = blend([{"name": "x", "confidence": 1.0}], {"y": 1.0}, 0.7)
assert [r["name"] for r in ranking] == ["y", "x"] and abs(ranking[0]["confidence"] - 0.7) < 1e-9, ranking

EXAMPLES = {
    "ask_faq": ["what is the wifi password?", "is there wifi?", "where can I park?", "le code du wifi ?"],
    "ask_mentors": ["who can help us with design?", "un mentor en droit ?", "is there an expert on data?"],
    "greet": ["hello", "bonjour", "hi there"],
}
data = TrainingData(
    [Message({TEXT: text, INTENT: intent}) for intent, texts in EXAMPLES.items() for text in texts]
)


def diet_says(message: Message, intent: str, confidence: float) -> Message:
    reading = {"name": intent, "confidence": confidence}
    message.set(INTENT, reading, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [reading], add_to_output=True)
    return message


with tempfile.TemporaryDirectory() as folder:
    storage = LocalModelStorage(Path(folder))
    resource = Resource("semantic_intents")
    config = SemanticIntents.get_default_config()
    SemanticIntents.create(config, storage, resource, None).train(data)  # type: ignore[arg-type]
    component = SemanticIntents.load(config, storage, resource, None)  # type: ignore[arg-type]
    assert len(component.labels) == 10 and component.vectors.shape == (10, 384), component.vectors.shape

    paraphrase = diet_says(Message({TEXT: "le mot de passe du réseau sans fil svp"}), "ask_mentors", 0.9)
    payload = diet_says(Message({TEXT: "/ask_mentors"}), "ask_mentors", 1.0)
    plain = diet_says(Message({TEXT: "hello!"}), "greet", 0.99)
    component.process([paraphrase, payload, plain])

    assert paraphrase.get(INTENT)["name"] == "ask_faq", paraphrase.get(INTENT_RANKING_KEY)
    assert paraphrase.get(INTENT_RANKING_KEY)[1]["name"] == "ask_mentors"
    assert "intent" in paraphrase.as_dict(only_output_properties=True), "the blend reaches the parse data"
    assert payload.get(INTENT) == {"name": "ask_mentors", "confidence": 1.0}, "payloads are Rasa's"
    assert plain.get(INTENT)["name"] == "greet" and plain.get(INTENT)["confidence"] > 0.9

    # A model trained without examples (or whose resource is gone) keeps DIET's reading.
    empty = SemanticIntents.load(config, storage, Resource("absent"), None)  # type: ignore[arg-type]
    kept = diet_says(Message({TEXT: "le mot de passe du réseau sans fil"}), "ask_mentors", 0.9)
    empty.process([kept])
    assert kept.get(INTENT)["name"] == "ask_mentors"
print("ok")
