"""Benchmark: 10 API clients creating claims with no pause: throughput and latency (p50/p95).

    pip install -e '.[bench]'
    python bench/bench_save_contention.py                          # SQLite (synchronous=FULL), 30 s
    python bench/bench_save_contention.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
    python bench/bench_save_contention.py --clients 10 --seconds 30 --runs 3

The figure of the comparison with doccano (its 10 clients x 30 s: 218 creates/s, p95 80 ms on
SQLite). Real HTTP: gunicorn (gthread) as a subprocess on 127.0.0.1; each client a thread with
its own keep-alive connection and API token, sending POST /api/v1/articles/<id>/claims (with an
Idempotency-Key) back to back for the given seconds. Afterwards every acknowledged create is
looked up: none may be missing, none doubled. The clients run on the same cores as the server.
Targets: p95 < 50 ms; at least 218/s on SQLite and twice that on PostgreSQL.
"""
import argparse
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from load.harness import ApiClient, Server, add_server_arguments, count_markers, in_new_database  # noqa: E402
from load.harness import new_marker, percentile, run_clients, seed, verify  # noqa: E402


def client_loop(client, article_ids, text_length, deadline, record):
    rng = random.Random()
    while time.perf_counter() < deadline:
        marker = new_marker()
        start = rng.randrange(0, text_length - 30)
        try:
            status, _, seconds = client.create(rng.choice(article_ids), start, start + 12, marker)
        except OSError:
            status, seconds = "connection lost", 0.0
        record(marker, status, seconds)


def one_run(server, tokens, data, clients, seconds):
    latencies, errors, acknowledged, lock = [], {}, [], threading.Lock()

    def record(marker, status, elapsed):
        with lock:
            if status in (200, 201):
                latencies.append(elapsed * 1000)
                acknowledged.append(("create", marker))
            else:
                errors[status] = errors.get(status, 0) + 1

    connections = [ApiClient(server.url, token) for token in tokens[:clients]]
    deadline = time.perf_counter() + seconds
    wall = run_clients(connections, client_loop, data["articles"], data["text_length"], deadline, record)
    return len(latencies) / wall, percentile(latencies, 50), percentile(latencies, 95), errors, acknowledged


def main(argv=None):
    parser = add_server_arguments(argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter))
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    in_new_database(args.postgres, lambda database, root: run(args, database, root))


def run(args, database, root):
    data = seed(database, root, annotators=args.clients, reviewers=0, articles=10)
    tokens = [token for _, token in data["tokens"].values()]
    engine = "PostgreSQL" if args.postgres else "SQLite (synchronous=FULL)"
    print(f"{args.clients} clients creating claims with no pause on {engine}, gunicorn {args.workers} workers x "
          f"{args.threads} threads, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    results, acknowledged = [], []
    with Server(database, root, workers=args.workers, threads=args.threads) as server:
        for n in range(args.runs):
            rate, p50, p95, errors, acked = one_run(server, tokens, data, args.clients, args.seconds)
            results.append((rate, p50, p95))
            acknowledged += acked
            print(f"  run {n + 1}: {rate:6.1f} creates/s  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  errors {errors or 0}  "
                  f"(load average {os.getloadavg()[0]:.1f})", flush=True)
    rates, p95s = [r[0] for r in results], [r[2] for r in results]
    print(f"  best {max(rates):.1f}/s (median {statistics.median(rates):.1f}/s); "
          f"p95 best {min(p95s):.1f} ms (median {statistics.median(p95s):.1f} ms)")
    result = verify(acknowledged, *count_markers(database, root))
    print(f"  check: {result['acknowledged']} acknowledged creates, {result['lost']} lost, "
          f"{result['applied_twice']} applied twice {result['examples'] or ''}")


if __name__ == "__main__":
    main()
