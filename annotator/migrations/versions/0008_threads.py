"""Discussion threads and comments, notifications (also the e-mail outbox), mail preferences.

New tables only: no table with search or append-only triggers is rebuilt.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 00:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def fk(column, table, ondelete=None, source=""):
    return sa.ForeignKeyConstraint([column], [f"{table}.id"], name=f"fk_{source}_{column}_{table}", ondelete=ondelete)


def upgrade():
    op.create_table(
        "threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=40), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        fk("article_id", "articles", "CASCADE", "threads"),
        fk("claim_id", "claims", "CASCADE", "threads"),
        fk("resolved_by_id", "users", None, "threads"),
        sa.PrimaryKeyConstraint("id", name="pk_threads"),
        sa.UniqueConstraint("subject", name="uq_threads_subject"),
    )
    op.create_index("ix_threads_article_id", "threads", ["article_id"])
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.JSON(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("mentions", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("edited_at", sa.DateTime(), nullable=True),
        fk("thread_id", "threads", "CASCADE", "comments"),
        fk("author_id", "users", None, "comments"),
        sa.PrimaryKeyConstraint("id", name="pk_comments"),
    )
    op.create_index("ix_comments_thread_id_id", "comments", ["thread_id", "id"])
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.Column("mail_state", sa.String(length=8), nullable=False),
        sa.Column("mail_taken_at", sa.DateTime(), nullable=True),
        fk("user_id", "users", "CASCADE", "notifications"),
        fk("article_id", "articles", "CASCADE", "notifications"),
        fk("claim_id", "claims", "SET NULL", "notifications"),
        fk("comment_id", "comments", "SET NULL", "notifications"),
        fk("actor_id", "users", None, "notifications"),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
    )
    op.create_index("ix_notifications_user_id_read_at", "notifications", ["user_id", "read_at"])
    op.create_index("ix_notifications_mail_state", "notifications", ["mail_state"])
    op.create_table(
        "mail_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("frequency", sa.String(length=12), nullable=False),
        fk("user_id", "users", "CASCADE", "mail_preferences"),
        sa.PrimaryKeyConstraint("user_id", name="pk_mail_preferences"),
    )


def downgrade():
    op.drop_table("mail_preferences")
    op.drop_index("ix_notifications_mail_state", table_name="notifications")
    op.drop_index("ix_notifications_user_id_read_at", table_name="notifications")
    op.drop_table("notifications")
    op.drop_index("ix_comments_thread_id_id", table_name="comments")
    op.drop_table("comments")
    op.drop_index("ix_threads_article_id", table_name="threads")
    op.drop_table("threads")
