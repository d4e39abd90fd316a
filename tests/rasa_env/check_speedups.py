"""Run in Rasa's environment: the cached action-result check gives Rasa's own verdicts."""

import jsonschema
from rasa.core.actions.action import RemoteAction

from rasa_addons.speedups import install

action = RemoteAction("action_now", None)
valid = {"events": [{"event": "slot", "name": "language", "value": "fr"}], "responses": [{"text": "x"}]}
invalid = {"events": [{"event": 42}], "responses": "not a list"}


def outcome(result: dict) -> object:
    try:
        return action._validate_action_result(result)
    except jsonschema.ValidationError as error:
        return "rejected: " + error.message


before = (outcome(valid), outcome(invalid))
original = RemoteAction._validate_action_result
install()
assert RemoteAction._validate_action_result is not original, "the cached check is installed"
install()  # idempotent
after = (outcome(valid), outcome(invalid))
assert after == before, (before, after)
assert before[0] is True and before[1].startswith("rejected: ") and "Failed to validate" in before[1]
print("ok")
