"""Search: one index table of documents (articles, claims, notes, sources) kept current by
triggers in the writing transaction, with SQLite FTS5 or a PostgreSQL tsvector + GIN on top.

Every kind is one entry of KINDS below: the table it comes from, the columns whose change
re-indexes it, and the SQL expressions of its fields. A later kind (threads) adds its entry
and calls create_kind_triggers / backfill_kind in its own migration.

On SQLite, a batch-mode migration that rebuilds articles, claims or sources drops their
triggers with the old table: such a migration must call create_kind_triggers again
(tests/services/test_search.py fails if the index stops following a write).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 21:10:00

"""
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# {row} is NEW/OLD in a trigger and the table itself in the backfill.
KINDS = (
    {"kind": "article", "table": "articles", "columns": ("title", "byline", "outlet", "text"),
     "article_id": "{row}.id", "claim_id": "NULL", "title": "{row}.title",
     "body": "{row}.byline || char(10) || {row}.outlet || char(10) || {row}.text", "when": "1 = 1"},
    {"kind": "claim", "table": "claims", "columns": ("quote", "claimant"),
     "article_id": "{row}.article_id", "claim_id": "{row}.id", "title": "{row}.quote",
     "body": "{row}.claimant", "when": "1 = 1"},
    {"kind": "note", "table": "claims", "columns": ("notes",),
     "article_id": "{row}.article_id", "claim_id": "{row}.id", "title": "''",
     "body": "{row}.notes", "when": "{row}.notes <> ''"},
    {"kind": "source", "table": "sources", "columns": ("url", "title", "claim_id"),
     "article_id": "(SELECT claims.article_id FROM claims WHERE claims.id = {row}.claim_id)",
     "claim_id": "{row}.claim_id", "title": "{row}.title", "body": "{row}.url", "when": "1 = 1"},
)

# ASCII punctuation splits words, as FTS5's unicode61 tokenizer does; PostgreSQL's own parser
# would keep "example.org" or "co-operate" whole and miss a search for "example".
PG_SPLIT = r"regexp_replace({0}, '[!-/:-@\[-`{{-~]+', ' ', 'g')"
PG_DOCUMENT = (
    "setweight(to_tsvector('simple'::regconfig, " + PG_SPLIT.format("title") + "), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, " + PG_SPLIT.format("body") + "), 'B')"
)


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    create_documents(sqlite)
    for spec in KINDS:
        create_kind_triggers(spec, sqlite)
    for spec in KINDS:
        backfill_kind(spec, sqlite)
    if sqlite:
        op.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for spec in KINDS:
        drop_kind_triggers(spec, sqlite)
    if sqlite:
        for verb in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_documents_{verb}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute("DROP TABLE IF EXISTS search_documents")


def create_documents(sqlite):
    """The index table; SQLite puts an FTS5 table over it, PostgreSQL a generated tsvector."""
    key = "INTEGER PRIMARY KEY" if sqlite else "BIGSERIAL PRIMARY KEY"
    document = "" if sqlite else f", document tsvector GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED"
    op.execute(
        f"CREATE TABLE search_documents (id {key}, kind VARCHAR(16) NOT NULL, object_id INTEGER NOT NULL, "
        "article_id INTEGER NOT NULL, claim_id INTEGER, title TEXT NOT NULL, body TEXT NOT NULL"
        f"{document}, CONSTRAINT uq_search_documents_kind UNIQUE (kind, object_id))"
    )
    op.execute("CREATE INDEX ix_search_documents_article_id ON search_documents (article_id)")
    op.execute("CREATE INDEX ix_search_documents_claim_id ON search_documents (claim_id)")
    if sqlite:
        create_fts()
    else:
        op.execute("CREATE INDEX ix_search_documents_document ON search_documents USING GIN (document)")


def create_fts():
    """An external-content FTS5 table: the text lives once, in search_documents."""
    op.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_documents', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    add = "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);"
    remove = "INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);"
    for verb, body in (("insert", add), ("update", remove + " " + add), ("delete", remove)):
        op.execute(f"CREATE TRIGGER search_documents_{verb} AFTER {verb.upper()} ON search_documents "
                   f"BEGIN {body} END")


def _fields(spec, row):
    return ", ".join(
        [f"'{spec['kind']}'", f"{row}.id"]
        + [f"coalesce({spec[name].format(row=row)}, '')" if name in ("title", "body") else spec[name].format(row=row)
           for name in ("article_id", "claim_id", "title", "body")]
    )


def _insert(spec, row):
    return (f"INSERT INTO search_documents (kind, object_id, article_id, claim_id, title, body) "
            f"SELECT {_fields(spec, row)} WHERE {spec['when'].format(row=row)}")


def _remove(spec, row):
    return f"DELETE FROM search_documents WHERE kind = '{spec['kind']}' AND object_id = {row}.id"


def create_kind_triggers(spec, sqlite):
    """Index a kind's rows in the transaction that writes them: insert, update of its columns, delete."""
    kind, table, columns = spec["kind"], spec["table"], ", ".join(spec["columns"])
    if sqlite:
        op.execute(f"CREATE TRIGGER search_{kind}_insert AFTER INSERT ON {table} BEGIN {_insert(spec, 'new')}; END")
        op.execute(f"CREATE TRIGGER search_{kind}_update AFTER UPDATE OF {columns} ON {table} "
                   f"BEGIN {_remove(spec, 'old')}; {_insert(spec, 'new')}; END")
        op.execute(f"CREATE TRIGGER search_{kind}_delete AFTER DELETE ON {table} BEGIN {_remove(spec, 'old')}; END")
        return
    op.execute(
        f"CREATE FUNCTION search_index_{kind}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN {_remove(spec, 'OLD')}; END IF; "
        f"IF TG_OP <> 'DELETE' THEN {_insert(spec, 'NEW').replace('char(10)', 'chr(10)')}; END IF; "
        "RETURN NULL; END $$"
    )
    op.execute(f"CREATE TRIGGER search_index_{kind} AFTER INSERT OR DELETE OR UPDATE OF {columns} ON {table} "
               f"FOR EACH ROW EXECUTE FUNCTION search_index_{kind}()")


def drop_kind_triggers(spec, sqlite):
    kind, table = spec["kind"], spec["table"]
    if sqlite:
        for verb in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{kind}_{verb}")
        return
    op.execute(f"DROP TRIGGER IF EXISTS search_index_{kind} ON {table}")
    op.execute(f"DROP FUNCTION IF EXISTS search_index_{kind}()")


def backfill_kind(spec, sqlite):
    """Index the rows written before this migration, in one statement a kind."""
    table = spec["table"]
    select = (f"SELECT {_fields(spec, table)} FROM {table} WHERE {spec['when'].format(row=table)}")
    if not sqlite:
        select = select.replace("char(10)", "chr(10)")
    op.execute(f"INSERT INTO search_documents (kind, object_id, article_id, claim_id, title, body) {select}")
