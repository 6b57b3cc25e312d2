"""The JSON API: one success shape, one error shape, tokens, and versions."""
import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, Claim, Event
from annotator.services.accounts import create_api_token


@pytest.fixture
def article(make_article):
    return make_article(text="Unemployment fell to 4.1% in June 🎉, the minister said.")


def claim_count():
    return db.session.scalar(select(func.count()).select_from(Claim))


def test_create_claim_counts_code_points(signed_in, article):
    start = article.text.index("🎉")
    response = signed_in.post(f"/api/v1/articles/{article.id}/claims",
                              json={"start": start, "end": start + 1, "claimant": "the minister"})
    assert response.status_code == 201
    data = response.json["data"]
    assert (data["quote"], data["version"], data["origin"]) == ("🎉", 1, "manual")
    assert data["prefix"].endswith("in June ") and data["suffix"].startswith(", the")


def test_claim_with_the_same_idempotency_key_is_created_once(signed_in, article):
    body = {"start": 0, "end": 12}
    headers = {"Idempotency-Key": "retry-me"}
    first = signed_in.post(f"/api/v1/articles/{article.id}/claims", json=body, headers=headers)
    second = signed_in.post(f"/api/v1/articles/{article.id}/claims", json=body, headers=headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json["data"]["id"] == second.json["data"]["id"]
    assert claim_count() == 1


@pytest.mark.parametrize("body,field", [
    ({"start": 5, "end": 2}, "end"),
    ({"start": 0, "end": 10_000}, "start"),
    ({"start": -1, "end": 3}, "start"),
    ({"start": "abc", "end": 3}, "start"),
    ({"start": [1], "end": 3}, "start"),
    ({"start": 0, "end": 3, "verdict": "pants_on_fire"}, "verdict"),
    ({"start": 0, "end": 3, "notes": "n" * 20_001}, "notes"),
    ({"end": 3}, "start"),
])
def test_bad_claim_bodies_are_refused_with_the_field(signed_in, article, body, field):
    response = signed_in.post(f"/api/v1/articles/{article.id}/claims", json=body)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert claim_count() == 0


@pytest.mark.parametrize("kwargs", [
    {"data": "not json", "content_type": "application/json"},
    {"json": [1, 2, 3]},
    {"data": "start=1", "content_type": "application/x-www-form-urlencoded"},
])
def test_bodies_that_are_not_json_objects_are_refused(signed_in, article, kwargs):
    response = signed_in.post(f"/api/v1/articles/{article.id}/claims", **kwargs)
    assert response.status_code == 422
    assert response.json["error"]["message"]


def test_update_with_the_current_version(signed_in, article, make_claim):
    claim = make_claim(article, quote="4.1%")
    response = signed_in.patch(f"/api/v1/claims/{claim.id}",
                               json={"version": 1, "verdict": "accurate", "claimant": "Minister"})
    assert response.status_code == 200
    assert (response.json["data"]["verdict"], response.json["data"]["version"]) == ("accurate", 2)
    fields = db.session.scalars(select(Event.field).where(Event.claim_id == claim.id, Event.action == "update"))
    assert sorted(fields) == ["claimant", "verdict_key"]


def test_update_with_a_stale_version_is_a_conflict_that_changes_nothing(signed_in, article, make_claim):
    claim = make_claim(article, quote="4.1%")
    signed_in.patch(f"/api/v1/claims/{claim.id}", json={"version": 1, "notes": "first"})
    response = signed_in.patch(f"/api/v1/claims/{claim.id}", json={"version": 1, "notes": "second"})
    assert response.status_code == 409
    assert response.json["error"]["current"]["notes"] == "first"
    db.session.refresh(claim)
    assert claim.notes == "first"


def test_unrating_a_claim_with_null(signed_in, article, make_claim):
    claim = make_claim(article, quote="4.1%", verdict_key="false")
    response = signed_in.patch(f"/api/v1/claims/{claim.id}", json={"version": 1, "verdict": None})
    assert response.json["data"]["verdict"] is None


def test_moving_a_claim_recomputes_its_quote(signed_in, article, make_claim):
    claim = make_claim(article, quote="4.1%")
    start = article.text.index("June")
    response = signed_in.patch(f"/api/v1/claims/{claim.id}", json={"version": 1, "start": start, "end": start + 4})
    assert response.json["data"]["quote"] == "June"


def test_delete_needs_the_version(signed_in, article, make_claim):
    claim_id = make_claim(article, quote="4.1%").id
    assert signed_in.delete(f"/api/v1/claims/{claim_id}").status_code == 422
    assert signed_in.delete(f"/api/v1/claims/{claim_id}?version=7").status_code == 409
    assert signed_in.delete(f"/api/v1/claims/{claim_id}?version=1").status_code == 200
    assert claim_count() == 0
    last = select(Event.action).where(Event.claim_id == claim_id).order_by(Event.id.desc()).limit(1)
    assert db.session.scalar(last) == "delete"


def test_import_article_through_the_api(signed_in):
    response = signed_in.post("/api/v1/articles", json={"title": "T", "text": "<p>Hi <b>there</b></p>", "source_format": "html"})
    assert response.status_code == 201
    assert response.json["data"]["text"] == "Hi there"


def test_unknown_claim_is_a_json_404(signed_in):
    response = signed_in.get("/api/v1/claims/12345")
    assert response.status_code == 404
    assert response.json == {"error": {"code": "not_found", "message": "No such claim.", "fields": {}}}


def test_unknown_api_path_is_a_json_404(signed_in):
    assert signed_in.get("/api/v1/nothing-here").json["error"]["code"] == "not_found"


def test_wrong_method_is_a_json_405(signed_in, article):
    assert signed_in.put(f"/api/v1/articles/{article.id}").status_code == 405


def test_personal_token_reaches_the_api_without_a_session(app, admin):
    _, plaintext = create_api_token(admin, "script")
    db.session.commit()
    client = app.test_client()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})
    assert response.json["data"]["username"] == "admin"
    assert "session" not in response.headers.get("Set-Cookie", "")


