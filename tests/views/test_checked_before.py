"""Checked before through the API: the matches a claim panel shows, reusing an earlier verdict with
its sources, and "Not the same claim", with who may do what and what is refused."""
import json

import pytest
from sqlalchemy import select, update

from annotator.extensions import db
from annotator.models import Article, Event
from annotator.services import references, review
from annotator.services.sources import add_source
from tests.checked_before import EARLIER, PARAPHRASE, UNRELATED, fresh_cache, worker_in_step  # noqa: F401

pytestmark = pytest.mark.usefixtures("worker_in_step")  # the worker embeds after each commit


@pytest.fixture
def people(make_user):
    return {"ana": make_user("annotator", "ana"), "rita": make_user("reviewer", "rita")}


@pytest.fixture
def earlier(make_article, make_claim, people):
    ana = people["ana"]
    article = make_article(text=EARLIER, title="Last month", actor=ana)
    claim = make_claim(article, EARLIER, actor=ana, claimant="The minister", verdict_key="false")
    add_source(ana, claim.id, {"url": "https://stats.example/energy", "title": "Energy trends"})
    review.submit_claim(ana, claim.id)
    review.approve_claim(people["rita"], claim.id)
    db.session.commit()
    return claim


@pytest.fixture
def current(make_article, make_claim, people):
    article = make_article(text=f"{PARAPHRASE} {UNRELATED}", title="This week", actor=people["ana"])
    return make_claim(article, PARAPHRASE, actor=people["ana"])


def matches(client, claim_id):
    return client.get(f"/api/v1/claims/{claim_id}/matches")


def test_a_paraphrase_lists_the_earlier_claim_with_what_the_panel_shows(as_user, people, earlier, current):
    response = matches(as_user(people["rita"]), current.id)
    assert response.status_code == 200
    [match] = response.json["data"]
    assert {k: match[k] for k in ("kind", "id", "quote", "verdict", "claimant", "article_title", "url")} == {
        "kind": "claim", "id": earlier.id, "quote": EARLIER, "verdict": "False", "claimant": "The minister",
        "article_title": "Last month", "url": f"/articles/{earlier.article_id}#claim-{earlier.id}"}
    assert match["date"] and 0 < match["score"] <= 1


def test_a_reference_review_shows_its_publisher_rating_and_link(admin, as_user, people, current):
    feed = {"@type": "ClaimReview", "url": "https://checker.example/1", "claimReviewed": EARLIER,
            "author": {"name": "Checker"}, "reviewRating": {"alternateName": "Mostly true"}}
    references.import_references(admin, json.dumps(feed).encode(), "one.json")
    db.session.commit()
    [match] = matches(as_user(people["ana"]), current.id).json["data"]
    assert (match["kind"], match["publisher"], match["verdict"], match["url"]) == (
        "reference", "Checker", "Mostly true", "https://checker.example/1")


def test_reuse_copies_the_verdict_and_sources_and_the_history_says_reuse(as_user, people, earlier, current):
    version = current.version
    response = as_user(people["ana"]).post(f"/api/v1/claims/{current.id}/reuse",
                                           json={"original": earlier.id, "version": version})
    assert response.status_code == 200, response.text
    claim = response.json["data"]
    assert claim["verdict"] == "false" and claim["version"] > version
    assert [s["url"] for s in claim["sources"]] == ["https://stats.example/energy"]
    event = db.session.scalars(select(Event).where(Event.claim_id == current.id, Event.action == "reuse")).one()
    assert event.new == {"claim_id": earlier.id, "article_id": earlier.article_id}
    page = as_user(people["ana"]).get(f"/review/claims/{current.id}/history")
    assert page.status_code == 200, page.text[-600:]
    history = page.text
    assert (f'the verdict and sources of <a href="/articles/{earlier.article_id}#claim-{earlier.id}">'
            "an earlier claim</a>, checked before") in history


def test_reuse_with_a_stale_version_is_a_conflict_and_changes_nothing(as_user, people, earlier, current):
    ana, seen = as_user(people["ana"]), current.version
    assert ana.patch(f"/api/v1/claims/{current.id}", json={"version": seen, "notes": "x"}).status_code == 200
    response = ana.post(f"/api/v1/claims/{current.id}/reuse", json={"original": earlier.id, "version": seen})
    assert response.status_code == 409
    assert ana.get(f"/api/v1/claims/{current.id}").json["data"]["verdict"] is None


