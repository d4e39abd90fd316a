"""What a new conversation session keeps from the one before.

Rasa's own `action_session_start` carries every `SlotSet` event of the ending session into
the new one, repeats included, so a conversation that goes through many sessions carries an
ever longer list. hackbot's `action_session_start` carries each slot once, with its value at
the end of the session: the same state in a bounded number of events.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def carried_slots(values: Mapping[str, Any], initial: Mapping[str, Any]) -> dict[str, Any]:
    """The slots whose value differs from their initial value, in the order of `values`."""
    return {name: value for name, value in values.items() if value != initial.get(name)}
