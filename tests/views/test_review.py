"""Review pages and API: who may do what, the lock, and what people see."""
import re

import pytest

from annotator.extensions import db
from annotator.models import Claim
from annotator.services import review

QUOTES = ("$4 million on roads", "the mayor said")


@pytest.fixture
def login(login, client):
    """Sign in, signing out whoever was signed in on the client before."""
    def switch(user):
        client.post("/logout")
        return login(user)
    return switch


@pytest.fixture
def submitted(make_article, make_claim, annotator):
    """An article in review with two submitted claims by the annotator; returns (article id, claim ids)."""
    article = make_article(actor=annotator)
    ids = [make_claim(article, q, actor=annotator, verdict_key="accurate").id for q in QUOTES]
    review.submit_article(annotator, article.id)
    db.session.commit()
    return article.id, ids


def post(client, url, body=None):
    return client.post(url, json=body or {})


def state_of(claim_id):
    db.session.expire_all()
    return db.session.get(Claim, claim_id).review_state


def approve_all(client, ids):
    for claim_id in ids:
        assert post(client, f"/api/v1/claims/{claim_id}/approve").status_code == 200


# --- each role on each review action ---

def test_annotator_cannot_approve_or_request_changes(client, login, make_user, submitted):
    _, (claim_id, _) = submitted
    login(make_user("annotator"))
    assert post(client, f"/api/v1/claims/{claim_id}/approve").status_code == 403
    assert post(client, f"/api/v1/claims/{claim_id}/request-changes", {"comment": "No"}).status_code == 403
    assert state_of(claim_id) == "submitted"


def test_reviewer_approves_with_the_version_seen(client, login, reviewer, submitted):
    _, (claim_id, _) = submitted
    login(reviewer)
    stale = post(client, f"/api/v1/claims/{claim_id}/approve", {"version": 99})
    assert stale.status_code == 409
    response = post(client, f"/api/v1/claims/{claim_id}/approve", {"version": db.session.get(Claim, claim_id).version})
    assert response.status_code == 200
    assert response.json["data"]["review_state"] == "approved"


@pytest.mark.parametrize("role", ["reviewer", "admin"])
def test_nobody_approves_own_claim_through_the_api(client, login, make_user, make_article, make_claim, role):
    author = make_user(role)
    claim = make_claim(make_article(actor=author), QUOTES[0], actor=author, review_state="submitted", verdict_key="false")
    login(author)
    response = post(client, f"/api/v1/claims/{claim.id}/approve")
    assert response.status_code == 403
    assert "another reviewer" in response.json["error"]["message"]


def test_admin_setting_allows_self_review(client, login, admin, make_article, make_claim):
    claim = make_claim(make_article(actor=admin), QUOTES[0], actor=admin, review_state="submitted", verdict_key="false")
    login(admin)
    assert client.put("/api/v1/review/settings", json={"allowed": True}).json["data"] == {"allow_self_review": True}
    assert post(client, f"/api/v1/claims/{claim.id}/approve").status_code == 200


def test_reviewer_cannot_change_settings(client, login, reviewer):
    login(reviewer)
    assert client.put("/api/v1/review/settings", json={"allowed": True}).status_code == 403
    assert client.get("/api/v1/review/settings").json["data"] == {"allow_self_review": False}


def test_request_changes_needs_a_comment_and_the_annotator_sees_it(client, login, reviewer, annotator, submitted):
    article_id, (claim_id, _) = submitted
    login(reviewer)
    refused = post(client, f"/api/v1/claims/{claim_id}/request-changes", {"comment": "  "})
    assert refused.status_code == 422 and "comment" in refused.json["error"]["fields"]
    assert state_of(claim_id) == "submitted"
    assert post(client, f"/api/v1/claims/{claim_id}/request-changes", {"comment": "Which year?"}).status_code == 200
    login(annotator)
    page = client.get(f"/articles/{article_id}").text
    assert "Sent back for changes" in page and "Which year?" in page
    assert post(client, f"/api/v1/claims/{claim_id}/submit").status_code == 200
    assert state_of(claim_id) == "submitted"


