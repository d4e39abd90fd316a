"""The component that installs hackbot's additions to the Rasa server when it loads a model.

Rasa loads the modules of the components its configuration lists, and builds each component
when it loads a model, so listing `ServerAddons` in `config.yml` is how the additions reach
every Rasa process that serves hackbot's model (`rasa run`, `rasa test`, `rasa shell`),
whatever starts it. It leaves messages as they are.

- the action server's answers checked by validators built once, each event against its own
  type's schema, and event classes found by name once (speedups.py);
- sessions that end after `session_max_turns` user messages (the form in progress carried
  over), as well as after `session_expiration_time` of silence (sessions.py);
- the vector of the message just read handed to the action server, which then does not embed it
  again (query_vectors.py).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_addons import query_vectors, sessions, speedups


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class ServerAddons(GraphComponent):
    """Installs hackbot's additions to the Rasa server; leaves messages as they are."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"session_max_turns": 10}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ServerAddons:
        speedups.install()
        query_vectors.install()
        sessions.install(int(config["session_max_turns"]))
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
