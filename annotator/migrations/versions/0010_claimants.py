"""Claimants as records: people and organisations with aliases, a description and an optional
Wikidata id; the folded names they are found under; each claim's link to one (nullable).

Existing claims keep their claimant text and start unlinked: no record is made from free text
(the detector's "The article" or a misspelling is not a person). `flask claimants link` links
the claims whose text names a record, once records exist; saving a claim links it too.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 04:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "claimants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("wikidata_id", sa.String(length=20), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_claimants_created_by_id_users")),
        sa.ForeignKeyConstraint(["merged_into_id"], ["claimants.id"],
                                name=op.f("fk_claimants_merged_into_id_claimants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claimants")),
    )
    op.create_index(op.f("ix_claimants_wikidata_id"), "claimants", ["wikidata_id"], unique=False)
    op.create_table(
        "claimant_keys",
        sa.Column("claimant_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(["claimant_id"], ["claimants.id"],
                                name=op.f("fk_claimant_keys_claimant_id_claimants"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("claimant_id", "key", "kind", name=op.f("pk_claimant_keys")),
    )
    op.create_index("ix_claimant_keys_key", "claimant_keys", ["key"], unique=False)
    # Not batch mode: rebuilding claims on SQLite would drop its search and history triggers.
    # (No ON DELETE: SQLite does not reflect it on a column constraint; records are never deleted.)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE claims ADD COLUMN claimant_id INTEGER "
                   "CONSTRAINT fk_claims_claimant_id_claimants REFERENCES claimants (id)")
    else:
        op.add_column("claims", sa.Column("claimant_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_claims_claimant_id_claimants"), "claims", "claimants",
                              ["claimant_id"], ["id"])
    op.create_index(op.f("ix_claims_claimant_id"), "claims", ["claimant_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_claims_claimant_id"), table_name="claims")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_claims_claimant_id_claimants"), "claims", type_="foreignkey")
    # ALTER TABLE DROP COLUMN (SQLite 3.35+), not a batch rebuild that would drop the triggers.
    op.execute("ALTER TABLE claims DROP COLUMN claimant_id")
    op.drop_index("ix_claimant_keys_key", table_name="claimant_keys")
    op.drop_table("claimant_keys")
    op.drop_index(op.f("ix_claimants_wikidata_id"), table_name="claimants")
    op.drop_table("claimants")
