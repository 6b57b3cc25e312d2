"""Side by side with doccano and Label Studio: the same work in all three, interleaved, as ratios.

    bench/peers/install.sh /tmp/annotator-peers          # once: three venvs, pinned
    python3 bench/peers/run.py --venvs /tmp/annotator-peers
    python3 bench/peers/run.py --venvs DIR --rounds 3 --seconds 30 --tools ours doccano

Run by hand, at normal priority, never from the test suite; see bench/peers/README.md for what
each figure means. Each tool gets two data dirs in a temporary folder (HOME and XDG_* there too):
one holding the 9,900-word article with its 1,000 overlapping spans (and a scratch document for
the creates), one holding 100 such articles for the export. A round starts each tool in turn on
127.0.0.1, measures, and stops it (A, B, C, A, B, C ...); the table gives medians and the median
of the per-round ratios peer / ours.
"""
import argparse
import contextlib
import os
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tools import TOOLS  # noqa: E402

WORDS, SPANS, ARTICLES = 9_900, 1_000, 100
SENTENCES = ("The council spent ${n} million on roads in 2023, the mayor said.",
             "Unemployment fell to {n}.9% last year, according to the statistics office.",
             "Critics argue the new stadium, which cost {n} million, will never pay for itself.",
             "Sales of electric cars rose {n}% between 2021 and 2023, the industry body reported.")


def article_text(words=WORDS):
    """Return about `words` words of news copy, in paragraphs of five sentences."""
    parts, count, n = [], 0, 0
    while count < words:
        sentence = SENTENCES[n % len(SENTENCES)].format(n=n)
        parts.append(sentence + ("\n\n" if n % 5 == 4 else " "))
        count, n = count + len(sentence.split()), n + 1
    return "".join(parts).strip()


def spans(text, count=SPANS, seed=19):
    """Return `count` (start, end) spans of 2-40 words; random, so many overlap and nest."""
    rng, found = random.Random(seed), []
    while len(found) < count:
        start = rng.randrange(0, len(text) - 300)
        start = text.find(" ", start) + 1
        end = start
        for _ in range(rng.randint(2, 40)):
            end = text.find(" ", end + 1)
        found.append((start, end))
    return found


def prepare(tool_class, venv, root, port, text, marks):
    """Make a tool's two instances: the article (+ scratch document) and the 100 for export."""
    work = tool_class(venv, Path(root, tool_class.__name__, "work"), port)
    bulk = tool_class(venv, Path(root, tool_class.__name__, "export"), port + 1)
    for tool in (work, bulk):
        tool.home.mkdir(parents=True)
        tool.prepare()
        tool.start()
    try:
        api = work.client()
        work.document = work.add_article(api, text, marks)
        work.scratch = work.add_document(api, text)
        bulk.add_bulk(bulk.client(), text, marks, ARTICLES)
    finally:
        work.stop()
        bulk.stop()
    return work, bulk


def figure_start(tool):
    """Start as one person on a laptop does; the time to the first page, the memory once settled."""
    try:
        seconds = tool.start(team=False)
        time.sleep(2)  # workers that start after the first page (doccano's celery) count too
        return {"start_s": seconds, "idle_mib": tool.rss_mib()}
    finally:
        tool.stop()


