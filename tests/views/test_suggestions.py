"""Suggestions through the API and the pages."""
import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Claim
from annotator.text.checkworthiness import DEFAULT_THRESHOLD

TEXT = ("Unemployment fell to 4.1 per cent in June, the minister said.\n\n"
        "According to the treasury, the deficit grew by $3 billion last year.")


@pytest.fixture
def article(client, admin, login):
    login(admin)
    response = client.post("/api/v1/articles", json={"title": "Economy", "text": TEXT})
    return response.json["data"]


def suggestion_ids(article):
    query = select(Claim.id).where(Claim.article_id == article["id"], Claim.review_state == "suggested")
    return db.session.scalars(query.order_by(Claim.start)).all()


def test_api_import_makes_suggestions(article):
    assert len(suggestion_ids(article)) == 2


def test_accept_and_dismiss_through_the_api(client, article):
    first, second = suggestion_ids(article)
    accepted = client.post(f"/api/v1/claims/{first}/accept")
    assert (accepted.status_code, accepted.json["data"]["review_state"]) == (200, "open")
    dismissed = client.post(f"/api/v1/claims/{second}/dismiss")
    assert dismissed.json["data"]["review_state"] == "dismissed"
    again = client.post(f"/api/v1/claims/{second}/accept")
    assert again.status_code == 409


def test_a_dismissal_is_undone_through_the_api(client, article):
    first, _ = suggestion_ids(article)
    dismissed = client.post(f"/api/v1/claims/{first}/dismiss").json["data"]
    restored = client.post(f"/api/v1/claims/{first}/restore", json={"version": dismissed["version"]})
    assert restored.status_code == 200 and restored.json["data"]["review_state"] == "suggested"
    again = client.post(f"/api/v1/claims/{first}/restore")
    assert again.status_code == 409 and "not dismissed" in again.json["error"]["message"]
    stale = client.post(f"/api/v1/claims/{first}/restore", json={"version": dismissed["version"]})
    assert stale.status_code == 409


def test_suggest_again_through_the_api(client, article):
    first, _ = suggestion_ids(article)
    client.post(f"/api/v1/claims/{first}/dismiss")
    response = client.post(f"/api/v1/articles/{article['id']}/suggestions", json={})
    assert response.json["data"] == {"added": 0}
    assert db.session.get(Claim, first).review_state == "dismissed"


@pytest.mark.parametrize("body", [{"threshold": 2}, {"threshold": "high"}, {"threshold": [0.5]}])
def test_suggest_again_validates_the_threshold(client, article, body):
    assert client.post(f"/api/v1/articles/{article['id']}/suggestions", json=body).status_code == 422


def test_decide_all_through_the_api(client, article):
    response = client.post(f"/api/v1/articles/{article['id']}/suggestions/decide",
                           json={"decision": "accept", "min_score": 0.0})
    assert response.json["data"] == {"decided": 2, "decision": "accept"}
    assert suggestion_ids(article) == []


def test_decide_all_refuses_an_unknown_decision(client, article):
    response = client.post(f"/api/v1/articles/{article['id']}/suggestions/decide", json={"decision": "maybe"})
    assert response.status_code == 422
    assert "decision" in response.json["error"]["fields"]


def test_anonymous_user_cannot_decide(app, article):
    first, _ = suggestion_ids(article)
    anonymous = app.test_client()
    assert anonymous.post(f"/api/v1/claims/{first}/accept").status_code == 401
    assert anonymous.post(f"/articles/{article['id']}/claims/{first}/accept").status_code == 302
    assert db.session.get(Claim, first).review_state == "suggested"


def test_nobody_decides_once_the_article_is_signed_off(client, article):
    from annotator.models import Article

    db.session.get(Article, article["id"]).state = "signed_off"
    db.session.commit()
    first, _ = suggestion_ids(article)
    response = client.post(f"/api/v1/claims/{first}/accept")
    assert response.status_code == 409
    assert "locked" in response.json["error"]["message"]


def test_page_shows_suggestions_with_reasons_and_decides_them(client, article):
    page = client.get(f"/articles/{article['id']}").text
    assert "contains a figure" in page and "hl-suggested" in page
    first, _ = suggestion_ids(article)
    response = client.post(f"/articles/{article['id']}/claims/{first}/accept")
    assert response.status_code == 302
    assert db.session.get(Claim, first).review_state == "open"
    client.post(f"/articles/{article['id']}/suggestions/decide", data={"decision": "dismiss", "min_score": "0"})
    assert suggestion_ids(article) == []


def test_page_refuses_a_claim_of_another_article(client, article, make_article):
    other = make_article(title="Other")
    first, _ = suggestion_ids(article)
    assert client.post(f"/articles/{other.id}/claims/{first}/accept").status_code == 404
    assert db.session.get(Claim, first).review_state == "suggested"


LONG_TEXT = TEXT + "\n\nThe talks went on late into the evening at the ministry."


def test_suggest_again_on_the_page_takes_a_lower_score(client, admin, login):
    login(admin)
    created = client.post("/api/v1/articles", json={"title": "Economy", "text": LONG_TEXT}).json["data"]
    assert len(suggestion_ids(created)) == 2
    page = client.get(f"/articles/{created['id']}").text
    assert 'name="threshold"' in page and f'value="{DEFAULT_THRESHOLD:.2f}"' in page
    response = client.post(f"/articles/{created['id']}/suggestions", data={"threshold": "0"})
    assert response.status_code == 302
    assert len(suggestion_ids(created)) == 3


