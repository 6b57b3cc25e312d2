"""Claimant pages and API: who may do what, bad input, merging, the completion endpoint."""
import pytest

from annotator.extensions import db
from annotator.services import claimants


@pytest.fixture
def record(admin):
    found = claimants.create_claimant(admin, "Mevlüt Çavuşoğlu", ["the foreign minister"], "Turkish Foreign Minister")
    db.session.commit()
    return found


def test_an_annotator_adds_a_claimant_through_the_api(as_user, annotator):
    response = as_user(annotator).post("/api/v1/claimants", json={
        "name": "Jane Doe", "aliases": ["Doe", "the economist"], "description": "Economist", "wikidata_id": "q5"})
    assert response.status_code == 201, response.text
    assert response.json["data"] | {"id": 0, "version": 0} == {
        "id": 0, "name": "Jane Doe", "aliases": ["Doe", "the economist"], "description": "Economist",
        "kind": "person", "wikidata_id": "Q5", "wikidata_url": "https://www.wikidata.org/wiki/Q5", "merged_into_id": None, "version": 0}


@pytest.mark.parametrize("body,field", [
    ({"name": ""}, "name"),
    ({"name": "x" * 5000}, "name"),
    ({"name": "Ann", "wikidata_id": "Q-1"}, "wikidata_id"),
    ({"name": "Ann", "wikidata_id": "https://www.wikidata.org/wiki/Q42"}, "wikidata_id"),
    ({"name": "Ann", "aliases": "Annie"}, "aliases"),
    ({"name": "Ann", "aliases": [1, 2]}, "aliases"),
    ({"name": ["Ann"]}, "name"),
])
def test_bad_input_is_a_clear_422(signed_in, body, field):
    response = signed_in.post("/api/v1/claimants", json=body)
    assert response.status_code == 422, response.text
    assert field in response.json["error"]["fields"]
    assert signed_in.get("/api/v1/claimants?q=ann").json["data"] == []


def test_a_stale_version_is_a_409(signed_in, record):
    opened = record.version
    first = signed_in.patch(f"/api/v1/claimants/{record.id}", json={"description": "Minister", "version": opened})
    assert first.status_code == 200, first.text
    stale = signed_in.patch(f"/api/v1/claimants/{record.id}", json={"description": "Other", "version": opened})
    assert stale.status_code == 409
    assert "changed this claimant" in stale.json["error"]["message"]


def test_completion_is_bounded_and_matches_inside_names(signed_in, record):
    found = signed_in.get("/api/v1/claimants?q=cavus").json["data"]
    assert [c["id"] for c in found] == [record.id]
    assert signed_in.get("/api/v1/claimants?q=" + "x" * 101).status_code == 422


def test_merging_into_itself_is_refused_and_merging_redirects(signed_in, admin, record):
    duplicate = claimants.create_claimant(admin, "M. Cavusoglu")
    db.session.commit()
    itself = signed_in.post(f"/api/v1/claimants/{record.id}/merge", json={"into": record.id, "version": record.version})
    assert itself.status_code == 422 and "itself" in itself.json["error"]["message"]
    merged = signed_in.post(f"/api/v1/claimants/{duplicate.id}/merge", json={"into": record.id, "version": 1})
    assert merged.status_code == 200 and "M. Cavusoglu" in merged.json["data"]["aliases"]
    page = signed_in.get(f"/claimants/{duplicate.id}")
    assert page.status_code == 301 and page.headers["Location"].endswith(f"/claimants/{record.id}")
    again = signed_in.post(f"/api/v1/claimants/{duplicate.id}/merge", json={"into": record.id, "version": 2})
    assert again.status_code == 409


def test_a_reviewer_may_not_merge(as_user, reviewer, admin, record):
    other = claimants.create_claimant(admin, "Someone")
    db.session.commit()
    response = as_user(reviewer).post(f"/api/v1/claimants/{other.id}/merge", json={"into": record.id, "version": 1})
    assert response.status_code == 403


def test_the_claimant_page_lists_claims_with_links_to_the_exact_claim(signed_in, make_article, make_claim, record):
    article = make_article("Cavusoglu said exports rose 12% in 2023.")
    claim = make_claim(article, quote="exports rose 12%", claimant="Cavusoglu", verdict_key="false")
    page = signed_in.get(f"/claimants/{record.id}")
    assert page.status_code == 200
    assert f"/articles/{article.id}#claim-{claim.id}" in page.text
    assert "False: <strong>1</strong>" in page.text
    assert "Turkish Foreign Minister" in signed_in.get("/claimants").text


def test_the_add_form_shows_what_to_fix(signed_in):
    response = signed_in.post("/claimants", data={"name": "", "wikidata_id": "42"})
    assert response.status_code == 422
    assert "Give the claimant&#39;s name." in response.text and "Q and a number" in response.text
    created = signed_in.post("/claimants", data={"name": "Jane Doe", "aliases": "Doe\nthe economist"})
    assert created.status_code == 302


def test_the_edit_form_refuses_a_stale_version(signed_in, record):
    opened = record.version
    saved = signed_in.post(f"/claimants/{record.id}", data={"name": "Mevlut Cavusoglu", "version": opened})
    assert saved.status_code == 302
    stale = signed_in.post(f"/claimants/{record.id}", data={"name": "Other", "version": opened})
    assert stale.status_code == 409 and "changed this claimant" in stale.text


def test_an_unknown_claimant_is_a_plain_404(signed_in):
    assert signed_in.get("/claimants/99999").status_code == 404
    assert signed_in.get("/api/v1/claimants/99999").status_code == 404


def test_an_admin_merges_from_the_page_and_the_old_address_redirects(signed_in, admin, record):
    duplicate = claimants.create_claimant(admin, "Cavusoglu, Mevlut")
    db.session.commit()
    page = signed_in.get(f"/claimants/{duplicate.id}")
    assert "Merge a duplicate" in page.text
    merged = signed_in.post(f"/claimants/{duplicate.id}/merge", data={"into": record.id, "version": 1})
    assert merged.status_code == 302 and merged.headers["Location"].endswith(f"/claimants/{record.id}")
    assert "Cavusoglu, Mevlut" in signed_in.get(f"/claimants/{record.id}").text
    refused = signed_in.post(f"/claimants/{record.id}/merge", data={"into": "", "version": 1})
    assert refused.status_code == 303


def test_an_annotator_sees_no_merge_form(as_user, annotator, record):
    assert "Merge a duplicate" not in as_user(annotator).get(f"/claimants/{record.id}").text
