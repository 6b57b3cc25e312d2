"""Discussion: comments, mentions, the edit window, resolve and reopen; notifications from them
and from the review and assignment events; the history events they write."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Comment, Event, Notification, Thread
from annotator.services import assignments, notifications, review, threads
from annotator.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from annotator.text.mentions import find_mentions


@pytest.fixture
def claim(make_article, make_claim):
    return make_claim(make_article(), quote="$4 million", verdict_key="accurate")


def notes(user, kind=None):
    query = select(Notification).where(Notification.user_id == user.id)
    return db.session.scalars(query.where(Notification.kind == kind) if kind else query).all()


def test_find_mentions_skips_addresses_and_sentence_dots():
    assert find_mentions("@anna, ask @Bob. not a@b.org @x @anna") == ["anna", "Bob"]


def test_find_mentions_is_linear_on_a_long_run_of_at_signs():
    assert find_mentions("@" * 200_000 + "ab") == ["ab"]


def test_a_first_comment_opens_the_claims_thread_and_mentions_notify(claim, annotator, make_user):
    rita = make_user("reviewer", "rita")
    comment = threads.post_comment(annotator, "Source? @rita please look", claim_id=claim.id)
    db.session.commit()
    thread = db.session.get(Thread, comment.thread_id)
    assert (thread.subject, thread.claim_id, comment.mentions) == (f"claim:{claim.id}", claim.id, ["rita"])
    [note] = notes(rita, "mentioned")
    assert (note.claim_id, note.comment_id, note.actor_id, note.mail_state) == (claim.id, comment.id, annotator.id, "skipped")
    assert notes(annotator) == []  # never the author


def test_a_reply_continues_the_same_thread(claim, annotator, reviewer):
    first = threads.post_comment(annotator, "one", claim_id=claim.id)
    second = threads.post_comment(reviewer, "two", claim_id=claim.id)
    assert first.thread_id == second.thread_id
    assert [c.body for c in threads.get_discussion(claim_id=claim.id)[3]] == ["one", "two"]


def test_the_article_has_its_own_thread(claim, annotator):
    on_article = threads.post_comment(annotator, "about the whole piece", article_id=claim.article_id)
    on_claim = threads.post_comment(annotator, "about the claim", claim_id=claim.id)
    assert on_article.thread_id != on_claim.thread_id


@pytest.mark.parametrize("body, message", [
    ("   ", "Write a comment first."),
    ("x" * (threads.MAX_COMMENT_CHARS + 1), "at most"),
    ("ask @nobody_here", "No account is named @nobody_here"),
])
def test_bad_comments_are_refused_and_change_nothing(claim, annotator, body, message):
    with pytest.raises(InvalidInput, match=message):
        threads.post_comment(annotator, body, claim_id=claim.id)
    db.session.rollback()
    assert db.session.scalars(select(Comment)).all() == []


def test_a_deactivated_account_cannot_be_mentioned(claim, annotator, make_user):
    make_user("annotator", "gone", active=False)
    with pytest.raises(InvalidInput, match="deactivated: @gone"):
        threads.post_comment(annotator, "@gone?", claim_id=claim.id)


def test_a_comment_on_a_missing_claim_is_not_found(annotator):
    with pytest.raises(NotFound):
        threads.post_comment(annotator, "hello", claim_id=987654)


def test_the_author_edits_within_the_window_and_new_mentions_notify(claim, annotator, make_user):
    rita = make_user("reviewer", "rita")
    comment = threads.post_comment(annotator, "draft", claim_id=claim.id)
    threads.edit_comment(annotator, comment.id, "better, @rita")
    db.session.commit()
    assert (comment.body, comment.edited_at is not None, len(notes(rita, "mentioned"))) == ("better, @rita", True, 1)
    threads.edit_comment(annotator, comment.id, "better still, @rita")
    assert len(notes(rita, "mentioned")) == 1  # mentioned before: not again


def test_someone_elses_comment_cannot_be_edited(claim, annotator, reviewer):
    comment = threads.post_comment(annotator, "mine", claim_id=claim.id)
    with pytest.raises(PermissionDenied):
        threads.edit_comment(reviewer, comment.id, "yours now")


def test_an_edit_after_the_window_is_refused(claim, annotator):
    comment = threads.post_comment(annotator, "mine", claim_id=claim.id)
    later = comment.created_at + threads.edit_window() + timedelta(seconds=1)
    with pytest.raises(Conflict, match="15 minutes"):
        threads.edit_comment(annotator, comment.id, "too late", now=later)


def test_resolve_and_reopen_and_a_new_comment_reopens(claim, annotator, reviewer):
    thread_id = threads.post_comment(annotator, "q", claim_id=claim.id).thread_id
    thread = threads.set_resolved(reviewer, thread_id, True)
    assert thread.is_resolved and thread.resolved_by_id == reviewer.id
    with pytest.raises(Conflict, match="already resolved"):
        threads.set_resolved(reviewer, thread_id, True)
    threads.post_comment(annotator, "one more thing", claim_id=claim.id)
    assert not thread.is_resolved


def test_every_step_is_a_history_event_that_is_not_a_contribution(claim, annotator, reviewer):
    comment = threads.post_comment(reviewer, "q", claim_id=claim.id)
    threads.edit_comment(reviewer, comment.id, "q2")
    threads.set_resolved(reviewer, comment.thread_id, True)
    db.session.commit()
    events = db.session.scalars(select(Event).where(Event.action == "discuss").order_by(Event.id)).all()
    assert [(e.field, e.claim_id) for e in events] == [("comment", claim.id), ("edit", claim.id), ("resolve", claim.id)]
    from annotator.permissions import has_contributed
    assert not has_contributed(reviewer, review.contribution_events(claim.article_id, reviewer.id, claim.id), claim)


def test_request_changes_continues_the_thread_and_tells_the_annotator_once(claim, admin, reviewer, make_user):
    rita = make_user("reviewer", "rita")
    threads.post_comment(admin, "Is the figure right?", claim_id=claim.id)
    review.submit_claim(admin, claim.id)
    review.request_changes(reviewer, claim.id, "Cite the budget, @rita and @admin")
    db.session.commit()
    comments = threads.get_discussion(claim_id=claim.id)[3]
    assert [(c.kind, c.body) for c in comments][-1] == ("request_changes", "Cite the budget, @rita and @admin")
    assert len(comments) == 2
    # The annotator wrote in the thread and is mentioned too: one notification, "sent back".
    [note] = notes(admin)
    assert (note.kind, note.claim_id, note.comment_id) == ("sent_back", claim.id, comments[-1].id)
    assert [n.kind for n in notes(rita)] == ["mentioned"]


@pytest.mark.parametrize("comment, message", [
    ("Cite the budget, @nobody", "No account is named @nobody"),
    ("Ask @gone about it", "The account is deactivated: @gone"),
])
def test_request_changes_refuses_a_mention_of_nobody_and_changes_nothing(claim, admin, reviewer, make_user,
                                                                          comment, message):
    make_user("annotator", "gone", active=False)
    review.submit_claim(admin, claim.id)
    db.session.commit()
    with pytest.raises(InvalidInput, match=message) as refused:
        review.request_changes(reviewer, claim.id, comment)
    assert list(refused.value.fields) == ["comment"]
    db.session.expire_all()
    assert (claim.review_state, claim.reviewer_comment) == ("submitted", "")
    assert db.session.scalars(select(Comment)).all() == [] and notes(admin) == []
    assert db.session.scalars(select(Event.field).where(Event.action == "comment")).all() == []


def test_a_reply_tells_the_others_who_wrote_in_the_thread_once_each(claim, make_user):
    ana, bo, rita = make_user("annotator", "ana"), make_user("annotator", "bo"), make_user("reviewer", "rita")
    threads.post_comment(ana, "Where is this from?", claim_id=claim.id)
    threads.post_comment(bo, "The budget papers, page 4.", claim_id=claim.id)
    assert [n.kind for n in notes(ana)] == ["replied"] and notes(bo) == []
    reply = threads.post_comment(rita, "Thanks @ana, and bo: which year?", claim_id=claim.id)
    db.session.commit()
    # Ana is mentioned (one notification, not a reply too); Bo hears of a reply; Rita of nothing.
    assert [(n.kind, n.comment_id) for n in notes(ana)][-1] == ("mentioned", reply.id) and len(notes(ana)) == 2
    assert [(n.kind, n.comment_id, n.actor_id) for n in notes(bo)] == [("replied", reply.id, rita.id)]
    assert notes(rita) == []
    threads.post_comment(make_user("annotator", "cy"), "unrelated", article_id=claim.article_id)
    assert len(notes(ana)) == 2  # the article's thread is another discussion


def test_a_deactivated_participant_hears_of_no_reply(claim, make_user):
    ana, bo = make_user("annotator", "ana"), make_user("annotator", "bo")
    threads.post_comment(bo, "first", claim_id=claim.id)
    bo.active = False
    threads.post_comment(ana, "second", claim_id=claim.id)
    assert notes(bo) == []


def test_an_edit_that_mentions_a_participant_turns_their_reply_into_a_mention(claim, make_user):
    ana, bo = make_user("annotator", "ana"), make_user("annotator", "bo")
    threads.post_comment(bo, "first", claim_id=claim.id)
    reply = threads.post_comment(ana, "second", claim_id=claim.id)
    notifications.mark_all_read(bo)
    threads.edit_comment(ana, reply.id, "second, @bo")
    db.session.commit()
    [note] = notes(bo)
    assert (note.kind, note.comment_id, note.read_at) == ("mentioned", reply.id, None)


def test_a_reply_reads_as_a_sentence():
    assert notifications.sentence("replied", "Bo", "Budget story") == "Bo replied in a discussion on Budget story"


def test_assigning_submitting_signing_off_and_reopening_notify_the_people(make_article, make_claim, admin, make_user):
    anna, rita = make_user("annotator", "anna"), make_user("reviewer", "rita")
    article = make_article()
    make_claim(article, quote="$4 million", verdict_key="accurate", actor=anna)
    assignments.assign_article(admin, article.id, ["anna"], "rita")
    db.session.commit()
    assert [n.kind for n in notes(anna)] == ["assigned"] and [n.kind for n in notes(rita)] == ["assigned"]
    assignments.assign_article(admin, article.id, ["anna"], "rita", priority="high")
    assert len(notes(anna, "assigned")) == 1  # a reassignment tells only the people it adds
    review.submit_article(anna, article.id)
    assert len(notes(rita, "ready_for_review")) == 1
    from annotator.services import signoff
    for c in review.list_claims_of(article):
        review.approve_claim(rita, c.id)
    signoff.sign_off(rita, article.id)
    signoff.reopen(rita, article.id, "a correction came in")
    db.session.commit()
    assert [n.kind for n in notes(anna)] == ["assigned", "signed_off", "reopened"]


def test_mark_read_one_and_all_and_someone_elses_is_not_found(claim, annotator, make_user):
    rita = make_user("reviewer", "rita")
    threads.post_comment(annotator, "@rita one", claim_id=claim.id)
    threads.post_comment(annotator, "@rita two", article_id=claim.article_id)
    db.session.commit()
    first = notes(rita)[0]
    with pytest.raises(NotFound):
        notifications.mark_read(annotator, first.id)
    notifications.mark_read(rita, first.id)
    assert notifications.count_unread(rita) == 1
    assert notifications.mark_all_read(rita) == 1 and notifications.count_unread(rita) == 0


def test_links_point_at_the_claim_or_the_articles_discussion():
    assert notifications.link_of(3, 9) == "/articles/3#claim-9"
    assert notifications.link_of(3, None) == "/articles/3#discussion"


def test_mentionable_users_match_a_prefix_literally(make_user):
    make_user("annotator", "anna"), make_user("annotator", "an_x"), make_user("annotator", "anzo", active=False)
    assert [u.username for u in threads.list_mentionable("an")] == ["an_x", "anna"]
    assert [u.username for u in threads.list_mentionable("an_")] == ["an_x"]  # _ is not a wildcard
