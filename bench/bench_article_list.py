"""Benchmark: the article list with 10,000 articles, filtered, searched, sorted and paged.

    python bench/bench_article_list.py                      # SQLite
    python bench/bench_article_list.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
    python bench/bench_article_list.py --articles 2000 --requests 10

A temporary database built by the migrations. The articles come from the articles service
(import_article: the article, its first revision and its history event); their claims and
assignments are inserted in bulk as the services would write them (their verbs are measured
elsewhere; here only the list's reads matter). Every page is fetched signed in through the WSGI
test client after one warm-up request. Target: < 100 ms a page, the same statement count for
every query.
"""
import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert  # noqa: E402

from annotator.extensions import db  # noqa: E402
from load.harness import app_for, drop_database, new_database, percentile  # noqa: E402

WORDS = ("Budget", "Water", "Roads", "Schools", "Election", "Hospital", "Transit", "Housing", "Police", "Parks")
PASSWORD = "bench-password-of-the-desk"  # the password rules ask for 15 characters
OUTLETS = ("Gazette", "Herald", "Courier", "Post", "Tribune")
TEXT = "The council spent $4 million on roads in 2023, the mayor said. Unemployment fell to 3.9% last year."
PATHS = (
    "/", "/?sort=due", "/?sort=priority", "/?assignee=me", "/?assignee=none", "/?q=budget+vote",
    "/?due=overdue&sort=priority", "/?state=in_review&outlet=Herald", "/?page=150",
    "/api/v1/articles?assignee=me&sort=due",
)


def seed(count):
    """Make count articles with 3 claims each; assign three in five of them to a desk of people."""
    from annotator.models import Article, Assignment, Claim, User
    from annotator.services.accounts import create_user
    from annotator.services.articles import import_article
    from annotator.services.assignments import ArticleAssignment, write_plan

    admin = create_user("admin", PASSWORD, "admin")
    people = [create_user(f"annotator{i}", PASSWORD, "annotator") for i in range(8)]
    reviewer = create_user("reviewer", PASSWORD, "reviewer")
    db.session.flush()
    rng, today, ids = random.Random(7), date.today(), []
    for n in range(count):
        title = f"{rng.choice(WORDS)} {rng.choice(('vote', 'plan', 'row', 'report'))} no. {n}"
        ids.append(import_article(admin, TEXT, title=title, outlet=rng.choice(OUTLETS)).id)
        if n % 500 == 499:
            db.session.commit()
    start, end = 4, 33
    db.session.execute(insert(Claim), [
        {"article_id": a, "start": start, "end": end, "quote": TEXT[start:end], "created_by_id": admin.id,
         "updated_by_id": admin.id, "review_state": rng.choice(("open", "submitted", "approved")),
         "verdict_key": rng.choice(("accurate", "false", None))} for a in ids for _ in range(3)])
    rows = []
    for a in ids:
        if rng.random() < 0.6:
            due, priority = today + timedelta(days=rng.randint(-5, 30)), rng.choice(("low", "normal", "high", "urgent"))
            for user, role in ((rng.choice(people), "annotator"), (reviewer, "reviewer")):
                rows.append({"article_id": a, "user_id": user.id, "username": user.username, "display_name": user.display_name,
                             "role": role, "due_on": due, "priority": priority, "assigned_by_id": admin.id})
    db.session.execute(insert(Assignment), rows)
    for a in {r["article_id"]: r for r in rows}.values():  # each article's plan, as assign_article writes it
        write_plan(ArticleAssignment(a["article_id"], due_on=a["due_on"], priority=a["priority"], reviewer=a))
    db.session.execute(db.update(Article).where(Article.id.in_(ids[::4])).values(state="in_review"))
    db.session.commit()
    return people[0].username, db.session.query(User).count()


class StatementCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args):
        self.count += 1


def measure(client, path, requests):
    """Return (wall milliseconds per request, this process's CPU milliseconds per request, statement
    count of one request). On a shared machine the CPU time is what the request costs by itself."""
    assert client.get(path).status_code == 200, path  # warm-up
    counter = StatementCounter()
    event.listen(db.engine, "before_cursor_execute", counter)
    client.get(path).close()
    event.remove(db.engine, "before_cursor_execute", counter)
    timings, cpu = [], []
    for _ in range(requests):
        started, used = time.perf_counter(), time.process_time()
        client.get(path).close()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return timings, cpu, counter.count


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per query")
    parser.add_argument("--postgres", help="a PostgreSQL URL to create a temporary database from")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        database = new_database(root, args.postgres)
        try:
            run(database, root, args)
        finally:
            drop_database(database)


def run(database, root, args):
    app = app_for(database, root, WTF_CSRF_ENABLED=False)
    with app.app_context():
        started = time.perf_counter()
        username, _ = seed(args.articles)
        seeded = time.perf_counter() - started
    backend = "PostgreSQL" if database.startswith("postgresql") else "SQLite"
    print(f"article list, {args.articles:,} articles (seeded in {seeded:.0f} s), {backend}, "
          f"os.cpu_count()={os.cpu_count()}, load average {os.getloadavg()[0]:.1f}, "
          f"{args.requests} requests per query, signed in as {username}")
    client = app.test_client()
    client.post("/login", data={"username": username, "password": PASSWORD})
    for path in PATHS:
        with app.app_context():
            ms, cpu, statements = measure(client, path, args.requests)
        print(f"  {path:<42} median {percentile(ms, 50):6.1f} ms  p95 {percentile(ms, 95):6.1f} ms  "
              f"(CPU median {percentile(cpu, 50):5.1f} ms)  SQL statements {statements}")
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()
