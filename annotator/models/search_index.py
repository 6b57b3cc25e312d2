"""The search index: tables the migrations own and database triggers keep current.

They are not models (nothing in the app writes them) and live outside db.metadata, so that
autogenerate neither maps nor drops them; the search service reads them with these Core
tables. See annotator/migrations/versions/0006_search.py.
"""
from sqlalchemy import Column, Integer, MetaData, String, Table, Text
from sqlalchemy.dialects.postgresql import TSVECTOR

INDEX_TABLE_PREFIX = "search_"
index_metadata = MetaData()

search_documents = Table(
    "search_documents", index_metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16)),
    Column("object_id", Integer),
    Column("article_id", Integer),
    Column("claim_id", Integer),
    Column("title", Text),
    Column("body", Text),
    Column("document", TSVECTOR),  # PostgreSQL only: generated from title and body
)

# SQLite only: the FTS5 external-content table over search_documents (rowid = its id).
search_fts = Table("search_fts", index_metadata, Column("rowid", Integer), Column("title", Text), Column("body", Text))


def include_name(name, type_, parent_names):
    """Tell autogenerate to leave the search index alone (FTS5 adds shadow tables of its own)."""
    return not (type_ == "table" and name.startswith(INDEX_TABLE_PREFIX))
