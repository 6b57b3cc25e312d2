"""Revisions: numbered, every claim carried over with an event, orphans kept, re-attached or deleted."""
import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Claim, Event
from annotator.services import revisions, signoff
from annotator.services.errors import Conflict, InvalidInput, Locked

TEXT = ("The council spent $4 million on roads in 2023, the mayor said.\n\n"
        "Schools received less than half of that, according to the budget office.\n\n"
        "Critics called the plan reckless.")


@pytest.fixture
def article(make_article):
    return make_article(text=TEXT)


def revise(actor, article, text, **options):
    result = revisions.revise_article(actor, article, text, **options)
    db.session.commit()
    return result


def events(action):
    return db.session.scalars(select(Event).where(Event.action == action).order_by(Event.id)).all()


def test_a_revision_is_numbered_with_its_author_and_note(admin, article):
    result = revise(admin, article, "Breaking.\n\n" + TEXT, note="Added a lede")
    assert (result.revision.number, result.revision.created_by_id, result.revision.note) == (2, admin.id, "Added a lede")
    assert article.revision_number == 2 and article.text.startswith("Breaking.")
    assert [r.number for r in revisions.list_revisions(article.id)] == [2, 1]
    assert revisions.get_revision(article.id, 1).text == TEXT


def test_the_new_text_is_made_canonical(admin, article):
    revise(admin, article, "<p>Breaking.</p><p>Critics called the plan reckless.</p>", source_format="html")
    assert article.text == "Breaking.\n\nCritics called the plan reckless."


def test_claims_follow_the_text_and_each_gets_an_event(admin, article, make_claim):
    moved = make_claim(article, "$4 million")
    kept = make_claim(article, "Critics called")
    revise(admin, article, "Breaking.\n\n" + TEXT.replace("reckless", "bold"))
    assert article.text[moved.start:moved.end] == "$4 million"
    assert moved.start == TEXT.index("$4 million") + len("Breaking.\n\n")
    by_claim = {e.claim_id: e for e in events("reanchor")}
    assert by_claim[moved.id].old == {"revision": 1, "start": 18, "end": 28, "quote": "$4 million", "anchor_state": "anchored"}
    assert by_claim[moved.id].new["revision"] == 2 and by_claim[moved.id].new["method"] == "diff"
    assert by_claim[kept.id].new["method"] == "diff"
    article_event = events("revise")[0]
    assert article_event.new["methods"] == {"diff": 2} and article_event.old["revision"] == 1


def test_an_unmoved_claim_keeps_its_version(admin, article, make_claim):
    claim = make_claim(article, "$4 million")
    revise(admin, article, TEXT + "\n\nA last word.")
    assert (claim.version, claim.anchor_method) == (1, "")
    assert events("reanchor")[0].new["method"] == "offsets"


def test_a_claim_whose_text_is_gone_is_orphaned_not_lost(admin, article, make_claim):
    claim = make_claim(article, "Critics called the plan reckless.")
    result = revise(admin, article, TEXT.replace("\n\nCritics called the plan reckless.", ""))
    assert result.orphaned_ids == [claim.id]
    assert (claim.anchor_state, claim.anchor_method, claim.quote) == ("orphaned", "orphaned", "Critics called the plan reckless.")
    assert db.session.get(Claim, claim.id) is not None


def test_an_orphan_comes_back_when_its_text_returns(admin, article, make_claim):
    claim = make_claim(article, "Critics called the plan reckless.")
    revise(admin, article, TEXT.replace("\n\nCritics called the plan reckless.", ""))
    revise(admin, article, TEXT)
    assert (claim.anchor_state, claim.anchor_method) == ("anchored", "anywhere")
    assert article.text[claim.start:claim.end] == "Critics called the plan reckless."


def test_an_approved_claim_whose_words_changed_goes_back_to_review(admin, article, make_claim):
    claim = make_claim(article, "The council spent $4 million on roads in 2023", review_state="approved")
    revise(admin, article, TEXT.replace("$4 million", "$4.2 million"))
    assert (claim.anchor_method, claim.quote) == ("fuzzy", "The council spent $4.2 million on roads in 2023")
    assert claim.review_state == "submitted"


def test_a_signed_off_article_cannot_be_revised(admin, article):
    article.state = "signed_off"
    db.session.commit()
    with pytest.raises(Locked):
        revisions.revise_article(admin, article, TEXT + " More.")


@pytest.mark.parametrize("text,message", [("  \n ", "empty"), (TEXT, "same"), ("x" * 50, "limit")])
def test_bad_new_text_is_refused(app, monkeypatch, admin, article, text, message):
    monkeypatch.setitem(app.config, "ARTICLE_MAX_CHARS", 40 if message == "limit" else 400_000)
    with pytest.raises(InvalidInput, match=message):
        revisions.revise_article(admin, article, text)