@pytest.mark.parametrize("value", ["2", "high", "nan", "-1"])
def test_suggest_again_on_the_page_refuses_a_bad_score(client, article, value):
    response = client.post(f"/articles/{article['id']}/suggestions", data={"threshold": value})
    assert response.status_code in (400, 422)
    assert "between 0 and 1" in response.text
    assert len(suggestion_ids(article)) == 2


def test_admin_sets_the_threshold_on_the_dashboard_and_imports_follow_it(client, admin, login):
    from annotator.text.checkworthiness import score_sentence
    from annotator.text.sentences import split_sentences

    low, high = sorted(score_sentence(s.text).score for s in split_sentences(TEXT))
    threshold = round((low + high) / 2, 2)  # between the two sentences' scores
    assert low < threshold <= high
    login(admin)
    dashboard = client.get("/review/dashboard").text
    assert 'id="suggestion-threshold"' in dashboard and f"{DEFAULT_THRESHOLD:.2f}" in dashboard
    response = client.post("/review/settings/suggestions", data={"threshold": str(threshold)})
    assert response.status_code == 302
    assert f"at least {threshold:.2f}" in client.get("/review/dashboard").text
    created = client.post("/api/v1/articles", json={"title": "Economy", "text": TEXT}).json["data"]
    scores = db.session.scalars(select(Claim.score).where(Claim.article_id == created["id"])).all()
    # The int8 encoder quantises activations per batch, so a sentence scored with its article
    # may differ slightly from the same sentence scored alone.
    assert scores == [pytest.approx(high, abs=0.02)]
    assert f'value="{threshold:.2f}"' in client.get(f"/articles/{created['id']}").text


@pytest.mark.parametrize("value", ["", "1.2", "nan", "x"])
def test_dashboard_refuses_a_bad_threshold_and_keeps_the_old_one(client, admin, login, value):
    login(admin)
    response = client.post("/review/settings/suggestions", data={"threshold": value})
    assert response.status_code in (400, 422)
    assert client.get("/api/v1/settings/suggestions").json["data"]["threshold"] == DEFAULT_THRESHOLD


def test_reviewer_sees_the_threshold_but_cannot_change_it(client, reviewer, login):
    login(reviewer)
    dashboard = client.get("/review/dashboard").text
    assert "Claim suggestions" in dashboard and 'id="suggestion-threshold"' not in dashboard
    assert client.post("/review/settings/suggestions", data={"threshold": "0.1"}).status_code == 403
    assert client.put("/api/v1/settings/suggestions", json={"threshold": 0.1}).status_code == 403
    assert client.get("/api/v1/settings/suggestions").json["data"]["threshold"] == DEFAULT_THRESHOLD


def test_suggestion_settings_through_the_api(client, admin, login):
    login(admin)
    assert client.get("/api/v1/settings/suggestions").json["data"] == {"threshold": DEFAULT_THRESHOLD, "detector_default": DEFAULT_THRESHOLD}
    response = client.put("/api/v1/settings/suggestions", json={"threshold": 0.5})
    assert response.json["data"]["threshold"] == 0.5
    for body in ({}, {"threshold": "nan"}, {"threshold": 7}, {"threshold": [0.2]}):
        assert client.put("/api/v1/settings/suggestions", json=body).status_code == 422
    assert client.get("/api/v1/settings/suggestions").json["data"]["threshold"] == 0.5


def test_the_configured_threshold_is_the_default_until_an_admin_sets_one(app, client, admin, login):
    app.config["SUGGESTION_THRESHOLD"] = 0.8
    login(admin)
    assert client.get("/api/v1/settings/suggestions").json["data"]["threshold"] == 0.8


def test_decide_all_refuses_a_nan_score(client, article):
    response = client.post(f"/api/v1/articles/{article['id']}/suggestions/decide",
                           json={"decision": "accept", "min_score": "nan"})
    assert response.status_code == 422
    assert len(suggestion_ids(article)) == 2


def test_history_shows_suggestions_as_the_detectors_work(client, article):
    claim_id = suggestion_ids(article)[0]
    page = client.get(f"/review/claims/{claim_id}/history").text
    assert 'class="event-actor">Claim detector</span>' in page
    assert "suggested a claim: " in page and "origin: detector" not in page
    activity = client.get(f"/articles/{article['id']}").text
    assert "proposed 2 sentences as claims to check" in activity
    assert 'class="event-actor">Claim detector</span>' in activity


def test_accepting_a_suggestion_with_a_stale_version_is_a_conflict(signed_in, make_article):
    from annotator.services.suggestions import add_suggestions

    article = make_article(text="Unemployment fell to 4.1 per cent in June, the minister said.")
    from annotator.models import User

    add_suggestions(db.session.get(User, article.created_by_id), article, 0.0)
    db.session.commit()
    claim = db.session.scalar(select(Claim).where(Claim.review_state == "suggested"))
    assert signed_in.post(f"/api/v1/claims/{claim.id}/accept", json={"version": 99}).status_code == 409
    assert signed_in.post(f"/api/v1/claims/{claim.id}/accept", json={"version": claim.version}).status_code == 200
