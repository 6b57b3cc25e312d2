"""Benchmark: search over many claims; print how long the search service takes a query.

    python bench/bench_search.py                      # SQLite in a temporary file, 100,000 claims
    python bench/bench_search.py --postgres postgresql://postgres@127.0.0.1:5432/test   # 1,000,000
    python bench/bench_search.py --claims 200000 --repeats 30

With --postgres the bench creates a database of its own on that server and drops it afterwards.

Rows are made by set-based SQL (INSERT ... SELECT over generate_series or a recursive CTE):
claims in 1,000 articles, each quote three four-word fragments drawn from a vocabulary of
20,000 words with a Zipf-like spread (the words of tests/data/news_sentences.jsonl first, by
frequency, then made-up ones), so that some words are everywhere and most are rare, as in
news copy; one claim in ten has notes (on PostgreSQL, another one in ten a discussion
comment). On SQLite the index triggers index every row as it is inserted; on PostgreSQL the
bulk load runs with the index triggers off and the GIN index dropped, then indexes with the
migrations' own backfill statements, rebuilds the index, and vacuums and analyzes (the
triggers are back on before anything is timed, and the bench checks that a claim and a
comment made through the services are found in their own transaction).

Each query runs once to warm up, then --repeats times through annotator.services.search
(the SQL and the snippets of a page of 20); printed: median, p95 and the number of matching
claims (counted apart, untimed: the service ranks and counts only the first 1,000). Target
(PostgreSQL, 1,000,000 claims, a two-word query): under 100 ms. --keep keeps the scratch
database, to EXPLAIN a query on it afterwards.
"""
import argparse
import importlib.util
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.extensions import db  # noqa: E402
from load.harness import app_for, drop_database, new_database  # noqa: E402

VOCABULARY = 20_000
FRAGMENTS = 10_000
ARTICLES = 1_000
COMMENT_EVERY = 10  # PostgreSQL: one claim in ten has a thread with a comment
NAMES = ["Mayor Jane Doe", "The ministry", "Senator Ruiz", "Council spokesman", "Dr Amal Haddad",
         "The opposition", "Finance Minister Lee", "Police Chief Okafor"]
SYLLABLES = ["ka", "ro", "mi", "tel", "va", "dun", "se", "lor", "bi", "qua", "zen", "po", "fi", "gar", "nu", "sha"]
# (label, query): words of the real vocabulary, from rare to everywhere.
QUERIES = [
    ("two rarer words", "{rare1} {rare2}"),
    ("two mid-frequency words", "{mid1} {mid2}"),
    ("two common words", "{common1} {common2}"),
    ("two words found everywhere", "{top1} {top2}"),
    ("one of two everywhere words", "{top1} OR {top3}"),
    ("a phrase", '"{common1} {mid1}"'),
    ("two words + verdict filter", "{mid1} {mid2}"),
]


def vocabulary():
    """Return 20,000 words: the test sentences' words by frequency, then made-up words."""
    counts = Counter()
    for line in (ROOT / "tests" / "data" / "news_sentences.jsonl").read_text(encoding="utf-8").splitlines():
        counts.update(w.lower() for w in re.findall(r"[^\W_]+", json.loads(line)["text"]) if not w.isdigit())
    words = [w for w, _ in counts.most_common()]
    seen, n = set(words), 0
    while len(words) < VOCABULARY:
        word = "".join(SYLLABLES[(n >> (4 * i)) % 16] for i in range(4))
        if word not in seen:
            seen.add(word)
            words.append(word)
        n += 7
    return words


def migration(name="0006_search"):
    path = ROOT / "annotator" / "migrations" / "versions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"search_migration_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def execute(sql, **params):
    return db.session.execute(text(sql), params)


def load_words(words):
    execute("CREATE TEMP TABLE bench_words (id INTEGER PRIMARY KEY, word TEXT)")
    db.session.execute(text("INSERT INTO bench_words (id, word) VALUES (:id, :word)"),
                       [{"id": i + 1, "word": w} for i, w in enumerate(words)])