def test_token_requests_need_no_csrf_token(make_app, admin, make_article):
    app = make_app(WTF_CSRF_ENABLED=True)
    article = make_article()
    _, plaintext = create_api_token(admin, "script")
    db.session.commit()
    response = app.test_client().post(f"/api/v1/articles/{article.id}/claims", json={"start": 0, "end": 3},
                                      headers={"Authorization": f"Bearer {plaintext}"})
    assert response.status_code == 201


def test_revoked_and_unknown_tokens_are_refused(app, admin, client, login):
    token, plaintext = create_api_token(admin, "script")
    db.session.commit()
    login(admin)
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 302
    for sent in (plaintext, "ca_made-up", "not-even-ours"):
        response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {sent}"})
        assert response.status_code == 401, sent


def test_token_is_shown_once_and_stored_hashed(client, admin, login):
    from annotator.models import ApiToken

    login(admin)
    page = client.post("/account/tokens", data={"name": "newsroom bot"}).text
    token = db.session.scalar(select(ApiToken))
    assert token.prefix in page
    shown = page.split('id="new-token">')[1].split("<")[0]
    assert shown.startswith("ca_") and token.token_hash != shown
    assert shown not in client.get("/account").text


@pytest.mark.parametrize("body", [{"start": None}, {"end": None}, {"start": ""}])
def test_moving_a_claim_to_no_offset_is_refused(signed_in, make_article, make_claim, body):
    claim = make_claim(make_article(), quote="$4 million")
    response = signed_in.patch(f"/api/v1/claims/{claim.id}", json={"version": 1, **body})
    assert response.status_code == 422
    db.session.refresh(claim)
    assert (claim.quote, claim.version) == ("$4 million", 1)


def test_lone_surrogate_in_json_is_refused(signed_in):
    body = '{"title": "T", "text": "\\ud800x"}'
    response = signed_in.post("/api/v1/articles", data=body, content_type="application/json")
    assert response.status_code == 422
    assert db.session.scalar(select(Article)) is None


def test_huge_revision_number_in_a_diff_is_refused(signed_in, make_article):
    article = make_article()
    response = signed_in.get(f"/api/v1/articles/{article.id}/diff?old=99999999999999999999")
    assert 400 <= response.status_code < 500
