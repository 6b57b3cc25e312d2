"""Sign-off: readiness, four eyes, the content hash, the lock and reopening."""
from datetime import date

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Event, SignOff, Source
from annotator.services import review, signoff
from annotator.services.articles import import_article
from annotator.services.claims import create_claim, update_claim
from annotator.services.errors import Conflict, InvalidInput, Locked, PermissionDenied

TEXT = "The council spent $4 million on roads in 2023, the mayor said. Crime fell by 12% last year."


@pytest.fixture
def article(make_article, annotator):
    return make_article(TEXT, actor=annotator)


@pytest.fixture
def ready(article, annotator, reviewer, make_claim):
    """An article in review whose two claims the reviewer approved."""
    claims = [make_claim(article, q, actor=annotator, claimant="Mayor", verdict_key="accurate")
              for q in ("$4 million on roads", "Crime fell by 12%")]
    review.submit_article(annotator, article.id)
    for claim in claims:
        review.approve_claim(reviewer, claim.id)
    db.session.commit()
    return article


def test_sign_off_records_reviewer_hash_and_locks(ready, reviewer):
    record = signoff.sign_off(reviewer, ready.id)
    db.session.commit()
    assert ready.state == "signed_off" and ready.is_locked
    assert record.reviewer_id == reviewer.id and record.self_review is False
    assert record.content_hash == signoff.content_hash(signoff.load_for_sign_off(ready.id), record.terms)
    assert len(record.content_hash) == 64


@pytest.mark.parametrize("state", ["open", "submitted", "changes_requested", "suggested"])
def test_sign_off_refused_while_anything_is_unapproved(ready, reviewer, annotator, make_claim, state):
    make_claim(ready, "the mayor said", actor=annotator, review_state=state)
    with pytest.raises(Conflict, match="Not ready"):
        signoff.sign_off(reviewer, ready.id)


def test_sign_off_refused_with_an_orphaned_claim(ready, reviewer):
    claim = signoff.load_for_sign_off(ready.id).claims[0]
    claim.anchor_state = "orphaned"
    db.session.commit()
    with pytest.raises(Conflict, match="orphaned"):
        signoff.sign_off(reviewer, ready.id)


def test_dismissed_suggestions_do_not_block(ready, reviewer, annotator, make_claim):
    make_claim(ready, "the mayor said", actor=annotator, review_state="dismissed")
    signoff.sign_off(reviewer, ready.id)
    assert ready.state == "signed_off"


def test_annotator_cannot_sign_off(ready, annotator):
    with pytest.raises(PermissionDenied):
        signoff.sign_off(annotator, ready.id)


def test_sign_off_needs_the_article_in_review(article, reviewer):
    with pytest.raises(Conflict):
        signoff.sign_off(reviewer, article.id)


def test_signer_who_changed_claims_since_submission_is_refused(ready, reviewer, make_user):
    claim = signoff.load_for_sign_off(ready.id).claims[0]
    update_claim(reviewer, claim.id, None, {"notes": "Checked the budget"})
    review.approve_claim(make_user("reviewer"), claim.id)
    db.session.commit()
    with pytest.raises(PermissionDenied, match="another reviewer"):
        signoff.sign_off(reviewer, ready.id)
    record = signoff.sign_off(reviewer, ready.id, allow_self_review=True)
    assert record.self_review is True


def test_self_review_approval_is_recorded_on_the_sign_off(article, reviewer, make_claim):
    claim = make_claim(article, "Crime fell by 12%", actor=reviewer, verdict_key="false")
    review.submit_article(reviewer, article.id)
    review.approve_claim(reviewer, claim.id, allow_self_review=True)
    db.session.commit()
    with pytest.raises(PermissionDenied):
        signoff.sign_off(reviewer, article.id)
    assert signoff.sign_off(reviewer, article.id, allow_self_review=True).self_review is True


def test_locked_article_refuses_every_change(ready, reviewer, annotator):
    signoff.sign_off(reviewer, ready.id)
    db.session.commit()
    claim = signoff.load_for_sign_off(ready.id).claims[0]
    attempts = [
        lambda: update_claim(annotator, claim.id, None, {"notes": "late"}),
        lambda: create_claim(annotator, ready, 0, 3),
        lambda: review.move_claim(reviewer, claim, "changes_requested", "late"),
        lambda: review.submit_article(annotator, ready.id),
    ]
    for attempt in attempts:
        with pytest.raises(Conflict):  # Locked is a Conflict
            attempt()
        db.session.rollback()
    with pytest.raises(Locked):
        update_claim(annotator, claim.id, None, {"notes": "late"})