def test_bad_bodies_get_clear_errors(client, login, reviewer, submitted):
    _, (claim_id, _) = submitted
    login(reviewer)
    assert client.post(f"/api/v1/claims/{claim_id}/approve", data="x", content_type="text/plain").status_code == 422
    assert post(client, f"/api/v1/claims/{claim_id}/approve", {"version": "seven"}).status_code == 422
    assert post(client, f"/api/v1/claims/{claim_id}/request-changes", {"comment": "x" * 2001}).status_code == 422
    assert post(client, "/api/v1/claims/9999/approve").status_code == 404


# --- sign-off, the lock and reopening ---

def test_sign_off_refused_while_anything_is_unapproved(client, login, reviewer, submitted):
    article_id, (first, _) = submitted
    login(reviewer)
    post(client, f"/api/v1/claims/{first}/approve")
    response = post(client, f"/api/v1/articles/{article_id}/sign-off")
    assert response.status_code == 409
    assert "1 claim not approved yet" in response.json["error"]["message"]


def test_annotator_cannot_sign_off(client, login, reviewer, annotator, submitted):
    article_id, ids = submitted
    login(reviewer)
    approve_all(client, ids)
    login(annotator)
    assert post(client, f"/api/v1/articles/{article_id}/sign-off").status_code == 403


def test_signed_off_article_is_locked_in_the_api(client, login, reviewer, annotator, submitted):
    article_id, ids = submitted
    login(reviewer)
    approve_all(client, ids)
    signed = post(client, f"/api/v1/articles/{article_id}/sign-off")
    assert signed.status_code == 200
    data = signed.json["data"]
    assert data["state"] == "signed_off" and data["sign_off"]["reviewer"]["id"] == reviewer.id
    assert re.fullmatch("[0-9a-f]{64}", data["sign_off"]["content_hash"])
    login(annotator)
    attempts = [
        client.patch(f"/api/v1/claims/{ids[0]}", json={"version": 1, "notes": "late"}),
        client.post(f"/api/v1/articles/{article_id}/claims", json={"start": 0, "end": 3}),
        client.delete(f"/api/v1/claims/{ids[0]}?version=1"),
        post(client, f"/api/v1/claims/{ids[0]}/submit"),
    ]
    for response in attempts:
        assert response.status_code == 409, response.json
    assert attempts[0].json["error"]["code"] == "locked"
    assert "signed off and locked" in attempts[0].json["error"]["message"]


def test_signed_off_article_is_locked_on_the_pages(client, login, reviewer, submitted):
    article_id, ids = submitted
    login(reviewer)
    approve_all(client, ids)
    post(client, f"/api/v1/articles/{article_id}/sign-off")
    page = client.get(f"/articles/{article_id}").text
    assert "Signed off and locked" in page and "Reopen" in page
    assert "Submit article for review" not in page and "data-key=\"approve\"" not in page
    response = client.post(f"/review/claims/{ids[0]}/request-changes", data={"comment": "late"}, follow_redirects=True)
    assert "signed off and locked" in response.text
    assert state_of(ids[0]) == "approved"


def test_reopen_requires_a_reason(client, login, reviewer, submitted):
    article_id, ids = submitted
    login(reviewer)
    approve_all(client, ids)
    post(client, f"/api/v1/articles/{article_id}/sign-off")
    refused = post(client, f"/api/v1/articles/{article_id}/reopen", {"reason": ""})
    assert refused.status_code == 422 and "reason" in refused.json["error"]["fields"]
    reopened = post(client, f"/api/v1/articles/{article_id}/reopen", {"reason": "The council corrected itself."})
    assert reopened.status_code == 200 and reopened.json["data"]["state"] == "annotating"
    history = client.get(f"/api/v1/articles/{article_id}/sign-offs").json["data"]
    assert history[0]["reopen_reason"] == "The council corrected itself."


def test_page_forms_run_the_whole_review(client, login, reviewer, annotator, make_article, make_claim):
    article = make_article(actor=annotator)
    claim = make_claim(article, QUOTES[0], actor=annotator, verdict_key="mixed")
    login(annotator)
    response = client.post(f"/review/articles/{article.id}/submit", data={}, follow_redirects=True)
    assert "Article submitted for review." in response.text
    login(reviewer)
    assert "Claim approved." in client.post(f"/review/claims/{claim.id}/approve", follow_redirects=True).text
    response = client.post(f"/review/articles/{article.id}/sign-off", follow_redirects=True)
    assert "Article signed off and locked." in response.text
    response = client.post(f"/review/articles/{article.id}/reopen", data={"reason": ""}, follow_redirects=True)
    assert "Say why the article is reopened." in response.text


