"""Imports attacked as the outside review did: a crafted native file must not make local people
sign off or act, nor leave a "current" sign-off on an article that is not signed off
(issue 14, item 4)."""
import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Article, Event, SignOff
from annotator.services import review, signoff
from annotator.services.exports import native

TEXT = "The council spent $4 million on roads in 2023, the mayor said."


@pytest.fixture
def exported(make_article, make_claim, annotator, make_user):
    """A native export of an article annotated, approved and signed off by people of this instance."""
    rex = make_user("reviewer", "rex")
    article = make_article(text=TEXT, actor=annotator)
    claim = make_claim(article, "$4 million on roads", actor=annotator, verdict_key="false")
    review.submit_article(annotator, article.id)
    db.session.commit()
    review.approve_claim(rex, claim.id)
    signoff.sign_off(rex, article.id)
    db.session.commit()
    return native.export_article(article.id)


@pytest.fixture
def admin_client(app, admin, login):
    client = app.test_client()
    login(admin, target=client)
    return client


def send(client, document):
    return client.post("/api/v1/imports", data=native.dumps(document), content_type="application/json")


def test_crafted_import_cannot_make_a_local_reviewer_sign_off_or_act(admin_client, make_user, exported):
    rita = make_user("reviewer", "rita")  # a real account who never saw this article
    exported["sign_offs"][0]["reviewer"] = {"username": "rita", "display_name": "Rita"}
    for event in exported["history"]:
        event["actor"] = {"username": "rita"}

    response = send(admin_client, exported)

    assert response.status_code == 201, response.text
    article_id = response.json["data"][0]["id"]
    db.session.expire_all()
    assert db.session.scalars(select(SignOff).where(SignOff.reviewer_id == rita.id)).all() == []
    assert db.session.scalars(select(Event).where(Event.actor_id == rita.id, Event.article_id.is_not(None))).all() == []
    (record,) = db.session.scalars(select(SignOff).where(SignOff.article_id == article_id)).all()
    assert (record.imported, record.reviewer_name) == (True, {"username": "rita", "display_name": "Rita"})
    listed = admin_client.get(f"/api/v1/articles/{article_id}/sign-offs").json["data"][0]
    assert (listed["reviewer"], listed["imported"], listed["imported_reviewer"]["username"]) == (None, True, "rita")
    page = admin_client.get(f"/articles/{article_id}").get_data(as_text=True)
    assert "Rita (imported)" in page


def test_imported_history_is_marked_and_keeps_its_names(admin_client, admin, exported):
    response = send(admin_client, exported)
    article_id = response.json["data"][0]["id"]
    events = db.session.scalars(select(Event).where(Event.article_id == article_id).order_by(Event.id)).all()
    *copied, own = events
    assert all(e.imported and e.actor_id is None for e in copied)
    assert {e.actor_name["username"] for e in copied if e.actor_name} == {"annotator1", "rex"}
    assert (own.action, own.actor_id, own.imported) == ("import", admin.id, False)  # the importer's own act
    again = native.export_article(article_id)
    assert [e.get("actor") for e in again["history"][:-1]] == [e.get("actor") for e in exported["history"]]
    assert all(e["imported"] for e in again["history"][:-1]) and again["sign_offs"][0]["imported"]
    csv = admin_client.get(f"/api/v1/articles/{article_id}/export?format=csv").get_data(as_text=True)
    assert "rex (imported)" in csv.lower()


def test_annotating_article_with_a_sign_off_in_force_is_refused(admin_client, exported):
    exported["article"]["state"] = "annotating"

    response = send(admin_client, exported)

    assert response.status_code == 422, response.text
    assert "/sign_offs/0/reopened_at" in response.json["error"]["fields"]
    assert "never reopened" in response.json["error"]["message"]
    assert db.session.scalar(select(db.func.count(Article.id))) == 1  # nothing written


def test_two_sign_offs_in_force_are_refused(admin_client, exported):
    exported["sign_offs"].insert(0, dict(exported["sign_offs"][0], id=999))

    response = send(admin_client, exported)

    assert response.status_code == 422, response.text
    assert "/sign_offs/0/reopened_at" in response.json["error"]["fields"]


def test_a_relabelled_scale_in_the_file_does_not_match_the_hash(admin_client, exported):
    exported["sign_offs"][0]["terms"]["verdicts"]["false"] = {"label": "True", "rating": 5}
    exported["claims"][0]["verdict"] = {"key": "false", "label": "True", "rating": 5}

    response = send(admin_client, exported)

    assert response.status_code == 422, response.text
    assert "/sign_offs/0/content_hash" in response.json["error"]["fields"]


def test_a_consistent_file_still_imports_signed_off_with_its_hash(admin_client, exported):
    response = send(admin_client, exported)
    assert response.status_code == 201, response.text
    article_id = response.json["data"][0]["id"]
    record = signoff.get_current_sign_off(article_id)
    article = signoff.load_for_sign_off(article_id)
    assert article.state == "signed_off"
    assert signoff.content_hash(article, record.terms) == record.content_hash
    assert record.content_hash == exported["sign_offs"][0]["content_hash"]
