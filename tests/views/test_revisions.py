"""Revision pages, API and CLI: permissions, bad input answered with a 4xx, orphans on the page."""
import io

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Claim, Revision

TEXT = ("The council spent $4 million on roads in 2023, the mayor said.\n\n"
        "Critics called the plan reckless.")
WITHOUT_CRITICS = "The council spent $4 million on roads in 2023, the mayor said."


@pytest.fixture
def article(make_article):
    return make_article(text=TEXT)


@pytest.fixture
def annotator(make_user):
    return make_user("annotator")


@pytest.fixture
def signed_in(client, annotator, login):
    login(annotator)
    return client


def revision_count(article):
    return db.session.scalar(select(func.count()).select_from(Revision).where(Revision.article_id == article.id))


def test_revise_page_saves_a_revision_and_says_what_happened(signed_in, article, make_claim):
    make_claim(article, "Critics called the plan reckless.")
    response = signed_in.post(f"/articles/{article.id}/revise", data={
        "text": WITHOUT_CRITICS, "note": "Cut the critics", "source_format": "text", "version": article.version,
    }, follow_redirects=True)
    assert response.status_code == 200
    assert "Revision 2 saved: 0 claims carried over, 1 orphaned" in response.text
    assert "Orphaned claims" in response.text and "Critics called the plan reckless." in response.text
    assert revision_count(article) == 2


