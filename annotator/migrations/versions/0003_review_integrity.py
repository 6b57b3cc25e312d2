"""Review integrity: sign-offs record the verdict terms they covered; imported history and
sign-offs keep the names they carry instead of pointing at local accounts.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 21:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    # events: plain ADD COLUMN on both databases; batch mode would rebuild the table on SQLite
    # and drop its append-only triggers with it.
    op.add_column("events", sa.Column("imported", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("events", sa.Column("actor_name", sa.JSON(), nullable=True))
    with op.batch_alter_table("sign_offs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("terms", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("imported", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("reviewer_name", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("reopened_by_name", sa.JSON(), nullable=True))
        batch_op.alter_column("reviewer_id", existing_type=sa.Integer(), nullable=True)


def downgrade():
    with op.batch_alter_table("sign_offs", schema=None) as batch_op:
        batch_op.alter_column("reviewer_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("reopened_by_name")
        batch_op.drop_column("reviewer_name")
        batch_op.drop_column("imported")
        batch_op.drop_column("terms")
    # SQLite drops a column in place (3.35+) as long as nothing refers to it; the triggers do not.
    op.drop_column("events", "actor_name")
    op.drop_column("events", "imported")
