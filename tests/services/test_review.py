"""Review moves: the transition tables, roles and the four-eyes rule."""
import itertools

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import ARTICLE_STATES, REVIEW_STATES, Article, Event
from annotator.services import review
from annotator.services.claims import update_claim
from annotator.services.errors import Conflict, InvalidInput, Locked, PermissionDenied

QUOTE = "The council spent $4 million on roads in 2023"


@pytest.fixture
def article(make_article, annotator):
    return make_article(actor=annotator)


@pytest.fixture
def claim_in(article, annotator, make_claim):
    def factory(state):
        return make_claim(article, QUOTE, actor=annotator, review_state=state, verdict_key="accurate")
    return factory


def last_event():
    return db.session.scalars(select(Event).order_by(Event.id.desc()).limit(1)).one()


@pytest.mark.parametrize("old,new", list(itertools.product(REVIEW_STATES, REVIEW_STATES)))
def test_claim_moves_follow_the_table(claim_in, reviewer, old, new):
    claim = claim_in(old)
    if (old, new) not in review.CLAIM_TRANSITIONS:
        with pytest.raises(Conflict):
            review.move_claim(reviewer, claim, new)
        return
    review.move_claim(reviewer, claim, new)
    db.session.commit()
    assert claim.review_state == new
    event = last_event()
    assert (event.claim_id, event.field, event.old, event.new) == (claim.id, "review_state", old, new)


@pytest.mark.parametrize("old,new", list(itertools.product(ARTICLE_STATES, ARTICLE_STATES)))
def test_article_moves_follow_the_table(article, reviewer, old, new):
    article.state = old
    db.session.commit()
    if (old, new) not in review.ARTICLE_TRANSITIONS:
        with pytest.raises(Conflict):
            review.move_article(reviewer, article, new)
        return
    review.move_article(reviewer, article, new)
    db.session.commit()
    assert article.state == new
    event = last_event()
    assert (event.article_id, event.field, event.old, event.new) == (article.id, "state", old, new)


def test_annotator_cannot_approve(claim_in, make_user):
    other = make_user("annotator")
    with pytest.raises(PermissionDenied):
        review.approve_claim(other, claim_in("submitted").id)


def test_annotator_cannot_request_changes(claim_in, make_user):
    with pytest.raises(PermissionDenied):
        review.request_changes(make_user("annotator"), claim_in("submitted").id, "Check the figure.")


@pytest.mark.parametrize("role", ["reviewer", "admin"])
def test_reviewer_and_admin_cannot_approve_own_claim(article, make_claim, make_user, role):
    author = make_user(role)
    claim = make_claim(article, QUOTE, actor=author, review_state="submitted", verdict_key="false")
    with pytest.raises(PermissionDenied, match="another reviewer"):
        review.approve_claim(author, claim.id)


@pytest.mark.parametrize("role", ["reviewer", "admin"])
def test_reviewer_and_admin_approve_others_claims(claim_in, make_user, role):
    claim = claim_in("submitted")
    review.approve_claim(make_user(role), claim.id)
    db.session.commit()
    assert claim.review_state == "approved"
    assert last_event().action == "review"


def test_nobody_approves_a_claim_they_last_changed(claim_in, reviewer, article):
    claim = claim_in("submitted")
    update_claim(reviewer, claim.id, None, {"notes": "Tweaked"})
    db.session.commit()
    assert claim.updated_by_id == reviewer.id
    with pytest.raises(PermissionDenied):
        review.approve_claim(reviewer, claim.id)


def test_self_review_when_allowed_is_recorded(article, make_claim, reviewer):
    claim = make_claim(article, QUOTE, actor=reviewer, review_state="submitted", verdict_key="false")
    review.approve_claim(reviewer, claim.id, allow_self_review=True)
    db.session.commit()
    assert claim.review_state == "approved"
    assert last_event().action == "self_review"


def test_request_changes_needs_a_comment(claim_in, reviewer):
    claim = claim_in("submitted")
    for empty in ("", "   ", None):
        with pytest.raises(InvalidInput):
            review.request_changes(reviewer, claim.id, empty)
    assert claim.review_state == "submitted"


