"""Discussion and notifications through the API and the pages: what each person sees and what is
refused, with the message that says why."""
from datetime import timedelta

import pytest
from sqlalchemy import update

from annotator.extensions import db
from annotator.models import Comment, MailPreference, Notification, utcnow
from annotator.services.threads import MAX_COMMENT_CHARS


@pytest.fixture
def people(make_user):
    return {"ana": make_user("annotator", "ana"), "rita": make_user("reviewer", "rita")}


@pytest.fixture
def claim(make_article, make_claim):
    return make_claim(make_article(title="Budget story"), quote="$4 million")


def post(client, claim, body):
    return client.post(f"/api/v1/claims/{claim.id}/thread", json={"body": body})


def test_a_comment_with_a_mention_lands_in_the_bell_and_links_to_the_claim(people, as_user, claim):
    ana, rita = as_user(people["ana"]), as_user(people["rita"])
    response = post(ana, claim, "Is this the 2023 figure, @rita?")
    assert response.status_code == 201
    data = response.json["data"]
    assert [c["mentions"] for c in data["comments"]] == [["rita"]] and data["thread"]["resolved"] is False
    assert 'id="bell-count">1<' in rita.get("/my-work").text
    [item] = rita.get("/api/v1/notifications").json["data"]["items"]
    assert (item["kind"], item["url"]) == ("mentioned", f"/articles/{claim.article_id}#claim-{claim.id}")
    assert item["text"] == "ana mentioned you on Budget story"
    opened = rita.post(f"/notifications/{item['id']}/open")
    assert (opened.status_code, opened.headers["Location"]) == (303, item["url"])
    assert 'id="bell-count"' not in rita.get("/my-work").text


def test_my_work_lists_mentions_of_me(people, as_user, claim):
    post(as_user(people["ana"]), claim, "@rita see the footnote")
    page = as_user(people["rita"]).get("/my-work").text
    assert 'id="mentions"' in page and "see the footnote" in page


@pytest.mark.parametrize("body, status, message", [
    ("", 422, "Write a comment first."),
    ("   \n ", 422, "Write a comment first."),
    ("x" * (MAX_COMMENT_CHARS + 1), 422, f"at most {MAX_COMMENT_CHARS} characters"),
    ("ask @ghost", 422, "No account is named @ghost"),
    ("nul \x00 here", 422, "NUL"),
])
def test_bad_comments_get_a_clear_4xx_and_write_nothing(people, as_user, claim, body, status, message):
    response = post(as_user(people["ana"]), claim, body)
    assert response.status_code == status and message in response.json["error"]["message"] + str(response.json["error"]["fields"])
    assert db.session.query(Comment).count() == 0


def test_a_body_that_is_not_json_or_not_a_string_is_refused(people, as_user, claim):
    ana = as_user(people["ana"])
    assert ana.post(f"/api/v1/claims/{claim.id}/thread", data="body=hi").status_code == 422
    assert ana.post(f"/api/v1/claims/{claim.id}/thread", json={"body": ["a"]}).status_code == 422
    assert ana.post("/api/v1/claims/99999/thread", json={"body": "hi"}).status_code == 404


def test_only_the_author_edits_and_only_within_the_window(people, as_user, claim):
    ana, rita = as_user(people["ana"]), as_user(people["rita"])
    comment_id = post(ana, claim, "first try").json["data"]["comments"][0]["id"]
    assert rita.patch(f"/api/v1/comments/{comment_id}", json={"body": "hijack"}).status_code == 403
    edited = ana.patch(f"/api/v1/comments/{comment_id}", json={"body": "second try"})
    assert edited.status_code == 200 and edited.json["data"]["edited_at"]
    db.session.execute(update(Comment).values(created_at=utcnow() - timedelta(minutes=16)))
    db.session.commit()
    late = ana.patch(f"/api/v1/comments/{comment_id}", json={"body": "third try"})
    assert late.status_code == 409 and "15 minutes" in late.json["error"]["message"]
    assert db.session.get(Comment, comment_id).body == "second try"


def test_resolve_then_reopen_and_twice_is_a_conflict(people, as_user, claim):
    ana = as_user(people["ana"])
    thread_id = post(ana, claim, "q").json["data"]["thread"]["id"]
    assert ana.post(f"/api/v1/threads/{thread_id}/resolve").json["data"]["thread"]["resolved"] is True
    assert ana.post(f"/api/v1/threads/{thread_id}/resolve").status_code == 409
    assert ana.post(f"/api/v1/threads/{thread_id}/reopen").json["data"]["thread"]["resolved"] is False


def test_the_article_thread_and_an_empty_discussion(people, as_user, claim):
    ana = as_user(people["ana"])
    empty = ana.get(f"/api/v1/claims/{claim.id}/thread").json["data"]
    assert (empty["thread"], empty["comments"]) == (None, [])
    assert ana.post(f"/api/v1/articles/{claim.article_id}/thread", json={"body": "@rita overall?"}).status_code == 201
    [item] = as_user(people["rita"]).get("/api/v1/notifications?unread=1").json["data"]["items"]
    assert item["url"] == f"/articles/{claim.article_id}#discussion"


