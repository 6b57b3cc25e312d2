"""Live updates in Chromium against gunicorn with several workers (PostgreSQL when the tests run
on it): two people on one article see each other's saves within 2 s, and who else is here."""
import time
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from annotator.extensions import db
from tests import servers
from tests.e2e.conftest import sign_in_at

WORKERS = 3
TEXT = "The council spent $4 million on roads in 2023, the mayor said. Crime fell by 12% last year."


@pytest.fixture
def gunicorn(app, database_url, tmp_path):
    """The app under gunicorn, WORKERS processes on this test's database: no memory is shared."""
    db.session.commit()
    with servers.gunicorn(database_url, tmp_path, WORKERS) as server:
        yield server


@pytest.fixture
def streaming(app, database_url, tmp_path):
    """The same, with live streams on: two a process (of gunicorn's four threads), five seconds each."""
    db.session.commit()
    with servers.gunicorn(database_url, tmp_path, WORKERS, LIVE_STREAMS=2, LIVE_STREAM_SECONDS=5) as server:
        yield server


@pytest.fixture
def desk(app, make_user, make_claim):
    from annotator.services.articles import import_article

    ana, bo = make_user("annotator", "ana"), make_user("annotator", "bo")
    article = import_article(ana, TEXT, title="Roads and crime")
    db.session.commit()
    first = make_claim(article, "The council spent $4 million on roads in 2023", actor=ana)
    make_claim(article, "Crime fell by 12% last year", actor=ana)
    found = SimpleNamespace(ana=SimpleNamespace(username=ana.username), bo=SimpleNamespace(username=bo.username),
                            article_id=article.id, first_id=first.id)
    # Reading the values began a transaction, which on SQLite holds the write lock: end it, or
    # gunicorn's writes wait for this process.
    db.session.commit()
    return found


def open_as(new_context, watchdog, server, user, article_id):
    page = sign_in_at(server, watchdog.watch(new_context().new_page()), user)
    page.goto(server.url(f"/articles/{article_id}"))
    page.wait_for_selector("html[data-workspace=ready]")
    return page


def test_a_verdict_saved_by_one_shows_to_the_other_within_two_seconds(gunicorn, desk, new_context, watchdog, screenshot):
    ana = open_as(new_context, watchdog, gunicorn, desk.ana, desk.article_id)
    bo = open_as(new_context, watchdog, gunicorn, desk.bo, desk.article_id)
    expect(bo.locator("#live-present")).to_have_text("Also here: ana", timeout=8000)
    expect(ana.locator("#live-present")).to_have_text("Also here: bo", timeout=8000)

    ana.locator("#article-text mark.hl", has_text="The council spent").click()
    expect(bo.locator("#live-present")).to_have_text("Also here: ana (on claim 1)", timeout=8000)
    ana.get_by_role("radio", name="False", exact=True).check()
    ana.wait_for_selector('#save-status[data-state="saved"]')
    saved = time.monotonic()
    expect(bo.locator("#claim-list li").first).to_contain_text("False", timeout=2000)
    seen = time.monotonic() - saved
    assert seen < 2, seen
    assert bo.locator(f'#article-text mark[data-claims~="{desk.first_id}"].v-false').count() > 0
    for width in (1440, 800, 390):
        bo.set_viewport_size({"width": width, "height": 900})
        screenshot(bo, f"live-presence-and-verdict-{width}")

    ana.close()  # leaving says so at once (pagehide); the heartbeat would expire on its own
    expect(bo.locator("#live-present")).to_be_hidden(timeout=8000)


def test_a_new_claim_arrives_and_a_dropped_channel_says_so_then_catches_up(gunicorn, desk, new_context, watchdog):
    watchdog.expect(r"Failed to load resource|ERR_FAILED|net::")
    ana = open_as(new_context, watchdog, gunicorn, desk.ana, desk.article_id)
    bo = open_as(new_context, watchdog, gunicorn, desk.bo, desk.article_id)
    cut = lambda route: route.abort()  # noqa: E731
    bo.route("**/api/v1/articles/*/changes*", cut)
    expect(bo.locator("#live-status")).to_contain_text("Live updates paused", timeout=8000)

    # Ana marks "the mayor said" while Bo's channel is down.
    ana.evaluate("""() => {
      const root = document.getElementById("article-text");
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.data.indexOf("the mayor said");
        if (at >= 0) { const r = document.createRange(); r.setStart(n, at); r.setEnd(n, at + 14);
          const s = getSelection(); s.removeAllRanges(); s.addRange(r); return; }
      }
    }""")
    ana.locator("#make-claim").click()
    ana.wait_for_selector('#save-status[data-state="saved"]')
    expect(bo.locator("#claim-list li")).to_have_count(2)

    bo.unroute("**/api/v1/articles/*/changes*", cut)
    expect(bo.locator("#claim-list li")).to_have_count(3, timeout=20000)
    expect(bo.locator("#live-status")).to_be_hidden()


def test_where_the_server_streams_saves_arrive_within_two_seconds_stream_after_stream(streaming, desk, new_context,
                                                                                       watchdog):
    ana = open_as(new_context, watchdog, streaming, desk.ana, desk.article_id)
    bo = open_as(new_context, watchdog, streaming, desk.bo, desk.article_id)
    expect(bo.locator("#live")).to_have_attribute("data-channel", "stream")
    expect(bo.locator("#live-present")).to_have_text("Also here: ana", timeout=8000)

    ana.locator("#article-text mark.hl", has_text="The council spent").click()
    expect(bo.locator("#live-present")).to_have_text("Also here: ana (on claim 1)", timeout=8000)
    for verdict in ("False", "Misleading"):  # the second after the first stream has ended and the next has begun
        ana.get_by_role("radio", name=verdict, exact=True).check()
        ana.wait_for_selector('#save-status[data-state="saved"]')
        saved = time.monotonic()
        expect(bo.locator("#claim-list li").first).to_contain_text(verdict, timeout=2000)
        assert time.monotonic() - saved < 2
        time.sleep(5)
    expect(bo.locator("#live")).to_have_attribute("data-channel", "stream")

    ana.close()
    expect(bo.locator("#live-present")).to_be_hidden(timeout=8000)