def figure_creates(tool, text_length, clients, seconds):
    latencies, errors, lock = [], [], threading.Lock()
    deadline = time.perf_counter() + seconds

    def loop(api):
        rng = random.Random()
        while time.perf_counter() < deadline:
            start = rng.randrange(0, text_length - 100)
            began = time.perf_counter()
            try:
                status = tool.add_span(api, tool.scratch, start, start + 40)
            except OSError:
                status = "connection lost"
            with lock:
                (latencies.append((time.perf_counter() - began) * 1000) if status in (200, 201)
                 else errors.append(status))

    # Not load.harness.run_clients: that module imports the app, and this driver needs none of ours.
    threads = [threading.Thread(target=loop, args=(tool.client(),)) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if not latencies:
        return unavailable(("creates_per_s", "p95_ms"), f"no create succeeded ({errors[:3]})")
    return {"creates_per_s": len(latencies) / wall, "p95_ms": sorted(latencies)[int(0.95 * len(latencies))],
            "errors": len(errors)}


def figure_export(tool, limit_mib):
    """Export the 100 articles; kill the tool if it grows past limit_mib (doccano's worker may)."""
    tool.start()
    time.sleep(2)
    before, peak, done = tool.rss_mib(), [0.0], threading.Event()

    def watch():
        while not done.wait(0.05):
            peak[0] = max(peak[0], tool.rss_mib())
            if peak[0] > limit_mib:
                tool.stop()

    watcher = threading.Thread(target=watch)
    watcher.start()
    began = time.perf_counter()
    try:
        status, size = tool.export(tool.client())
        seconds = time.perf_counter() - began
    except (OSError, RuntimeError) as error:
        status, size, seconds = str(error)[:80], 0, time.perf_counter() - began
    finally:
        done.set()
        watcher.join()
        tool.stop()
    if status != 200:
        return unavailable(("export_s", "export_mb", "export_rss_mib"),
                           f"failed after {seconds:.0f} s ({status}; peak {peak[0]:,.0f} MiB)")
    return {"export_s": seconds, "export_mb": size / 1e6, "export_rss_mib": peak[0] - before}


def one_round(work, bulk, text_length, args, playwright):
    result = figure_start(work)
    work.start()
    try:
        if playwright:
            from browser import figure_browser

            try:
                result.update(figure_browser(playwright, work, work.home, args.loads, args.clicks))
            except Exception as error:  # a peer's page that never answers is a figure, not a crash
                result.update(unavailable(("open_cold_ms", "open_warm_ms", "click_ms"), str(error)[:80]))
        result.update(figure_creates(work, text_length, args.clients, args.seconds))
    finally:
        work.stop()
    export = figure_export(bulk, args.limit_mib)
    return {**result, **export, "n/a": {**result.get("n/a", {}), **export.get("n/a", {})}}


FIGURES = (("open the article, cold browser, until a click is answered", "open_cold_ms", "ms"),
           ("same, warm", "open_warm_ms", "ms"), ("click a span until its panel shows", "click_ms", "ms"),
           ("start to first page", "start_s", "s"), ("idle RSS", "idle_mib", "MiB"),
           ("creates, 10 clients", "creates_per_s", "/s"), ("creates p95", "p95_ms", "ms"),
           ("export 100,000 spans", "export_s", "s"), ("export size", "export_mb", "MB"),
           ("export RSS growth", "export_rss_mib", "MiB"), ("venv", "venv_mb", "MB"))


def unavailable(keys, reason):
    return {"n/a": {key: reason for key in keys}}


def cell(rounds, key, ours_rounds):
    values = [r[key] for r in rounds if key in r]
    if not values:
        return "n/a: " + next((r["n/a"][key] for r in rounds if key in r.get("n/a", {})), "not measured")
    text = f"{statistics.median(values):,.2f}"
    ratios = [r[key] / o[key] for r, o in zip(rounds, ours_rounds) if key in r and o.get(key)]
    return text + (f" (x{statistics.median(ratios):.2f})" if ratios and rounds is not ours_rounds else "")


def report(results, loads):
    names = list(results)
    print(f"\nmedians over {len(results[names[0]])} interleaved rounds (xN = median of per-round peer / ours); "
          f"load average {min(loads):.1f}-{max(loads):.1f}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}")
    print("| figure | " + " | ".join(names) + " |\n|---|" + "---|" * len(names))
    for label, key, unit in FIGURES:
        print(f"| {label} ({unit}) | " + " | ".join(cell(results[n], key, results[names[0]]) for n in names) + " |")


@contextlib.contextmanager
def browsers(skip):
    """Yield Playwright, or None when skipped or not installed (the browser figures then read n/a)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("Playwright is not installed: no browser figures (run with the repo's .venv/bin/python)")
        skip = True
    if skip:
        yield None
        return
    with sync_playwright() as playwright:
        yield playwright


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--venvs", required=True, help="the folder install.sh filled")
    parser.add_argument("--tools", nargs="+", default=list(TOOLS), choices=list(TOOLS), help="ours first")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of a creates run")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--loads", type=int, default=3, help="page loads a round (cold and warm)")
    parser.add_argument("--clicks", type=int, default=20, help="clicks on spans a round")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser figures")
    parser.add_argument("--limit-mib", type=float, default=8000, help="stop an export that grows a tool past this")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # so that the finally blocks stop the servers
    text, marks = article_text(), spans(article_text())
    print(f"{len(text.split()):,} words, {len(marks):,} spans; {ARTICLES} articles for the export")
    with tempfile.TemporaryDirectory(prefix="peers-") as root, browsers(args.no_browser) as playwright:
        tools, sizes = {}, {}
        for n, name in enumerate(args.tools):
            began = time.perf_counter()
            tools[name] = prepare(TOOLS[name], Path(args.venvs, name), root, 18300 + 10 * n, text, marks)
            sizes[name] = tools[name][0].venv_mb()
            print(f"  {name}: loaded in {time.perf_counter() - began:.0f} s", flush=True)
        results, loads = {tools[n][0].name: [] for n in args.tools}, []
        for round_ in range(args.rounds):
            for name, (work, bulk) in tools.items():
                loads.append(os.getloadavg()[0])
                result = one_round(work, bulk, len(text), args, playwright)
                result["venv_mb"] = sizes[name]
                results[work.name].append(result)
                print(f"  round {round_ + 1} {work.name}: {result}  (load {loads[-1]:.1f})", flush=True)
        report(results, loads)


if __name__ == "__main__":
    main()
