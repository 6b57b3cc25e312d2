"""Search in Chromium: the box in the navigation, the results page, a result opening its claim,
a comment found and the assignee filter."""
import re

from playwright.sync_api import expect

from annotator.extensions import db
from tests.e2e.conftest import make_account

TEXT = ("The council spent $4 million on roads in 2023, the mayor said.\n\n"
        "Unemployment fell to 3.1 percent last spring, according to the ministry.")


def test_searching_from_the_navigation_opens_the_claim_found(workspace, page, screenshot):
    article_id = workspace.import_article(TEXT, title="Where the road money went")
    workspace.add_claim(article_id, "The council spent $4 million on roads", claimant="Mayor Jane Doe")
    claim_id = workspace.add_claim(article_id, "Unemployment fell to 3.1 percent", claimant="The ministry",
                                   notes="Check the <b>labour</b> survey")
    page.goto(workspace.server.url("/"))

    box = page.get_by_role("searchbox", name="Search everything")
    box.fill("unemployment")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=unemployment"))
    results = page.locator(".search-hit")
    expect(results.first.locator("mark.hit")).to_have_text("Unemployment")
    for width in (1440, 800, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"search-results-{width}", full_page=True)

    page.locator(f'.search-hit.kind-claim a[href$="#claim-{claim_id}"]').click()
    page.wait_for_selector("html[data-workspace=ready]")
    assert page.url.endswith(f"/articles/{article_id}#claim-{claim_id}")
    expect(page.get_by_label("Claimant")).to_have_value("The ministry")
    expect(page.locator(f'#article-text mark.is-active[data-claims~="{claim_id}"]')).to_have_count(1)


def test_the_search_box_keeps_an_admins_navigation_on_one_line_at_800px(page, live_server, in_app, sign_in):
    sign_in(page, make_account(in_app, "boss", role="admin"))  # the longest navigation
    page.set_viewport_size({"width": 800, "height": 600})
    page.goto(live_server.url("/search?q=nothing"))
    tops = page.eval_on_selector_all(".topbar nav > *", "items => items.map(i => i.getBoundingClientRect().top)")
    assert max(tops) - min(tops) < 12, tops
    box = page.get_by_role("searchbox", name="Search everything")
    box.fill("budget")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=budget"))


def test_the_search_page_has_no_wcag_violations(workspace, page, axe, watchdog, screenshot):
    article_id = workspace.import_article(TEXT, title="Where the road money went")
    workspace.add_claim(article_id, "Unemployment fell to 3.1 percent", claimant="The ministry")
    page.goto(workspace.server.url("/search?q=unemployment&verdict=unrated"))
    expect(page.locator(".search-filters")).to_have_attribute("open", "")
    assert axe(page) == []
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"search-filters-{width}", full_page=True)
    watchdog.expect(r"status of 422")  # the refused query below answers 422, on purpose
    page.goto(workspace.server.url("/search?q=-nothing"))
    expect(page.locator("#q-error")).to_be_visible()
    assert axe(page) == []


def test_a_comment_typed_on_a_claim_is_found_and_opens_that_claims_discussion(workspace, page):
    article_id = workspace.import_article(TEXT, title="Where the road money went")
    workspace.add_claim(article_id, "The council spent $4 million on roads", claimant="Mayor Jane Doe")
    claim_id = workspace.add_claim(article_id, "Unemployment fell to 3.1 percent", claimant="The ministry")
    page.goto(workspace.server.url(f"/articles/{article_id}#claim-{claim_id}"))
    box = page.locator("#claim-discussion")
    box.get_by_label("Comment").fill("The labour ledger for spring disagrees")
    box.get_by_role("button", name="Comment").click()
    box.locator(".comment-body").filter(has_text="ledger").wait_for()

    page.goto(workspace.server.url("/search?q=ledger"))
    hit = page.locator(".search-hit.kind-comment")
    expect(hit).to_have_count(1)
    expect(hit.locator(".badge")).to_have_text("Comment")
    expect(hit.locator(".hit-snippet mark.hit")).to_have_text("ledger")
    hit.locator(f'a[href$="#claim-{claim_id}"]').click()
    page.wait_for_selector("html[data-workspace=ready]")
    expect(page.get_by_label("Claimant")).to_have_value("The ministry")
    page.locator("#claim-discussion .comment-body").filter(has_text="labour ledger").wait_for()


def test_the_assignee_filter_keeps_the_articles_of_the_person_chosen(workspace, page, in_app, axe):
    from annotator.models import User
    from annotator.services.assignments import assign_article

    make_account(in_app, "rita", role="reviewer")
    boss = make_account(in_app, "boss", role="admin")
    mine = workspace.import_article("Water rates rose in May.", title="Rates in May")
    workspace.import_article("Water rates fell in June.", title="Rates in June")
    in_app(lambda: assign_article(db.session.get(User, boss.id), mine, ["ana"], reviewer_name="rita"))
    page.goto(workspace.server.url("/search?q=water"))
    expect(page.locator(".search-hit")).to_have_count(2)
    page.locator(".search-filters summary").click()
    page.get_by_label("Assigned to").select_option(label="Rita")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"assignee=rita"))
    expect(page.locator(".search-hit")).to_have_count(1)
    expect(page.locator(".search-hit .hit-heading")).to_contain_text("Rates in May")
    expect(page.locator(".search-filters")).to_have_attribute("open", "")
    expect(page.get_by_label("Assigned to")).to_have_value("rita")
    assert axe(page) == []