def fill_postgres(claims):
    """Fragments, articles, claims and comments in a few statements, then the migrations' backfill."""
    execute("SET LOCAL statement_timeout = 0")  # the app's per-statement limit is for requests, not a bulk load
    log_v = f"ln({VOCABULARY})"
    execute(f"""CREATE TEMP TABLE bench_fragments AS SELECT f AS id,
        (SELECT string_agg(w.word, ' ' ORDER BY k.n) FROM
           (SELECT n, least({VOCABULARY}, floor(exp(random() * {log_v}))::int) AS r
            FROM generate_series(1, 4 + 0 * f) n) k JOIN bench_words w ON w.id = k.r) AS text
        FROM generate_series(0, {FRAGMENTS - 1}) f""")
    execute("CREATE UNIQUE INDEX ON bench_fragments (id)")
    user = execute("INSERT INTO users (username, display_name, password_hash, role, active, session_token, created_at) "
                   "VALUES ('bench', 'Bench', 'x', 'admin', true, 't', now()) RETURNING id").scalar()
    execute("ALTER TABLE claims DISABLE TRIGGER USER")
    execute("ALTER TABLE articles DISABLE TRIGGER USER")
    execute("DROP INDEX ix_search_documents_document")
    execute(f"""INSERT INTO articles (id, title, byline, outlet, url, language, text, revision_number, state,
                 created_by_id, created_at, updated_at, version)
        SELECT a, 'Bench article ' || a, '', (ARRAY['Gazette', 'Herald', 'Courier'])[1 + a % 3], '', 'en',
               f.text || '. ' || g.text || '.', 1, 'annotating', :user, now(), now(), 1
        FROM generate_series(1, {ARTICLES}) a
        JOIN bench_fragments f ON f.id = abs(hashint4(a)) % {FRAGMENTS}
        JOIN bench_fragments g ON g.id = abs(hashint4(a + 7919)) % {FRAGMENTS}""", user=user)
    execute(f"""INSERT INTO claims (article_id, start, "end", quote, prefix, suffix, claimant, verdict_key, notes,
                 origin, reasons, review_state, reviewer_comment, anchor_state, anchor_method, created_by_id,
                 created_at, updated_by_id, updated_at, version)
        SELECT 1 + c % {ARTICLES}, 0, 10, f1.text || ' ' || f2.text || ' ' || f3.text, '', '',
               (ARRAY{NAMES!r})[1 + c % {len(NAMES)}],
               (ARRAY['accurate', 'false', 'mixed', 'misleading', NULL])[1 + c % 5],
               CASE WHEN c % 10 = 0 THEN f2.text ELSE '' END, 'manual', '[]',
               (ARRAY['open', 'submitted', 'approved'])[1 + c % 3], '', 'anchored', '', :user, now(), :user, now(), 1
        FROM generate_series(0, {claims - 1}) c
        JOIN bench_fragments f1 ON f1.id = abs(hashint4(c)) % {FRAGMENTS}
        JOIN bench_fragments f2 ON f2.id = abs(hashint4(c + 1000003)) % {FRAGMENTS}
        JOIN bench_fragments f3 ON f3.id = abs(hashint4(c + 2000003)) % {FRAGMENTS}""", user=user)
    execute("ALTER TABLE comments DISABLE TRIGGER USER")
    execute(f"""INSERT INTO threads (subject, article_id, claim_id, created_at)
        SELECT 'claim:' || id, article_id, id, now() FROM claims WHERE id % {COMMENT_EVERY} = 5""")
    execute(f"""INSERT INTO comments (thread_id, author_id, body, kind, mentions, created_at)
        SELECT t.id, :user, 'See ' || f.text || ' first', 'comment', '[]', now() FROM threads t
        JOIN bench_fragments f ON f.id = abs(hashint4(t.id + 3000017)) % {FRAGMENTS}""", user=user)
    backfill()
    execute("ALTER TABLE comments ENABLE TRIGGER USER")
    execute("CREATE INDEX ix_search_documents_document ON search_documents USING GIN (document)")
    execute("ALTER TABLE claims ENABLE TRIGGER USER")
    execute("ALTER TABLE articles ENABLE TRIGGER USER")
    db.session.commit()
    # What autovacuum would have done to a database in use: statistics, hint bits, visibility map
    # (a bulk-loaded table read for the first time pays for those in the timed queries).
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("SET statement_timeout = 0"))
        connection.execute(text("VACUUM (ANALYZE)"))


