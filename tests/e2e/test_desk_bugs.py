"""The bugs that lost work or blocked the flow on the annotator's desk (issue 15), in Chromium."""
from playwright.sync_api import expect

from annotator.extensions import db
from tests.e2e.conftest import make_account

TEXT = "The council spent $4 million on roads in 2023."


def send_back(workspace, claim_id, comment="Which budget line is this?"):
    """Submit the claim as its annotator, then a reviewer sends it back with a comment."""
    from annotator.models import Claim, User
    from annotator.services import review

    reviewer = make_account(workspace.in_app, "rita", role="reviewer")

    def run():
        claim = db.session.get(Claim, claim_id)
        review.submit_claim(db.session.get(User, workspace.user.id), claim.id)
        review.request_changes(db.session.get(User, reviewer.id), claim.id, comment)

    workspace.in_app(run)
    return reviewer


def review_state(workspace, claim_id):
    from annotator.models import Claim

    return workspace.in_app(lambda: db.session.get(Claim, claim_id).review_state)


def test_fixed_resubmit_works_right_after_fixing_the_claim(workspace):
    article_id = workspace.import_article(TEXT)
    claim_id = workspace.add_claim(article_id, "$4 million", verdict_key="false")
    send_back(workspace, claim_id)
    page = workspace.open(article_id)
    page.locator("#article-text mark.hl").click()
    page.get_by_label("Notes").fill("Budget line 4.2, page 17.")
    workspace.wait_saved()
    page.get_by_role("tab", name="Review").click()
    page.get_by_role("button", name="Fixed: resubmit").click()
    page.wait_for_selector("html[data-workspace=ready]")
    expect(page.locator(".flashes")).to_contain_text("Claim sent to review.")
    assert review_state(workspace, claim_id) == "submitted"


def test_fixed_resubmit_waits_for_the_fix_to_be_saved(workspace):
    article_id = workspace.import_article(TEXT)
    claim_id = workspace.add_claim(article_id, "$4 million", verdict_key="false")
    send_back(workspace, claim_id)
    page = workspace.open(article_id)
    page.locator("#article-text mark.hl").click()
    page.get_by_label("Notes").fill("Typed, then resubmitted at once.")
    page.get_by_role("tab", name="Review").click()
    page.get_by_role("button", name="Fixed: resubmit").click()  # before the notes' save has gone
    page.wait_for_selector("html[data-workspace=ready]")
    expect(page.locator(".flashes")).to_contain_text("Claim sent to review.")
    assert review_state(workspace, claim_id) == "submitted"
    # The reviewer gets the fixed claim: the notes were saved before it went back to review.
    assert history(workspace, claim_id)[-2:] == [("notes", "Typed, then resubmitted at once."), ("review_state", "submitted")]


def history(workspace, claim_id):
    from annotator.services.review import list_claim_history

    return workspace.in_app(lambda: [(e.field, e.new) for e in list_claim_history(claim_id) if e.field])


def test_a_second_tab_learns_of_a_verdict_at_once_and_the_first_of_the_answer(workspace):
    article_id = workspace.import_article(TEXT)
    workspace.add_claim(article_id, "$4 million")
    first = workspace.open(article_id)
    second = workspace.open(article_id, first.context.new_page())
    for tab in (first, second):
        tab.locator("#article-text mark.hl").click()
    first.get_by_role("radio", name="Accurate", exact=True).check()
    workspace.wait_saved(first)

    # The second tab was not reloaded: it shows Accurate now, and says someone changed it.
    expect(second.get_by_role("radio", name="Accurate", exact=True)).to_be_checked()
    expect(second.locator("#editor-news")).to_contain_text("verdict, now Accurate")
    second.get_by_label("Claimant").fill("The council")
    second.keyboard.press("Escape")
    second.keyboard.press("5")
    workspace.wait_saved(second)
    assert second.locator("#conflicts").is_hidden()

    expect(first.get_by_role("radio", name="False", exact=True)).to_be_checked()
    expect(first.get_by_label("Claimant")).to_have_value("The council")
    expect(first.locator("#editor-news")).to_contain_text("verdict, now False")
    [claim] = workspace.claims(article_id)
    assert (claim["verdict"], claim["claimant"]) == ("false", "The council")


