"""Judging: the pack's `judging:` section (the scale, criteria, teams listed for judging and how
each prize is awarded, replaced on reload like the event's other parts); jurors linked to their
Telegram account (by name, so a pack reload keeps them) and their one-time invitations; each
juror's scorecard of each team, one score per criterion; and whether voting is closed.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-09
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _event_id(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["event_id"], ["events.id"], name=op.f(f"fk_{table}_event_id_events"), ondelete="CASCADE"
    )


def _challenge_id(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["challenge_id"],
        ["challenges.id"],
        name=op.f(f"fk_{table}_challenge_id_challenges"),
        ondelete="SET NULL",
    )


def upgrade() -> None:
    op.create_table(
        "judging_settings",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("scale_min", sa.Integer(), nullable=False),
        sa.Column("scale_max", sa.Integer(), nullable=False),
        sa.Column("normalise", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.CheckConstraint("scale_min >= 0", name=op.f("ck_judging_settings_scale_not_negative")),
        sa.CheckConstraint("scale_max > scale_min", name=op.f("ck_judging_settings_scale_ordered")),
        _event_id("judging_settings"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_judging_settings")),
    )
    op.create_table(
        "judging_criteria",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=True),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("weight > 0", name=op.f("ck_judging_criteria_weight_positive")),
        _event_id("judging_criteria"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judging_criteria")),
        sa.UniqueConstraint("event_id", "key", name=op.f("uq_judging_criteria_event_id")),
    )
    op.create_table(
        "judged_teams",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _challenge_id("judged_teams"),
        _event_id("judged_teams"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judged_teams")),
        sa.UniqueConstraint("event_id", "key", name=op.f("uq_judged_teams_event_id")),
    )
    op.create_table(
        "judging_prizes",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("prize_id", sa.Integer(), nullable=False),
        sa.Column("awarded_by", sa.String(length=16), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("awarded_by IN ('jury', 'public')", name=op.f("ck_judging_prizes_awarded_by")),
        _challenge_id("judging_prizes"),
        _event_id("judging_prizes"),
        sa.ForeignKeyConstraint(
            ["prize_id"], ["prizes.id"], name=op.f("fk_judging_prizes_prize_id_prizes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judging_prizes")),
        sa.UniqueConstraint("event_id", "key", name=op.f("uq_judging_prizes_event_id")),
    )
    op.create_index(op.f("ix_judging_prizes_prize_id"), "judging_prizes", ["prize_id"])
    op.create_table(
        "juror_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.Column("linked_by", sa.String(length=200), nullable=False),
        _event_id("juror_links"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_juror_links")),
        sa.UniqueConstraint("event_id", "name_key", name="uq_juror_links_event_name"),
        sa.UniqueConstraint("event_id", "telegram_user_id", name="uq_juror_links_event_user"),
    )
    op.create_index(op.f("ix_juror_links_event_id"), "juror_links", ["event_id"])
    op.create_table(
        "scorecards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("juror_key", sa.String(length=200), nullable=False),
        sa.Column("juror_name", sa.String(length=200), nullable=False),
        sa.Column("team_key", sa.String(length=100), nullable=False),
        sa.Column("team_name", sa.String(length=200), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "comment IS NULL OR length(comment) <= 2000", name=op.f("ck_scorecards_comment_length")
        ),
        _event_id("scorecards"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scorecards")),
        sa.UniqueConstraint("event_id", "juror_key", "team_key", name="uq_scorecards_event_juror_team"),
    )
    op.create_index(op.f("ix_scorecards_event_id"), "scorecards", ["event_id"])
    op.create_table(
        "scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scorecard_id", sa.Integer(), nullable=False),
        sa.Column("criterion_key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.CheckConstraint("value >= 0", name=op.f("ck_scores_value_not_negative")),
        sa.ForeignKeyConstraint(
            ["scorecard_id"],
            ["scorecards.id"],
            name=op.f("fk_scores_scorecard_id_scorecards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scores")),
        sa.UniqueConstraint("scorecard_id", "criterion_key", name="uq_scores_card_criterion"),
    )
    op.create_table(
        "voting_states",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "(closed_at IS NULL AND closed_by IS NULL) OR (closed_at IS NOT NULL AND closed_by IS NOT NULL)",
            name=op.f("ck_voting_states_closed_by_someone"),
        ),
        _event_id("voting_states"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_voting_states")),
    )
    with op.batch_alter_table("organiser_invites") as batch:
        batch.add_column(sa.Column("juror_name", sa.String(length=200), nullable=True))
        batch.create_check_constraint(
            op.f("ck_organiser_invites_one_role"), "mentor_name IS NULL OR juror_name IS NULL"
        )


def downgrade() -> None:
    op.execute("DELETE FROM organiser_invites WHERE juror_name IS NOT NULL")
    with op.batch_alter_table("organiser_invites") as batch:
        batch.drop_constraint(op.f("ck_organiser_invites_one_role"), type_="check")
        batch.drop_column("juror_name")
    op.drop_table("voting_states")
    op.drop_table("scores")
    op.drop_index(op.f("ix_scorecards_event_id"), table_name="scorecards")
    op.drop_table("scorecards")
    op.drop_index(op.f("ix_juror_links_event_id"), table_name="juror_links")
    op.drop_table("juror_links")
    op.drop_index(op.f("ix_judging_prizes_prize_id"), table_name="judging_prizes")
    op.drop_table("judging_prizes")
    op.drop_table("judged_teams")
    op.drop_table("judging_criteria")
    op.drop_table("judging_settings")
