"""Checked before: the embeddings of approved, rated claims.

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-02 04:50:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "claim_embeddings",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=40), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_claim_embeddings_claim_id_claims"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_claim_embeddings")),
    )
    op.create_index(op.f("ix_claim_embeddings_updated_at"), "claim_embeddings", ["updated_at"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_claim_embeddings_updated_at"), table_name="claim_embeddings")
    op.drop_table("claim_embeddings")
