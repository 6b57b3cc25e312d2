"""Four eyes, attacked over the API as the outside review did: a reviewer who put his own verdict
on a claim, or changed content during review, must not approve or sign off his own work, however
the last edit or the article's state is shuffled in between (issue 14, item 2)."""
import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Claim, Event, SignOff
from annotator.services import review

TEXT = "The council spent $4 million on roads in 2023, the mayor said. Crime fell by 12% last year."
QUOTES = ("$4 million on roads", "Crime fell by 12%")


@pytest.fixture
def in_review(submitted_article):
    """An article the annotator annotated and submitted; returns (article id, claim ids)."""
    return submitted_article(TEXT, QUOTES)


def version_of(claim_id):
    db.session.expire_all()
    return db.session.get(Claim, claim_id).version


def patch(client, claim_id, **changes):
    return client.patch(f"/api/v1/claims/{claim_id}", json={"version": version_of(claim_id), **changes})


def post(client, url):
    return client.post(url, json={})


def test_reviewer_cannot_approve_the_verdict_he_set_after_the_annotator_edits_last(as_user, annotator, reviewer,
                                                                                    in_review):
    _, (claim_id, _) = in_review
    rita, anna = as_user(reviewer), as_user(annotator)
    assert patch(rita, claim_id, verdict="false").status_code == 200
    assert patch(anna, claim_id, notes="typo fixed").status_code == 200  # now anna "last changed" it
    assert db.session.get(Claim, claim_id).updated_by_id == annotator.id

    response = post(rita, f"/api/v1/claims/{claim_id}/approve")

    assert response.status_code == 403, response.text
    assert "contributed" in response.json["error"]["message"]
    db.session.expire_all()
    assert db.session.get(Claim, claim_id).review_state == "submitted"


@pytest.mark.parametrize("change", [{"claimant": "The mayor"}, {"notes": "See the budget"}])
def test_any_content_the_reviewer_contributed_blocks_his_approval(as_user, annotator, reviewer, in_review, change):
    _, (claim_id, _) = in_review
    rita, anna = as_user(reviewer), as_user(annotator)
    assert patch(rita, claim_id, **change).status_code == 200
    assert patch(anna, claim_id, verdict="accurate").status_code == 200
    assert post(rita, f"/api/v1/claims/{claim_id}/approve").status_code == 403


def test_a_source_the_reviewer_added_blocks_his_approval(as_user, annotator, reviewer, in_review):
    _, (claim_id, _) = in_review
    rita, anna = as_user(reviewer), as_user(annotator)
    added = rita.post(f"/api/v1/claims/{claim_id}/sources", json={"url": "https://example.org/budget"})
    assert added.status_code == 201, added.text
    assert patch(anna, claim_id, notes="thanks").status_code == 200
    assert post(rita, f"/api/v1/claims/{claim_id}/approve").status_code == 403


def test_another_reviewer_still_approves(as_user, annotator, reviewer, make_user, in_review):
    _, (claim_id, _) = in_review
    rita, anna, rex = as_user(reviewer), as_user(annotator), as_user(make_user("reviewer"))
    assert patch(rita, claim_id, verdict="false").status_code == 200
    assert patch(anna, claim_id, notes="typo fixed").status_code == 200
    assert post(rex, f"/api/v1/claims/{claim_id}/approve").status_code == 200


def test_self_review_setting_lets_him_and_records_it(as_user, annotator, reviewer, admin, in_review):
    _, (claim_id, _) = in_review
    rita, anna = as_user(reviewer), as_user(annotator)
    assert as_user(admin).put("/api/v1/review/settings", json={"allowed": True}).status_code == 200
    assert patch(rita, claim_id, verdict="false").status_code == 200
    assert patch(anna, claim_id, notes="typo fixed").status_code == 200
    assert post(rita, f"/api/v1/claims/{claim_id}/approve").status_code == 200
    actions = db.session.scalars(select(Event.action).where(Event.claim_id == claim_id,
                                                            Event.field == "review_state")).all()
    assert actions[-1] == "self_review"


