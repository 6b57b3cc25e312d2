"""Benchmark: the annotation workspace in headless Chromium, 10,000 words with 1,000 claims.

    python bench/bench_workspace.py                  # 5 page loads, 40 clicks, 5 cold and 5 warm first clicks
    python bench/bench_workspace.py --loads 10 --clicks 100 --cold 10

The real app (migrated SQLite file, data made through the services, as bench_page.py makes it)
served by gunicorn on 127.0.0.1 in its own processes (load/harness.Server); Chromium (/usr/bin/chromium) driven by Playwright, signed in.

- time to interactive: navigation start -> the workspace's `workspace-ready` performance mark
  (set once the claims are loaded, the list is drawn and every handler is bound);
- click latency: a real mouse click on a highlight -> the next frame after the claim panel
  opened (the click's capture-phase listener stamps the start, a requestAnimationFrame after
  the app's handler stamps the end).
- first click answered: from navigation start, a real click on the first highlight in view,
  sent again every few milliseconds from the moment the highlight is in the DOM until one opens
  the claim panel, to the next frame after it opened. Cold: a new Chromium process with an empty
  profile (no cache) for every load, signed in by cookie; warm: one browser, loads one after
  another (its HTTP cache holds the scripts and styles);
- long tasks after the text is drawn: the 'longtask' entries (over 50 ms on the main thread)
  that start after the first contentful paint, of those same loads.
Targets: interactive under 1.5 s; click under 20 ms (median); first click cold under 300 ms,
warm under 200 ms; no long task after the text is drawn.
"""
import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from annotator.extensions import db  # noqa: E402
from bench.bench_page import make_article  # noqa: E402
from load.harness import Server, app_for, new_database, percentile  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PASSWORD = "bench-password-one"
VIEWPORT = {"width": 1400, "height": 900}
STAMP_CLICKS = """() => {
  window.__clicks = [];
  document.getElementById("article-text").addEventListener("click", () => {
    const started = performance.now();
    requestAnimationFrame(() => setTimeout(() => window.__clicks.push(performance.now() - started), 0));
  }, true);
}"""
READY_AT = "() => performance.getEntriesByName('workspace-ready')[0].startTime"
# Before any of the page's scripts: long tasks from the start, and the frame after the first
# click that opened the claim panel (the window's bubble listener runs after the app's).
WATCH_LOAD = """(() => {
  const bench = window.__bench = { longtasks: [], answered: null };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longtasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask" });
  addEventListener("click", () => {
    const editor = document.getElementById("claim-editor");
    if (bench.answered !== null || bench.pending || !editor || editor.hidden) return;
    bench.pending = true;
    requestAnimationFrame(() => setTimeout(() => { bench.answered = performance.now(); }, 0));
  });
})();"""
LOAD_FIGURES = """() => {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const drawn = paint ? paint.startTime : 0;
  const after = window.__bench.longtasks.filter(([start]) => start >= drawn);
  const nav = performance.getEntriesByType('navigation')[0];
  return { answered: window.__bench.answered, painted: drawn, response: nav.responseStart,
           browser: window.__bench.answered - nav.responseStart,
           longest: Math.max(0, ...after.map(([, d]) => d)), blocked: after.reduce((n, [, d]) => n + d, 0),
           tasks: after.map(([s, d]) => `${Math.round(s)}+${Math.round(d)}`).join(' ') };
}"""
FIRST_MARK = "#article-text mark.hl[data-claims]:not([data-claims*=' '])"


def seed(app):
    from annotator.services.accounts import create_user

    with app.app_context():
        create_user("admin", PASSWORD, "admin")
        db.session.commit()
        return make_article(10_000, 1_000)


