"""Actions: The challenges teams can pick."""

from bot.answers import challenges

from .answering import AnswerAction


class ActionChallenges(AnswerAction):
    action_name = "action_challenges"
    answer = staticmethod(challenges.answer_challenges)


class ActionChallenge(AnswerAction):
    action_name = "action_challenge"
    answer = staticmethod(challenges.answer_challenge)
