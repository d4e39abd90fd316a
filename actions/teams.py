"""Actions: Team size and registration dates."""

from bot import teams

from .answering import AnswerAction


class ActionTeams(AnswerAction):
    action_name = "action_teams"
    answer = staticmethod(teams.answer_team_rules)
