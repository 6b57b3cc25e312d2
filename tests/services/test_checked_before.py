"""Checked before: vectors computed by the worker and indexed on approval, matches by meaning, a
rebuilt index."""
import time

import pytest
from sqlalchemy import delete, select

from annotator import worker
from annotator.extensions import db
from annotator.models import ClaimEmbedding, ClaimVector
from annotator.services import checked_before, matching_index, review
from tests.checked_before import EARLIER, PARAPHRASE, UNRELATED, fresh_cache, worker_in_step  # noqa: F401

in_step = pytest.mark.usefixtures("worker_in_step")


@pytest.fixture
def approved(worker_in_step, make_article, make_claim, annotator, reviewer):  # noqa: F811  (the fixture)
    article = make_article(text=f"{EARLIER} {UNRELATED}", title="Last month", actor=annotator)
    claim = make_claim(article, EARLIER, actor=annotator, review_state="submitted", verdict_key="false")
    review.approve_claim(reviewer, claim.id)
    db.session.commit()
    return claim


@pytest.fixture
def current(make_article, make_claim, annotator):
    article = make_article(text=f"{PARAPHRASE} {UNRELATED}", title="This week", actor=annotator)
    return make_claim(article, PARAPHRASE, actor=annotator), make_claim(article, UNRELATED, actor=annotator)


def stored_ids():
    return set(db.session.scalars(select(ClaimEmbedding.claim_id)))


def test_approving_a_rated_claim_stores_its_vector_and_sending_it_back_removes_it(approved, reviewer):
    assert stored_ids() == {approved.id}
    review.request_changes(reviewer, approved.id, "Needs a second source.")
    db.session.commit()
    assert stored_ids() == set()


def test_a_paraphrase_finds_the_earlier_claim_and_an_unrelated_claim_finds_nothing(approved, current):
    paraphrase, unrelated = current
    found = checked_before.matches_for([paraphrase.id, unrelated.id])
    assert [match["claim_id"] for match in found[paraphrase.id]] == [approved.id]
    first = found[paraphrase.id][0]
    assert (first["verdict"], first["article_title"]) == ("False", "Last month")
    assert found[unrelated.id] == []


def test_a_claim_never_matches_itself(approved):
    assert checked_before.matches_for([approved.id]) == {approved.id: []}


def test_the_index_is_rebuilt_from_the_table_after_a_restart(approved, current):
    matching_index.index()
    matching_index.forget_cache()  # what a new process starts with
    found = checked_before.matches_for([current[0].id])
    assert [match["claim_id"] for match in found[current[0].id]] == [approved.id]


@in_step
def test_a_claim_approved_after_the_index_was_built_is_found(make_article, make_claim, annotator, reviewer, current):
    assert checked_before.matches_for([current[0].id])[current[0].id] == []
    article = make_article(text=EARLIER, title="Later", actor=annotator)
    claim = make_claim(article, EARLIER, actor=annotator, review_state="submitted", verdict_key="false")
    review.approve_claim(reviewer, claim.id)
    db.session.commit()
    assert [m["claim_id"] for m in checked_before.matches_for([current[0].id])[current[0].id]] == [claim.id]


def test_what_another_process_commits_shows_within_fresh_seconds_and_this_process_own_writes_at_once(
        approved, current, monkeypatch):
    monkeypatch.setattr(matching_index, "FRESH_SECONDS", 60)
    paraphrase = current[0].id
    assert [m["claim_id"] for m in checked_before.matches_for([paraphrase])[paraphrase]] == [approved.id]
    # Another process takes the claim out of the index: a plain statement, no flush of this session.
    db.session.execute(delete(ClaimEmbedding).where(ClaimEmbedding.claim_id == approved.id))
    db.session.commit()
    assert [m["claim_id"] for m in checked_before.matches_for([paraphrase])[paraphrase]] == [approved.id]
    monkeypatch.setattr(matching_index, "FRESH_SECONDS", 0)
    assert checked_before.matches_for([paraphrase])[paraphrase] == []

    monkeypatch.setattr(matching_index, "FRESH_SECONDS", 60)
    matching_index.embed_pending()  # this process indexes the approved claim again (a flush of its session)
    db.session.commit()
    assert [m["claim_id"] for m in checked_before.matches_for([paraphrase])[paraphrase]] == [approved.id]


def test_an_index_belongs_to_its_database_engine(approved, current, make_app, monkeypatch):
    """A process that talks to another database (each test's app) never searches the old one's index."""
    monkeypatch.setattr(matching_index, "FRESH_SECONDS", 60)
    paraphrase = current[0].id
    assert [m["claim_id"] for m in checked_before.matches_for([paraphrase])[paraphrase]] == [approved.id]
    db.session.execute(delete(ClaimEmbedding).where(ClaimEmbedding.claim_id == approved.id))
    db.session.commit()
    with make_app().app_context():  # another engine: its index is built from its own tables
        assert checked_before.matches_for([paraphrase])[paraphrase] == []


