"""Benchmark: what 50 people watching one article live cost the people saving on it.

    python bench/bench_live.py                                   # SQLite in a temporary folder
    python bench/bench_live.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
    python bench/bench_live.py --watchers 50 --savers 5 --seconds 60 --rounds 2
    python bench/bench_live.py --streams 16 --workers 4 --threads 20    # the page's stream, not its poll

Real HTTP against gunicorn (gthread) on 127.0.0.1. Savers alternate a new claim and a change of
its notes on one article, pausing about a second between saves. Watchers do what
static/js/live.js does: poll GET /articles/<id>/changes with their cursor every second, or with
--streams (LIVE_STREAMS, per app process) keep the article's stream open and read what it pushes
(polling while a stream is refused), and send a presence heartbeat every ten seconds. Rounds alternate without and with watchers (the machine is shared, so one round of each
would measure the neighbours), after a warm-up round that is not counted; the save p95 of each
kind is compared. Target: watchers add < 10% to save p95. The clients run on the same cores as
the server; the watchers run in a process of their own, as browsers would, so that their fifty
threads do not hold the savers' interpreter lock and slow the savers' own clock. Each round also
prints the CPU the app's processes, PostgreSQL and the clients used in it.
"""
import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from load.harness import ApiClient, Server, add_server_arguments, in_new_database  # noqa: E402
from load.harness import cpu_seconds, new_marker, percentile, seed  # noqa: E402

POLL_S, HEARTBEAT_S, SAVER_PAUSE_S = 1.0, 10.0, 1.0


def saver(client, article_id, text_length, stop, record):
    """Create a claim, change its notes, again, until stop; record each acknowledged save's seconds."""
    rng, claim = random.Random(), None
    while not stop.is_set():
        marker = new_marker()
        if claim is None:
            start = rng.randrange(0, text_length - 30)
            status, body, seconds = client.create(article_id, start, start + 12, marker)
            claim = body["data"] if status in (200, 201) else None
        else:
            status, body, seconds = client.update(claim["id"], claim["version"], marker)
            claim = None
        record("save", status, seconds)
        time.sleep(rng.uniform(0, 2 * SAVER_PAUSE_S))


def watcher(client, article_id, stop, record):
    """Poll the article's changes each second with a cursor; a heartbeat every HEARTBEAT_S."""
    cursor, seen, beat = 0, 0, 0.0
    time.sleep(random.uniform(0, POLL_S))  # spread the watchers over the second, as page loads would be
    while not stop.is_set():
        if time.monotonic() - beat >= HEARTBEAT_S:
            status, _, seconds = client.request("PUT", f"/articles/{article_id}/presence", {"claim_id": None})
            record("heartbeat", status, seconds)
            beat = time.monotonic()
        status, body, seconds = client.request("GET", f"/articles/{article_id}/changes?after={cursor}&seen={seen}")
        record("poll", status, seconds)
        if status == 200:
            data = body["data"]
            cursor, seen = data["cursor"], max([seen, *(e["id"] for e in data["events"])])
        stop.wait(max(0.0, POLL_S - seconds))


def stream_watcher(client, article_id, stop, record):
    """Keep the article's stream open and read its messages, as the page does where the server
    pushes: the next stream from the cursor when one ends, a poll while one is refused."""
    cursor, seen, beat = 0, 0, 0.0
    time.sleep(random.uniform(0, POLL_S))
    while not stop.is_set():
        connection = http.client.HTTPConnection(*client.address, timeout=30)
        connection.request("GET", f"/api/v1/articles/{article_id}/stream?after={cursor}&seen={seen}",
                           headers=client.headers)
        response = connection.getresponse()
        record("stream", response.status, 0)
        if response.status != 200:
            connection.close()
            status, body, seconds = client.request("GET", f"/articles/{article_id}/changes?after={cursor}&seen={seen}")
            record("poll", status, seconds)
            stop.wait(POLL_S)
            continue
        with contextlib.closing(connection):
            while not stop.is_set():
                if time.monotonic() - beat >= HEARTBEAT_S:  # messages come often while people save
                    status, _, seconds = client.request("PUT", f"/articles/{article_id}/presence", {"claim_id": None})
                    record("heartbeat", status, seconds)
                    beat = time.monotonic()
                line = response.readline()
                if not line:
                    break  # this stream has ended: open the next from the cursor
                if line.startswith(b"data: "):
                    data = json.loads(line[len(b"data: "):]).get("data")  # none in the `end` event's
                    if data is not None:
                        cursor, seen = data["cursor"], max([seen, *(e["id"] for e in data["events"])])
                        record("message", 200, 0)


class Recorder:
    """Timings (ms) of the acknowledged requests by kind, and the count of the others by (kind, status)."""

    def __init__(self):
        self.timings, self.errors, self.lock = {}, {}, threading.Lock()

    def __call__(self, kind, status, seconds):
        with self.lock:
            if status in (200, 201):
                self.timings.setdefault(kind, []).append(seconds * 1000)
            else:
                self.errors[(kind, status)] = self.errors.get((kind, status), 0) + 1