def test_a_stale_verdict_key_is_a_conflict_not_an_overwrite(workspace, new_context, sign_in, watchdog):
    """Another person's browser hears nothing: the version check turns the key into a choice."""
    watchdog.expect(r"status of 409")
    watchdog.expect(r"Failed to load resource|net::ERR_FAILED")
    article_id = workspace.import_article(TEXT)
    claim_id = workspace.add_claim(article_id, "$4 million")
    page = workspace.open(article_id)
    # The live feed is held back: otherwise it may bring Bo's verdict before the key is pressed.
    page.route("**/api/v1/articles/*/changes*", lambda route: route.abort())
    page.locator("#article-text mark.hl").click()
    other = new_context().new_page()
    sign_in(other, make_account(workspace.in_app, "bo"))
    workspace.open(article_id, other)
    other.locator("#article-text mark.hl").click()
    other.get_by_role("radio", name="Accurate", exact=True).check()
    workspace.wait_saved(other)

    page.keyboard.press("5")
    conflict = page.locator("#conflicts")
    expect(conflict.locator(".theirs")).to_have_text("Accurate")
    expect(conflict.locator(".mine")).to_have_text("False")
    assert workspace.claims(article_id)[0]["verdict"] == "accurate"
    assert claim_id


def test_a_tab_coming_back_into_view_shows_what_others_saved(workspace, new_context, sign_in):
    article_id = workspace.import_article(TEXT)
    workspace.add_claim(article_id, "$4 million")
    page = workspace.open(article_id)
    page.locator("#article-text mark.hl").click()
    other = new_context().new_page()
    sign_in(other, make_account(workspace.in_app, "bo"))
    workspace.open(article_id, other)
    other.locator("#article-text mark.hl").click()
    other.get_by_role("radio", name="Mixed", exact=False).first.check()
    workspace.wait_saved(other)

    page.evaluate("() => window.dispatchEvent(new Event('focus'))")  # the user comes back to the tab
    expect(page.locator("#editor-news")).to_contain_text("verdict, now Mixed")
    expect(page.locator("#claim-list")).to_contain_text("Mixed")


def test_an_undecided_conflict_after_a_reload_is_not_called_saved(workspace, watchdog):
    watchdog.expect(r"status of 409")
    article_id = workspace.import_article(TEXT)
    claim_id = workspace.add_claim(article_id, "$4 million", notes="First look.")
    page = workspace.open(article_id)
    page.locator("#article-text mark.hl").click()

    from annotator.models import Claim, User
    from annotator.services.claims import update_claim

    def someone_else_edits():
        claim = db.session.get(Claim, claim_id)
        update_claim(db.session.get(User, workspace.user.id), claim.id,
                     claim.version, {"notes": "Changed on the server."})

    workspace.in_app(someone_else_edits)
    page.get_by_label("Notes").fill("Mine, typed in the browser.")
    expect(page.locator("#conflicts")).to_be_visible()

    page.reload()
    page.wait_for_selector("html[data-workspace=ready]")
    status = page.locator("#save-status")
    expect(status).to_have_attribute("data-state", "conflict")
    expect(status).not_to_contain_text("All changes saved")
    expect(page.locator("#toast")).not_to_contain_text("saving now")
    expect(page.locator("#toast")).to_contain_text("choose which text to keep")
    page.get_by_role("button", name="Show the conflict").click()
    conflict = page.locator("#conflicts")
    expect(conflict.locator(".mine")).to_have_text("Mine, typed in the browser.")
    conflict.get_by_role("button", name="Keep mine").click()
    workspace.wait_saved()
    assert workspace.claims(article_id)[0]["notes"] == "Mine, typed in the browser."


def test_a_reviewer_never_approves_a_change_he_has_not_seen(workspace, new_context, sign_in):
    """The tab learns of the annotator's change, but the Approve form keeps the version shown."""
    from annotator.models import Claim, User
    from annotator.services import review
    from annotator.services.claims import update_claim

    article_id = workspace.import_article(TEXT)
    claim_id = workspace.add_claim(article_id, "$4 million", verdict_key="false")
    workspace.in_app(lambda: review.submit_claim(db.session.get(User, workspace.user.id), claim_id))
    page = new_context().new_page()
    sign_in(page, make_account(workspace.in_app, "rita", role="reviewer"))
    workspace.open(article_id, page)

    def annotator_changes_the_verdict():
        claim = db.session.get(Claim, claim_id)
        update_claim(db.session.get(User, workspace.user.id), claim.id,
                     claim.version, {"verdict_key": "accurate"})

    workspace.in_app(annotator_changes_the_verdict)
    page.evaluate("() => window.dispatchEvent(new Event('focus'))")
    page.get_by_role("tab", name="Claims").click()
    expect(page.locator("#claim-list")).to_contain_text("Accurate")
    page.get_by_role("tab", name="Review").click()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".flashes")).to_contain_text("This claim changed since you opened it")
    assert review_state(workspace, claim_id) == "submitted"
