"""The browser figures, the same for every tool: Chromium (/usr/bin/chromium) through Playwright.

- open: navigation start -> the first click on a span that the tool answers (its panel or menu
  shows), clicking again every 100 ms until it does; cold (browser cache cleared, a new tab) and
  warm (the same page loaded again);
- click: a real mouse click on a span -> the frame after the tool's click handler ran (a
  capture-phase listener stamps the click, a requestAnimationFrame then a task stamps the end).
"""
import random
import statistics

from playwright.sync_api import Error as PlaywrightError

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOWN_AT = """sel => { const e = document.querySelector(sel);
  return e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden' && performance.now(); }"""
STAMP_CLICKS = """() => { window.__clicks = [];
  document.addEventListener('click', () => { const started = performance.now();
    requestAnimationFrame(() => setTimeout(() => window.__clicks.push(performance.now() - started), 0)); }, true); }"""

IN_VIEW = """sel => [...document.querySelectorAll(sel)].map((e, i) => [i, e.getBoundingClientRect()])
  .filter(([, r]) => r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && r.right <= innerWidth).map(([i]) => i)"""


def launch(playwright, home):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True, env={"HOME": str(home)})


def open_until_answered(page, tool, url):
    """Return the ms from navigation start until a click on a span was answered."""
    page.goto(url, wait_until="commit")
    for _ in range(300):
        try:
            page.locator(tool.span_selector).first.click(timeout=2_000, force=True)
            return page.wait_for_function(SHOWN_AT, arg=tool.panel_selector, polling="raf", timeout=100).json_value()
        except PlaywrightError:
            continue
    raise RuntimeError(f"{tool.name}: no click answered in 300 tries")


def figure_browser(playwright, tool, home, loads=3, clicks=20):
    """Return the open figures (cold, warm) and the click figure for one started tool."""
    browser = launch(playwright, home)
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        tool.sign_in(page)
        url = tool.base + tool.page_url(tool.document)
        cold, warm = [], []
        for _ in range(loads):
            page.close()
            page = context.new_page()
            context.new_cdp_session(page).send("Network.clearBrowserCache")
            cold.append(open_until_answered(page, tool, url))
            warm.append(open_until_answered(page, tool, url))
        return {"open_cold_ms": statistics.median(cold), "open_warm_ms": statistics.median(warm),
                "click_ms": click_latency(page, tool, clicks)}
    finally:
        browser.close()


def click_latency(page, tool, clicks):
    """Return the median ms from a click on a span to the frame after the tool handled it."""
    page.evaluate(STAMP_CLICKS)
    spans = page.locator(tool.span_selector)
    spans.first.wait_for()
    # Spans in view only: doccano draws only the lines in view, and scrolling would redraw them.
    in_view = page.evaluate(IN_VIEW, tool.span_selector)
    for done, index in enumerate(random.Random(7).sample(in_view, min(clicks, len(in_view))), start=1):
        tool.close_panel(page)
        spans.nth(index).click(force=True)
        page.wait_for_function("n => window.__clicks.length >= n", arg=done)
    return statistics.median(page.evaluate("window.__clicks"))
