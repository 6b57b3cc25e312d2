"""Fault: kill -9 gunicorn in the middle of a stream of saves, restart it, and check the data.

    pip install -e '.[bench]'
    python load/fault_kill.py                           # SQLite
    python load/fault_kill.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
    python load/fault_kill.py --kills 3 --annotators 8

Annotator threads save without pause (a new claim with an Idempotency-Key, then a change of its
notes with its version). The arbiter and every worker are killed at once with SIGKILL while saves
are in flight; the server is restarted on the same port and the annotators retry what had no
answer: a create with the same Idempotency-Key, a change with the same version (which the version
check refuses if the first attempt was applied). Afterwards: every acknowledged save is in the
database exactly once, SQLite passes PRAGMA integrity_check (PostgreSQL: every table reads), and
replaying every acknowledged create with its key creates nothing.
"""
import argparse
import os
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.engine import make_url  # noqa: E402

from load.harness import ApiClient, Server, add_server_arguments, app_for, count_markers, drop_database  # noqa: E402
from load.harness import new_database, new_marker, seed, verify  # noqa: E402

RETRY_FOR_SECONDS = 30


class Annotator(threading.Thread):
    """Save until told to stop; retry a save that got no answer until it gets one."""

    def __init__(self, url, token, article_id, index, stop):
        super().__init__()
        self.client, self.article_id, self.index, self.stop = ApiClient(url, token, timeout=10), article_id, index, stop
        self.token = token
        self.acknowledged, self.retried, self.creates = [], 0, []

    def run(self):
        claim, n = None, 0
        while not self.stop.is_set():
            marker, n = new_marker(), n + 1
            if claim is None:
                start = (self.index * 997 + n * 31) % 3000
                body = self.until_answered(lambda: self.client.create(self.article_id, start, start + 12, marker))
                claim = self.record_create(marker, body, start)
            else:
                self.until_answered(lambda: self.client.update(claim["id"], claim["version"], marker), marker)
                claim = None
        self.client.close()

    def until_answered(self, send, update_marker=None):
        """Send until the server answers; return the answer's body when it acknowledged the save."""
        deadline, first = time.monotonic() + RETRY_FOR_SECONDS, True
        while time.monotonic() < deadline:
            try:
                status, body, _ = send()
            except OSError:
                self.retried += 0 if not first else 1
                first = False
                time.sleep(0.05)
                continue
            if update_marker and (status == 200 or self.applied_before(status, body, update_marker)):
                self.acknowledged.append(("update", update_marker))
            return body if status in (200, 201) else None
        raise RuntimeError("the server did not come back")

    @staticmethod
    def applied_before(status, body, marker):
        """A retried change refused as stale was applied by the attempt that lost its answer."""
        return status == 409 and (body["error"].get("current") or {}).get("notes") == marker

    def record_create(self, marker, body, start):
        if body is None:
            return None
        self.acknowledged.append(("create", marker))
        self.creates.append((marker, body["data"]["id"], start))
        return body["data"]


def replay_creates(server, article_id, annotators):
    """Send every acknowledged create again, as its annotator, with its key: the same request
    must return the same claim with 200; the same key with another body must be refused (422)."""
    wrong = []
    for annotator in annotators:
        client = ApiClient(server.url, annotator.token)
        for marker, claim_id, start in annotator.creates:
            status, body, _ = client.create(article_id, start, start + 12, marker)
            if status != 200 or body["data"]["id"] != claim_id:
                wrong.append((marker, status))
            status, _, _ = client.create(article_id, start + 1, start + 13, marker)
            if status != 422:
                wrong.append((marker, status))
        client.close()
    return wrong


def database_check(database, root):
    """Return 'ok' when the database is sound: SQLite's integrity_check, or PostgreSQL reads every table."""
    url = make_url(database)
    if url.drivername.startswith("sqlite"):
        connection = sqlite3.connect(url.database)
        try:
            return ", ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
        finally:
            connection.close()
    from annotator.extensions import db

    app = app_for(database, root)
    with app.app_context():
        for table in db.metadata.sorted_tables:
            db.session.execute(db.select(db.func.count()).select_from(table)).scalar()
        db.engine.dispose()
    return "ok (every table read)"


def main():
    parser = add_server_arguments(argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter))
    parser.add_argument("--annotators", type=int, default=6)
    parser.add_argument("--kills", type=int, default=2, help="how many times to kill -9 the server")
    parser.add_argument("--interval", type=float, default=2.5, help="seconds of saving before each kill")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        database = new_database(root, args.postgres)
        try:
            return run(args, database, root)
        finally:
            drop_database(database)


def run(args, database, root):
    data = seed(database, root, annotators=args.annotators, reviewers=0, articles=1)
    tokens, article_id = [t for _, t in data["tokens"].values()], data["articles"][0]
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(f"kill -9 during saves on {engine}: {args.annotators} annotators, {args.kills} kills, "
          f"os.cpu_count()={os.cpu_count()}")
    server, stop = Server(database, root, workers=args.workers, threads=args.threads).start(), threading.Event()
    annotators = [Annotator(server.url, token, article_id, n, stop) for n, token in enumerate(tokens)]
    try:
        kill_and_restart(server, annotators, stop, args)
        wrong = replay_creates(server, article_id, annotators)
    finally:
        server.stop()
    return report(database, root, annotators, wrong)


def kill_and_restart(server, annotators, stop, args):
    for annotator in annotators:
        annotator.start()
    for kill in range(args.kills):
        time.sleep(args.interval)
        before = sum(len(a.acknowledged) for a in annotators)
        server.kill9()
        print(f"  kill -9 #{kill + 1} after {before} acknowledged saves")
        time.sleep(0.5)
        server.start()
    time.sleep(args.interval)
    stop.set()
    for annotator in annotators:
        annotator.join()


def report(database, root, annotators, wrong):
    acknowledged = [a for annotator in annotators for a in annotator.acknowledged]
    result = verify(acknowledged, *count_markers(database, root))
    print(f"  saves retried after losing their answer: {sum(a.retried for a in annotators)}")
    print(f"  check: {result['acknowledged']} acknowledged, {result['lost']} lost, "
          f"{result['applied_twice']} applied twice {result['examples'] or ''}")
    print(f"  replayed {sum(len(a.creates) for a in annotators)} acknowledged creates with their "
          f"Idempotency-Key: {len(wrong)} created anything or answered other than 200 with the same claim "
          f"(or, with another body, other than 422)")
    print(f"  database check: {database_check(database, root)}")
    return 0 if result["lost"] == result["applied_twice"] == len(wrong) == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
