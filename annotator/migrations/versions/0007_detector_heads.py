"""Detector heads: the heads a newsroom trained on its own accepted and dismissed suggestions.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 21:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "detector_heads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("encoder_sha256", sa.String(length=64), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("bias", sa.Double(), nullable=False),
        sa.Column("trained_on", sa.Integer(), nullable=False),
        sa.Column("held_out", sa.Integer(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.Column("adopted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_detector_heads_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_detector_heads")),
    )


def downgrade():
    op.drop_table("detector_heads")
