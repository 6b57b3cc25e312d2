"""Benchmark: the article page's render time (median/p95) and SQL statement count.

    python bench/bench_page.py                     # 2, 200, 2,000 claims; 1,000 claims on 10,000 words
    python bench/bench_page.py --requests 50

The real app on a temporary SQLite file built by the migrations; articles and claims are made
through the services (import_article, create_claim) as the app makes them; each page is fetched
signed in through the WSGI test client (no network), after one warm-up request. Target: 10,000
words with 1,000 claims in under 150 ms, with the same statement count as 2 claims.
"""
import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402

from annotator.extensions import db  # noqa: E402
from load.harness import app_for, new_database, percentile  # noqa: E402

SENTENCES = (
    "The council spent $4 million on roads in 2023, the mayor said.",
    "Unemployment fell to 3.9% last year, according to the statistics office.",
    "Critics argue the new stadium will never pay for itself.",
    "Sales of electric cars doubled between 2021 and 2023.",
)
# (label, words in the article, claims on it)
CASES = (("2 claims", 600, 2), ("200 claims", 3000, 200), ("2,000 claims", 12000, 2000),
         ("1,000 claims, 10,000 words", 10000, 1000))


def article_text(words):
    """Return roughly `words` words of news copy in paragraphs of five sentences."""
    sentences, count, n = [], 0, 0
    while count < words:
        sentence = SENTENCES[n % len(SENTENCES)]
        sentences.append(sentence + ("\n\n" if n % 5 == 4 else " "))
        count += len(sentence.split())
        n += 1
    return "".join(sentences).strip()


def make_article(words, claims):
    """Import an article and mark `claims` claims on it, some overlapping, through the services."""
    from annotator.models import User
    from annotator.services.articles import import_article
    from annotator.services.claims import create_claim

    admin = db.session.scalar(db.select(User).where(User.username == "admin"))
    article = import_article(admin, article_text(words), title=f"{words} words, {claims} claims")
    rng, length = random.Random(claims), len(article.text)
    for _ in range(claims):
        start = rng.randrange(0, length - 60)
        while article.text[start].isspace():
            start += 1
        create_claim(admin, article, start, start + rng.randint(8, 60), claimant="the mayor",
                     verdict_key=rng.choice(["accurate", "false", None]), notes="Checked.")
    db.session.commit()
    return article.id


class StatementCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args):
        self.count += 1


def measure(client, path, requests):
    """Return (seconds per request, statement count of one request)."""
    client.get(path)  # warm the template cache and the connection pool
    counter = StatementCounter()
    event.listen(db.engine, "before_cursor_execute", counter)
    response = client.get(path)
    event.remove(db.engine, "before_cursor_execute", counter)
    assert response.status_code == 200, response.status_code
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path).close()
        timings.append(time.perf_counter() - started)
    return timings, counter.count


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per case")
    args = parser.parse_args()
    print(f"article page, GET /articles/<id> signed in, SQLite, os.cpu_count()={os.cpu_count()}, "
          f"{args.requests} requests per case")
    with tempfile.TemporaryDirectory() as root:
        app = app_for(new_database(root), root, WTF_CSRF_ENABLED=False)
        with app.app_context():
            from annotator.services.accounts import create_user

            create_user("admin", "bench-password-one", "admin")
            db.session.commit()
            cases = [(label, make_article(words, claims)) for label, words, claims in CASES]
        client = app.test_client()
        client.post("/login", data={"username": "admin", "password": "bench-password-one"})
        for label, article_id in cases:
            with app.app_context():
                timings, statements = measure(client, f"/articles/{article_id}", args.requests)
            ms = [t * 1000 for t in timings]
            print(f"  {label:<28} median {percentile(ms, 50):7.1f} ms  p95 {percentile(ms, 95):7.1f} ms  "
                  f"SQL statements {statements}")


if __name__ == "__main__":
    main()