def backfill():
    """Index every row with the statements migrations 0006 and 0011 backfill with."""
    module = migration()
    for spec in (*module.KINDS, migration("0011_search_threads").COMMENT):
        table = spec["table"]
        select = f"SELECT {module._fields(spec, table)} FROM {table} WHERE {spec['when'].format(row=table)}"
        execute("INSERT INTO search_documents (kind, object_id, article_id, claim_id, title, body) "
                + select.replace("char(10)", "chr(10)"))


def fill_sqlite(claims):
    """The same shape with recursive CTEs; the index triggers index each row as it lands.

    Lookups are scalar subqueries: a join lets SQLite's planner scan the fragments for every claim.
    """
    def fragment(column):
        return f"(SELECT text FROM bench_fragments WHERE id = picked.{column})"

    execute(f"""CREATE TEMP TABLE bench_fragments AS
        WITH RECURSIVE f(id) AS (SELECT 0 UNION ALL SELECT id + 1 FROM f WHERE id < {FRAGMENTS - 1}),
        picks AS MATERIALIZED (SELECT f.id AS fid, n.n AS n,
                    min({VOCABULARY}, CAST(exp((abs(random()) % 1000000) / 1000000.0 * ln({VOCABULARY})) AS INTEGER)) AS r
                  FROM f, (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) n)
        SELECT fid AS id, group_concat((SELECT word FROM bench_words WHERE id = picks.r), ' ') AS text
        FROM picks GROUP BY fid""")
    execute("CREATE UNIQUE INDEX bench_fragments_id ON bench_fragments (id)")
    user = execute("INSERT INTO users (username, display_name, password_hash, role, active, session_token, created_at) "
                   "VALUES ('bench', 'Bench', 'x', 'admin', 1, 't', datetime('now')) RETURNING id").scalar()
    execute(f"""INSERT INTO articles (id, title, byline, outlet, url, language, text, revision_number, state,
                 created_by_id, created_at, updated_at, version)
        WITH RECURSIVE a(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM a WHERE n < {ARTICLES})
        SELECT n, 'Bench article ' || n, '', 'Gazette', '', 'en',
               (SELECT text FROM bench_fragments WHERE id = n * 7 % {FRAGMENTS}) || '.', 1, 'annotating', :user,
               datetime('now'), datetime('now'), 1 FROM a""", user=user)
    execute("CREATE TEMP TABLE bench_names (id INTEGER PRIMARY KEY, name TEXT)")
    db.session.execute(text("INSERT INTO bench_names (id, name) VALUES (:id, :name)"),
                       [{"id": i, "name": n} for i, n in enumerate(NAMES)])
    execute(f"""INSERT INTO claims (article_id, start, "end", quote, prefix, suffix, claimant, verdict_key, notes,
                 origin, reasons, review_state, reviewer_comment, anchor_state, anchor_method, created_by_id,
                 created_at, updated_by_id, updated_at, version)
        WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n < {claims - 1}),
        picked AS MATERIALIZED (SELECT n, abs(random()) % {FRAGMENTS} AS a, abs(random()) % {FRAGMENTS} AS b,
                          abs(random()) % {FRAGMENTS} AS d FROM c)
        SELECT 1 + n % {ARTICLES}, 0, 10, {fragment('a')} || ' ' || {fragment('b')} || ' ' || {fragment('d')},
               '', '', (SELECT name FROM bench_names WHERE id = n % {len(NAMES)}),
               CASE n % 5 WHEN 0 THEN 'accurate' WHEN 1 THEN 'false' WHEN 2 THEN 'mixed' WHEN 3 THEN 'misleading' END,
               CASE WHEN n % 10 = 0 THEN {fragment('b')} ELSE '' END, 'manual', '[]',
               CASE n % 3 WHEN 0 THEN 'open' WHEN 1 THEN 'submitted' ELSE 'approved' END, '', 'anchored', '',
               :user, datetime('now'), :user, datetime('now'), 1
        FROM picked""", user=user)
    db.session.commit()
    execute("ANALYZE")


