"""Run in Rasa's environment: a call to the action server carries the vector SemanticIntents made of
the latest message, exactly as made, in the request only: the tracker's own events, which the
tracker store keeps, stay without it; a message it did not embed (a button's payload) carries none."""

from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.understanding.encoder import HANDED_VECTOR_KEY, taken_vector
from rasa_addons import query_vectors
from rasa_addons.semantic_intents import SemanticIntents

query_vectors.install()
query_vectors.install()  # once per process, however often the model is loaded
reader = SemanticIntents({**SemanticIntents.get_default_config()}, None, None)  # type: ignore[arg-type]
encoder = reader.encoder
question = "on mange où à midi ?"
made = encoder.queries([question])[0]

tracker = DialogueStateTracker.from_events(
    "someone",
    [
        ActionExecuted("action_listen"),
        UserUttered(question, {"name": "ask_schedule", "confidence": 0.9}),
    ],
)
body = RemoteAction("action_schedule", None)._action_call_format(tracker, Domain.empty())
handed = body["tracker"]["latest_message"][HANDED_VECTOR_KEY]
taken = taken_vector(encoder.name, handed)
assert taken is not None and (taken == made).all(), "the vector arrives exactly as made"
assert taken_vector("another model", handed) is None
assert HANDED_VECTOR_KEY not in tracker.latest_message.parse_data, "the tracker's event is left as it was"
assert all(HANDED_VECTOR_KEY not in str(event) for event in body["tracker"]["events"])

tracker.update(UserUttered("/ask_faq", {"name": "ask_faq", "confidence": 1.0}))
body = RemoteAction("action_faq", None)._action_call_format(tracker, Domain.empty())
assert HANDED_VECTOR_KEY not in body["tracker"]["latest_message"], "nothing for a message not embedded"
print("ok", len(handed["float32"]))