def test_reopen_needs_a_reason_and_is_recorded(ready, reviewer):
    signoff.sign_off(reviewer, ready.id)
    db.session.commit()
    for reason in ("", "  ", None):
        with pytest.raises(InvalidInput):
            signoff.reopen(reviewer, ready.id, reason)
    signoff.reopen(reviewer, ready.id, "The council corrected its figures.")
    db.session.commit()
    assert ready.state == "annotating"
    record = db.session.scalars(select(SignOff)).one()
    assert (record.reopened_by_id, record.reopen_reason) == (reviewer.id, "The council corrected its figures.")
    assert record.reopened_at is not None
    assert signoff.get_current_sign_off(ready.id) is None


def test_reopen_refused_unless_signed_off(ready, reviewer, annotator):
    with pytest.raises(Conflict):
        signoff.reopen(reviewer, ready.id, "Why not")
    signoff.sign_off(reviewer, ready.id)
    with pytest.raises(PermissionDenied):
        signoff.reopen(annotator, ready.id, "I want to edit")


def test_sign_off_refused_for_a_stale_article_version(ready, reviewer):
    with pytest.raises(Conflict):
        signoff.sign_off(reviewer, ready.id, expected_version=ready.version + 5)


def test_each_move_writes_history_in_the_same_transaction(ready, reviewer):
    before = db.session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1))
    signoff.sign_off(reviewer, ready.id)
    db.session.rollback()
    assert db.session.scalar(select(Event.id).order_by(Event.id.desc()).limit(1)) == before
    assert db.session.scalar(select(SignOff.id)) is None


# --- the content hash ---

def annotate(actor, text=TEXT, title="A story", claims=(("$4 million on roads", "Mayor"), ("Crime fell by 12%", "Police"))):
    """Build an annotated article through the services, claims in the given order."""
    article = import_article(actor, text, title=title, byline="Desk", published_on=date(2024, 5, 1))
    for quote, claimant in claims:
        start = text.index(quote)
        claim, _ = create_claim(actor, article, start, start + len(quote), claimant=claimant, notes="n")
        db.session.add(Source(claim_id=claim.id, url="https://example.org/a", title="Budget", position=0))
    db.session.commit()
    return signoff.load_for_sign_off(article.id)


def test_hash_is_stable_and_leaves_out_ids_people_and_times(annotator, reviewer):
    first = annotate(annotator)
    expected = signoff.content_hash(first)
    assert signoff.content_hash(first) == expected
    # Another copy, by someone else, claims created in the other order: new ids and times.
    second = annotate(reviewer, claims=(("Crime fell by 12%", "Police"), ("$4 million on roads", "Mayor")))
    assert signoff.content_hash(second) == expected


def test_hash_survives_a_round_trip_through_json(annotator):
    from annotator.serializers import article_json, claim_json

    article = annotate(annotator)
    expected = signoff.content_hash(article)
    exported = article_json(article, with_text=True), [claim_json(c) for c in article.claims]
    meta, claims = exported
    copy = import_article(annotator, meta["text"], title=meta["title"], byline=meta["byline"],
                          published_on=date.fromisoformat(meta["published_on"]))
    for data in claims:
        claim, _ = create_claim(annotator, copy, data["start"], data["end"], claimant=data["claimant"],
                                notes=data["notes"], verdict_key=data["verdict"], review_state=data["review_state"])
        for s in data["sources"]:
            db.session.add(Source(claim_id=claim.id, url=s["url"], title=s["title"], position=0))
    db.session.commit()
    assert signoff.content_hash(signoff.load_for_sign_off(copy.id)) == expected


CHANGES = [
    ("article", "title", "Another title"), ("article", "byline", "Someone"), ("article", "outlet", "Paper"),
    ("article", "url", "https://example.org/x"), ("article", "published_on", date(2020, 1, 1)),
    ("article", "language", "fr"), ("article", "text", TEXT + " More."),
    ("claim", "start", 5), ("claim", "end", 30), ("claim", "quote", "other words"),
    ("claim", "claimant", "Governor"), ("claim", "verdict_key", "false"), ("claim", "notes", "new notes"),
    ("claim", "review_state", "approved"),
    ("source", "url", "https://example.org/b"), ("source", "title", "T"), ("source", "publisher", "P"),
    ("source", "published_on", date(2021, 2, 3)), ("source", "passage", "quoted"),
    ("source", "relation", "refutes"), ("source", "archive_url", "https://archive.org/x"),
]


@pytest.mark.parametrize("target,field,value", CHANGES)
def test_hash_changes_when_any_annotated_field_changes(annotator, target, field, value):
    article = annotate(annotator)
    before = signoff.content_hash(article)
    claim = article.claims[0]
    obj = {"article": article, "claim": claim, "source": claim.sources[0]}[target]
    setattr(obj, field, value)
    assert signoff.content_hash(article) != before


def test_hash_changes_when_a_source_or_claim_is_added(annotator):
    article = annotate(annotator)
    before = signoff.content_hash(article)
    article.claims[0].sources.append(Source(url="https://example.org/c", position=1))
    assert signoff.content_hash(article) != before
    assert signoff.content_hash(annotate(annotator, claims=(("Crime fell by 12%", "Police"),))) != before
