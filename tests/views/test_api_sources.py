"""The sources API: validation, idempotent creation, versions and permissions."""
import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, Event, Source

SOURCE = {
    "url": "https://stats.example.org/water/2023", "title": "Water statistics 2023",
    "publisher": "Riverton Statistics Office", "published_on": "2024-02-01",
    "passage": "Reservoir levels stood at 31% on 31 August.", "relation": "supports",
    "archive_url": "https://archive.example.org/web/2024/stats",
}


@pytest.fixture
def claim(make_article, make_claim):
    return make_claim(make_article(), quote="$4 million")


@pytest.fixture
def annotator(make_user, login):
    user = make_user("annotator")
    login(user)
    return user


def source_count():
    return db.session.scalar(select(func.count(Source.id)))


def add(client, claim, body=None, key=None):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(f"/api/v1/claims/{claim.id}/sources", json=body or SOURCE, headers=headers)


def test_adding_a_source_returns_it_with_the_claims_new_version(client, annotator, claim):
    version = claim.version
    response = add(client, claim)
    assert response.status_code == 201, response.json
    data = response.json["data"]
    assert {k: data["source"][k] for k in SOURCE} == SOURCE
    assert data["claim"]["version"] == version + 1
    assert [s["id"] for s in data["claim"]["sources"]] == [data["source"]["id"]]


def test_adding_a_source_is_recorded_in_the_history(client, annotator, claim):
    add(client, claim)
    event = db.session.scalar(select(Event).where(Event.entity == "source"))
    assert (event.action, event.claim_id, event.actor_id) == ("create", claim.id, annotator.id)
    assert event.new["url"] == SOURCE["url"]


def test_a_retry_with_the_same_idempotency_key_adds_one_source(client, annotator, claim):
    first = add(client, claim, key="retry-1")
    second = add(client, claim, key="retry-1")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json["data"]["source"]["id"] == second.json["data"]["source"]["id"]
    assert source_count() == 1


def test_different_keys_add_different_sources(client, annotator, claim):
    add(client, claim, key="a")
    add(client, claim, key="b")
    assert source_count() == 2


def test_an_overlong_idempotency_key_is_refused(client, annotator, claim):
    response = add(client, claim, key="k" * 81)
    assert response.status_code == 422
    assert source_count() == 0


@pytest.mark.parametrize("body, field", [
    ({"title": "No address"}, "url"),
    ({"url": "ftp://example.org/file"}, "url"),
    ({"url": "javascript:alert(1)"}, "url"),
    ({**SOURCE, "archive_url": "not a url"}, "archive_url"),
    ({**SOURCE, "relation": "proves"}, "relation"),
    ({**SOURCE, "published_on": "2024-13-45"}, "published_on"),
    ({**SOURCE, "title": "t" * 501}, "title"),
    ({**SOURCE, "url": ["https://a.example"]}, "url"),
])
def test_bad_sources_are_refused_by_field(client, annotator, claim, body, field):
    response = add(client, claim, body)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert source_count() == 0


def test_a_non_json_body_is_refused(client, annotator, claim):
    response = client.post(f"/api/v1/claims/{claim.id}/sources", data="url=x")
    assert response.status_code == 422
    assert "JSON" in response.json["error"]["message"]


def test_a_source_on_a_missing_claim_is_not_found(client, annotator):
    assert client.post("/api/v1/claims/999/sources", json=SOURCE).status_code == 404


def test_a_deactivated_account_cannot_add_sources(client, annotator, claim):
    annotator.active = False
    db.session.commit()
    assert add(client, claim).status_code in (401, 403)
    assert source_count() == 0


def test_signed_out_requests_are_refused(client, admin, claim):
    assert add(client, claim).status_code == 401


def test_editing_a_source_changes_only_the_fields_sent(client, annotator, claim):
    created = add(client, claim).json["data"]
    response = client.patch(f"/api/v1/sources/{created['source']['id']}",
                            json={"version": created["claim"]["version"], "relation": "refutes"})
    assert response.status_code == 200, response.json
    assert response.json["data"]["source"]["relation"] == "refutes"
    assert response.json["data"]["source"]["title"] == SOURCE["title"]
    assert response.json["data"]["claim"]["version"] == created["claim"]["version"] + 1


def test_editing_a_source_from_a_stale_claim_version_is_a_conflict(client, annotator, claim):
    stale = claim.version
    created = add(client, claim).json["data"]
    response = client.patch(f"/api/v1/sources/{created['source']['id']}",
                            json={"version": stale, "title": "Mine"})
    assert response.status_code == 409
    assert response.json["error"]["current"]["sources"][0]["title"] == SOURCE["title"]


def test_a_source_cannot_lose_its_address(client, annotator, claim):
    created = add(client, claim).json["data"]
    response = client.patch(f"/api/v1/sources/{created['source']['id']}",
                            json={"version": created["claim"]["version"], "url": ""})
    assert response.status_code == 422
    assert "url" in response.json["error"]["fields"]


def test_removing_a_source_needs_the_claim_version(client, annotator, claim):
    stale = claim.version
    created = add(client, claim).json["data"]
    url = f"/api/v1/sources/{created['source']['id']}"
    assert client.delete(url).status_code == 422
    assert client.delete(url + f"?version={stale}").status_code == 409
    response = client.delete(url + f"?version={created['claim']['version']}")
    assert response.status_code == 200
    assert response.json["data"]["claim"]["sources"] == []
    assert source_count() == 0
    assert db.session.scalar(select(Event).where(Event.action == "delete", Event.entity == "source")).old["url"] == SOURCE["url"]


def test_sources_of_a_signed_off_article_are_locked(client, annotator, claim):
    db.session.get(Article, claim.article_id).state = "signed_off"
    db.session.commit()
    assert add(client, claim).status_code == 409
    assert source_count() == 0


def test_the_history_names_a_source_by_its_title_not_the_claims_number(client, annotator, claim):
    source_id = add(client, claim).json["data"]["source"]["id"]
    version = db.session.get(type(claim), claim.id).version
    client.delete(f"/api/v1/sources/{source_id}?version={version}")
    page = client.get(f"/review/claims/{claim.id}/history").text
    assert f"source #{claim.id}" not in page
    assert f"added the source “Water statistics 2023” ({SOURCE['url']}) to this claim" in page
    assert f"removed the source “Water statistics 2023” ({SOURCE['url']}) from this claim" in page
