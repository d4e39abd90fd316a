"""Questions the assistant could not answer, and the organisers' inbox of those passed on; the
broadcasts gain the kind "message" (to one person or a few) and the question a message is about;
an outbox message may carry buttons.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.String(length=100), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("asked_at", sa.DateTime(), nullable=False),
        sa.Column("passed_on_at", sa.DateTime(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=200), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('unanswered', 'open', 'answered', 'dismissed')", name=op.f("ck_questions_status")
        ),
        sa.CheckConstraint("channel IN ('telegram', 'web', 'rest')", name=op.f("ck_questions_channel")),
        sa.CheckConstraint("language IN ('fr', 'en')", name=op.f("ck_questions_language")),
        sa.CheckConstraint(
            "status <> 'answered' OR answer IS NOT NULL", name=op.f("ck_questions_answered_has_answer")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_questions_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
    )
    op.create_index("ix_questions_event_status", "questions", ["event_id", "status"])
    op.create_index("ix_questions_asker", "questions", ["channel", "user_id"])
    with op.batch_alter_table("broadcasts") as batch:
        batch.drop_constraint(op.f("ck_broadcasts_kind"), type_="check")
        batch.create_check_constraint(
            op.f("ck_broadcasts_kind"), "kind IN ('announcement', 'reminder', 'message')"
        )
        batch.add_column(sa.Column("question_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_broadcasts_question_id_questions"),
            "questions",
            ["question_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index(op.f("ix_broadcasts_question_id"), ["question_id"])

    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("buttons", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("buttons")
    op.execute("DELETE FROM broadcasts WHERE kind = 'message'")
    with op.batch_alter_table("broadcasts") as batch:
        batch.drop_index(op.f("ix_broadcasts_question_id"))
        batch.drop_constraint(op.f("fk_broadcasts_question_id_questions"), type_="foreignkey")
        batch.drop_column("question_id")
        batch.drop_constraint(op.f("ck_broadcasts_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_broadcasts_kind"), "kind IN ('announcement', 'reminder')")
    op.drop_index("ix_questions_asker", table_name="questions")
    op.drop_index("ix_questions_event_status", table_name="questions")
    op.drop_table("questions")
