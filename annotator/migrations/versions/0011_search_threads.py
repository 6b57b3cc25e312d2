"""Search threads: discussion comments become one more kind of the search index, kept current
by triggers like the kinds of 0006 (insert, edit of the text, delete, and the cascade of a
deleted thread, claim or article), with the comments written before it indexed here.

A comment is indexed with the article and the claim of its thread (claim null for the
article's own discussion), so results link to the claim and claim filters apply to it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 04:20:00

"""
import importlib.util
from pathlib import Path

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _search_migration():
    """Migration 0006, whose trigger and backfill builders every kind of the index shares."""
    path = Path(__file__).with_name("0006_search.py")
    spec = importlib.util.spec_from_file_location("search_migration_0006", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_THREAD = "(SELECT threads.{column} FROM threads WHERE threads.id = {{row}}.thread_id)"
COMMENT = {
    "kind": "comment", "table": "comments", "columns": ("body",),
    "article_id": _THREAD.format(column="article_id"), "claim_id": _THREAD.format(column="claim_id"),
    "title": "''", "body": "{row}.body", "when": "1 = 1",
}


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    search = _search_migration()
    search.create_kind_triggers(COMMENT, sqlite)
    search.backfill_kind(COMMENT, sqlite)
    if sqlite:
        op.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    _search_migration().drop_kind_triggers(COMMENT, sqlite)
    op.execute("DELETE FROM search_documents WHERE kind = 'comment'")
