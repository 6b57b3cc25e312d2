"""Checked before: the embeddings of approved, rated claims; other fact-checkers' reviews.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 04:50:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
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
    op.create_table(
        "reference_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("claim_text", sa.Text(), nullable=False),
        sa.Column("rating", sa.String(length=120), nullable=False),
        sa.Column("publisher", sa.String(length=300), nullable=False),
        sa.Column("claimant", sa.String(length=300), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("model", sa.String(length=40), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["imported_by_id"], ["users.id"], name=op.f("fk_reference_reviews_imported_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_reviews")),
        sa.UniqueConstraint("url", name=op.f("uq_reference_reviews_url")),
    )
    op.create_table(
        "match_dismissals",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("match_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("dismissed_by_id", sa.Integer(), nullable=True),
        sa.Column("dismissed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_match_dismissals_claim_id_claims"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["dismissed_by_id"], ["users.id"], name=op.f("fk_match_dismissals_dismissed_by_id_users")),
        sa.PrimaryKeyConstraint("claim_id", "kind", "match_id", name=op.f("pk_match_dismissals")),
    )


def downgrade():
    op.drop_table("match_dismissals")
    op.drop_table("reference_reviews")
    op.drop_index(op.f("ix_claim_embeddings_updated_at"), table_name="claim_embeddings")
    op.drop_table("claim_embeddings")
