"""In Chromium: a claim checked last month comes back this week in other words. The claim panel
shows it under "Checked before"; reusing it copies the verdict and sources (and the history says
so); "Not the same claim" hides a match for good; a reference review links out and is not reused."""
import json
import time

import pytest

from annotator.extensions import db
from tests.checked_before import EARLIER, PARAPHRASE, UNRELATED, fresh_cache  # noqa: F401 (autouse)
from tests.e2e.conftest import make_account

WIDTHS = (1440, 800, 390)
FITS = "() => [...document.querySelectorAll('main *')].every((e) => e.getBoundingClientRect().right <= innerWidth)"


@pytest.fixture
def running_worker(live_app):
    """The live app's worker: a real huey consumer on its SQLite queue, as `annotator run` starts."""
    from annotator import worker

    consumer = worker.start_embedded(live_app)
    yield consumer
    consumer.stop(graceful=True)


def wait_indexed(in_app, claim_id):
    """Wait until the worker has put an approved claim into claim_embeddings."""
    from annotator.models import ClaimEmbedding

    deadline = time.monotonic() + 60
    while not in_app(lambda: db.session.get(ClaimEmbedding, claim_id) is not None):
        assert time.monotonic() < deadline, "the worker did not index the approved claim"
        time.sleep(0.2)


@pytest.fixture
def desk(in_app, running_worker):
    """Last month's article with an approved, rated, sourced claim; a reference review; and this
    week's article with the same claim in other words, and an unrelated one."""
    from annotator.models import User
    from annotator.services import references, review
    from annotator.services.articles import import_article
    from annotator.services.claims import create_claim
    from annotator.services.sources import add_source

    ana, rita = make_account(in_app, "ana"), make_account(in_app, "rita", "reviewer")
    boss = make_account(in_app, "boss", "admin")

    def make():
        user, reviewer = db.session.get(User, ana.id), db.session.get(User, rita.id)
        old = import_article(user, EARLIER, title="Energy, last month")
        earlier = create_claim(user, old, 0, len(EARLIER), claimant="The minister", verdict_key="false")[0]
        add_source(user, earlier.id, {"url": "https://stats.example/energy", "title": "Energy trends 2026"})
        review.submit_claim(user, earlier.id)
        review.approve_claim(reviewer, earlier.id)
        feed = {"@type": "ClaimReview", "url": "https://checker.example/wind", "claimReviewed": EARLIER,
                "author": {"name": "Checker Weekly"}, "reviewRating": {"alternateName": "Mostly false"}}
        references.import_references(db.session.get(User, boss.id), json.dumps(feed).encode(), "one.json")
        new = import_article(user, f"{PARAPHRASE} {UNRELATED}", title="Energy, this week")
        current = create_claim(user, new, 0, len(PARAPHRASE))[0]
        other = create_claim(user, new, len(PARAPHRASE) + 1, len(PARAPHRASE) + 1 + len(UNRELATED))[0]
        return old.id, earlier.id, new.id, current.id, other.id
    made = in_app(make)
    wait_indexed(in_app, made[1])  # approval computed nothing: the worker embeds and indexes it
    return (ana, *made)


def claim_row(in_app, claim_id):
    from annotator.services.lookup import get_claim

    def read():
        claim = get_claim(claim_id)
        return claim.verdict_key, [s.url for s in claim.sources], claim.version
    return in_app(read)


def open_watching_matches(new_context, live_server, sign_in, user, article_id):
    """Open the article as user; return the page and the list of /matches URLs it asks for."""
    page = new_context().new_page()
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "/matches" in r.url else None)
    sign_in(page, user)
    page.goto(live_server.url(f"/articles/{article_id}"))
    page.wait_for_selector("html[data-workspace=ready]")
    return page, asked


def test_reuse_copies_the_verdict_and_sources_and_the_history_says_so(new_context, live_server, sign_in, desk, in_app,
                                                                       axe, screenshot):
    ana, old_id, earlier_id, article_id, claim_id, _ = desk
    page = new_context().new_page()
    sign_in(page, ana)
    page.goto(live_server.url(f"/articles/{article_id}#claim-{claim_id}"))
    box = page.locator("#checked-before")
    earlier = box.locator(".match-claim")
    earlier.wait_for()
    assert "Wind and solar now produce more electricity than coal." in earlier.inner_text()
    assert "Rated False; said by The minister" in earlier.inner_text()
    assert earlier.get_by_role("link", name="Open it in “Energy, last month”").get_attribute("href") == (
        f"/articles/{old_id}#claim-{earlier_id}")
    reference = box.locator(".match-reference")
    assert "Checker Weekly rated it Mostly false" in reference.inner_text()
    out = reference.get_by_role("link", name="Read the review by Checker Weekly ↗ (opens in a new tab)")
    assert (out.get_attribute("target"), out.get_attribute("rel")) == ("_blank", "noopener noreferrer")
    assert reference.get_by_role("button", name="Reuse this verdict").count() == 0
    assert axe(page) == []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        box.scroll_into_view_if_needed()
        assert page.evaluate(FITS), width
        screenshot(page, f"checked-before-{width}")
    page.set_viewport_size({"width": 1440, "height": 900})

    reuse = earlier.get_by_role("button", name="Reuse this verdict")
    reuse.focus()
    page.keyboard.press("Enter")  # keyboard reachable
    page.locator("#verdicts input[value=false]:checked").wait_for(state="attached")
    page.locator("#source-list .source").filter(has_text="Energy trends 2026").wait_for()
    verdict, sources, version = claim_row(in_app, claim_id)
    assert (verdict, sources) == ("false", ["https://stats.example/energy"])
    # The store knows the new version: an edit right after saves, not a 409 conflict.
    page.get_by_label("Notes").fill("Same claim as last month's.")
    page.wait_for_selector('#save-status[data-state="saved"]')
    assert page.locator("#conflicts").is_hidden()
    assert claim_row(in_app, claim_id)[2] > version

    page.goto(live_server.url(f"/review/claims/{claim_id}/history"))
    line = page.locator(".event-reuse")
    assert "the verdict and sources of an earlier claim, checked before" in line.inner_text()
    assert line.get_by_role("link", name="an earlier claim").get_attribute("href") == (
        f"/articles/{old_id}#claim-{earlier_id}")


