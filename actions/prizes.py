"""Actions: Prizes and rewards (never winners)."""

from bot import prizes

from .answering import AnswerAction


class ActionPrizes(AnswerAction):
    action_name = "action_prizes"
    answer = staticmethod(prizes.answer_prizes)
