"""Actions: Team size and registration dates."""

from bot.answers import team_rules

from .answering import AnswerAction


class ActionTeams(AnswerAction):
    action_name = "action_teams"
    answer = staticmethod(team_rules.answer_team_rules)