def test_not_the_same_claim_hides_the_match_for_good(new_context, live_server, sign_in, desk):
    ana, _, earlier_id, article_id, claim_id, other_id = desk
    page = new_context().new_page()
    sign_in(page, ana)
    page.goto(live_server.url(f"/articles/{article_id}#claim-{claim_id}"))
    box = page.locator("#checked-before")
    box.locator(".match-claim").wait_for()
    box.locator(".match-claim").get_by_role("button", name="Not the same claim").click()
    box.locator(".match-claim").wait_for(state="detached")
    assert box.locator(".match-reference").count() == 1
    page.reload()
    page.wait_for_selector("html[data-workspace=ready]")
    box.locator(".match-reference").wait_for()
    assert box.locator(".match-claim").count() == 0
    box.locator(".match-reference").get_by_role("button", name="Not the same claim").click()
    box.wait_for(state="hidden")
    page.reload()
    page.wait_for_selector("html[data-workspace=ready]")
    page.wait_for_timeout(500)
    assert box.is_hidden()  # nothing left: no box at all


def test_an_unrelated_claim_shows_no_box_and_matches_are_only_asked_when_a_claim_opens(
        new_context, live_server, sign_in, desk):
    ana, _, _, article_id, claim_id, other_id = desk
    page, asked = open_watching_matches(new_context, live_server, sign_in, ana, article_id)
    page.wait_for_timeout(300)
    assert asked == []
    page.goto(live_server.url(f"/articles/{article_id}#claim-{other_id}"))
    page.wait_for_selector("html[data-workspace=ready]")
    page.locator("#claim-editor").wait_for()
    page.wait_for_timeout(800)  # the answer (no matches) arrives; the box stays hidden
    assert [url.endswith(f"/claims/{other_id}/matches") for url in asked] == [True]
    assert page.locator("#checked-before").is_hidden()


def test_a_claim_marked_just_now_shows_its_matches_once_saved(new_context, live_server, sign_in, desk, in_app):
    from annotator.models import User
    from annotator.services.articles import import_article
    from tests.e2e.conftest import SELECT_TEXT

    ana = desk[0]
    article_id = in_app(lambda: import_article(db.session.get(User, ana.id), PARAPHRASE, title="Energy, today").id)
    page = new_context().new_page()
    sign_in(page, ana)
    page.goto(live_server.url(f"/articles/{article_id}"))
    page.wait_for_selector("html[data-workspace=ready]")
    page.evaluate(SELECT_TEXT, PARAPHRASE)
    page.get_by_role("button", name="Mark as claim").click()
    page.locator("#checked-before .match-claim").wait_for()
    assert page.locator("#checked-before .match-claim").get_by_role("button", name="Reuse this verdict").count() == 1


def test_a_suggestion_checked_before_is_marked_in_the_lists_from_one_request(new_context, live_server, sign_in, desk,
                                                                               in_app):
    from annotator.models import Article, User
    from annotator.services.articles import import_article
    from annotator.services.claims import create_claim

    ana = desk[0]

    def make():
        article = import_article(db.session.get(User, ana.id), f"{PARAPHRASE} {UNRELATED}", title="Energy, suggested")
        user = db.session.get(User, ana.id)
        suggestions = [create_claim(user, db.session.get(Article, article.id), start, end, review_state="suggested",
                                    origin="detector", score=0.9)[0].id
                       for start, end in ((0, len(PARAPHRASE)), (len(PARAPHRASE) + 1, len(PARAPHRASE) + 1 + len(UNRELATED)))]
        return article.id, suggestions
    article_id, (same, other) = in_app(make)
    page, asked = open_watching_matches(new_context, live_server, sign_in, ana, article_id)
    page.get_by_role("tab", name="Claims").click()
    mark = page.locator(f"#claim-{same} .checked-mark")
    mark.wait_for()
    assert mark.inner_text() == "Checked before: rated False"  # the newsroom's own verdict before another's
    page.get_by_role("tab", name="Article").click()
    assert page.locator(f"#suggestion-{same} .checked-mark").inner_text() == "Checked before: rated False"
    assert page.locator(f"#suggestion-{other} .checked-mark, #claim-{other} .checked-mark").count() == 0
    assert [url.split("/api/v1")[1] for url in asked] == [f"/articles/{article_id}/matches"]
