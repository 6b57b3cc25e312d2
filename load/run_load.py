"""Load run: set up an instance, start gunicorn, run Locust headless, then count every save.

    pip install -e '.[bench]'
    python load/run_load.py                            # SQLite, 50 users, 60 s
    python load/run_load.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
    python load/run_load.py --users 20 --time 30s

Everything listens on 127.0.0.1. The instance (a temporary folder, or a fresh PostgreSQL
database dropped afterwards) gets an admin, annotators and reviewers with one API token each,
and articles, all made through the services. Locust runs as its own process (load/locustfile.py).
Afterwards every acknowledged save is looked up in the database: a new claim by its marker
(exactly one claim), a change of notes by its marker (exactly one history event).
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from load.harness import ROOT, Server, add_server_arguments, count_markers, drop_database  # noqa: E402
from load.harness import new_database, percentile, seed, verify, write_json  # noqa: E402


def run_locust(server, root, args):
    """Run Locust headless against server; return its exit code."""
    env = {**os.environ, "LOAD_SEED": str(root / "seed.json"), "LOAD_ACKS": str(root / "acks.txt")}
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "load" / "locustfile.py"), "--headless",
               "-u", str(args.users), "-r", str(args.spawn_rate), "-t", args.time, "--host", server.url,
               "--csv", str(root / "locust"), "--only-summary", "--stop-timeout", "10"]
    with open(root / "locust.log", "wb") as log:
        return subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=600).returncode


def read_acks(path):
    """Return [(kind, marker)] and the latencies in ms of every acknowledged save."""
    rows = [line.split() for line in Path(path).read_text().splitlines() if line.strip()]
    return [(kind, marker) for kind, marker, _ in rows], [float(ms) for *_, ms in rows]


def print_stats(root):
    """Print Locust's per-request table: count, failures, median, p95, p99."""
    with open(root / "locust_stats.csv") as handle:
        for row in csv.DictReader(handle):
            print(f"    {row['Type']:<6} {row['Name']:<22} n={row['Request Count']:>6}  failures={row['Failure Count']:>4}"
                  f"  median {row['50%']:>5} ms  p95 {row['95%']:>5} ms  p99 {row['99%']:>5} ms"
                  f"  {float(row['Requests/s']):6.1f}/s")
    with open(root / "locust_failures.csv") as handle:
        for row in csv.DictReader(handle):
            print(f"    failed {row['Occurrences']} x {row['Method']} {row['Name']}: {row['Error'][:120]}")


def main():
    parser = add_server_arguments(argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--time", default="60s")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, CSVs)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="annotator-load-"))
    database = new_database(root, args.postgres)
    try:
        return run(args, root, database)
    finally:
        drop_database(database)
        if not args.keep:
            subprocess.run(["rm", "-rf", str(root)], check=False)


def run(args, root, database):
    write_json(root / "seed.json", seed(database, root, annotators=args.users, reviewers=max(2, args.users // 4),
                                        articles=10))
    (root / "acks.txt").touch()
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(f"load on {engine}: {args.users} users for {args.time}, gunicorn {args.workers} workers x "
          f"{args.threads} threads, os.cpu_count()={os.cpu_count()}, folder {root}")
    with Server(database, root, workers=args.workers, threads=args.threads) as server:
        code = run_locust(server, root, args)
    print_stats(root)
    acknowledged, latencies = read_acks(root / "acks.txt")
    result = verify(acknowledged, *count_markers(database, root))
    print(f"  saves: p50 {percentile(latencies, 50):.1f} ms, p95 {percentile(latencies, 95):.1f} ms, "
          f"p99 {percentile(latencies, 99):.1f} ms over {len(latencies)} acknowledged saves")
    print(f"  check: {result['acknowledged']} acknowledged, {result['lost']} lost, "
          f"{result['applied_twice']} applied twice {result['examples'] or ''}; locust exit code {code}")
    return 0 if result["lost"] == result["applied_twice"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
