"""Actions: The programme: a day, one session, now and next."""

from bot.answers import schedule

from .answering import AnswerAction
from .methods import LeavesWhatToDoToTheCoach


class ActionSchedule(AnswerAction):
    action_name = "action_schedule"
    answer = staticmethod(schedule.answer_schedule)


class ActionSession(AnswerAction):
    action_name = "action_session"
    answer = staticmethod(schedule.answer_session)


class ActionNow(LeavesWhatToDoToTheCoach):
    action_name = "action_now"
    answer = staticmethod(schedule.answer_now)


class ActionNext(AnswerAction):
    action_name = "action_next"
    answer = staticmethod(schedule.answer_next)
