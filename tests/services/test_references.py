"""The reference library: all-or-nothing imports, read-only rows, matches beside the newsroom's own."""
import io
import json

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Event, ReferenceReview
from annotator.services import checked_before, matching_index, references
from annotator.services.errors import InvalidInput, PermissionDenied

CLAIM = "Wind and solar now produce more electricity than coal."
PARAPHRASE = "Renewables such as wind and solar have overtaken coal in power generation, the minister said."


def feed(*claims, bad=False):
    items = [{"@type": "ClaimReview", "url": f"https://checker.example/{n}", "claimReviewed": text,
              "author": {"name": "Checker"}, "reviewRating": {"alternateName": "Mostly true"}}
             for n, text in enumerate(claims)]
    if bad:
        items.append({"@type": "ClaimReview", "url": "https://checker.example/bad"})
    return json.dumps({"dataFeedElement": [{"item": items}]}).encode()


@pytest.fixture(autouse=True)
def fresh_cache():
    matching_index.forget_cache()
    yield
    matching_index.forget_cache()


def test_an_admin_imports_a_feed_and_a_second_import_adds_only_new_reviews(admin):
    assert references.import_references(admin, feed(CLAIM), "feed.json") == {"added": 1, "skipped": 0}
    db.session.commit()
    assert references.import_references(admin, feed(CLAIM, "Crime fell."), "feed.json") == {"added": 1, "skipped": 1}
    db.session.commit()
    assert references.count_references() == 2
    assert db.session.scalars(select(Event.entity).where(Event.entity == "reference")).all() == ["reference"] * 2


def test_a_file_with_one_bad_record_writes_nothing_and_names_the_record(admin):
    with pytest.raises(InvalidInput) as refused:
        references.import_references(admin, feed(CLAIM, bad=True), "feed.json")
    assert refused.value.fields["records"] == ["Record 2: the claim text is missing.", "Record 2: the rating is missing."]
    assert references.count_references() == 0


def test_a_file_over_the_limit_is_refused_before_it_is_read(admin, monkeypatch):
    monkeypatch.setattr(references.limits, "REFERENCE_FILE_BYTES", 100)
    with pytest.raises(InvalidInput, match="the limit is"):
        references.import_references(admin, b"[" + b" " * 200 + b"]", "big.json")


def test_only_admins_import(annotator, reviewer):
    for person in (annotator, reviewer):
        with pytest.raises(PermissionDenied):
            references.import_references(person, feed(CLAIM))


def test_a_claim_shows_a_reference_review_that_says_the_same(admin, make_article, make_claim):
    references.import_references(admin, feed(CLAIM, "The new stadium will be paid for without public money."))
    db.session.commit()
    claim = make_claim(make_article(text=PARAPHRASE), PARAPHRASE)
    [match] = checked_before.matches_for([claim.id])[claim.id]
    assert (match["kind"], match["publisher"], match["verdict"], match["url"]) == (
        "reference", "Checker", "Mostly true", "https://checker.example/0")


def test_the_import_page_shows_each_bad_record(signed_in):
    response = signed_in.post("/admin/references", data={"file": (io.BytesIO(feed(CLAIM, bad=True)), "feed.json")},
                              content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Record 2: the claim text is missing." in response.text and "Nothing was imported" in response.text
    response = signed_in.post("/admin/references", data={"file": (io.BytesIO(feed(CLAIM)), "feed.json")},
                              content_type="multipart/form-data", follow_redirects=True)
    assert "1 review added" in response.text and "holds 1 review." in response.text
    assert db.session.scalar(select(ReferenceReview.claim_text)) == CLAIM


def test_reference_reviews_never_appear_in_this_newsrooms_exports(signed_in, admin, make_article, make_claim):
    references.import_references(admin, feed("A reference claim about tariffs on steel."))
    db.session.commit()
    make_claim(make_article(text=PARAPHRASE), PARAPHRASE, verdict_key="false")
    for fmt in ("json", "jsonl", "claimreview", "csv"):
        response = signed_in.get(f"/exports/{fmt}")
        assert response.status_code == 200, fmt
        assert b"tariffs on steel" not in response.data and b"checker.example" not in response.data, fmt