def sign_in(page, base):
    page.goto(base + "/login")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def time_to_interactive(page, url, loads):
    timings = []
    for _ in range(loads):
        page.goto(url)
        page.wait_for_selector("html[data-workspace=ready]")
        timings.append(page.evaluate(READY_AT))
        if os.environ.get("BENCH_BREAKDOWN"):
            print(page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
              return {ttfb: n.responseStart, html: n.responseEnd, interactive: n.domInteractive,
                      dcl: n.domContentLoadedEventEnd, ready: performance.getEntriesByName('workspace-ready')[0].startTime}; }"""))
    return timings


def click_latency(page, clicks):
    page.evaluate(STAMP_CLICKS)
    marks = page.locator("#article-text mark.hl[data-claims]:not([data-claims*=' '])")
    rng = random.Random(7)
    for done, index in enumerate(rng.sample(range(marks.count()), clicks), start=1):
        mark = marks.nth(index)
        mark.scroll_into_view_if_needed()
        mark.click()
        page.wait_for_function("(n) => window.__clicks.length >= n", arg=done)
        assert not page.locator("#claim-editor").is_hidden()
    return page.evaluate("window.__clicks")


def first_click(page, url):
    """Load url and click its first highlight until the claim panel answers; return the figures."""
    page.goto(url, wait_until="commit")
    box = page.wait_for_selector(FIRST_MARK, state="visible").bounding_box()
    x, y = box["x"] + min(box["width"] / 2, 20), box["y"] + box["height"] / 2
    for _ in range(2000):
        page.mouse.click(x, y)
        if page.evaluate("window.__bench.answered !== null"):
            break
        page.wait_for_timeout(5)
    page.wait_for_selector("html[data-workspace=ready]")
    page.wait_for_timeout(300)  # the long tasks that follow the answer count too
    return page.evaluate(LOAD_FIGURES)


def cold_loads(playwright, root, state, url, loads):
    """First-click figures of `loads` loads, each in a new browser process with an empty cache."""
    figures = []
    for _ in range(loads):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True,
                                             env={**os.environ, "HOME": root})
        page = browser.new_context(viewport=VIEWPORT, storage_state=state).new_page()
        page.add_init_script(WATCH_LOAD)
        figures.append(first_click(page, url))
        browser.close()
    return figures


def warm_loads(page, url, loads):
    page.add_init_script(WATCH_LOAD)
    page.goto(url)  # the cache now holds the page's scripts and styles
    return [first_click(page, url) for _ in range(loads)]


def report_loads(label, figures):
    report(f"{label}: first click answered", [f["answered"] for f in figures], 300 if "cold" in label else 200)
    report(f"{label}: first byte of the page", [f["response"] for f in figures], 300)
    report(f"{label}: first byte -> answered", [f["browser"] for f in figures], 300)
    report(f"{label}: text drawn (FCP)", [f["painted"] for f in figures], 300)
    report(f"{label}: longest task after", [f["longest"] for f in figures], 50)
    report(f"{label}: blocked after (sum)", [f["blocked"] for f in figures], 50)
    if os.environ.get("BENCH_BREAKDOWN"):
        for f in figures:
            print(f"    long tasks (start+ms): {f['tasks'] or 'none'}")


def report(label, values, target):
    print(f"  {label:<36} median {percentile(values, 50):7.1f} ms  p95 {percentile(values, 95):7.1f} ms  "
          f"max {max(values):7.1f} ms  (target < {target} ms)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loads", type=int, default=5, help="timed page loads")
    parser.add_argument("--clicks", type=int, default=40, help="timed clicks on highlights")
    parser.add_argument("--cold", type=int, default=5, help="cold and warm first-click loads (0: none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        database = new_database(root)
        article_id = seed(app_for(database, root))
        os.environ.setdefault("HOME", root)
        with Server(database, root, workers=2, threads=4) as server, sync_playwright() as playwright:
            base = server.url
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True,
                                                 env={**os.environ, "HOME": root})
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            sign_in(page, base)
            url = f"{base}/articles/{article_id}"
            tti = time_to_interactive(page, url, args.loads)
            clicks = click_latency(page, args.clicks)
            warm = warm_loads(context.new_page(), url, args.cold) if args.cold else []
            state = context.storage_state()
            browser.close()
            cold = cold_loads(playwright, root, state, url, args.cold)
    print(f"workspace, 10,000 words and 1,000 claims, headless Chromium, os.cpu_count()={os.cpu_count()}, "
          f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    report("time to interactive", tti, 1500)
    report("click highlight -> panel open", clicks, 20)
    if cold:
        report_loads("cold", cold)
        report_loads("warm", warm)


if __name__ == "__main__":
    main()
