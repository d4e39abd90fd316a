"""Actions: Results and follow-up, embargoed until published (of the edition the question names)."""

from bot.answers import results
from bot.answers.replies import Ask, Reply

from .answering import AnswerAction
from .editions import in_named_edition


def answer_results(ask: Ask) -> Reply:
    return in_named_edition(ask, results.answer_results)


def answer_follow_up(ask: Ask) -> Reply:
    return in_named_edition(ask, results.answer_follow_up)


class ActionResults(AnswerAction):
    action_name = "action_results"
    answer = staticmethod(answer_results)


class ActionFollowUp(AnswerAction):
    action_name = "action_follow_up"
    answer = staticmethod(answer_follow_up)
