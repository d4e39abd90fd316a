"""Cheaper action calls for Rasa Open Source 3.6, without changing what it accepts.

Rasa checks every answer of the action server against a JSON schema with
`jsonschema.validate`, which first validates the schema itself against the JSON Schema
meta-schema and builds a new validator, on every call: measured with py-spy on hackbot's
stack, about a third of the Rasa server's CPU time per turn. `ActionResultValidator`
(a no-op NLU component listed in `config.yml`, so that Rasa loads this module) replaces that
check by one with a validator built once for the same schema: a valid answer is accepted
at once, an invalid one goes through Rasa's own check, which raises exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

_ORIGINAL = "_hackbot_original_validate_action_result"


def install() -> None:
    """Replace `RemoteAction._validate_action_result` by its cached equivalent (idempotent)."""
    if hasattr(RemoteAction, _ORIGINAL):
        return
    original: Callable[[RemoteAction, dict[str, Any]], bool] = RemoteAction._validate_action_result
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        if validator.is_valid(result):
            return True
        return original(self, result)  # raises Rasa's own ValidationError, message and all

    setattr(RemoteAction, _ORIGINAL, original)
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class ActionResultValidator(GraphComponent):
    """Installs the cached action-result check when Rasa builds its graph; leaves messages as they are."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ActionResultValidator:
        install()
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
