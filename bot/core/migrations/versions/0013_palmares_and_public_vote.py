"""The palmarès from judging and the audience's vote: awards say where they come from (the pack,
or an organiser adopting the jury's draft palmarès and the public votes, which a reload of a pack
listing no awards keeps); public votes, one per prize awarded by the public, and their ballots,
one per voter (a database constraint).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-10
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("awards") as batch:
        batch.add_column(
            sa.Column("origin", sa.String(length=8), server_default=sa.text("'pack'"), nullable=False)
        )
        batch.create_check_constraint(op.f("ck_awards_origin_known"), "origin IN ('pack', 'judging')")
    op.create_table(
        "public_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("prize_key", sa.String(length=100), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("opened_by", sa.String(length=200), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "(closed_at IS NULL AND closed_by IS NULL) OR (closed_at IS NOT NULL AND closed_by IS NOT NULL)",
            name=op.f("ck_public_votes_closed_by_someone"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_public_votes_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_votes")),
        sa.UniqueConstraint("event_id", "prize_key", name="uq_public_votes_event_prize"),
    )
    op.create_index(op.f("ix_public_votes_event_id"), "public_votes", ["event_id"])
    op.create_table(
        "public_ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("voter_key", sa.String(length=100), nullable=False),
        sa.Column("address_key", sa.String(length=64), nullable=True),
        sa.Column("team_key", sa.String(length=100), nullable=False),
        sa.Column("team_name", sa.String(length=200), nullable=False),
        sa.Column("cast_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["public_votes.id"],
            name=op.f("fk_public_ballots_vote_id_public_votes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_ballots")),
        sa.UniqueConstraint("vote_id", "voter_key", name="uq_public_ballots_vote_voter"),
    )
    op.create_index(op.f("ix_public_ballots_vote_id"), "public_ballots", ["vote_id"])
    op.create_index(op.f("ix_public_ballots_address_key"), "public_ballots", ["address_key"])


def downgrade() -> None:
    op.drop_index(op.f("ix_public_ballots_address_key"), table_name="public_ballots")
    op.drop_index(op.f("ix_public_ballots_vote_id"), table_name="public_ballots")
    op.drop_table("public_ballots")
    op.drop_index(op.f("ix_public_votes_event_id"), table_name="public_votes")
    op.drop_table("public_votes")
    op.execute("DELETE FROM awards WHERE origin <> 'pack'")
    with op.batch_alter_table("awards") as batch:
        batch.drop_constraint(op.f("ck_awards_origin_known"), type_="check")
        batch.drop_column("origin")
