"""Regressions found in review: each bad request is refused with a 4xx and changes nothing."""
import json

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Article, Claim
from tests.conftest import PASSWORD


@pytest.fixture
def signed_in(client, admin, login):
    login(admin)
    return client


@pytest.mark.parametrize("target", ["/%09/evil.example", "/%0a/evil.example", "//evil.example", "/\\evil.example",
                                    "https://evil.example/"])
def test_login_never_redirects_off_site(client, admin, target):
    response = client.post(f"/login?next={target}", data={"username": "admin", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_login_follows_a_local_next(client, admin):
    response = client.post("/login?next=/account", data={"username": "admin", "password": PASSWORD})
    assert response.headers["Location"] == "/account"


@pytest.mark.parametrize("body", [{"start": None}, {"end": None}, {"start": ""}])
def test_moving_a_claim_to_no_offset_is_refused(signed_in, make_article, make_claim, body):
    claim = make_claim(make_article(), quote="$4 million")
    response = signed_in.patch(f"/api/v1/claims/{claim.id}", json={"version": 1, **body})
    assert response.status_code == 422
    db.session.refresh(claim)
    assert (claim.quote, claim.version) == ("$4 million", 1)


def test_export_until_the_end_of_the_calendar_is_refused(signed_in, make_article):
    make_article()
    for path in ("/exports/jsonl?until=9999-12-31", "/api/v1/exports?until=9999-12-31"):
        assert 400 <= signed_in.get(path).status_code < 500, path


def test_lone_surrogate_in_json_is_refused(signed_in):
    body = '{"title": "T", "text": "\\ud800x"}'
    response = signed_in.post("/api/v1/articles", data=body, content_type="application/json")
    assert response.status_code == 422
    assert db.session.scalar(select(Article)) is None


def test_huge_revision_number_in_a_diff_is_refused(signed_in, make_article):
    article = make_article()
    response = signed_in.get(f"/api/v1/articles/{article.id}/diff?old=99999999999999999999")
    assert 400 <= response.status_code < 500


def test_import_with_duplicate_revision_numbers_lists_the_problem(signed_in, make_article):
    article = make_article()
    document = json.loads(signed_in.get(f"/articles/{article.id}/export/json").data)
    document["article"]["revisions"].append(dict(document["article"]["revisions"][0]))
    response = signed_in.post("/api/v1/imports", data=json.dumps(document), content_type="application/json")
    assert response.status_code == 422
    assert "/article/revisions/1/number" in response.json["error"]["fields"]


def test_import_with_an_oversized_integer_is_refused(signed_in, make_article):
    article = make_article()
    document = json.loads(signed_in.get(f"/articles/{article.id}/export/json").data)
    document["article"]["revisions"][0]["number"] = 2**70
    response = signed_in.post("/api/v1/imports", data=json.dumps(document), content_type="application/json")
    assert response.status_code == 422


def test_accepting_a_suggestion_with_a_stale_version_is_a_conflict(signed_in, make_article):
    from annotator.services.suggestions import add_suggestions

    article = make_article(text="Unemployment fell to 4.1 per cent in June, the minister said.")
    from annotator.models import User

    add_suggestions(db.session.get(User, article.created_by_id), article, 0.0)
    db.session.commit()
    claim = db.session.scalar(select(Claim).where(Claim.review_state == "suggested"))
    assert signed_in.post(f"/api/v1/claims/{claim.id}/accept", json={"version": 99}).status_code == 409
    assert signed_in.post(f"/api/v1/claims/{claim.id}/accept", json={"version": claim.version}).status_code == 200


def test_proxy_count_makes_the_rate_limit_see_the_client(make_app, admin):
    client = make_app(PROXY_COUNT=1).test_client()
    for n in range(25):
        client.post("/login", data={"username": f"nobody{n}", "password": "wrong password!"},
                    headers={"X-Forwarded-For": "203.0.113.7"})
    response = client.post("/login", data={"username": "admin", "password": PASSWORD},
                           headers={"X-Forwarded-For": "198.51.100.2"})
    assert response.status_code == 302


def test_a_signed_off_article_cannot_be_withdrawn_only_reopened(make_user, make_article):
    from annotator.services.errors import Conflict
    from annotator.services.review import withdraw_article

    article = make_article()
    article.state = "signed_off"
    db.session.commit()
    with pytest.raises(Conflict, match="Only an article in review"):
        withdraw_article(make_user("reviewer"), article.id)
    db.session.rollback()
    assert db.session.get(Article, article.id).state == "signed_off"