@in_step
def test_reusing_a_verdict_copies_it_and_its_sources_and_history_names_the_original(
        make_article, make_claim, annotator, reviewer, current):
    from annotator.models import Event
    from annotator.services.lookup import get_claim
    from annotator.services.sources import add_source

    article = make_article(text=EARLIER, title="With a source", actor=annotator)
    original = make_claim(article, EARLIER, actor=annotator, verdict_key="false")
    add_source(annotator, original.id, {"url": "https://stats.example/energy", "title": "Energy trends"})
    review.submit_claim(annotator, original.id)
    review.approve_claim(reviewer, original.id)
    db.session.commit()
    claim = get_claim(current[0].id)
    checked_before.reuse_verdict(annotator, claim.id, claim.version, original.id)
    db.session.commit()
    claim = get_claim(claim.id)
    assert claim.verdict_key == "false"
    assert [source.url for source in claim.sources] == ["https://stats.example/energy"]
    reuse = db.session.scalars(select(Event).where(Event.claim_id == claim.id, Event.action == "reuse")).one()
    assert (reuse.field, reuse.new) == ("reused_from", {"claim_id": original.id, "article_id": article.id})


def test_not_the_same_claim_is_remembered_for_that_claim_only(approved, current, annotator):
    paraphrase = current[0]
    checked_before.dismiss_match(annotator, paraphrase.id, "claim", approved.id)
    checked_before.dismiss_match(annotator, paraphrase.id, "claim", approved.id)  # twice is once
    db.session.commit()
    assert checked_before.matches_for([paraphrase.id]) == {paraphrase.id: []}


def approve_new(make_article, make_claim, annotator, reviewer, text=EARLIER):
    article = make_article(text=text, title="Approved while no worker ran", actor=annotator)
    claim = make_claim(article, text, actor=annotator, review_state="submitted", verdict_key="false")
    review.approve_claim(reviewer, claim.id)
    db.session.commit()
    return claim


def test_approval_computes_no_vector_and_the_worker_indexes_the_claim(
        app, make_article, make_claim, annotator, reviewer, current):
    claim = approve_new(make_article, make_claim, annotator, reviewer)  # no worker: the nudge waits in the queue
    assert stored_ids() == set() and db.session.get(ClaimVector, claim.id) is None
    assert checked_before.matches_for([current[0].id])[current[0].id] == []
    db.session.rollback()  # the test's read transaction ends, as a request's would
    huey = worker.get_huey(app)
    huey.immediate = True  # the real task, run through huey's own execute path
    try:
        huey.embed()
    finally:
        huey.immediate = False
    db.session.expire_all()
    assert stored_ids() == {claim.id}
    assert [m["claim_id"] for m in checked_before.matches_for([current[0].id])[current[0].id]] == [claim.id]


def test_a_claim_approved_while_no_worker_ran_is_indexed_when_a_worker_starts(
        app, make_article, make_claim, annotator, reviewer, current):
    claim = approve_new(make_article, make_claim, annotator, reviewer)
    consumer = worker.start_embedded(app)  # a real consumer: its threads take the queued task
    try:
        deadline = time.monotonic() + 60
        while claim.id not in stored_ids():
            assert time.monotonic() < deadline, "the worker did not index the approved claim"
            db.session.rollback()
            time.sleep(0.2)
    finally:
        consumer.stop(graceful=True)
    assert [m["claim_id"] for m in checked_before.matches_for([current[0].id])[current[0].id]] == [claim.id]


@in_step
def test_a_claim_whose_words_change_gets_a_new_vector(make_article, make_claim, annotator):
    article = make_article(text=f"{EARLIER} {UNRELATED}", title="Edited", actor=annotator)
    claim = make_claim(article, EARLIER, actor=annotator)
    db.session.commit()
    assert db.session.get(ClaimVector, claim.id).quote == EARLIER
    claim.quote = UNRELATED  # what re-anchoring after an edit of the article may do
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(ClaimVector, claim.id).quote == UNRELATED


@in_step
def test_an_article_lists_only_its_claims_that_were_checked_before(approved, current):
    paraphrase, unrelated = current
    db.session.commit()  # the worker stores both claims' vectors
    found = checked_before.article_matches(paraphrase.article_id)
    assert list(found["claims"]) == [paraphrase.id] and found["pending"] == []
    assert found["claims"][paraphrase.id][0]["claim_id"] == approved.id
