"""What the hidden re-check of issue 15 (a newcomer's walk) still tripped over, in Chromium."""
from playwright.sync_api import expect

from tests.e2e.test_desks import QUOTES, in_review, sign_in_as_reviewer


def review_tab(workspace, in_app, sign_in):
    """The reviewer on an article of three claims in review, its Review tab shown."""
    article_id = in_review(workspace, in_app)
    page = workspace.page
    sign_in_as_reviewer(page, in_app, sign_in)
    workspace.open(article_id)
    page.get_by_role("tab", name="Review").click()
    return page


def test_approving_the_last_claim_in_the_panel_offers_the_sign_off_without_a_reload(workspace, in_app, sign_in):
    page = review_tab(workspace, in_app, sign_in)
    expect(page.locator("#sign-off-blockers")).to_contain_text("3 claims not approved yet")
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.locator("#editor-quote")).to_have_text(QUOTES[1])
    expect(page.locator("#sign-off-blockers")).to_contain_text("2 claims not approved yet")
    page.keyboard.press("a")
    expect(page.locator("#editor-quote")).to_have_text(QUOTES[2])
    page.keyboard.press("a")
    expect(page.locator("#editor-state")).to_have_text("Approved")
    page.get_by_role("tab", name="Review").click()
    expect(page.locator("#sign-off-blockers")).to_be_hidden()
    page.get_by_role("button", name="Sign off and lock").click()
    expect(page.locator("#locked-banner")).to_contain_text("Signed off by Rey")


def test_the_review_list_names_the_same_key_as_the_panel_and_the_help(workspace, in_app, sign_in):
    page = review_tab(workspace, in_app, sign_in)
    hint = page.locator("#review .hint", has_text="Keys:")
    expect(hint).to_contain_text("r say what should change")
    item = page.locator("[data-review-list] .review-item").first
    item.focus()
    page.keyboard.press("r")
    expect(item.locator("textarea")).to_be_focused()


def test_the_activity_names_the_verdict_as_the_panel_does(workspace):
    article_id = workspace.import_article("The council raised water bills by 14% in March.")
    workspace.add_claim(article_id, "raised water bills by 14% in March")
    page = workspace.open(article_id)
    page.locator("#article-text mark.hl").first.click()
    page.keyboard.press("5")
    workspace.wait_saved()
    page.reload()
    page.get_by_role("tab", name="Article").click()
    activity = page.locator("#activity")
    expect(activity).to_contain_text("changed the verdict of the claim “raised water bills by 14% in March” from — to false")
    expect(activity).not_to_contain_text("verdict key")


def test_a_revision_counts_the_claims_as_the_page_does_not_the_dismissed_suggestions(workspace, in_app):
    from annotator.extensions import db
    from annotator.models import User
    from annotator.services import suggestions

    text = ("The council raised water bills by 14% in March. The mayor said reservoirs fell to 31% in August. "
            "Repairs will cost $11 million over three years.")
    article_id = workspace.import_article(text)
    workspace.add_claim(article_id, "raised water bills by 14% in March")
    dismissed = [workspace.add_claim(article_id, quote, origin="detector", review_state="suggested")
                 for quote in ("The mayor said reservoirs fell to 31% in August.", "Repairs will cost $11 million")]

    def dismiss():
        for claim_id in dismissed:
            suggestions.decide_suggestion(db.session.get(User, workspace.user.id), claim_id, "dismiss")

    in_app(dismiss)
    page = workspace.page
    page.goto(workspace.server.url(f"/articles/{article_id}/revise"))
    page.get_by_label("New text").fill(text.replace("31%", "30%"))
    page.get_by_role("button", name="Save revision 2").click()
    page.wait_for_selector("html[data-workspace=ready]")
    expect(page.locator(".flashes")).to_contain_text("Revision 2 saved: 1 claim carried over.")
    expect(page.locator("#tab-claims-count")).to_have_text("1")


def test_on_narrow_screens_the_search_box_does_not_cover_the_navigation(workspace):
    page = workspace.open(workspace.import_article("The council raised water bills by 14% in March."))
    for width in (800, 390):
        page.set_viewport_size({"width": width, "height": 900})
        search, articles = page.locator("#nav-q").bounding_box(), page.locator("nav a[href='/']").bounding_box()
        assert search["x"] + search["width"] <= articles["x"], f"the search box covers 'Articles' at {width} px"
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"the page scrolls sideways at {width} px"


def test_deciding_a_suggestion_in_the_list_says_what_happened_and_how_to_undo_it(workspace):
    article_id = workspace.import_article("The council raised water bills by 14% in March.")
    workspace.add_claim(article_id, "raised water bills by 14% in March", origin="detector", review_state="suggested")
    page = workspace.open(article_id)
    page.get_by_role("tab", name="Article").click()
    page.locator(".suggestion-item").get_by_role("button", name="Dismiss").click()
    page.wait_for_selector("html[data-workspace=ready]")
    expect(page.locator(".flashes")).to_contain_text("Dismissed. To bring it back: Claims, then the Dismissed filter.")


def test_a_claim_marked_by_keyboard_says_its_keys_until_a_field_is_chosen(workspace):
    # A newcomer marked a sentence with ] and Enter, typed a name at once, and the letters went to
    # the shortcuts (the claimant stayed empty, "a Ortiz" landed in the notes).
    article_id = workspace.import_article("The council spent $4 million on roads. Nobody objected.")
    page = workspace.open(article_id)
    page.locator("body").focus()
    hint = page.locator("#editor-keys-hint")
    page.keyboard.press("]")
    page.keyboard.press("Enter")
    expect(page.locator("#editor-title")).to_be_focused()
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("press the field's key first")
    page.keyboard.press("p")
    expect(page.locator("#f-claimant")).to_be_focused()
    expect(hint).to_be_hidden()
