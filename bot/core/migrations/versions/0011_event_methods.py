"""An event's own methods for the coach: the shipped methods its pack hides, and the methods its pack
adds, in the catalogue's format (the pack's `methods:` section).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hidden_methods",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_hidden_methods_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hidden_methods")),
        sa.UniqueConstraint("event_id", "key", name=op.f("uq_hidden_methods_event_id")),
    )
    op.create_table(
        "event_methods",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("purpose", sa.JSON(), nullable=False),
        sa.Column("stages", sa.JSON(), nullable=False),
        sa.Column("minutes_minimum", sa.Integer(), nullable=False),
        sa.Column("minutes_typical", sa.Integer(), nullable=False),
        sa.Column("people_minimum", sa.Integer(), nullable=False),
        sa.Column("people_users", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("materials", sa.JSON(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("pitfalls", sa.JSON(), nullable=False),
        sa.Column("example", sa.JSON(), nullable=False),
        sa.Column("for_a_challenge", sa.JSON(), nullable=True),
        sa.Column("keywords_fr", sa.JSON(), nullable=False),
        sa.Column("keywords_en", sa.JSON(), nullable=False),
        sa.Column("source_title", sa.Text(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("minutes_minimum >= 1", name=op.f("ck_event_methods_minutes_positive")),
        sa.CheckConstraint(
            "minutes_typical >= minutes_minimum", name=op.f("ck_event_methods_minutes_ordered")
        ),
        sa.CheckConstraint("people_minimum >= 1", name=op.f("ck_event_methods_people_positive")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_methods_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_methods")),
        sa.UniqueConstraint("event_id", "key", name=op.f("uq_event_methods_event_id")),
    )


def downgrade() -> None:
    op.drop_table("event_methods")
    op.drop_table("hidden_methods")