def test_a_revision_made_against_an_old_version_is_refused(admin, article):
    with pytest.raises(Conflict):
        revisions.revise_article(admin, article, TEXT + " More.", expected_version=article.version + 1)


def test_an_orphan_is_reattached_to_a_new_selection(admin, article, make_claim):
    claim = make_claim(article, "Critics called the plan reckless.")
    revise(admin, article, TEXT.replace("Critics called the plan reckless.", "Critics were unconvinced."))
    start = article.text.index("Critics were")
    revisions.reattach_claim(admin, claim.id, start, start + len("Critics were unconvinced."), claim.version)
    db.session.commit()
    assert (claim.anchor_state, claim.anchor_method, claim.quote) == ("anchored", "manual", "Critics were unconvinced.")
    assert events("reattach")[0].new["start"] == start


def test_only_an_orphan_can_be_reattached_or_deleted_here(admin, article, make_claim):
    claim = make_claim(article, "$4 million")
    with pytest.raises(Conflict):
        revisions.reattach_claim(admin, claim.id, 0, 3, claim.version)
    with pytest.raises(Conflict):
        revisions.delete_orphan(admin, claim.id, claim.version)


def test_an_orphan_is_deleted_and_its_history_stays(admin, article, make_claim):
    claim = make_claim(article, "Critics called the plan reckless.")
    claim_id = claim.id
    revise(admin, article, TEXT.replace("\n\nCritics called the plan reckless.", ""))
    revisions.delete_orphan(admin, claim.id, claim.version)
    db.session.commit()
    assert db.session.get(Claim, claim_id) is None
    assert events("reanchor")[0].claim_id == claim_id


def test_orphans_block_sign_off(admin, article, make_claim, make_user):
    make_claim(article, "Critics called the plan reckless.", review_state="approved")
    revise(admin, article, TEXT.replace("\n\nCritics called the plan reckless.", ""))
    article.state = "in_review"
    db.session.commit()
    with pytest.raises(Conflict, match="1 orphaned claim"):
        signoff.sign_off(make_user("reviewer"), article.id)


# --- the sentence around an approved claim (issue 14, item 8) ---------------------------------

def approved(article, make_claim, quote):
    claim = make_claim(article, quote, review_state="approved", verdict_key="accurate")
    return claim


def test_a_revision_that_negates_the_sentence_sends_the_claim_back_with_the_change(admin, article, make_claim):
    claim = approved(article, make_claim, "$4 million on roads")
    revise(admin, article, TEXT.replace("The council spent", "It is false that the council spent"))
    assert claim.review_state == "submitted"
    (change,) = events("sentence_change")
    assert change.claim_id == claim.id and change.old["revision"] == 1 and change.new["revision"] == 2
    assert change.old["sentence"] == "The council spent $4 million on roads in 2023, the mayor said."
    assert change.new["sentence"].startswith("It is false that the council spent $4 million on roads")
    assert "It is false that" in claim.reviewer_comment and "Before:" in claim.reviewer_comment
    moves = db.session.scalars(select(Event).where(Event.claim_id == claim.id, Event.field == "review_state")).all()
    assert (moves[-1].old, moves[-1].new) == ("approved", "submitted")


def test_words_added_after_the_claim_in_its_sentence_also_send_it_back(admin, article, make_claim):
    claim = approved(article, make_claim, "The council spent $4 million")
    revise(admin, article, TEXT.replace("the mayor said.", "the mayor said, which is untrue."))
    assert claim.review_state == "submitted"
    assert (claim.start, claim.version > 1) == (0, True)


def test_a_change_in_another_sentence_leaves_the_approval(admin, article, make_claim):
    claim = approved(article, make_claim, "$4 million on roads")
    other = approved(article, make_claim, "Critics called the plan reckless")
    revise(admin, article, TEXT.replace("Schools received", "Schools got"))
    assert (claim.review_state, other.review_state) == ("approved", "approved")
    assert events("sentence_change") == []


def test_a_claim_not_yet_approved_keeps_its_state_but_records_the_change(admin, article, make_claim):
    # Recorded so that the reviser counts as a contributor to the claim (four eyes), not sent back.
    claim = make_claim(article, "$4 million on roads", review_state="submitted")
    revise(admin, article, "It is false that " + TEXT)
    assert claim.review_state == "submitted" and claim.reviewer_comment == ""
    assert [e.actor_id for e in events("sentence_change")] == [admin.id]


def test_the_reviser_cannot_approve_the_claim_he_sent_back(admin, article, make_claim, make_user):
    from annotator.services import review
    from annotator.services.errors import PermissionDenied

    reviser = make_user("reviewer")
    claim = approved(article, make_claim, "$4 million on roads")
    revise(reviser, article, TEXT.replace("The council spent", "It is false that the council spent"))
    with pytest.raises(PermissionDenied):
        review.approve_claim(reviser, claim.id)
    review.approve_claim(make_user("reviewer"), claim.id)
    assert claim.review_state == "approved"
