"""Mentors on call: mentors linked to their Telegram account (by name, so a pack reload keeps
them), a team's requests for a mentor and the mentors each was sent to; a mentor's one-time
invitation; the messages about a request, deleted with it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mentor_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.Column("linked_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_mentor_links_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_links")),
        sa.UniqueConstraint("event_id", "name_key", name="uq_mentor_links_event_name"),
        sa.UniqueConstraint("event_id", "telegram_user_id", name="uq_mentor_links_event_user"),
    )
    op.create_index(op.f("ix_mentor_links_event_id"), "mentor_links", ["event_id"])
    op.create_table(
        "mentor_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("team_name", sa.String(length=200), nullable=True),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("claimed_by", sa.BigInteger(), nullable=True),
        sa.Column("claimed_mentor", sa.String(length=200), nullable=True),
        sa.Column("escalated_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'claimed')", name=op.f("ck_mentor_requests_status")),
        sa.CheckConstraint("language IN ('fr', 'en')", name=op.f("ck_mentor_requests_language")),
        sa.CheckConstraint(
            "status <> 'claimed' OR (claimed_at IS NOT NULL AND claimed_by IS NOT NULL)",
            name=op.f("ck_mentor_requests_claimed_by_someone"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_mentor_requests_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_mentor_requests_team_id_teams"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_requests")),
    )
    op.create_index("ix_mentor_requests_event_status", "mentor_requests", ["event_id", "status"])
    op.create_index("ix_mentor_requests_asker", "mentor_requests", ["channel", "user_id"])
    op.create_table(
        "mentor_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("mentor_name", sa.String(length=200), nullable=False),
        sa.Column("declined_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["mentor_requests.id"],
            name=op.f("fk_mentor_calls_request_id_mentor_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_calls")),
        sa.UniqueConstraint("request_id", "telegram_user_id", name="uq_mentor_calls_request_user"),
    )
    op.create_index(op.f("ix_mentor_calls_request_id"), "mentor_calls", ["request_id"])
    with op.batch_alter_table("organiser_invites") as batch:
        batch.add_column(sa.Column("mentor_name", sa.String(length=200), nullable=True))
    with op.batch_alter_table("broadcasts") as batch:
        batch.add_column(sa.Column("mentor_request_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_broadcasts_mentor_request_id_mentor_requests"),
            "mentor_requests",
            ["mentor_request_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index(op.f("ix_broadcasts_mentor_request_id"), ["mentor_request_id"])


def downgrade() -> None:
    op.execute("DELETE FROM broadcasts WHERE mentor_request_id IS NOT NULL")
    with op.batch_alter_table("broadcasts") as batch:
        batch.drop_index(op.f("ix_broadcasts_mentor_request_id"))
        batch.drop_constraint(op.f("fk_broadcasts_mentor_request_id_mentor_requests"), type_="foreignkey")
        batch.drop_column("mentor_request_id")
    op.execute("DELETE FROM organiser_invites WHERE mentor_name IS NOT NULL")
    with op.batch_alter_table("organiser_invites") as batch:
        batch.drop_column("mentor_name")
    op.drop_index(op.f("ix_mentor_calls_request_id"), table_name="mentor_calls")
    op.drop_table("mentor_calls")
    op.drop_index("ix_mentor_requests_asker", table_name="mentor_requests")
    op.drop_index("ix_mentor_requests_event_status", table_name="mentor_requests")
    op.drop_table("mentor_requests")
    op.drop_index(op.f("ix_mentor_links_event_id"), table_name="mentor_links")
    op.drop_table("mentor_links")
