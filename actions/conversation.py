"""Actions: Greetings, help, language and what the bot cannot answer."""

from bot.answers import conversation
from bot.answers.replies import Reply
from bot.teams.form_turns import FormTurn

from .answering import AnswerAction, FormStepAction


def change_language(turn: FormTurn) -> Reply:
    return conversation.change_language(turn.session, turn.ask, turn.user.channel, turn.user.user_id)


class ActionGreet(AnswerAction):
    action_name = "action_greet"
    answer = staticmethod(conversation.answer_greet)


class ActionGoodbye(AnswerAction):
    action_name = "action_goodbye"
    answer = staticmethod(conversation.answer_goodbye)


class ActionThanks(AnswerAction):
    action_name = "action_thanks"
    answer = staticmethod(conversation.answer_thanks)


class ActionHelp(AnswerAction):
    action_name = "action_help"
    answer = staticmethod(conversation.answer_help)


class ActionChangeLanguage(FormStepAction):
    action_name = "action_change_language"
    step = staticmethod(change_language)


class ActionOutOfScope(AnswerAction):
    action_name = "action_out_of_scope"
    answer = staticmethod(conversation.answer_out_of_scope)


class ActionFallback(AnswerAction):
    action_name = "action_fallback"
    answer = staticmethod(conversation.answer_fallback)
