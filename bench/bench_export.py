"""Benchmark: stream JSON Lines (and CSV) of 10k and 100k claims; print time and peak memory.

    python bench/bench_export.py                      # SQLite in a temporary file
    python bench/bench_export.py --postgres postgresql://postgres@127.0.0.1:5432/bench
    python bench/bench_export.py --sizes 10000 --claims-per-article 1000

Data is bulk-inserted (Core executemany): articles of 100 claims each, every claim with a
history event and every other claim with a source. Each size is streamed twice: once timed
with nothing watching (time, and the growth of the process's peak RSS), once under
tracemalloc (the peak of Python allocations during the stream, which stays flat when memory
does not grow with the number of articles). Target: 100k claims in under 10 s.
"""
import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator import create_app  # noqa: E402
from annotator.extensions import db  # noqa: E402
from annotator.models import Article, Claim, Event, Revision, Source, User  # noqa: E402
from annotator.services.exports import ExportFilters, Lookup, stream_jsonl  # noqa: E402
from annotator.services.exports_csv import stream_csv  # noqa: E402

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
SENTENCE = "Sentence {n}: the council said spending rose by {n}% to ${n} million in 2023. "


def make_app(url, instance):
    from flask_migrate import upgrade

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url, "INSTANCE_PATH": instance})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    return app


def article_text(claims):
    return "".join(SENTENCE.format(n=n) for n in range(claims)).strip()


def fill(claims_total, per_article):
    """Bulk-insert articles with per_article claims each, until claims_total claims exist."""
    user = db.session.execute(insert(User).values(username="bench", display_name="Bench", password_hash="x",
                                                  role="admin", session_token="t").returning(User.id)).scalar()
    text_, articles = article_text(per_article), claims_total // per_article
    offsets, start = [], 0
    for n in range(per_article):
        length = len(SENTENCE.format(n=n)) - 1
        offsets.append((start, start + length))
        start += length + 1
    first_id = (db.session.execute(text("SELECT COALESCE(MAX(id), 0) FROM articles")).scalar() or 0) + 1
    db.session.execute(insert(Article), [dict(id=first_id + a, title=f"Bench article {a}", text=text_,
                                              created_by_id=user, created_at=NOW, updated_at=NOW)
                                         for a in range(articles)])
    db.session.execute(insert(Revision), [dict(article_id=first_id + a, number=1, text=text_, created_by_id=user,
                                               created_at=NOW) for a in range(articles)])
    claim_id = 1
    for a in range(articles):
        rows = [dict(id=claim_id + i, article_id=first_id + a, start=s, end=e, quote=text_[s:e], claimant="Council",
                     verdict_key="mixed", notes="Checked against the budget.", created_by_id=user,
                     updated_by_id=user, created_at=NOW, updated_at=NOW, reasons=["number"])
                for i, (s, e) in enumerate(offsets)]
        db.session.execute(insert(Claim), rows)
        db.session.execute(insert(Source), [dict(claim_id=r["id"], url="https://example.org/budget.pdf",
                                                 title="Budget", created_at=NOW) for r in rows[::2]])
        db.session.execute(insert(Event), [dict(at=NOW, actor_id=user, article_id=first_id + a, claim_id=r["id"],
                                                entity="claim", entity_id=r["id"], action="create", field="",
                                                new={"start": r["start"]}) for r in rows])
        claim_id += per_article
    db.session.commit()


def stream(kind):
    lookup, size = Lookup.load(), 0
    chunks = stream_jsonl(ExportFilters(), lookup) if kind == "jsonl" else stream_csv(ExportFilters(), lookup)
    for chunk in chunks:
        size += len(chunk)
    return size


def measure(kind):
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    size = stream(kind)
    seconds = time.perf_counter() - started
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    tracemalloc.start()
    stream(kind)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, size, peak, rss_growth


def run(url, sizes, per_article, kinds):
    with tempfile.TemporaryDirectory() as instance:
        app = make_app(url, instance)
        with app.app_context():
            for claims in sizes:
                started = time.perf_counter()
                fill(claims, per_article)
                print(f"{claims:>7,} claims in {claims // per_article:,} articles: inserted in "
                      f"{time.perf_counter() - started:.1f} s")
                for kind in kinds:
                    seconds, size, peak, rss = measure(kind)
                    print(f"        {kind:5} {seconds:6.2f} s  {size / 1e6:7.1f} MB out  "
                          f"peak traced {peak / 1e6:6.1f} MB  max RSS +{rss / 1024:.0f} MB")
            db.session.remove()
            db.engine.dispose()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--claims-per-article", type=int, default=100)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be emptied")
    parser.add_argument("--formats", nargs="+", default=["jsonl", "csv"], choices=["jsonl", "csv"])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = args.postgres or f"sqlite:///{folder}/bench.sqlite"
        print(f"Database: {'PostgreSQL' if args.postgres else 'SQLite (temporary file)'}")
        for size in args.sizes:  # a fresh database per size, so each figure stands alone
            run(fresh(url, folder, size), [size], args.claims_per_article, args.formats)


def fresh(url, folder, size):
    if url.startswith("sqlite"):
        return f"sqlite:///{folder}/bench-{size}.sqlite"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


if __name__ == "__main__":
    main()
