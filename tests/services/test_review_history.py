"""History: review moves leave events nobody can rewrite, not even with raw SQL."""
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from annotator.extensions import db
from annotator.models import Event
from annotator.services import review, signoff


@pytest.fixture
def reviewed(make_article, make_user, make_claim):
    annotator, reviewer = make_user("annotator"), make_user("reviewer")
    article = make_article(actor=annotator)
    claim = make_claim(article, "$4 million", actor=annotator, review_state="submitted", verdict_key="false")
    review.request_changes(reviewer, claim.id, "Which budget line?")
    review.submit_claim(annotator, claim.id)
    review.approve_claim(reviewer, claim.id)
    db.session.commit()
    return article, claim, annotator, reviewer


@pytest.mark.parametrize("statement", [
    "UPDATE events SET action = 'forged'",
    "UPDATE events SET actor_id = NULL WHERE id = (SELECT MIN(id) FROM events)",
    "DELETE FROM events",
    "DELETE FROM events WHERE id = (SELECT MAX(id) FROM events)",
])
def test_history_rows_cannot_be_changed_with_raw_sql(reviewed, statement):
    before = db.session.execute(select(Event.id, Event.action, Event.actor_id).order_by(Event.id)).all()
    with pytest.raises(DBAPIError, match="append-only|events"):
        db.session.execute(text(statement))
    db.session.rollback()
    assert db.session.execute(select(Event.id, Event.action, Event.actor_id).order_by(Event.id)).all() == before


def test_claim_history_tells_who_did_what_in_order(reviewed):
    _, claim, annotator, reviewer = reviewed
    moves = [(e.actor.username, e.action, e.old, e.new) for e in review.list_claim_history(claim.id)
             if e.field == "review_state"]
    assert moves == [
        (reviewer.username, "review", "submitted", "changes_requested"),
        (annotator.username, "review", "changes_requested", "submitted"),
        (reviewer.username, "review", "submitted", "approved"),
    ]
    comments = [e.new for e in review.list_claim_history(claim.id) if e.action == "comment"]
    assert comments == ["Which budget line?"]


def test_article_activity_is_newest_first_and_includes_sign_off(reviewed):
    article, _, annotator, reviewer = reviewed
    review.submit_article(annotator, article.id)
    signoff.sign_off(reviewer, article.id)
    db.session.commit()
    activity = review.list_article_activity(article.id, limit=3)
    assert [e.action for e in activity] == ["sign_off", "state", "state"]
    assert activity[0].new["content_hash"] == signoff.get_current_sign_off(article.id).content_hash


def test_a_refused_move_leaves_no_event(reviewed):
    _, claim, annotator, _ = reviewed
    count = db.session.scalar(select(func.count(Event.id)))
    with pytest.raises(Exception):
        review.approve_claim(annotator, claim.id)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Event.id))) == count


def test_history_cannot_be_truncated_on_postgresql(reviewed):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text("TRUNCATE events"))
    db.session.rollback()
    assert db.session.scalar(select(func.count(Event.id))) > 0
