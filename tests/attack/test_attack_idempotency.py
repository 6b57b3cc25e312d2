"""Idempotency keys belong to one user and one request: another user's same key creates their
own claim (never hands back someone else's), and the same key with another body is a 422."""
import pytest

from annotator.extensions import db
from annotator.services.accounts import create_api_token


@pytest.fixture
def tokens(make_user):
    found = {}
    for name in ("alice", "bob"):
        _, token = create_api_token(make_user("annotator", name), "keys")
        found[name] = {"Authorization": f"Bearer {token}"}
    db.session.commit()
    return found


def post_claim(client, headers, article_id, key, **body):
    return client.post(f"/api/v1/articles/{article_id}/claims", headers={**headers, "Idempotency-Key": key},
                       json={"start": 0, "end": 3, **body})


def test_another_users_same_key_creates_their_own_claim(client, tokens, world):
    first = post_claim(client, tokens["alice"], world["article_id"], "k-1", notes="alice's")
    other = post_claim(client, tokens["bob"], world["article_id"], "k-1", notes="alice's")
    assert (first.status_code, other.status_code) == (201, 201)
    assert other.json["data"]["id"] != first.json["data"]["id"]
    assert other.json["data"]["created_by_id"] != first.json["data"]["created_by_id"]


def test_a_retry_with_the_same_key_and_body_returns_the_first_claim(client, tokens, world):
    first = post_claim(client, tokens["alice"], world["article_id"], "k-2", notes="n")
    again = post_claim(client, tokens["alice"], world["article_id"], "k-2", notes="n")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["data"]["id"] == first.json["data"]["id"]


def test_the_same_key_with_another_body_is_refused(client, tokens, world, attack):
    post_claim(client, tokens["alice"], world["article_id"], "k-3", notes="first")
    before = attack.event_count()
    other_body = post_claim(client, tokens["alice"], world["article_id"], "k-3", notes="second")
    other_route = client.post(f"/api/v1/claims/{world['claim_id']}/sources",
                              headers={**tokens["alice"], "Idempotency-Key": "k-3"}, json={"url": "https://e.org/"})
    assert (other_body.status_code, other_route.status_code) == (422, 422)
    assert "Idempotency-Key" in other_body.json["error"]["message"]
    assert attack.event_count() == before


def test_sources_keys_are_scoped_to_the_user_too(client, tokens, world):
    path = f"/api/v1/claims/{world['claim_id']}/sources"
    first = client.post(path, headers={**tokens["alice"], "Idempotency-Key": "s-1"}, json={"url": "https://e.org/a"})
    other = client.post(path, headers={**tokens["bob"], "Idempotency-Key": "s-1"}, json={"url": "https://e.org/a"})
    assert (first.status_code, other.status_code) == (201, 201)
    assert other.json["data"]["source"]["id"] != first.json["data"]["source"]["id"]


def test_a_key_that_is_not_visible_ascii_is_refused(client, tokens, world):
    assert post_claim(client, tokens["alice"], world["article_id"], "k\tey").status_code == 422


def test_a_retry_that_serialises_the_same_body_differently_is_the_same_request(client, tokens, world):
    path, headers = f"/api/v1/articles/{world['article_id']}/claims", {**tokens["alice"], "Idempotency-Key": "k-4"}
    first = client.post(path, headers=headers, data='{"start": 0, "end": 3, "notes": "n"}',
                        content_type="application/json")
    again = client.post(path, headers=headers, data='{"notes":"n","end":3,"start":0}', content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["data"]["id"] == first.json["data"]["id"]
