"""Benchmark: claim save latency (p50/p95/p99) under 1, 10 and 50 concurrent annotators.

    pip install -e '.[bench]'
    python bench/bench_save.py                                   # SQLite in a temporary folder
    python bench/bench_save.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
    python bench/bench_save.py --think 0.5 --saves 40            # each annotator pauses between saves

Real HTTP: gunicorn (gthread) runs as a subprocess on 127.0.0.1; each annotator is a thread
with its own keep-alive connection and personal API token. A save is either a new claim (POST,
with an Idempotency-Key) or a change of an existing claim's notes (PATCH, with its version),
alternating. Afterwards every acknowledged save is looked up in the database: none may be
missing and none applied twice. The client runs on the same cores as the server.
"""
import argparse
import os
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from load.harness import ApiClient, Server, add_server_arguments, count_markers, in_new_database  # noqa: E402
from load.harness import new_marker, percentile, run_clients, seed, verify  # noqa: E402


def annotator_loop(client, article_ids, text_length, saves, think, record):
    """Alternate creating a claim and changing its notes; record each acknowledged save."""
    rng = random.Random()
    claim = None
    for n in range(saves):
        marker = new_marker()
        if claim is None:
            start = rng.randrange(0, text_length - 30)
            status, body, seconds = client.create(rng.choice(article_ids), start, start + 12, marker)
            kind = "create"
        else:
            status, body, seconds = client.update(claim["id"], claim["version"], marker)
            kind = "update"
        record(kind, marker, status, seconds)
        claim = body["data"] if status in (200, 201) and kind == "create" else None
        if think:
            time.sleep(rng.uniform(0, 2 * think))


def run_level(server, tokens, data, concurrency, saves, think):
    """Run concurrency annotators at once; return latencies, errors and acknowledged saves."""
    latencies, errors, acknowledged, lock = [], {}, [], threading.Lock()

    def record(kind, marker, status, seconds):
        with lock:
            if status in (200, 201):
                latencies.append(seconds)
                acknowledged.append((kind, marker))
            else:
                errors[status] = errors.get(status, 0) + 1

    clients = [ApiClient(server.url, token) for token in tokens[:concurrency]]
    wall = run_clients(clients, annotator_loop, data["articles"], data["text_length"], saves, think, record)
    return latencies, errors, acknowledged, wall


def report(concurrency, latencies, errors, wall):
    ms = [s * 1000 for s in latencies]
    print(f"  {concurrency:>3} annotators: {len(ms):>5} saves in {wall:5.1f} s ({len(ms) / wall:6.1f}/s)  "
          f"p50 {percentile(ms, 50):6.1f} ms  p95 {percentile(ms, 95):6.1f} ms  p99 {percentile(ms, 99):6.1f} ms  "
          f"errors {errors or 0}")


def main():
    parser = add_server_arguments(argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter))
    parser.add_argument("--levels", default="1,10,50", help="concurrent annotators, comma-separated")
    parser.add_argument("--saves", type=int, default=30, help="saves per annotator per level")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between saves, seconds")
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",")]
    in_new_database(args.postgres, lambda database, root: run(args, levels, database, root))


def run(args, levels, database, root):
    data = seed(database, root, annotators=max(levels), reviewers=0, articles=10)
    tokens = [token for _, token in data["tokens"].values()]
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(f"claim save latency on {engine}, gunicorn {args.workers} workers x {args.threads} threads, "
          f"os.cpu_count()={os.cpu_count()}, {args.saves} saves per annotator, think {args.think} s")
    acknowledged = []
    with Server(database, root, workers=args.workers, threads=args.threads) as server:
        for concurrency in levels:
            latencies, errors, acked, wall = run_level(server, tokens, data, concurrency, args.saves, args.think)
            acknowledged += acked
            report(concurrency, latencies, errors, wall)
    result = verify(acknowledged, *count_markers(database, root))
    print(f"  check: {result['acknowledged']} acknowledged saves, {result['lost']} lost, "
          f"{result['applied_twice']} applied twice {result['examples'] or ''}")


if __name__ == "__main__":
    main()
