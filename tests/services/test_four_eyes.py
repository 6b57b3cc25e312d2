"""Four eyes by contribution (permissions.has_contributed): what counts as a contribution to a claim
or an article, in which window, and that approve and sign-off both ask it."""
import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from annotator.extensions import db
from annotator.models import Claim, SignOff
from annotator.permissions import has_contributed
from annotator.services import review, signoff, sources
from annotator.services.claims import update_claim
from annotator.services.errors import PermissionDenied
from annotator.services.revisions import revise_article

TEXT = "The council spent $4 million on roads in 2023, the mayor said. Crime fell by 12% last year."


@pytest.fixture
def article(make_article, annotator):
    return make_article(text=TEXT, actor=annotator)


@pytest.fixture
def claim(article, make_claim, annotator):
    return make_claim(article, "$4 million on roads", actor=annotator, verdict_key="accurate")


def fresh(claim_id):
    db.session.expire_all()
    return db.session.scalar(select(Claim).where(Claim.id == claim_id).options(selectinload(Claim.sources)))


def contributed(user, article, claim=None):
    return has_contributed(user, review.contribution_events(article.id, user.id), claim)


def submit(actor, article):
    review.submit_article(actor, article.id)
    db.session.commit()


def test_a_verdict_counts_whoever_edits_last(article, claim, annotator, reviewer):
    submit(annotator, article)
    update_claim(reviewer, claim.id, None, {"verdict_key": "false"})
    update_claim(annotator, claim.id, None, {"notes": "typo"})
    db.session.commit()
    assert claim.updated_by_id == annotator.id
    assert contributed(reviewer, article, claim)
    with pytest.raises(PermissionDenied, match="contributed"):
        review.approve_claim(reviewer, claim.id)


def test_a_source_edit_counts(article, claim, annotator, reviewer):
    source, _ = sources.add_source(annotator, claim.id, {"url": "https://example.org/a"})
    sources.update_source(reviewer, source.id, None, {"title": "Budget"})
    update_claim(annotator, claim.id, None, {"notes": "typo"})
    db.session.commit()
    assert contributed(reviewer, article, fresh(claim.id))


def test_work_on_another_claim_does_not_count(article, claim, make_claim, annotator, reviewer):
    other = make_claim(article, "Crime fell by 12%", actor=annotator)
    update_claim(reviewer, other.id, None, {"claimant": "Police"})
    db.session.commit()
    assert not contributed(reviewer, article, claim)
    assert contributed(reviewer, article, other)


def test_a_review_comment_is_not_a_contribution(article, claim, annotator, reviewer):
    submit(annotator, article)
    review.request_changes(reviewer, claim.id, "Which year?")
    db.session.commit()
    assert not contributed(reviewer, article, fresh(claim.id))


def test_a_revision_that_only_moves_the_claim_is_not_a_contribution_to_it(article, claim, annotator, reviewer):
    revise_article(reviewer, article, TEXT + "\n\nA last word.")
    db.session.commit()
    assert not contributed(reviewer, article, fresh(claim.id))


def test_a_contribution_before_the_last_sign_off_no_longer_counts(article, claim, annotator, reviewer, make_user):
    rex = make_user("reviewer")
    update_claim(reviewer, claim.id, None, {"verdict_key": "false"})
    update_claim(annotator, claim.id, None, {"notes": "checked"})
    submit(annotator, article)
    review.approve_claim(rex, claim.id)
    signoff.sign_off(rex, article.id)
    signoff.reopen(rex, article.id, "New figures")
    update_claim(annotator, claim.id, None, {"notes": "new figures"})
    db.session.commit()
    assert not contributed(reviewer, article, fresh(claim.id))  # his verdict was reviewed and signed off


def test_sign_off_counts_changes_since_the_first_submission(article, claim, annotator, reviewer, make_user):
    rex = make_user("reviewer")
    submit(annotator, article)
    update_claim(reviewer, claim.id, None, {"claimant": "The mayor"})
    review.approve_claim(rex, claim.id)
    review.withdraw_article(reviewer, article.id)
    review.submit_article(reviewer, article.id)
    db.session.commit()
    assert contributed(reviewer, article)
    with pytest.raises(PermissionDenied):
        signoff.sign_off(reviewer, article.id)
    assert not contributed(rex, article)


def test_work_before_the_submission_leaves_the_sign_off_to_him(article, claim, annotator, reviewer, make_user):
    rex = make_user("reviewer")
    update_claim(reviewer, claim.id, None, {"claimant": "The mayor"})  # helped annotate
    submit(annotator, article)
    review.approve_claim(rex, claim.id)
    record = signoff.sign_off(reviewer, article.id)
    assert record.self_review is False


def test_self_review_allowed_signs_off_and_records_it(article, claim, annotator, reviewer, make_user):
    submit(annotator, article)
    update_claim(reviewer, claim.id, None, {"claimant": "The mayor"})
    review.approve_claim(make_user("reviewer"), claim.id)
    record = signoff.sign_off(reviewer, article.id, allow_self_review=True)
    db.session.commit()
    assert db.session.scalar(select(SignOff.self_review).where(SignOff.id == record.id)) is True
