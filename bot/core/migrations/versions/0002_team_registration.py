"""Team registration: participants, teams and their members.

Written from bot.core.models. `uq_teams_active_name` is a partial unique index (one
active team per folded name and event) on both SQLite and PostgreSQL.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("channel_user_id", sa.String(length=200), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participants")),
        sa.UniqueConstraint("channel", "channel_user_id", name=op.f("uq_participants_channel_user")),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("name_key", sa.String(length=240), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=True),
        sa.Column("captain_id", sa.Integer(), nullable=False),
        sa.Column("contact_email", sa.String(length=320), nullable=False),
        sa.Column("join_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("length(name) >= 2 AND length(name) <= 60", name=op.f("ck_teams_name_length")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_teams_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_teams_challenge_id_challenges"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["captain_id"], ["participants.id"], name=op.f("fk_teams_captain_id_participants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("join_code", name=op.f("uq_teams_join_code")),
    )
    op.create_index(op.f("ix_teams_event_id"), "teams", ["event_id"])
    op.create_index(op.f("ix_teams_challenge_id"), "teams", ["challenge_id"])
    op.create_index(op.f("ix_teams_captain_id"), "teams", ["captain_id"])
    op.create_index(
        "uq_teams_active_name",
        "teams",
        ["event_id", "name_key"],
        unique=True,
        sqlite_where=sa.text("withdrawn_at IS NULL"),
        postgresql_where=sa.text("withdrawn_at IS NULL"),
    )
    op.create_table(
        "team_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("is_captain", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_team_members_team_id_teams"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_team_members_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_team_members_participant_id_participants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_members")),
        sa.UniqueConstraint("event_id", "participant_id", name=op.f("uq_team_members_event_participant")),
    )
    op.create_index(op.f("ix_team_members_team_id"), "team_members", ["team_id"])
    op.create_index(op.f("ix_team_members_participant_id"), "team_members", ["participant_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_team_members_participant_id"), table_name="team_members")
    op.drop_index(op.f("ix_team_members_team_id"), table_name="team_members")
    op.drop_table("team_members")
    op.drop_index("uq_teams_active_name", table_name="teams")
    op.drop_index(op.f("ix_teams_captain_id"), table_name="teams")
    op.drop_index(op.f("ix_teams_challenge_id"), table_name="teams")
    op.drop_index(op.f("ix_teams_event_id"), table_name="teams")
    op.drop_table("teams")
    op.drop_table("participants")
