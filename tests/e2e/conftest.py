"""Browser tests: the real app on a live server, driven by Chromium through Playwright.

Every page a test opens is watched: a console error or a Content-Security-Policy
violation fails the test, unless the test says it expects that message.
"""
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
from werkzeug.serving import make_server

from annotator.extensions import db
from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SHOTS_ENV = "ANNOTATOR_SHOTS"
AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# Injected by the browser itself (not part of our page), so the CSP does not block it.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_home(tmp_path_factory):
    """A HOME of its own for Chromium, so nothing lands in the user's folders."""
    return tmp_path_factory.mktemp("chromium-home")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_home):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium).")
    env = {**os.environ, "HOME": str(browser_home), "XDG_CONFIG_HOME": str(browser_home / "config"),
           "XDG_CACHE_HOME": str(browser_home / "cache")}
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS,
            "env": env, "headless": True}


class LiveServer:
    """The app served by werkzeug in a background thread on 127.0.0.1.

    On exit it waits for the requests still in flight, so none holds a database connection when the
    test's engine is disposed (a connection collected open is an unraisable warning in a later test).
    """

    def __init__(self, app):
        self.app = app
        self.active = 0
        self.idle = threading.Condition()
        self.server = make_server("127.0.0.1", 0, self.counted, threaded=True)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def counted(self, environ, start_response):
        with self.idle:
            self.active += 1
        try:
            yield from self.app(environ, start_response)
        finally:
            with self.idle:
                self.active -= 1
                self.idle.notify_all()

    def url(self, path="/"):
        return self.base + path

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=5)
        with self.idle:
            self.idle.wait_for(lambda: self.active == 0, timeout=5)
        self.server.server_close()


@pytest.fixture
def live_app(make_app):
    """The app the live server runs: this test's database, CSRF on as in production."""
    return make_app(WTF_CSRF_ENABLED=True)


@pytest.fixture
def live_server(live_app):
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture
def in_app(live_app):
    """Run a function inside the live app's context and commit: set up or inspect data."""

    def run(function, *args, **kwargs):
        with live_app.app_context():
            result = function(*args, **kwargs)
            db.session.commit()
            return result

    return run


@dataclass
class Watchdog:
    """Collect console errors and CSP violations from every page it watches."""

    problems: list = field(default_factory=list)
    expected: list = field(default_factory=list)

    def watch(self, page):
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: uncaught {error}"))
        return page

    def expect(self, pattern):
        """Tolerate console errors matching pattern (a failed request the test provokes)."""
        self.expected.append(re.compile(pattern))

    def _console(self, page, message):
        if message.type != "error" or any(p.search(message.text) for p in self.expected):
            return
        self.problems.append(f"{page.url}: {message.text}")

    def check(self):
        assert not self.problems, "Console errors or CSP violations:\n" + "\n".join(self.problems)


@pytest.fixture
def watchdog():
    dog = Watchdog()
    yield dog
    dog.check()


@pytest.fixture
def new_context(new_context, watchdog):
    """Every context reports CSP violations, and every page in it is watched."""

    def make(**kwargs):
        context = new_context(**kwargs)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("page", watchdog.watch)
        return context

    return make


@pytest.fixture
def page(context, watchdog):
    return watchdog.watch(context.new_page())


@pytest.fixture
def screenshot():
    """Save a PNG to $ANNOTATOR_SHOTS (never into the repository); a no-op without it."""

    def take(page, name, **kwargs):
        folder = os.environ.get(SHOTS_ENV)
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}.png"), **kwargs)

    return take


@pytest.fixture
def axe():
    """Return a function that runs axe-core on a page and returns its WCAG 2.1 A/AA violations."""
    if not AXE_SCRIPT.is_file():
        pytest.skip("axe-core is not installed: run `npm ci --prefix tests/e2e` first.")
    source = AXE_SCRIPT.read_text(encoding="utf-8")

    def run(page):
        # evaluate() goes through the DevTools protocol; a <script> tag would be inline
        # script, which our CSP rightly refuses.
        page.evaluate(source)
        return page.evaluate("""async () => {
          const result = await axe.run(document, {runOnly: {type: "tag",
            values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
          return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}));
        }""")

    return run