def query_words(words):
    """Words of the real vocabulary at three frequencies (ranks in the Zipf-like draw)."""
    long = [w for w in words if len(w) > 3]

    def pick(rank):
        return long[rank]
    return {"top1": pick(0), "top2": pick(1), "top3": pick(2), "common1": pick(8), "common2": pick(30), "mid1": pick(120), "mid2": pick(250),
            "rare1": pick(450), "rare2": pick(650)}


def matching_claims(query):
    from annotator.services.search import _backend
    from annotator.text.search_query import parse_query

    source, match, _, _ = _backend().source(parse_query(query))
    from sqlalchemy import func, select

    from annotator.models.search_index import search_documents as docs
    return db.session.scalar(select(func.count()).select_from(source).where(match, docs.c.kind == "claim"))


def time_queries(words, repeats):
    from annotator.services.search import SearchFilters, search

    for label, template in QUERIES:
        query = template.format(**words)
        filters = SearchFilters(verdict="false") if "verdict" in label else SearchFilters()
        search(query, filters)  # warm the caches
        runs = []
        for _ in range(repeats):
            started = time.perf_counter()
            hits = search(query, filters).hits
            runs.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
        runs.sort()
        p95 = runs[min(len(runs) - 1, int(len(runs) * 0.95))]
        print(f"  {label:28} {query!r:34} median {statistics.median(runs):7.1f} ms  p95 {p95:7.1f} ms  "
              f"({matching_claims(query):,} claims match, {len(hits)} shown)", flush=True)


def check_fresh():
    """A claim and a comment made through the services are found in the same transaction."""
    from annotator.models import Article, User
    from annotator.services.claims import create_claim
    from annotator.services.search import search
    from annotator.services.threads import post_comment

    user = db.session.scalar(text("SELECT id FROM users WHERE username = 'bench'"))
    article = db.session.get(Article, 1)
    started = time.perf_counter()
    claim, _ = create_claim(db.session.get(User, user), article, 0, 5, claimant="Zorblatt Quennik")
    db.session.flush()
    write_ms = (time.perf_counter() - started) * 1000
    found = [h.claim_id for h in search("zorblatt quennik").hits]
    print(f"  a new claim: created and indexed in {write_ms:.1f} ms, found in its own transaction: "
          f"{claim.id in found}")
    started = time.perf_counter()
    post_comment(db.session.get(User, user), "Ask Quennik about the zorblatt figure", claim_id=claim.id)
    write_ms = (time.perf_counter() - started) * 1000
    found = [(h.kind, h.claim_id) for h in search("zorblatt figure").hits]
    print(f"  a new comment: posted and indexed in {write_ms:.1f} ms, found in its own transaction: "
          f"{('comment', claim.id) in found}")
    db.session.rollback()


def run(postgres, claims, repeats, keep=False):
    words = vocabulary()
    with tempfile.TemporaryDirectory() as root:
        url = new_database(root, postgres)
        try:
            app = app_for(url, root, TESTING=True)
            with app.app_context():
                started = time.perf_counter()
                load_words(words)
                (fill_postgres if postgres else fill_sqlite)(claims)
                print(f"{claims:,} claims in {ARTICLES:,} articles, loaded and indexed in "
                      f"{time.perf_counter() - started:.1f} s", flush=True)
                time_queries(query_words(words), repeats)
                check_fresh()
                db.session.remove()
                db.engine.dispose()
        finally:
            if keep and postgres:
                print(f"kept: {url}")
            else:
                drop_database(url)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="a PostgreSQL URL of the server to make a scratch database on")
    parser.add_argument("--claims", type=int, help="default: 1,000,000 on PostgreSQL, 100,000 on SQLite")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="PostgreSQL: keep the scratch database, to explain")
    args = parser.parse_args(argv)
    claims = args.claims or (1_000_000 if args.postgres else 100_000)
    print(f"Database: {'PostgreSQL (scratch database)' if args.postgres else 'SQLite (temporary file)'}")
    run(args.postgres, claims, args.repeats, args.keep)


if __name__ == "__main__":
    main()
