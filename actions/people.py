"""Actions: Mentors and jury."""

from bot.answers import people

from .answering import AnswerAction


class ActionMentors(AnswerAction):
    action_name = "action_mentors"
    answer = staticmethod(people.answer_mentors)


class ActionJury(AnswerAction):
    action_name = "action_jury"
    answer = staticmethod(people.answer_jury)