@pytest.fixture
def sign_in(live_server):
    """Sign a user in through the login page."""

    def do(page, user, password=PASSWORD):
        return sign_in_at(live_server, page, user, password)

    return do


def sign_in_at(server, page, user, password=PASSWORD):
    """Sign a user in through the login page of server (anything with .url(path))."""
    page.goto(server.url("/login"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    return page


@pytest.fixture
def workspace(page, live_server, in_app, sign_in):
    """Open an article's workspace as a signed-in annotator; returns a helper object."""
    user = make_account(in_app, "ana")
    sign_in(page, user)
    return Workspace(page, live_server, in_app, user)


def make_account(in_app, username, role="annotator"):
    """Create an account in the live app's database; return its id and username."""
    from annotator.services import accounts

    def make():
        user = accounts.create_user(username, PASSWORD, role, username.title())
        db.session.flush()
        return SimpleNamespace(id=user.id, username=user.username)

    return in_app(make)


class Workspace:
    """What the workspace tests do again and again: import, open, select, wait for saves."""

    def __init__(self, page, server, in_app, user):
        self.page, self.server, self.in_app, self.user = page, server, in_app, user

    def import_article(self, text, title="A story to check"):
        from annotator.services.articles import import_article
        from annotator.models import User

        def make():
            return import_article(db.session.get(User, self.user.id), text, title=title).id

        return self.in_app(make)

    def add_claim(self, article_id, quote, **fields):
        from annotator.models import Article, User
        from annotator.services.claims import create_claim

        def make():
            article = db.session.get(Article, article_id)
            start = article.text.index(quote)
            return create_claim(db.session.get(User, self.user.id), article, start, start + len(quote), **fields)[0].id

        return self.in_app(make)

    def open(self, article_id, page=None):
        page = page or self.page
        page.goto(self.server.url(f"/articles/{article_id}"))
        page.wait_for_selector("html[data-workspace=ready]")
        return page

    def claims(self, article_id):
        from sqlalchemy import select
        from sqlalchemy.orm import selectinload

        from annotator.models import Claim

        def read():
            query = select(Claim).where(Claim.article_id == article_id).options(selectinload(Claim.sources))
            return [
                {"id": c.id, "start": c.start, "end": c.end, "quote": c.quote, "claimant": c.claimant,
                 "verdict": c.verdict_key, "notes": c.notes, "version": c.version,
                 "sources": [{"url": s.url, "title": s.title, "publisher": s.publisher,
                              "published_on": s.published_on and s.published_on.isoformat(),
                              "passage": s.passage, "relation": s.relation, "archive_url": s.archive_url}
                             for s in c.sources]}
                for c in db.session.scalars(query.order_by(Claim.start, Claim.id))
            ]

        return self.in_app(read)

    def select_text(self, text, page=None):
        """Select the first occurrence of text in the article, as a mouse drag would."""
        (page or self.page).evaluate(SELECT_TEXT, text)

    def wait_saved(self, page=None):
        (page or self.page).wait_for_selector('#save-status[data-state="saved"]')


# Select a string in the article (UTF-16 search in the DOM, like a user's drag).
SELECT_TEXT = """(needle) => {
  const root = document.getElementById("article-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = []; let all = "";
  for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, all.length]); all += n.data; }
  const at = all.indexOf(needle);
  if (at < 0) throw new Error("not in the article: " + needle);
  const point = (offset) => { for (const [n, base] of nodes) if (offset <= base + n.data.length) return [n, offset - base]; };
  const [a, ao] = point(at); const [b, bo] = point(at + needle.length);
  window.getSelection().setBaseAndExtent(a, ao, b, bo);
  document.dispatchEvent(new Event("selectionchange"));
}"""
