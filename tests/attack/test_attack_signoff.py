"""Signed-off output attacked as the outside review did: relabelling a verdict on the scale page
("False", rating 1, to "True", rating 5) must not change what an article was signed off as, in
any export, nor leave the hash vouching for output it no longer describes (issue 14, item 3)."""
import json

import pytest
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Verdict
from annotator.services import review, signoff

TEXT = "The council spent $4 million on roads in 2023, the mayor said. Crime fell by 12% last year."
FORMATS = ("json", "claimreview", "csv", "webannotation")


@pytest.fixture
def admin_client(app, admin, login):
    client = app.test_client()
    login(admin, target=client)
    return client


def make_reviewed(make_article, make_claim, annotator, reviewer, sign=True):
    article = make_article(text=TEXT, actor=annotator)
    claim = make_claim(article, "$4 million on roads", actor=annotator, verdict_key="false")
    review.submit_article(annotator, article.id)
    db.session.commit()
    review.approve_claim(reviewer, claim.id)
    if sign:
        signoff.sign_off(reviewer, article.id)
    db.session.commit()
    return article.id


def exported(client, article_id, fmt):
    response = client.get(f"/api/v1/articles/{article_id}/export?format={fmt}")
    assert response.status_code == 200, response.text
    text = response.get_data(as_text=True)
    return text if fmt == "csv" else response.json


def without_times(document):
    document.pop("exported_at", None)
    return document


def relabel_false_as_true(client):
    false = db.session.scalar(select(Verdict).where(Verdict.key == "false"))
    response = client.post(f"/admin/verdicts/{false.id}", data={"label": "True", "rating": "5",
                                                                "position": str(false.position), "active": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (db.session.get(Verdict, false.id).label, db.session.get(Verdict, false.id).rating) == ("True", 5)


def test_relabelling_the_scale_changes_no_signed_off_export(admin_client, make_article, make_claim, annotator,
                                                            reviewer):
    article_id = make_reviewed(make_article, make_claim, annotator, reviewer)
    before = {fmt: exported(admin_client, article_id, fmt) for fmt in FORMATS}
    assert before["claimreview"]["@graph"][0]["reviewRating"]["ratingValue"] == 1

    relabel_false_as_true(admin_client)

    after = {fmt: exported(admin_client, article_id, fmt) for fmt in FORMATS}
    assert without_times(after["json"]) == without_times(before["json"])
    assert after["claimreview"] == before["claimreview"]
    assert after["csv"] == before["csv"] and ',"False",' in after["csv"]
    assert after["webannotation"] == before["webannotation"]
    bulk = admin_client.get("/api/v1/exports?format=csv").get_data(as_text=True)
    assert ',"False",' in bulk and ',"True",' not in bulk
    (line,) = admin_client.get("/api/v1/exports?format=jsonl").get_data(as_text=True).splitlines()
    assert json.loads(line)["claims"][0]["verdict"] == {"key": "false", "label": "False", "rating": 1}
    graph = admin_client.get("/api/v1/exports?format=claimreview").json["@graph"]
    assert graph == before["claimreview"]["@graph"]


def test_a_large_signed_off_article_streamed_in_pieces_keeps_its_terms(admin_client, make_article, make_claim,
                                                                     annotator, reviewer, monkeypatch):
    from annotator.services.exports import bundles
    from annotator.services.exports.jsonl import stream_jsonl

    make_reviewed(make_article, make_claim, annotator, reviewer)
    relabel_false_as_true(admin_client)
    monkeypatch.setattr(bundles, "BATCH_CLAIMS", 0)  # every article is read in pages
    # The service itself, in one context: the HTTP stream's PostgreSQL cursors are issue 14 item 5.
    (line,) = "".join(stream_jsonl(bundles.ExportFilters())).splitlines()
    assert json.loads(line)["claims"][0]["verdict"]["label"] == "False"


def test_the_hash_covers_the_terms_it_signed(admin_client, make_article, make_claim, annotator, reviewer):
    article_id = make_reviewed(make_article, make_claim, annotator, reviewer)
    record = signoff.get_current_sign_off(article_id)
    assert record.terms["verdicts"] == {"false": {"label": "False", "rating": 1}}
    article = signoff.load_for_sign_off(article_id)
    assert signoff.content_hash(article, record.terms) == record.content_hash
    relabelled = {**record.terms, "verdicts": {"false": {"label": "True", "rating": 5}}}
    assert signoff.content_hash(article, relabelled) != record.content_hash


def test_the_publisher_is_the_one_signed_off(make_app, make_article, make_claim, annotator, reviewer, login):
    article_id = make_reviewed(make_article, make_claim, annotator, reviewer)
    renamed = make_app(PUBLISHER_NAME="Another desk", PUBLISHER_URL="https://other.example/")
    client = renamed.test_client()
    login(reviewer, target=client)
    author = client.get(f"/api/v1/articles/{article_id}/export?format=claimreview").json["@graph"][0]["author"]
    assert (author["name"], author["url"]) == ("Claim Annotator newsroom", "https://example.org/")


def test_an_article_not_signed_off_follows_the_scale(admin_client, make_article, make_claim, annotator, reviewer):
    article_id = make_reviewed(make_article, make_claim, annotator, reviewer, sign=False)
    relabel_false_as_true(admin_client)
    rating = exported(admin_client, article_id, "claimreview")["@graph"][0]["reviewRating"]
    assert (rating["alternateName"], rating["ratingValue"]) == ("True", 5)


def test_reopened_article_follows_the_scale_again(admin_client, make_article, make_claim, annotator, reviewer):
    article_id = make_reviewed(make_article, make_claim, annotator, reviewer)
    relabel_false_as_true(admin_client)
    signoff.reopen(reviewer, article_id, "new facts")
    db.session.commit()
    assert exported(admin_client, article_id, "claimreview")["@graph"][0]["reviewRating"]["ratingValue"] == 5