def test_reviewer_who_changed_content_cannot_sign_off_after_withdraw_and_resubmit(as_user, annotator, reviewer,
                                                                                  make_user, in_review):
    article_id, (first, second) = in_review
    rita, rex = as_user(reviewer), as_user(make_user("reviewer"))
    assert patch(rita, first, claimant="The mayor").status_code == 200
    for claim_id in (first, second):
        assert post(rex, f"/api/v1/claims/{claim_id}/approve").status_code == 200
    assert post(rita, f"/api/v1/articles/{article_id}/sign-off").status_code == 403

    assert post(rita, f"/api/v1/articles/{article_id}/withdraw").status_code == 200
    assert post(rita, f"/api/v1/articles/{article_id}/submit").status_code == 200
    response = post(rita, f"/api/v1/articles/{article_id}/sign-off")

    assert response.status_code == 403, response.text
    assert db.session.scalars(select(SignOff).where(SignOff.article_id == article_id)).all() == []
    assert post(rex, f"/api/v1/articles/{article_id}/sign-off").status_code == 200  # four eyes: fine


def test_the_page_refuses_the_same_walk_around(as_user, annotator, reviewer, in_review):
    _, (claim_id, _) = in_review
    rita, anna = as_user(reviewer), as_user(annotator)
    assert patch(rita, claim_id, verdict="false").status_code == 200
    assert patch(anna, claim_id, notes="typo fixed").status_code == 200
    rita.post(f"/review/claims/{claim_id}/approve", data={"version": version_of(claim_id)})
    db.session.expire_all()
    assert db.session.get(Claim, claim_id).review_state == "submitted"


def test_an_importer_cannot_approve_what_he_imported_under_other_names(app, as_user, admin, make_user, make_article,
                                                                       make_claim, annotator):
    from annotator.services.exports import native

    rita = make_user("reviewer", "rita")
    article = make_article(text=TEXT, actor=annotator)
    make_claim(article, QUOTES[0], actor=annotator, verdict_key="accurate")
    review.submit_article(annotator, article.id)
    db.session.commit()
    document = native.export_article(article.id)  # in review, the claim "by" the annotator
    boss = as_user(admin)
    imported = boss.post("/api/v1/imports", data=native.dumps(document), content_type="application/json")
    assert imported.status_code == 201, imported.text
    new_id = imported.json["data"][0]["id"]
    claim_id = db.session.scalar(select(Claim.id).where(Claim.article_id == new_id))
    assert post(boss, f"/api/v1/claims/{claim_id}/approve").status_code == 403
    assert post(as_user(rita), f"/api/v1/claims/{claim_id}/approve").status_code == 200


def test_a_revision_that_negates_an_approved_claim_sends_it_back_visibly(as_user, annotator, reviewer, in_review):
    article_id, (claim_id, _) = in_review
    rita, anna = as_user(reviewer), as_user(annotator)
    assert post(rita, f"/api/v1/claims/{claim_id}/approve").status_code == 200
    article = anna.get(f"/api/v1/articles/{article_id}").json["data"]
    revised = anna.post(f"/api/v1/articles/{article_id}/revisions",
                        json={"text": "It is false that t" + TEXT[1:], "version": article["version"]})
    assert revised.status_code == 201, revised.text

    assert anna.get(f"/api/v1/claims/{claim_id}").json["data"]["review_state"] == "submitted"
    history = rita.get(f"/api/v1/claims/{claim_id}/history").json["data"]
    change = next(e for e in history if e["action"] == "sentence_change")
    assert change["new"]["sentence"].startswith("It is false that the council spent $4 million on roads")
    page = rita.get(f"/articles/{article_id}").get_data(as_text=True)
    assert "Sent back to review: revision 2 changed the sentence of this claim" in page
    assert "It is false that the council spent" in page


def test_with_self_review_allowed_the_walk_around_is_recorded_as_self_review(as_user, annotator, reviewer, admin,
                                                                             make_user, in_review):
    article_id, (first, second) = in_review
    rita, rex = as_user(reviewer), as_user(make_user("reviewer"))
    assert as_user(admin).put("/api/v1/review/settings", json={"allowed": True}).status_code == 200
    assert patch(rita, first, claimant="The mayor").status_code == 200
    for claim_id in (first, second):
        assert post(rex, f"/api/v1/claims/{claim_id}/approve").status_code == 200
    assert post(rita, f"/api/v1/articles/{article_id}/withdraw").status_code == 200
    assert post(rita, f"/api/v1/articles/{article_id}/submit").status_code == 200

    response = post(rita, f"/api/v1/articles/{article_id}/sign-off")

    assert response.status_code == 200, response.text
    assert response.json["data"]["sign_off"]["self_review"] is True
    event = db.session.scalars(select(Event).where(Event.article_id == article_id, Event.action == "sign_off")).one()
    assert event.new["self_review"] is True