def run_clients(clients, target, args_of, seconds):
    """Run target(client, *args_of, stop) in a thread per client for seconds, then close the clients."""
    stop = threading.Event()
    threads = [threading.Thread(target=target, args=(client, *args_of, stop)) for client in clients]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    for client in clients:
        client.close()


def watch(url, tokens, article_id, seconds, results, streams):
    """In a process of its own: the watchers for seconds; put their timings, errors and CPU seconds."""
    record, started = Recorder(), time.process_time()
    kind = stream_watcher if streams else watcher
    run_clients([ApiClient(url, t) for t in tokens], lambda c, a, r, stop: kind(c, a, stop, r),
                (article_id, record), seconds)
    results.put((record.timings, record.errors, time.process_time() - started))


def run_round(server, tokens, data, args, watchers):
    """Run the savers (and the watchers) for args.seconds; return {kind: [ms]}, {kind: errors}, {what: CPU s}."""
    article_id, record = data["articles"][0], Recorder()
    cpu = {"app": cpu_seconds(session=server.process.pid), "postgres": cpu_seconds(name="postgres"),
           "clients": time.process_time()}
    results, process = multiprocessing.get_context("fork").Queue(), None
    if watchers:
        process = multiprocessing.get_context("fork").Process(target=watch, args=(
            server.url, tokens[args.savers:args.savers + watchers], article_id, args.seconds, results, args.streams))
        process.start()
    savers = [ApiClient(server.url, t) for t in tokens[:args.savers]]
    run_clients(savers, lambda c, a, n, r, stop: saver(c, a, n, stop, r),
                (article_id, data["text_length"], record), args.seconds)
    cpu = {"app": cpu_seconds(session=server.process.pid) - cpu["app"],
           "postgres": cpu_seconds(name="postgres") - cpu["postgres"], "clients": time.process_time() - cpu["clients"]}
    if process is not None:
        timings, errors, client_cpu = results.get(timeout=args.seconds + 60)
        process.join()
        record.timings.update(timings)
        record.errors.update(errors)
        cpu["clients"] += client_cpu
    return record.timings, record.errors, cpu


def line(label, ms, seconds):
    return (f"{label:<10} n={len(ms):>6} ({len(ms) / seconds:6.1f}/s)  p50 {percentile(ms, 50):6.1f} ms  "
            f"p95 {percentile(ms, 95):6.1f} ms  p99 {percentile(ms, 99):6.1f} ms")


def main():
    parser = add_server_arguments(argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter))
    parser.add_argument("--watchers", type=int, default=50)
    parser.add_argument("--savers", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each round")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of each kind, alternating")
    parser.add_argument("--streams", type=int, default=0,
                        help="LIVE_STREAMS: streams each app process holds open (0: the watchers poll)")
    args = parser.parse_args()
    if args.streams and args.threads <= args.streams:
        parser.error("--threads must be above --streams: each open stream holds one of a process's threads")
    in_new_database(args.postgres, lambda database, root: run(args, database, root))


def run(args, database, root):
    data = seed(database, root, annotators=args.savers + args.watchers, reviewers=0, articles=1)
    tokens = [token for _, token in data["tokens"].values()]
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(f"live feed cost on {engine}, gunicorn {args.workers} workers x {args.threads} threads, "
          f"os.cpu_count()={os.cpu_count()}, {args.savers} savers on one article, {args.watchers} watchers "
          f"({f'streams, {args.streams} a process' if args.streams else f'poll {POLL_S:.0f} s'}, "
          f"heartbeat {HEARTBEAT_S:.0f} s), {args.rounds} x {args.seconds:.0f} s rounds of each")
    saves = {0: [], args.watchers: []}
    server = Server(database, root, workers=args.workers, threads=args.threads,
                    settings={"LIVE_STREAMS": args.streams}).start(timeout=180)  # a busy machine
    try:
        for n in range(2 * args.rounds + 1):
            watchers = args.watchers if n % 2 == 0 and n else 0
            timings, errors, cpu = run_round(server, tokens, data, args, watchers)
            label = "warm-up, not counted" if n == 0 else f"round {n}"
            print(f"  {label}, {watchers:>3} watchers, load average {os.getloadavg()[0]:.1f}, errors {errors or 0}, "
                  "CPU ms per second: " + ", ".join(f"{what} {seconds / args.seconds * 1000:.0f}"
                                                    for what, seconds in cpu.items()))
            for kind in ("save", "poll", "heartbeat"):
                if kind in timings:
                    print("    " + line(kind, timings[kind], args.seconds))
            if "stream" in timings:
                print(f"    streams opened {len(timings['stream'])}, messages read {len(timings.get('message', []))}")
            if n:
                saves[watchers] += timings.get("save", [])
    finally:
        server.stop()
    without, with_ = (percentile(saves[k], 95) for k in (0, args.watchers))
    print(f"  save p95 without watchers {without:.1f} ms, with {args.watchers}: {with_:.1f} ms "
          f"({(with_ / without - 1) * 100:+.1f}%)")


if __name__ == "__main__":
    main()
