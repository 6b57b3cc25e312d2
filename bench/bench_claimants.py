"""Benchmark: matching a claim's claimant text to a record, and the claimant field's completion,
among N claimant records (10,000 by default), on SQLite in a temporary folder or PostgreSQL.

    python bench/bench_claimants.py [N] [--postgres URL-of-an-empty-database]

Prints the median and p95 of one match (what every claim save adds) and of one completion
query, and the time to link 10,000 unlinked claims (`annotator claimants link`).
"""
import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from annotator import create_app  # noqa: E402
from annotator.extensions import db  # noqa: E402
from annotator.models import Article, Claim, Claimant, ClaimantKey  # noqa: E402
from annotator.services import accounts, claimant_pages, claimants  # noqa: E402
from annotator.text.claimant_names import record_keys  # noqa: E402

GIVEN = ["Ana", "Mevlüt", "Jane", "Tom", "Amira", "Elena", "Hakki", "Dana", "José", "Zoë"]


def seed(count):
    rows = [{"id": i, "name": f"{GIVEN[i % 10]} Surname{i}", "aliases": [f"the minister {i}"], "description": "",
             "kind": "person", "version": 1} for i in range(1, count + 1)]
    db.session.execute(insert(Claimant), rows)
    keys = [k._asdict() for r in rows for k in record_keys(r["id"], r["name"], r["aliases"])]
    db.session.execute(insert(ClaimantKey), keys)
    user = accounts.create_user("bench", "a long bench password", "admin")
    article = Article(title="Bench", text="x" * 100, created_by_id=user.id)
    db.session.add(article)
    db.session.flush()
    db.session.execute(insert(Claim), [{"article_id": article.id, "start": 0, "end": 1, "quote": "x",
                                        "claimant": f"Surname{i}" if i % 2 else f"Nobody {i}"} for i in range(10_000)])
    db.session.commit()


def timed(function, repeat=200):
    times = []
    for n in range(repeat):
        started = time.perf_counter()
        function(n)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--postgres")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    url = args.postgres or f"sqlite:///{folder}/bench.sqlite"
    app = create_app({"SECRET_KEY": "bench-" + "k" * 40, "DATABASE_URL": url, "INSTANCE_PATH": folder})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        seed(args.count)
        match = timed(lambda n: claimants.match_many([f"Foreign Minister Surname{n * 37 % args.count + 1}"]))
        complete = timed(lambda n: claimant_pages.complete(f"surname{n * 37 % args.count + 1}"))
        started = time.perf_counter()
        linked = claimants.link_unlinked()
        link_seconds = time.perf_counter() - started
        print(f"{args.count:,} claimants on {db.engine.dialect.name}")
        print(f"match one claimant text   median {match[0]:.2f} ms  p95 {match[1]:.2f} ms")
        print(f"complete (substring)      median {complete[0]:.2f} ms  p95 {complete[1]:.2f} ms")
        print(f"link 10,000 claims        {link_seconds:.2f} s ({linked:,} linked)")


if __name__ == "__main__":
    main()
