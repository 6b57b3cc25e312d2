"""Benchmark: "Checked before" over 100,000 archived claims plus 100,000 reference reviews.

    python bench/bench_matching.py                 # 200,000 rows, the index alone
    python bench/bench_matching.py --rows 50000 --article 200
    python bench/bench_matching.py --database      # through the tables and services, SQLite
    python bench/bench_matching.py --postgres postgresql://postgres@127.0.0.1:5432/test

The index is built the way a process builds it after a restart: from float16 blobs as the
database stores them. The archive's vectors are the embeddings of the claim pairs' texts plus
noise. A claim's query vector is stored when it is created (the worker embeds it), so the
article's matches read stored vectors; encoding them at query time is timed beside it. The
grouped index is compared with scoring every row. Targets: one claim < 50 ms; a 1,000-claim
article < 2 s.

With --database (SQLite) or --postgres the same rows go into a new database (claims approved with
their vectors, reference reviews), the article's 1,000 claims are made with the claims service and
embedded by the worker's own task, and the page's one request for the article
(checked_before.article_matches) is timed: first after a restart (the index built from the
tables) and then warm; one claim's matches; an approval with its commit.
"""
import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from annotator.text import matching  # noqa: E402

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "claim_pairs.jsonl"


def timed(work, repeat):
    """Return the median seconds of repeat runs of work()."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def archive_rows(blobs, texts):
    """The archive as table rows: even rows approved claims (with their vectors), odd rows reviews."""
    claims, references = [], []
    for n, blob in enumerate(blobs):
        quote = f"{texts[n % len(texts)]} [{n}]"
        if n % 2:
            references.append({"url": f"https://checker.example/{n}", "claim_text": quote, "rating": "False",
                               "publisher": "Checker", "claimant": "", "model": matching.MODEL_ID, "vector": blob})
        else:
            claims.append((quote, blob))
    return claims, references


def fill(admin, claims, references):
    """Insert the archive in bulk: one article holding the approved claims, then the reviews."""
    from sqlalchemy import insert

    from annotator.extensions import db
    from annotator.models import Article, Claim, ClaimEmbedding, ClaimVector, ReferenceReview
    from annotator.services.articles import import_article

    article = import_article(admin, "The archive of earlier checks.", title="Archive")
    db.session.flush()
    for start in range(0, len(claims), 5000):
        chunk = claims[start:start + 5000]
        ids = db.session.scalars(insert(Claim).returning(Claim.id, sort_by_parameter_order=True), [
            {"article_id": article.id, "start": 0, "end": 3, "quote": quote, "review_state": "approved",
             "verdict_key": "false", "created_by_id": admin.id} for quote, _ in chunk]).all()
        db.session.execute(insert(ClaimVector), [{"claim_id": i, "model": matching.MODEL_ID, "quote": quote,
                                                  "vector": blob} for i, (quote, blob) in zip(ids, chunk)])
        db.session.execute(insert(ClaimEmbedding), [{"claim_id": i, "model": matching.MODEL_ID, "vector": blob}
                                                    for i, (_, blob) in zip(ids, chunk)])
    for start in range(0, len(references), 5000):
        db.session.execute(insert(ReferenceReview), references[start:start + 5000])
    db.session.execute(Article.__table__.update().values(state="annotating"))


def approve_one(author, reviewer, page):
    """Return the seconds an approval and its commit take for a claim the worker has embedded."""
    from annotator import worker
    from annotator.extensions import db
    from annotator.services import review
    from annotator.services.claims import create_claim

    claim = create_claim(author, page, 0, 10, verdict_key="false")[0]
    review.submit_claim(author, claim.id)
    db.session.commit()
    worker.embed_all()
    started = time.perf_counter()
    review.approve_claim(reviewer, claim.id)
    db.session.commit()
    return time.perf_counter() - started


def through_database(args, blobs, texts, article):
    """Time the services on a new database holding the archive (README, Checked before)."""
    from load.harness import app_for, in_new_database

    def work(database, root):
        from annotator import worker
        from annotator.extensions import db
        from annotator.services import accounts, checked_before, matching_index
        from annotator.services.articles import import_article
        from annotator.services.claims import create_claims

        app = app_for(database, root)
        with app.app_context():
            admin = accounts.create_user("admin", "bench-admin-password", "admin")
            boss = accounts.create_user("boss", "bench-boss-password", "reviewer")
            started = time.perf_counter()
            fill(admin, *archive_rows(blobs, texts))
            db.session.commit()
            print(f"archive of {len(blobs):,} rows loaded in {time.perf_counter() - started:.1f} s")
            page = import_article(admin, " ".join(article), title="This week")
            offsets, at = [], 0
            for sentence in article:
                offsets.append({"start": at, "end": at + len(sentence), "origin": "detector",
                                "review_state": "suggested", "score": 0.9})
                at += len(sentence) + 1
            ids = [claim.id for claim in create_claims(admin, page, offsets)]
            db.session.commit()
            started = time.perf_counter()
            embedded = worker.embed_all()
            print(f"the worker embedded {embedded:,} new claims in {time.perf_counter() - started:.2f} s")
            matching_index.forget_cache()  # a process just started
            cold = timed(lambda: checked_before.article_matches(page.id), 1)
            warm = timed(lambda: checked_before.article_matches(page.id), 3)
            found = checked_before.article_matches(page.id)
            one = timed(lambda: checked_before.matches_for([ids[0]]), 20)
            db.session.rollback()
            approval = approve_one(admin, boss, page)
            print(f"{len(ids):,}-claim article, one request: first after a restart {cold:.2f} s (index built "
                  f"from the tables), then {warm:.2f} s (target < 2 s); {len(found['claims']):,} claims with "
                  f"matches, {len(found['pending'])} pending")
            print(f"one claim's matches: {one * 1000:.1f} ms (target < 50 ms); approving a claim and "
                  f"committing {approval * 1000:.1f} ms (no vector computed)")
            db.session.remove()
            db.engine.dispose()

    print(f"Database: {'PostgreSQL (scratch database)' if args.postgres else 'SQLite (temporary file)'}")
    in_new_database(args.postgres, work)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--article", type=int, default=1000, help="claims in the long article")
    parser.add_argument("--database", action="store_true", help="through the tables and services, on SQLite")
    parser.add_argument("--postgres", help="through the tables and services, on a scratch database of this server")
    args = parser.parse_args()
    texts = [json.loads(line)["query"] for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    seeds = matching.embed(texts)
    rng = np.random.default_rng(1)
    rows = seeds[rng.integers(0, len(seeds), args.rows)] + rng.normal(0, 0.05, (args.rows, matching.DIMENSION))
    blobs = [matching.to_blob(vector) for vector in matching.unit(rows)]
    if args.database or args.postgres:
        through_database(args, blobs, texts, [f"{texts[n % len(texts)]} ({n})" for n in range(args.article)])
        print("load:", os.getloadavg())
        return
    keys = [("claim", n) if n % 2 else ("reference", n) for n in range(args.rows)]
    started = time.perf_counter()
    index = matching.Index(keys, matching.from_blobs(blobs))
    print(f"index of {args.rows:,} rows from float16 blobs, grouped: {time.perf_counter() - started:.2f} s, "
          f"{(index.meaning.nbytes + index.style.nbytes) / 2**20:.0f} MB")
    article = [f"{texts[n % len(texts)]} ({n})" for n in range(args.article)]
    stored = matching.from_blobs([matching.to_blob(v) for v in matching.embed(article)])  # what the worker stored
    one = timed(lambda: index.search(matching.embed([article[0]])), 20)
    one_stored = timed(lambda: index.search(stored[:1]), 20)
    many = timed(lambda: index.search(stored), 3)
    encode = timed(lambda: matching.embed(article), 1)
    exact = matching.Index()
    exact.put_many(keys, matching.from_blobs(blobs))  # never grouped: every query scores every row
    truth, found = exact.search(stored), index.search(stored)
    wanted = sum(len(matches) for matches in truth)
    kept = sum(len({m.key for m in a} & {m.key for m in b}) for a, b in zip(truth, found))
    print(f"one claim: encode + search {one * 1000:.1f} ms, from its stored vector {one_stored * 1000:.1f} ms "
          f"(target < 50 ms)")
    print(f"{args.article:,}-claim article from stored vectors: {many:.2f} s (target < 2 s); "
          f"encoding its {args.article:,} texts would add {encode:.2f} s")
    print(f"grouped search keeps {kept:,} of the {wanted:,} matches scoring every row finds ({kept / max(wanted, 1):.3f})")
    print("load:", os.getloadavg())


if __name__ == "__main__":
    main()
