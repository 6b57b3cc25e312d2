"""Review and sign-off: no schema change is needed (states, sign_offs, events and settings exist
since 0001); this revision keeps the chain linear so later revisions have a parent.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 15:35:00

"""

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
