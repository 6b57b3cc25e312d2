"""Benchmark: stream JSON Lines (and CSV, Web Annotation) of 10k and 100k claims; print time and peak memory.

    python bench/bench_export.py                      # SQLite in a temporary file
    python bench/bench_export.py --postgres postgresql://postgres@127.0.0.1:5432/test
    python bench/bench_export.py --sizes 10000 --claims-per-article 1000

With --postgres the bench creates a database of its own on that server for each run and drops
it afterwards; the database named in the URL is only connected to, never changed.

Data is bulk-inserted (Core executemany), in two shapes: articles of 100 claims each, and every
claim on one article (0 = all on one); every claim has a history event and every other claim a
source. Each size and shape is streamed twice: once timed with nothing watching (wall time,
the process's CPU time, which a busy machine inflates less, and the growth of the process's
peak RSS), once under tracemalloc (the peak of Python allocations during the stream, which
stays flat when memory grows neither with the number of articles nor with the claims of one).
Targets: 100k claims as JSON Lines in under 1 s, CSV and Web Annotation in under 1.5 s, memory flat.
"""
import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.extensions import db  # noqa: E402
from annotator.models import Article, Claim, Event, Revision, Source, User  # noqa: E402
from annotator.services.exports import formats  # noqa: E402
from annotator.services.exports.bundles import ExportFilters  # noqa: E402
from annotator.services.exports.lookup import Lookup  # noqa: E402
from annotator.services.exports.csv import stream_csv  # noqa: E402
from annotator.services.exports.jsonl import stream_jsonl  # noqa: E402
from load.harness import app_for, drop_database, new_database  # noqa: E402

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
SENTENCE = "Sentence {n}: the council said spending rose by {n}% to ${n} million in 2023. "


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
    if kind == "webannotation":  # one collection of annotations a line, as the export menu streams it
        chunks = formats.export_many(ExportFilters(), kind, formats.Publisher("http://127.0.0.1:5000", "Bench", "https://example.org/")).chunks
    else:
        chunks = stream_jsonl(ExportFilters(), lookup) if kind == "jsonl" else stream_csv(ExportFilters(), lookup)
    for chunk in chunks:
        size += len(chunk)
    return size


def measure(kind):
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu_started = time.perf_counter(), time.process_time()
    size = stream(kind)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    tracemalloc.start()
    stream(kind)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, cpu, size, peak, rss_growth


def run(postgres, claims, per_article, kinds):
    """Fill a fresh database with claims in articles of per_article, and stream each kind."""
    with tempfile.TemporaryDirectory() as root:
        url = new_database(root, postgres)
        try:
            app = app_for(url, root, TESTING=True)
            with app.app_context():
                report(claims, per_article, kinds)
                db.session.remove()
                db.engine.dispose()
        finally:
            drop_database(url)


def report(claims, per_article, kinds):
    started = time.perf_counter()
    fill(claims, per_article)
    print(f"{claims:>7,} claims in {claims // per_article:,} articles: inserted in "
          f"{time.perf_counter() - started:.1f} s")
    for kind in kinds:
        seconds, cpu, size, peak, rss = measure(kind)
        print(f"        {kind:13} {seconds:6.2f} s (CPU {cpu:5.2f} s)  {size / 1e6:7.1f} MB out  "
              f"peak traced {peak / 1e6:6.1f} MB  max RSS +{rss / 1024:.0f} MB", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--claims-per-article", type=int, nargs="+", default=[100, 0],
                        help="one run per value; 0 puts every claim on one article")
    parser.add_argument("--postgres", help="a PostgreSQL URL of the server to make a scratch database on")
    parser.add_argument("--formats", nargs="+", default=["jsonl", "csv", "webannotation"],
                        choices=["jsonl", "csv", "webannotation"])
    args = parser.parse_args(argv)
    print(f"Database: {'PostgreSQL (scratch database)' if args.postgres else 'SQLite (temporary file)'}")
    for per_article in args.claims_per_article:  # a fresh database per run, so each figure stands alone
        for size in args.sizes:
            run(args.postgres, size, per_article or size, args.formats)


if __name__ == "__main__":
    main()