# --- history, queue, dashboard ---

def test_claim_history_and_article_activity(client, login, reviewer, submitted):
    article_id, (claim_id, _) = submitted
    login(reviewer)
    post(client, f"/api/v1/claims/{claim_id}/request-changes", {"comment": "Source?"})
    history = client.get(f"/api/v1/claims/{claim_id}/history").json["data"]
    assert [e["action"] for e in history][-2:] == ["review", "comment"]
    assert history[-1]["actor"]["username"] == reviewer.username and history[-1]["new"] == "Source?"
    activity = client.get(f"/api/v1/articles/{article_id}/activity?limit=2").json["data"]
    assert [e["action"] for e in activity] == ["comment", "review"]
    page = client.get(f"/review/claims/{claim_id}/history").text
    assert "asked for changes" in page and "Source?" in page


def test_queue_and_dashboard_are_for_reviewers(client, login, reviewer, annotator, submitted):
    login(annotator)
    assert client.get("/review/").status_code == 403
    assert "/review/" not in client.get("/").text
    login(reviewer)
    queue = client.get("/review/")
    assert queue.status_code == 200 and "A story" in queue.text
    assert 'href="/review/"' in client.get("/").text
    assert client.get("/api/v1/review/queue").json["data"][0]["counts"] == {"approved": 0, "waiting": 2, "sent_back": 0}
    dashboard = client.get("/review/dashboard").text
    assert "<svg" in dashboard and "Articles by state" in dashboard and "Claims by verdict" in dashboard


@pytest.mark.parametrize("path", ["/review/", "/review/dashboard", "/articles/{a}", "/review/claims/{c}/history"])
def test_review_pages_have_no_inline_style_or_script(client, login, reviewer, submitted, path):
    article_id, (claim_id, _) = submitted
    login(reviewer)
    html = client.get(path.format(a=article_id, c=claim_id)).text
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_review_context_adds_the_same_queries_for_many_claims(client, login, reviewer, make_article, make_claim,
                                                              count_queries, annotator):
    def queries_for(n):
        text = " ".join(f"Claim number {i} is here." for i in range(n))
        article = make_article(text, actor=annotator)
        for i in range(n):
            make_claim(article, f"Claim number {i} is", actor=annotator, review_state="submitted")
        with count_queries() as counter:
            assert client.get(f"/articles/{article.id}").status_code == 200
        return counter.count

    login(reviewer)
    assert queries_for(30) == queries_for(2)


def test_an_unrated_claim_cannot_be_approved(client, login, reviewer, annotator, make_article, make_claim):
    article = make_article(actor=annotator)
    claim = make_claim(article, QUOTES[0], actor=annotator, review_state="submitted")
    login(reviewer)
    response = post(client, f"/api/v1/claims/{claim.id}/approve")
    assert response.status_code == 409
    assert "needs one before it can be approved" in response.json["error"]["message"]
    page = client.get(f"/articles/{article.id}").text
    assert "No verdict yet" in page and 'data-key="approve"' not in page
    response = client.post(f"/review/claims/{claim.id}/approve", follow_redirects=True)
    assert "needs one before it can be approved" in response.text
    assert state_of(claim.id) == "submitted"


def test_the_reviewer_who_sent_a_claim_back_cannot_resubmit_it(client, login, make_user, make_article, make_claim):
    editor = make_user("reviewer")  # reviewers annotate too, so the button would be his
    author = make_user("annotator")
    claim = make_claim(make_article(actor=author), QUOTES[0], actor=author, review_state="submitted",
                       verdict_key="false")
    login(editor)
    assert post(client, f"/api/v1/claims/{claim.id}/request-changes", {"comment": "Which year?"}).status_code == 200
    page = client.get(f"/articles/{claim.article_id}").text
    assert "You sent this claim back" in page and "Fixed: resubmit" not in page
    response = post(client, f"/api/v1/claims/{claim.id}/submit")
    assert response.status_code == 403
    assert "its annotator fixes it" in response.json["error"]["message"]
    assert "its annotator fixes it" in client.post(f"/review/claims/{claim.id}/submit", follow_redirects=True).text
    assert state_of(claim.id) == "changes_requested"
    login(author)
    assert "Fixed: resubmit" in client.get(f"/articles/{claim.article_id}").text
    assert post(client, f"/api/v1/claims/{claim.id}/submit").status_code == 200
