"""Admins change the verdict scale; everyone else is refused."""
import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Event, Verdict


def verdict(key):
    return db.session.scalar(select(Verdict).where(Verdict.key == key))


def test_admin_relabels_and_rerates_a_verdict(signed_in):
    mixed = verdict("mixed")
    response = signed_in.post(f"/admin/verdicts/{mixed.id}", data={"label": "Half true", "rating": "3",
                                                                    "position": "2", "active": "y"})
    assert response.status_code == 302
    db.session.refresh(mixed)
    assert (mixed.label, mixed.rating, mixed.active) == ("Half true", 3, True)
    event = db.session.scalar(select(Event).where(Event.entity == "verdict", Event.field == "label"))
    assert (event.old, event.new) == ("Mixed / needs context", "Half true")


def test_a_verdict_that_cannot_be_chosen_is_refused_for_new_ratings(signed_in, make_article, make_claim):
    false = verdict("false")
    signed_in.post(f"/admin/verdicts/{false.id}", data={"label": "False", "rating": "1", "position": "4"})
    assert verdict("false").active is False
    claim = make_claim(make_article(), quote="$4 million")
    response = signed_in.patch(f"/api/v1/claims/{claim.id}", json={"version": 1, "verdict": "false"})
    assert response.status_code == 422
    assert "false" not in [v["key"] for v in signed_in.get("/api/v1/verdicts").json["data"]]


def test_admin_adds_a_verdict(signed_in):
    response = signed_in.post("/admin/verdicts", data={"key": "pants_on_fire", "label": "Pants on fire",
                                                       "rating": "1"})
    assert response.status_code == 302
    keys = [v["key"] for v in signed_in.get("/api/v1/verdicts").json["data"]]
    assert keys[-1] == "pants_on_fire"


@pytest.mark.parametrize("data,status,message", [
    ({"key": "Bad Key", "label": "X"}, 422, b"Use lower-case letters"),
    ({"key": "accurate", "label": "Again"}, 409, b"taken"),
    ({"key": "new_one", "label": ""}, 422, b"This field is required."),
    ({"key": "new_one", "label": "X", "rating": "9"}, 422, b"Number must be between 1 and 5."),
])
def test_bad_verdicts_are_refused(signed_in, data, status, message):
    count = len(db.session.scalars(select(Verdict)).all())
    response = signed_in.post("/admin/verdicts", data=data)
    assert response.status_code == status
    assert message in response.data
    assert len(db.session.scalars(select(Verdict)).all()) == count


def test_only_admins_change_the_scale(client, make_user, login):
    login(make_user("reviewer"))
    mixed = verdict("mixed")
    assert client.get("/admin/verdicts").status_code == 403
    assert client.post(f"/admin/verdicts/{mixed.id}", data={"label": "Nope"}).status_code == 403
    assert verdict("mixed").label == "Mixed / needs context"


def test_a_claim_keeps_a_retired_verdict_and_the_page_names_it(signed_in, make_article, make_claim):
    article = make_article()
    claim = make_claim(article, quote="$4 million")
    assert signed_in.patch(f"/api/v1/claims/{claim.id}", json={"version": 1, "verdict": "false"}).status_code == 200
    false = verdict("false")
    signed_in.post(f"/admin/verdicts/{false.id}", data={"label": "False", "rating": "1", "position": "4"})
    page = signed_in.get(f"/articles/{article.id}").text
    assert "False (retired)" in page
    assert 'value="false" disabled' in page  # shown on the claim, not offered as a choice
    # Saving the claim with its verdict unchanged is allowed; choosing the retired one anew is not.
    kept = signed_in.patch(f"/api/v1/claims/{claim.id}", json={"version": 2, "verdict": "false", "notes": "Checked"})
    assert (kept.status_code, kept.json["data"]["verdict"]) == (200, "false")
    other = make_claim(article, quote="roads")
    assert signed_in.patch(f"/api/v1/claims/{other.id}", json={"version": 1, "verdict": "false"}).status_code == 422


def test_an_unused_retired_verdict_stays_off_the_article_page(signed_in, make_article, make_claim):
    article = make_article()
    make_claim(article, quote="$4 million")
    false = verdict("false")
    signed_in.post(f"/admin/verdicts/{false.id}", data={"label": "False", "rating": "1", "position": "4"})
    page = signed_in.get(f"/articles/{article.id}").text
    assert "(retired)" not in page and 'value="false"' not in page