def test_mention_completion_lists_active_usernames_by_prefix(people, as_user, make_user):
    make_user("annotator", "ritz", active=False)
    ana = as_user(people["ana"])
    assert [u["username"] for u in ana.get("/api/v1/users/mentionable?prefix=RI").json["data"]] == ["rita"]
    bad = ana.get("/api/v1/users/mentionable?prefix=a%25b")
    assert bad.status_code == 422 and "letters, digits" in str(bad.json["error"]["fields"])


def test_notifications_are_each_persons_own(people, as_user, claim):
    post(as_user(people["ana"]), claim, "@rita hi")
    note_id = db.session.query(Notification.id).scalar()
    ana, rita = as_user(people["ana"]), as_user(people["rita"])
    assert ana.post(f"/api/v1/notifications/{note_id}/read").status_code == 404
    assert ana.post(f"/notifications/{note_id}/open").status_code == 404
    assert rita.post("/api/v1/notifications/read-all").json["data"] == {"marked": 1, "unread": 0}


def test_the_notifications_page_lists_and_marks_all_read(people, as_user, claim):
    post(as_user(people["ana"]), claim, "@rita <b>look</b>")
    rita = as_user(people["rita"])
    page = rita.get("/notifications").text
    assert "ana mentioned you on Budget story" in page and "is-unread" in page
    assert rita.post("/notifications/read-all").status_code == 303
    assert "is-unread" not in rita.get("/notifications").text


def test_the_mail_preference_is_saved_and_a_bad_address_refused(people, as_user):
    ana = as_user(people["ana"])
    assert 'id="mail"' in ana.get("/account").text
    saved = ana.post("/notifications/mail", data={"email": "ana@example.org", "frequency": "daily"})
    assert saved.status_code == 303
    pref = db.session.get(MailPreference, people["ana"].id)
    assert (pref.email, pref.frequency) == ("ana@example.org", "daily")
    for data in ({"email": "not-an-address", "frequency": "daily"}, {"email": "a@b.org", "frequency": "hourly"}):
        assert ana.post("/notifications/mail", data=data).status_code == 422
    db.session.expire_all()
    assert db.session.get(MailPreference, people["ana"].id).frequency == "daily"


def test_request_changes_on_the_page_continues_the_thread(people, as_user, claim, admin):
    from annotator.services import review
    review.submit_claim(admin, claim.id)
    db.session.commit()
    rita = as_user(people["rita"])
    response = rita.post(f"/review/claims/{claim.id}/request-changes", data={"comment": "Cite it.", "version": claim.version})
    assert response.status_code == 302
    comments = rita.get(f"/api/v1/claims/{claim.id}/thread").json["data"]["comments"]
    assert [(c["kind"], c["body"]) for c in comments] == [("request_changes", "Cite it.")]
    assert db.session.query(Notification).filter_by(user_id=admin.id, kind="sent_back").count() == 1


def test_request_changes_mentioning_nobody_gets_a_422_naming_them_and_changes_nothing(people, as_user, claim, admin):
    from annotator.services import review
    review.submit_claim(admin, claim.id)
    db.session.commit()
    rita = as_user(people["rita"])
    response = rita.post(f"/api/v1/claims/{claim.id}/request-changes", json={"comment": "Ask @ghost", "version": claim.version})
    assert response.status_code == 422 and "No account is named @ghost" in response.json["error"]["message"]
    assert list(response.json["error"]["fields"]) == ["comment"]
    page = rita.post(f"/review/claims/{claim.id}/request-changes", data={"comment": "Ask @ghost", "version": claim.version},
                     follow_redirects=True)
    assert "No account is named @ghost" in page.text
    db.session.expire_all()
    assert claim.review_state == "submitted"
    assert (db.session.query(Comment).count(), db.session.query(Notification).count()) == (0, 0)


def test_a_reply_lands_in_the_bell_of_who_wrote_in_the_thread_before(people, as_user, claim):
    rita = as_user(people["rita"])
    post(rita, claim, "Which year is this?")
    assert post(as_user(people["ana"]), claim, "2023, page 4.").status_code == 201
    [item] = rita.get("/api/v1/notifications").json["data"]["items"]
    assert (item["kind"], item["url"]) == ("replied", f"/articles/{claim.article_id}#claim-{claim.id}")
    assert item["text"] == "ana replied in a discussion on Budget story"
    assert "ana replied in a discussion on Budget story" in rita.get("/notifications").text


def test_the_reviewers_desk_shows_how_much_a_claim_was_discussed(people, as_user, claim, admin):
    from annotator.services import review
    post(as_user(people["ana"]), claim, "I checked the budget papers.")
    review.submit_claim(admin, claim.id)
    db.session.commit()
    page = as_user(people["rita"]).get(f"/articles/{claim.article_id}").text
    assert f'<a href="#claim-{claim.id}">1 comment</a>' in page
    assert 'id="claim-discussion"' in page and 'id="discussion"' in page


def test_comments_read_as_sentences_in_the_claims_history(people, as_user, claim):
    post(as_user(people["ana"]), claim, "Checked with the council press office.")
    page = as_user(people["rita"]).get(f"/review/claims/{claim.id}/history").text
    assert "commented on this claim: “Checked with the council press office.”" in page
