"""Suggestions in Chromium: ask for more on one article, and set the newsroom's threshold."""
import re

from playwright.sync_api import expect

from annotator.text.checkworthiness import DEFAULT_THRESHOLD
from tests.e2e.conftest import make_account


def suggestion_count(page):
    return int(page.locator("#suggestions-title .count").inner_text())


def test_suggest_again_with_a_lower_score_adds_suggestions(page, live_server, in_app, sign_in, screenshot):
    from annotator.extensions import db
    from annotator.models import User
    from annotator.services.demo import load_demo

    user = make_account(in_app, "ana")
    article_id = in_app(lambda: load_demo(db.session.get(User, user.id)).id)
    sign_in(page, user)
    page.goto(live_server.url(f"/articles/{article_id}"))
    before = suggestion_count(page)
    page.get_by_role("tab", name="Article").click()  # the article's tools, suggestions among them
    score = page.get_by_label("Lowest score")
    # The box starts at the newsroom's threshold, and the browser lets that value through.
    expect(score).to_have_value(f"{DEFAULT_THRESHOLD:.2f}")
    page.get_by_role("button", name="Suggest again").click()
    expect(page.get_by_text("No new suggestions.")).to_be_visible()
    assert suggestion_count(page) == before
    score = page.get_by_label("Lowest score")
    score.fill("0.05")
    score.press("Enter")  # the keyboard submits the form, as the button does
    expect(page.get_by_text(re.compile(r"\d+ new suggestions?\."))).to_be_visible()
    assert suggestion_count(page) > before
    page.locator(".suggest-again").scroll_into_view_if_needed()
    screenshot(page, "suggest-again-lower-score")


def test_an_admin_sets_the_threshold_on_the_dashboard(page, live_server, in_app, sign_in, screenshot):
    admin = make_account(in_app, "chief", "admin")
    sign_in(page, admin)
    page.goto(live_server.url("/review/dashboard"))
    page.get_by_label("Lowest score to suggest").fill("0.6")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("New suggestions now need a score of at least 0.60")).to_be_visible()
    expect(page.get_by_label("Lowest score to suggest")).to_have_value("0.60")
    screenshot(page, "dashboard-suggestion-threshold", full_page=True)
