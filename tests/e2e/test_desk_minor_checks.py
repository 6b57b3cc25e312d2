"""The issue-15 minors the last round fixed with view tests, walked again in Chromium: history
names, download names, who may resubmit, approval needs a verdict."""
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from annotator.extensions import db
from tests.e2e.conftest import make_account
from tests.e2e.test_desk_bugs import send_back

TEXT = "The council spent $4 million on roads in 2023. Crime fell by 12%."


def test_history_names_the_source_and_the_detector(workspace):
    from annotator.models import Claim, User
    from annotator.services.sources import add_source

    article_id = workspace.import_article(TEXT)
    roads = workspace.add_claim(article_id, "$4 million")
    crime = workspace.add_claim(article_id, "Crime fell by 12%.", review_state="suggested", origin="detector",
                                score=0.9)

    def cite():
        claim = db.session.scalar(select(Claim).where(Claim.id == roads).options(selectinload(Claim.sources)))
        add_source(db.session.get(User, workspace.user.id), claim.id,
                   {"url": "https://budget.example.org/2023", "title": "Budget 2023"})

    workspace.in_app(cite)
    page = workspace.page
    page.goto(workspace.server.url(f"/review/claims/{roads}/history"))
    expect(page.locator("main")).to_contain_text("added the source “Budget 2023” (https://budget.example.org/2023)")
    expect(page.locator("main")).not_to_contain_text("source #")
    page.goto(workspace.server.url(f"/review/claims/{crime}/history"))
    expect(page.locator(".event-actor").first).to_have_text("Claim detector")


def test_web_annotation_and_claimreview_download_under_names_of_their_own(workspace):
    article_id = workspace.import_article(TEXT)
    page = workspace.open(article_id)
    names = []
    page.get_by_role("tab", name="Review").click()  # the export menu is one of the review tools
    menu = page.locator("details.export-menu").first
    menu.locator("summary").click()
    for label in ("W3C Web Annotation", "ClaimReview"):
        with page.expect_download() as download:
            menu.get_by_role("link", name=label, exact=True).click()
        names.append(download.value.suggested_filename)
    assert names == [f"article-{article_id}-webannotation.jsonld", f"article-{article_id}-claimreview.jsonld"]


def test_the_reviewer_who_sent_a_claim_back_is_not_offered_to_resubmit_it(workspace, sign_in, new_context):
    article_id = workspace.import_article(TEXT)
    claim_id = workspace.add_claim(article_id, "$4 million", verdict_key="false")
    reviewer = send_back(workspace, claim_id)
    page = new_context().new_page()
    sign_in(page, reviewer)
    workspace.open(article_id, page)
    page.get_by_role("tab", name="Review").click()
    item = page.locator(f'.review-item.sent-back[data-claim-id="{claim_id}"]')
    expect(item).to_contain_text("You sent this claim back")
    expect(item.get_by_role("button", name="Fixed: resubmit")).to_have_count(0)
    own = workspace.open(article_id)
    own.get_by_role("tab", name="Review").click()
    expect(own.locator(f'.review-item.sent-back[data-claim-id="{claim_id}"]')
           .get_by_role("button", name="Fixed: resubmit")).to_be_visible()  # its annotator is


def test_a_claim_without_a_verdict_cannot_be_approved(workspace, sign_in, new_context):
    from annotator.models import User
    from annotator.services import review

    article_id = workspace.import_article(TEXT)
    claim_id = workspace.add_claim(article_id, "$4 million")
    annotator = workspace.user.id
    workspace.in_app(lambda: review.submit_claim(db.session.get(User, annotator), claim_id))
    page = new_context().new_page()
    sign_in(page, make_account(workspace.in_app, "rita", role="reviewer"))
    workspace.open(article_id, page)
    page.get_by_role("tab", name="Review").click()
    item = page.locator(f'.review-item[data-claim-id="{claim_id}"]')
    expect(item).to_contain_text("No verdict yet: a claim needs one before it can be approved.")
    expect(item.get_by_role("button", name="Approve")).to_have_count(0)
    expect(item.get_by_role("button", name="Request changes")).to_be_visible()