def test_revise_page_takes_an_uploaded_file(signed_in, article):
    data = {"file": (io.BytesIO(b"<p>New copy.</p>"), "story.html"), "source_format": "text"}
    response = signed_in.post(f"/articles/{article.id}/revise", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.refresh(article)
    assert article.text == "New copy."


@pytest.mark.parametrize("data,message", [
    ({"text": ""}, "Paste the new text or upload a file."),
    ({"text": TEXT}, "nothing to revise"),
    ({"text": "New.", "note": "n" * 501}, "Field cannot be longer than 500 characters."),
])
def test_revise_page_explains_bad_input_and_changes_nothing(signed_in, article, data, message):
    response = signed_in.post(f"/articles/{article.id}/revise", data={"source_format": "text", **data})
    assert response.status_code == 422
    assert message in response.text
    assert revision_count(article) == 1


def test_signed_out_people_cannot_revise_or_reattach(client, article):
    page = client.post(f"/articles/{article.id}/revise", data={"text": "New.", "source_format": "text"})
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    assert client.post(f"/api/v1/articles/{article.id}/revisions", json={"text": "New."}).status_code == 401
    assert client.post("/api/v1/claims/1/reattach", json={"start": 0, "end": 1, "version": 1}).status_code == 401
    assert revision_count(article) == 1


def test_an_inactive_account_cannot_revise(client, make_user, login, article):
    user = make_user("annotator")
    login(user)
    user.active = False
    db.session.commit()
    response = client.post(f"/api/v1/articles/{article.id}/revisions", json={"text": "New."})
    assert response.status_code in (401, 403)
    assert revision_count(article) == 1


def test_signed_off_article_is_refused(signed_in, article):
    article.state = "signed_off"
    db.session.commit()
    response = signed_in.post(f"/articles/{article.id}/revise", data={"text": "New.", "source_format": "text"})
    assert response.status_code == 409
    assert "reopen" in response.text


def test_revision_list_and_diff_pages(signed_in, article, admin):
    from annotator.services.revisions import revise_article

    revise_article(admin, article, TEXT.replace("$4 million", "$5 million"), "Fixed the figure")
    db.session.commit()
    listing = signed_in.get(f"/articles/{article.id}/revisions")
    assert listing.status_code == 200 and "Fixed the figure" in listing.text
    diff = signed_in.get(f"/articles/{article.id}/revisions/compare?old=1&new=2")
    assert "<del>4</del><ins>5</ins>" in diff.text
    assert signed_in.get(f"/articles/{article.id}/revisions/compare").status_code == 200


@pytest.mark.parametrize("query,status", [("old=9&new=1", 404), ("old=abc", 422), ("old=0", 422)])
def test_diff_page_refuses_bad_revision_numbers(signed_in, article, query, status):
    assert signed_in.get(f"/articles/{article.id}/revisions/compare?{query}").status_code == status


def test_api_revises_and_reports_methods_and_orphans(signed_in, article, make_claim):
    kept, gone = make_claim(article, "$4 million"), make_claim(article, "Critics called")
    response = signed_in.post(f"/api/v1/articles/{article.id}/revisions",
                              json={"text": "Update.\n\n" + WITHOUT_CRITICS, "note": "Trim"})
    assert response.status_code == 201, response.text
    data = response.json["data"]
    assert (data["number"], data["methods"], data["orphaned_claim_ids"]) == (2, {"diff": 1, "orphaned": 1}, [gone.id])
    assert [r["number"] for r in signed_in.get(f"/api/v1/articles/{article.id}/revisions").json["data"]] == [2, 1]
    assert signed_in.get(f"/api/v1/articles/{article.id}/revisions/1").json["data"]["text"] == TEXT
    segments = signed_in.get(f"/api/v1/articles/{article.id}/diff?old=1&new=2").json["data"]["segments"]
    assert {"kind": "insert", "text": "Update.\n\n"} in segments
    assert kept.id not in data["orphaned_claim_ids"]


@pytest.mark.parametrize("body,status,field", [
    ({}, 422, "text"), ({"text": ["list"]}, 422, "text"), ({"text": "x", "version": "old"}, 422, "version"),
    ({"text": "x", "source_format": "pdf"}, 422, "source_format"), ({"text": "x", "version": 99}, 409, None),
])
def test_api_refuses_bad_revisions(signed_in, article, body, status, field):
    response = signed_in.post(f"/api/v1/articles/{article.id}/revisions", json=body)
    assert response.status_code == status, response.text
    if field:
        assert field in response.json["error"]["fields"]
    assert revision_count(article) == 1


def test_api_reattaches_an_orphan_to_a_selection(signed_in, article, make_claim, admin):
    from annotator.services.revisions import revise_article

    claim = make_claim(article, "Critics called the plan reckless.")
    revise_article(admin, article, TEXT.replace("reckless", "bold and costly"))
    db.session.commit()
    assert claim.anchor_state == "orphaned"
    start = article.text.index("Critics")
    response = signed_in.post(f"/api/v1/claims/{claim.id}/reattach",
                              json={"start": start, "end": len(article.text), "version": claim.version})
    assert response.status_code == 200, response.text
    assert (response.json["data"]["anchor_state"], response.json["data"]["quote"]) == (
        "anchored", "Critics called the plan bold and costly.")


@pytest.mark.parametrize("body,status", [
    ({"start": 5, "end": 2, "version": 2}, 422), ({"start": 0, "end": 10_000, "version": 2}, 422),
    ({"start": 0, "end": 3}, 422), ({"start": 0, "end": 3, "version": 7}, 409),
    ({"start": 0, "end": "three", "version": 2}, 422), ({"start": 3, "end": 4, "version": 2}, 422),  # only a space
])
def test_api_refuses_bad_reattachments(signed_in, article, make_claim, admin, body, status):
    from annotator.services.revisions import revise_article

    claim = make_claim(article, "Critics called the plan reckless.")
    revise_article(admin, article, WITHOUT_CRITICS)
    db.session.commit()
    assert claim.version == 2  # orphaning changed the claim
    response = signed_in.post(f"/api/v1/claims/{claim.id}/reattach", json=body)
    assert response.status_code == status, response.text
    assert db.session.get(Claim, claim.id).anchor_state == "orphaned"


def test_orphan_is_deleted_from_the_article_page(signed_in, article, make_claim, admin):
    from annotator.services.revisions import revise_article

    claim = make_claim(article, "Critics called the plan reckless.")
    revise_article(admin, article, WITHOUT_CRITICS)
    db.session.commit()
    claim_id, version = claim.id, claim.version
    response = signed_in.post(f"/articles/{article.id}/orphans/{claim_id}/delete", data={"version": version})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Claim, claim_id) is None


def test_cli_revises_an_article(runner, article, make_claim, tmp_path):
    make_claim(article, "Critics called the plan reckless.")
    path = tmp_path / "new.txt"
    path.write_text(WITHOUT_CRITICS)
    result = runner.invoke(args=["import-article", "--revise", str(article.id), "--note", "Cut", str(path)])
    assert result.exit_code == 0, result.output
    assert "revision 2 (orphaned 1)" in result.output and "Orphaned claims:" in result.output
    bad = runner.invoke(args=["import-article", "--revise", "999", str(path)])
    assert bad.exit_code != 0 and "No such article" in bad.output
