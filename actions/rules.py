"""Actions: Rules of the event and practical questions."""

from bot.answers import rules

from .answering import AnswerAction


class ActionRules(AnswerAction):
    action_name = "action_rules"
    answer = staticmethod(rules.answer_rules)


class ActionFaq(AnswerAction):
    action_name = "action_faq"
    answer = staticmethod(rules.answer_faq)
