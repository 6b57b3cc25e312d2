"""Live: who has an article open (presence), shared by every app process through the database;
each article's due date and priority rank on its own row, indexed, for the article list's sorts.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 00:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "presence",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_presence_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "article_id", name=op.f("pk_presence")),
    )
    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.create_index("ix_presence_article_id_seen_at", ["article_id", "seen_at"], unique=False)
    # add_column and create_index, not batch mode: SQLite adds a column in place, so no table is
    # rebuilt and no search or append-only trigger is dropped.
    op.add_column("articles", sa.Column("due_on", sa.Date(), nullable=True))
    op.add_column("articles", sa.Column("priority_rank", sa.Integer(), server_default=sa.text("-1"), nullable=False))
    op.create_index(op.f("ix_articles_due_on"), "articles", ["due_on"], unique=False)
    op.create_index(op.f("ix_articles_priority_rank"), "articles", ["priority_rank"], unique=False)
    op.execute(BACKFILL)


# The earliest due date and the highest priority (low 0 ... urgent 3, unknown as normal) of each
# assigned article, as services/assignments.write_plan writes them from now on.
BACKFILL = """
UPDATE articles SET
  due_on = (SELECT min(a.due_on) FROM assignments a WHERE a.article_id = articles.id),
  priority_rank = (SELECT max(CASE a.priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2
                                              WHEN 'urgent' THEN 3 ELSE 1 END)
                   FROM assignments a WHERE a.article_id = articles.id)
WHERE id IN (SELECT article_id FROM assignments)
"""


def downgrade():
    op.drop_index(op.f("ix_articles_priority_rank"), table_name="articles")
    op.drop_index(op.f("ix_articles_due_on"), table_name="articles")
    # ALTER TABLE DROP COLUMN (SQLite 3.35+), not a batch rebuild that would drop the triggers.
    op.execute("ALTER TABLE articles DROP COLUMN priority_rank")
    op.execute("ALTER TABLE articles DROP COLUMN due_on")
    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.drop_index("ix_presence_article_id_seen_at")
    op.drop_table("presence")