@pytest.mark.parametrize("path, body", [
    ("/api/v1/claims/999999/matches", None),
    ("/api/v1/claims/999999/reuse", {"original": 1, "version": 1}),
    ("/api/v1/claims/{claim}/reuse", {"original": 999999, "version": 1}),
    ("/api/v1/claims/999999/matches/dismiss", {"kind": "claim", "id": 1}),
    ("/api/v1/claims/{claim}/matches/dismiss", {"kind": "reference", "id": 999999}),
])
def test_ids_that_are_not_there_are_404(as_user, people, current, path, body):
    client = as_user(people["ana"])
    path = path.format(claim=current.id)
    response = client.get(path) if body is None else client.post(path, json=body)
    assert response.status_code == 404, response.text


@pytest.mark.parametrize("body", [{}, {"original": "x", "version": 1}, {"original": 1}, {"original": 0, "version": 1}])
def test_a_bad_reuse_body_is_422(as_user, people, current, body):
    assert as_user(people["ana"]).post(f"/api/v1/claims/{current.id}/reuse", json=body).status_code == 422


def test_an_unapproved_claim_cannot_lend_its_verdict(as_user, people, make_claim, current):
    draft = make_claim(db.session.get(Article, current.article_id), UNRELATED, actor=people["ana"], verdict_key="false")
    response = as_user(people["ana"]).post(f"/api/v1/claims/{current.id}/reuse",
                                           json={"original": draft.id, "version": current.version})
    assert response.status_code == 404


def test_not_the_same_claim_hides_the_match_for_good(as_user, people, earlier, current):
    ana = as_user(people["ana"])
    response = ana.post(f"/api/v1/claims/{current.id}/matches/dismiss", json={"kind": "claim", "id": earlier.id})
    assert (response.status_code, response.json["data"]) == (200, [])
    assert matches(as_user(people["rita"]), current.id).json["data"] == []
    assert db.session.scalars(select(Event.action).where(Event.claim_id == current.id)).all()[-1] == "dismiss_match"


@pytest.mark.parametrize("body", [{"kind": "other", "id": 1}, {"kind": "claim"}, {"id": 1}])
def test_a_bad_dismissal_is_422(as_user, people, current, body):
    response = as_user(people["ana"]).post(f"/api/v1/claims/{current.id}/matches/dismiss", json=body)
    assert response.status_code == 422


def test_a_signed_off_article_refuses_reuse_and_dismissal_but_shows_its_matches(as_user, people, earlier, current):
    db.session.execute(update(Article).where(Article.id == current.article_id).values(state="signed_off"))
    db.session.commit()
    ana = as_user(people["ana"])
    for path, body in (("reuse", {"original": earlier.id, "version": current.version}),
                       ("matches/dismiss", {"kind": "claim", "id": earlier.id})):
        response = ana.post(f"/api/v1/claims/{current.id}/{path}", json=body)
        assert (response.status_code, response.json["error"]["code"]) == (409, "locked")
    assert [m["id"] for m in matches(ana, current.id).json["data"]] == [earlier.id]


def test_signed_out_is_refused_and_a_deactivated_account_may_not_reuse(client, make_user, as_user, earlier, current):
    assert matches(client, current.id).status_code == 401
    gone = make_user("annotator", "gone")
    signed = as_user(gone)
    gone.active = False
    db.session.commit()
    response = signed.post(f"/api/v1/claims/{current.id}/reuse", json={"original": earlier.id, "version": 1})
    assert response.status_code in (401, 403)


def test_an_article_answers_for_all_its_claims_in_one_request(as_user, people, earlier, current, make_claim):
    db.session.commit()
    other = make_claim(db.session.get(Article, current.article_id), UNRELATED, actor=people["ana"])
    db.session.commit()
    response = as_user(people["ana"]).get(f"/api/v1/articles/{current.article_id}/matches")
    assert response.status_code == 200
    data = response.json["data"]
    assert list(data["claims"]) == [str(current.id)] and data["pending"] == []
    assert [match["id"] for match in data["claims"][str(current.id)]] == [earlier.id]
    assert str(other.id) not in data["claims"]


def test_an_article_that_is_not_there_is_404_and_signed_out_is_401(client, as_user, people, current):
    db.session.commit()
    assert as_user(people["ana"]).get("/api/v1/articles/999999/matches").status_code == 404
    assert client.get(f"/api/v1/articles/{current.article_id}/matches").status_code == 401
