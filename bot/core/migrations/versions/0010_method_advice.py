"""The methods the coach gave teams, for the organisers' debrief (nothing says who asked).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "method_advice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("method_id", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('recommended', 'card')", name=op.f("ck_method_advice_kind")),
        sa.CheckConstraint("language IN ('fr', 'en')", name=op.f("ck_method_advice_language")),
        sa.CheckConstraint("minutes IS NULL OR minutes > 0", name=op.f("ck_method_advice_minutes_positive")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_method_advice_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_method_advice")),
    )
    op.create_index("ix_method_advice_event_method", "method_advice", ["event_id", "method_id"])


def downgrade() -> None:
    op.drop_index("ix_method_advice_event_method", table_name="method_advice")
    op.drop_table("method_advice")
