"""Two people acting at once end in one consistent outcome, on SQLite and on PostgreSQL.

Each actor runs in its own thread with its own app context, hence its own session and
connection; a sleep inside one transaction makes sure the other arrives while it is open.
"""
import threading
import time

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import SignOff, User
from annotator.services import articles, claims, review, signoff
from annotator.services.errors import Conflict

HOLD = 0.4  # seconds one transaction stays open while the other one arrives


@pytest.fixture
def ready(make_article, make_user, make_claim):
    """An article in review, two approved claims; returns (article id, claim id, annotator id, reviewer id)."""
    annotator, reviewer = make_user("annotator"), make_user("reviewer")
    article = make_article(actor=annotator)
    made = [make_claim(article, q, actor=annotator, verdict_key="accurate") for q in ("$4 million", "roads in 2023")]
    review.submit_article(annotator, article.id)
    for claim in made:
        review.approve_claim(reviewer, claim.id)
    db.session.commit()
    return article.id, made[0].id, annotator.id, reviewer.id


def in_threads(app, *jobs):
    """Run each (delay, job) in its own thread and app context; return what each returned or raised."""
    results = [None] * len(jobs)
    db.session.commit()  # the test's own transaction would hold SQLite's write lock

    def run(index, delay, job):
        time.sleep(delay)
        with app.app_context():
            try:
                results[index] = job()
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
                db.session.rollback()
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, d, j)) for i, (d, j) in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def slowed(monkeypatch, module, name):
    original = getattr(module, name)

    def slow(*args, **kwargs):
        time.sleep(HOLD)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)


def sign_off_job(article_id, user_id):
    return lambda: signoff.sign_off(db.session.get(User, user_id), article_id).id


def edit_job(claim_id, user_id):
    def job():
        claim = claims.get_claim(claim_id)
        articles.get_article(claim.article_id)
        return claims.update_claim(db.session.get(User, user_id), claim.id, None, {"verdict_key": "false"}).id
    return job


def assert_consistent(article_id):
    """A signed-off article's recorded hash is the hash of what is stored, and only one sign-off holds."""
    db.session.expire_all()
    article = signoff.load_for_sign_off(article_id)
    records = db.session.scalars(select(SignOff).where(SignOff.article_id == article_id)).all()
    if article.state == "signed_off":
        assert len(records) == 1
        assert records[0].content_hash == signoff.content_hash(article, records[0].terms)
        assert all(c.review_state == "approved" for c in article.claims)
    else:
        assert records == []
    return article


def test_edit_arriving_during_sign_off_is_refused(app, ready, monkeypatch):
    article_id, claim_id, annotator_id, reviewer_id = ready
    slowed(monkeypatch, signoff, "content_hash")
    signed, edited = in_threads(app, (0, sign_off_job(article_id, reviewer_id)),
                                (HOLD / 4, edit_job(claim_id, annotator_id)))
    assert isinstance(signed, int), signed
    assert isinstance(edited, Conflict) and edited.code == "locked", edited
    assert assert_consistent(article_id).state == "signed_off"


def test_sign_off_arriving_during_an_edit_sees_the_edit(app, ready, monkeypatch):
    article_id, claim_id, annotator_id, reviewer_id = ready
    slowed(monkeypatch, claims, "check_verdict_key")
    edited, signed = in_threads(app, (0, edit_job(claim_id, annotator_id)),
                                (HOLD / 4, sign_off_job(article_id, reviewer_id)))
    assert edited == claim_id
    assert isinstance(signed, Conflict) and "Not ready" in signed.message, signed
    article = assert_consistent(article_id)
    assert article.state == "in_review"
    assert {c.id: c.review_state for c in article.claims}[claim_id] == "submitted"


def test_two_reviewers_signing_off_at_once_give_one_sign_off(app, ready, make_user, monkeypatch):
    article_id, _, _, reviewer_id = ready
    second_id = make_user("reviewer").id
    slowed(monkeypatch, signoff, "content_hash")
    results = in_threads(app, (0, sign_off_job(article_id, reviewer_id)),
                         (HOLD / 4, sign_off_job(article_id, second_id)))
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "int"], results
    assert assert_consistent(article_id).state == "signed_off"


def test_edits_of_each_claim_and_a_sign_off_end_consistent(app, ready):
    article_id, claim_id, annotator_id, reviewer_id = ready
    jobs = [(0.01 * i, edit_job(i, annotator_id)) for i in (claim_id, claim_id + 1)]
    results = in_threads(app, *jobs, (0.005, sign_off_job(article_id, reviewer_id)))
    assert all(isinstance(r, (int, Conflict)) for r in results), results
    assert_consistent(article_id)
