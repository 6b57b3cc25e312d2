"""The two desks (issue 15) in Chromium: the annotator's claim editor in view, the reviewer's
review inside the claim panel, the desk's tabs, narrow screens, and axe-core in every state."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import make_account

TEXT = ("The council raised water bills by 14% in March. The mayor said reservoirs fell to 31% in August. "
        "Repairs will cost $11 million over three years.\n\n"
        "Officials said the utility lost $4.2 million last year.")
QUOTES = ["raised water bills by 14% in March", "reservoirs fell to 31% in August",
          "Repairs will cost $11 million over three years"]


def in_review(workspace, in_app):
    """An article sent for review by ana, with three rated claims; return its id."""
    from annotator.extensions import db
    from annotator.models import User
    from annotator.services import review

    article_id = workspace.import_article(TEXT)
    for quote in QUOTES:
        workspace.add_claim(article_id, quote, verdict_key="false", claimant="The mayor")
    in_app(lambda: review.submit_article(db.session.get(User, workspace.user.id), article_id))
    return article_id


def sign_in_as_reviewer(page, in_app, sign_in, name="rey"):
    reviewer = make_account(in_app, name, "reviewer")
    page.goto("about:blank")  # stop the old desk's polls first: one in flight would end in a 401
    page.context.clear_cookies()
    sign_in(page, reviewer)
    return reviewer


def test_the_submit_button_shows_in_the_work_bar(workspace):
    page = workspace.open(workspace.import_article(TEXT))
    expect(page.locator("#submit-article")).to_be_visible()


def test_opening_a_claim_shows_the_whole_editor_at_once_without_a_scrolling_panel(workspace):
    article_id = workspace.import_article(TEXT)
    workspace.add_claim(article_id, QUOTES[0])
    page = workspace.open(article_id)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.locator("#article-text mark.hl").first.click()
    for selector in ("#editor-quote", "#f-claimant", "#verdicts", "#sources-title", "#f-notes"):
        box = page.locator(selector).bounding_box()
        assert box and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= 900, selector
    # The claims list, review and the article's tools are in other tabs, not under the editor.
    expect(page.locator("#claim-list")).to_be_hidden()
    expect(page.locator("#legend-title")).to_be_hidden()
    page.get_by_role("tab", name="Claims").click()
    expect(page.locator("#claim-list")).to_be_visible()
    expect(page.locator("#claim-editor")).to_be_hidden()


def test_a_new_selection_puts_the_focus_on_the_first_field(workspace):
    page = workspace.open(workspace.import_article(TEXT))
    workspace.select_text(QUOTES[1])
    page.get_by_role("button", name="Mark as claim").click()
    expect(page.locator("#f-claimant")).to_be_focused()
    expect(page.locator("#f-notes")).to_be_in_viewport()


def test_the_desk_tabs_work_from_the_keyboard(workspace):
    page = workspace.open(workspace.import_article(TEXT))
    page.get_by_role("tab", name="Claim", exact=True).focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="Claims")).to_be_focused()
    expect(page.get_by_role("tab", name="Claims")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("End")
    expect(page.locator("#legend-title")).to_be_visible()


def test_a_dismissed_suggestion_can_be_undone_and_is_listed_under_dismissed(workspace, in_app):
    from annotator.extensions import db
    from annotator.models import Article, User
    from annotator.services.suggestions import add_suggestions

    article_id = workspace.import_article(TEXT)
    in_app(lambda: add_suggestions(db.session.get(User, workspace.user.id), db.session.get(Article, article_id), 0.0))
    page = workspace.open(article_id)
    suggestion = page.locator("#article-text mark.hl-suggested").first
    suggestion.click()
    quote = page.locator("#editor-quote").inner_text()
    page.keyboard.press("x")
    expect(page.locator("#toast-text")).to_have_text("Suggestion dismissed.")
    page.get_by_role("tab", name="Claims").click()
    page.locator("#filter-state").select_option("dismissed")
    expect(page.locator("#dismissed-list")).to_contain_text(quote[:20])
    page.locator("#toast-undo").click()
    expect(page.locator("#toast-text")).to_have_text("Suggestion restored.")
    expect(page.locator("#editor-state")).to_have_text("Suggestion")
    page.reload()
    expect(page.locator("#article-text mark.hl-suggested").first).to_be_visible()


def test_a_sent_back_claim_shows_the_comment_in_its_editor_and_is_resubmitted_there(workspace, in_app):
    from annotator.extensions import db
    from annotator.models import Claim, User
    from annotator.services import review

    article_id = in_review(workspace, in_app)
    rey = make_account(in_app, "rey", "reviewer")

    def send_back():
        claim = db.session.query(Claim).filter_by(article_id=article_id).order_by(Claim.start).first()
        review.request_changes(db.session.get(User, rey.id), claim.id, "Which report says 14%?")
    in_app(send_back)
    page = workspace.open(article_id)
    mark = page.locator("#article-text mark.hl").first
    assert "rs-changes_requested" in mark.get_attribute("class")
    assert "rs-submitted" in page.locator("#article-text mark.hl").nth(1).get_attribute("class")
    mark.click()
    expect(page.locator("#sent-back-comment")).to_have_text("Which report says 14%?")
    page.evaluate("window.scrollTo(0, 40)")
    page.get_by_role("button", name="Fixed: send it back to review").click()
    expect(page.locator("#editor-state")).to_have_text("Waiting for review")
    assert page.evaluate("window.scrollY") == 40  # no reload: the reader keeps his place
    assert "rs-submitted" in page.locator("#article-text mark.hl").first.get_attribute("class")


def test_the_reviewer_sees_the_claim_read_only_with_approve_and_moves_on_in_order(workspace, in_app, sign_in):
    article_id = in_review(workspace, in_app)
    page = workspace.page
    sign_in_as_reviewer(page, in_app, sign_in)
    workspace.open(article_id)
    page.keyboard.press("j")
    expect(page.locator("#review-actions")).to_be_visible()
    expect(page.locator("#f-claimant")).to_be_disabled()
    expect(page.locator("#approve-claim")).to_be_focused()
    expect(page.locator("#editor-quote")).to_have_text(QUOTES[0])
    page.keyboard.press("j")  # then a: the claim in view is the one approved, and the next follows
    expect(page.locator("#editor-quote")).to_have_text(QUOTES[1])
    page.keyboard.press("a")
    expect(page.locator("#editor-quote")).to_have_text(QUOTES[2])
    page.keyboard.press("a")
    expect(page.locator("#editor-quote")).to_have_text(QUOTES[0])
    page.keyboard.press("a")  # the last one waiting: it stays in view, approved
    expect(page.locator("#editor-state")).to_have_text("Approved")
    page.reload()
    assert page.locator("#article-text mark.rs-approved").count() >= 3


def test_a_reviewer_edits_only_after_a_step_that_says_he_becomes_an_author(workspace, in_app, sign_in):
    article_id = in_review(workspace, in_app)
    page = workspace.page
    sign_in_as_reviewer(page, in_app, sign_in)
    workspace.open(article_id)
    page.locator("#article-text mark.hl").first.click()
    page.keyboard.press("3")
    expect(page.get_by_role("radio", name="False")).to_be_checked()  # read-only: nothing changed
    page.get_by_role("button", name="Edit…").click()
    expect(page.locator("#edit-dialog")).to_contain_text("one of this claim's authors")
    page.get_by_role("button", name="Edit and become an author").click()
    expect(page.locator("#f-claimant")).to_be_enabled()
    expect(page.locator("#review-actions")).to_be_hidden()


def test_request_changes_from_the_panel_needs_a_comment(workspace, in_app, sign_in):
    article_id = in_review(workspace, in_app)
    page = workspace.page
    sign_in_as_reviewer(page, in_app, sign_in)
    workspace.open(article_id)
    page.locator("#article-text mark.hl").first.click()
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator("#review-error")).to_contain_text("Say what should change")
    page.get_by_label("What should change?").fill("Name the source.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator("#editor-state")).to_have_text("Sent back")


def test_the_focused_review_item_is_highlighted_in_the_text(workspace, in_app, sign_in):
    article_id = in_review(workspace, in_app)
    page = workspace.page
    sign_in_as_reviewer(page, in_app, sign_in)
    workspace.open(article_id)
    page.get_by_role("tab", name="Review").click()
    page.locator("[data-review-list] .review-item").nth(1).focus()
    expect(page.locator("#article-text mark.is-review-focus")).to_have_text(QUOTES[1])


def signed_off(workspace, in_app):
    from annotator.extensions import db
    from annotator.models import Claim, User
    from annotator.services import review, signoff

    article_id = in_review(workspace, in_app)
    rey = make_account(in_app, "rey", "reviewer")

    def approve_and_sign():
        actor = db.session.get(User, rey.id)
        for claim in db.session.query(Claim).filter_by(article_id=article_id):
            review.approve_claim(actor, claim.id)
        db.session.flush()
        signoff.sign_off(actor, article_id)
    in_app(approve_and_sign)
    return article_id


def test_a_locked_article_looks_locked_and_its_sign_off_speaks_plainly(workspace, in_app):
    page = workspace.open(signed_off(workspace, in_app))
    expect(page.locator("#locked-banner")).to_contain_text("Signed off by Rey")
    page.locator("#article-text mark.hl").first.click()
    expect(page.locator("#f-claimant")).to_be_disabled()
    assert float(page.locator("#f-claimant").evaluate("el => getComputedStyle(el).opacity")) < 1
    page.get_by_role("tab", name="Review").click()
    signed = page.locator(".signed")
    expect(signed).to_contain_text("Who")
    expect(signed).to_contain_text("Checked")
    expect(signed.locator(".hash")).to_be_hidden()  # there for those who open it, not the headline


def test_the_activity_speaks_plainly_after_a_revision(workspace, in_app):
    from annotator.extensions import db
    from annotator.models import Article, User
    from annotator.services.revisions import revise_article

    article_id = workspace.import_article(TEXT)
    workspace.add_claim(article_id, QUOTES[0])
    in_app(lambda: revise_article(db.session.get(User, workspace.user.id), db.session.get(Article, article_id),
                                  "Breaking. " + TEXT, note="A new lead"))
    page = workspace.open(article_id)
    page.get_by_role("tab", name="Article").click()
    activity = page.locator("#activity").inner_text()
    assert "revised the text" in activity
    for raw in ("methods", "{", "start:", "anchor state"):
        assert raw not in activity


def test_a_nested_claim_shows_both_claims(workspace):
    article_id = workspace.import_article(TEXT)
    workspace.add_claim(article_id, "The council raised water bills by 14% in March.")
    workspace.add_claim(article_id, "by 14%")
    page = workspace.open(article_id)
    page.locator("#article-text mark.hl-overlap").first.click()
    page.locator("#chooser button").first.click()
    expect(page.locator("#editor-overlap")).to_contain_text("The council raised")


@pytest.mark.parametrize("width", [800, 390])
def test_on_narrow_screens_the_desk_is_a_sheet_that_a_claim_opens(workspace, width):
    article_id = workspace.import_article(TEXT)
    workspace.add_claim(article_id, QUOTES[2])
    page = workspace.open(article_id)
    page.set_viewport_size({"width": width, "height": 844})
    expect(page.locator("#desk")).to_have_attribute("data-sheet", "closed")
    page.locator("#article-text mark.hl").first.click()
    expect(page.locator("#desk")).to_have_attribute("data-sheet", "open")
    expect(page.locator("#f-claimant")).to_be_in_viewport()
    mark = page.locator("#article-text mark.hl").first.bounding_box()
    sheet = page.locator("#desk").bounding_box()
    assert mark["y"] + mark["height"] <= sheet["y"]  # the claim's words stay visible above the sheet
    nav = page.locator(".topbar nav").bounding_box()
    assert nav["height"] < 60, "the navigation wraps onto several lines"


def test_every_desk_state_has_no_wcag_violations(workspace, in_app, sign_in, axe):
    article_id = in_review(workspace, in_app)
    page = workspace.open(article_id)
    page.locator("#article-text mark.hl").first.click()  # the panel open
    assert axe(page) == []
    for tab in ("Claims", "Review", "Article"):
        page.get_by_role("tab", name=tab).click()
        assert axe(page) == [], tab
    sign_in_as_reviewer(page, in_app, sign_in)
    workspace.open(article_id)
    page.locator("#article-text mark.hl").first.click()  # review mode
    assert axe(page) == []
    page.set_viewport_size({"width": 390, "height": 844})  # narrow
    page.keyboard.press("j")
    assert axe(page) == []


def test_a_locked_article_has_no_wcag_violations(workspace, in_app, axe):
    page = workspace.open(signed_off(workspace, in_app))
    page.locator("#article-text mark.hl").first.click()
    assert axe(page) == []
    page.get_by_role("tab", name="Review").click()
    assert axe(page) == []


def test_the_article_list_says_how_many_claims_were_sent_back(workspace, in_app):
    from annotator.extensions import db
    from annotator.models import Claim, User
    from annotator.services import review

    article_id = in_review(workspace, in_app)
    rey = make_account(in_app, "rey", "reviewer")

    def send_two_back():
        for claim in db.session.query(Claim).filter_by(article_id=article_id).order_by(Claim.start).limit(2):
            review.request_changes(db.session.get(User, rey.id), claim.id, "Source?")
    in_app(send_two_back)
    workspace.page.goto(workspace.server.url("/"))
    expect(workspace.page.locator(".badge-sent-back")).to_have_text("2 sent back")
