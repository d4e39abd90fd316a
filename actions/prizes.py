"""Actions: Prizes and rewards (never winners), of the edition the question names."""

from bot.answers import prizes
from bot.answers.replies import Ask, Reply

from .answering import AnswerAction
from .editions import in_named_edition


def answer_prizes(ask: Ask) -> Reply:
    return in_named_edition(ask, prizes.answer_prizes)


class ActionPrizes(AnswerAction):
    action_name = "action_prizes"
    answer = staticmethod(answer_prizes)
