"""Actions: What the event is, when, where, who runs it and how to reach them."""

from bot.answers import overview

from .answering import AnswerAction


class ActionEvent(AnswerAction):
    action_name = "action_event"
    answer = staticmethod(overview.answer_event)


class ActionDates(AnswerAction):
    action_name = "action_dates"
    answer = staticmethod(overview.answer_dates)


class ActionOrganiser(AnswerAction):
    action_name = "action_organiser"
    answer = staticmethod(overview.answer_organiser)


class ActionAudience(AnswerAction):
    action_name = "action_audience"
    answer = staticmethod(overview.answer_audience)


class ActionVenue(AnswerAction):
    action_name = "action_venue"
    answer = staticmethod(overview.answer_venue)


class ActionContact(AnswerAction):
    action_name = "action_contact"
    answer = staticmethod(overview.answer_contact)