def test_annotator_sees_comment_fixes_and_resubmits(claim_in, reviewer, annotator, article):
    claim = claim_in("submitted")
    review.request_changes(reviewer, claim.id, "Which year? Cite the budget.")
    db.session.commit()
    assert (claim.review_state, claim.reviewer_comment) == ("changes_requested", "Which year? Cite the budget.")
    update_claim(annotator, claim.id, claim.version, {"notes": "Budget 2023, p. 4"})
    review.submit_claim(annotator, claim.id)
    db.session.commit()
    assert claim.review_state == "submitted"
    review.approve_claim(reviewer, claim.id)
    assert claim.review_state == "approved"


def test_editing_an_approved_claim_sends_it_back_to_review(claim_in, reviewer, annotator, article):
    claim = claim_in("submitted")
    review.approve_claim(reviewer, claim.id)
    update_claim(annotator, claim.id, None, {"claimant": "The mayor"})
    db.session.commit()
    assert claim.review_state == "submitted"


def test_stale_claim_version_is_refused(claim_in, reviewer):
    claim = claim_in("submitted")
    with pytest.raises(Conflict):
        review.approve_claim(reviewer, claim.id, expected_version=claim.version + 1)


def test_submit_article_submits_open_and_sent_back_claims(article, annotator, make_claim):
    claims = [make_claim(article, q, actor=annotator, review_state=s) for q, s in
              (("council", "open"), ("$4 million", "changes_requested"), ("roads", "approved"), ("2023", "dismissed"))]
    review.submit_article(annotator, article.id)
    db.session.commit()
    assert article.state == "in_review"
    assert [c.review_state for c in claims] == ["submitted", "submitted", "approved", "dismissed"]


def test_submit_article_refused_while_suggestions_undecided(article, annotator, make_claim):
    make_claim(article, "council", actor=annotator, review_state="suggested")
    with pytest.raises(Conflict, match="suggestion"):
        review.submit_article(annotator, article.id)


def test_moves_refused_on_a_signed_off_article(claim_in, reviewer, article):
    claim = claim_in("submitted")
    article.state = "signed_off"
    db.session.commit()
    with pytest.raises(Locked):
        review.approve_claim(reviewer, claim.id)


def test_only_admin_changes_self_review_setting(app, reviewer, admin):
    assert review.self_review_allowed(False) is False
    assert review.self_review_allowed(True) is True
    with pytest.raises(PermissionDenied):
        review.set_self_review(reviewer, True)
    review.set_self_review(admin, True)
    db.session.commit()
    assert review.self_review_allowed(False) is True
    assert last_event().field == review.SELF_REVIEW_SETTING


def test_review_queue_lists_articles_in_review_oldest_first(make_article, annotator, make_claim, reviewer):
    first, second, idle = (make_article(title=t, actor=annotator) for t in ("First", "Second", "Idle"))
    for article in (first, second):
        make_claim(article, "council", actor=annotator)
        review.submit_article(annotator, article.id)
        db.session.commit()
    claim = make_claim(second, "roads", actor=annotator, review_state="submitted")
    review.request_changes(reviewer, claim.id, "Source?")
    db.session.commit()
    rows = review.list_review_queue()
    assert [a.title for a, _ in rows] == ["First", "Second"]
    assert rows[1][1] == {"approved": 0, "waiting": 1, "sent_back": 1}


def test_who_accepts_a_suggestion_cannot_approve_it(article, annotator, reviewer, make_claim):
    claim = make_claim(article, QUOTE, actor=annotator, review_state="suggested", verdict_key="false")
    review.move_claim(reviewer, claim, "open")
    review.submit_claim(reviewer, claim.id)
    with pytest.raises(PermissionDenied):
        review.approve_claim(reviewer, claim.id)


def test_a_signed_off_article_cannot_be_withdrawn_only_reopened(make_user, make_article):
    from annotator.services.errors import Conflict
    from annotator.services.review import withdraw_article

    article = make_article()
    article.state = "signed_off"
    db.session.commit()
    with pytest.raises(Conflict, match="Only an article in review"):
        withdraw_article(make_user("reviewer"), article.id)
    db.session.rollback()
    assert db.session.get(Article, article.id).state == "signed_off"
