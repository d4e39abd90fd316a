"""Actions: Results and follow-up, embargoed until published."""

from bot import results

from .answering import AnswerAction


class ActionResults(AnswerAction):
    action_name = "action_results"
    answer = staticmethod(results.answer_results)


class ActionFollowUp(AnswerAction):
    action_name = "action_follow_up"
    answer = staticmethod(results.answer_follow_up)
