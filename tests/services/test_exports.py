"""Exports: the native document against the shipped schema, streams and filters, Web
Annotation selectors in code points, ClaimReview selection, CSV safety."""
import csv
import io
import json
import re
from datetime import date

import pytest
from jsonschema import Draft202012Validator

from annotator.extensions import db
from annotator.services import native_format, review
from annotator.services.exports import bundles, claimreview, formats, native, webannotation
from annotator.services.exports import csv as csv_export
from annotator.services.imports import check
from annotator.services.exports.bundles import ExportFilters, get_bundle
from annotator.services.exports.lookup import Lookup
from annotator.services.exports.iris import Iris
from annotator.services.exports.webannotation import collection

PUBLISHER = formats.Publisher("https://factcheck.example.org", "Example Desk", "https://factcheck.example.org/")
UTC_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def export_text(fmt, filters=ExportFilters()):
    return "".join(formats.export_many(filters, fmt, PUBLISHER).chunks)


def test_native_export_validates_against_the_shipped_schema(signed_off_demo):
    document = native.export_article(signed_off_demo.id)
    Draft202012Validator.check_schema(native_format.schema())
    errors = list(check._validator().iter_errors(document))
    assert errors == []
    assert document["format"] == "claim-annotator/1"
    assert document["article"]["state"] == "signed_off"
    assert document["sign_offs"][0]["reviewer"]["username"] == "rita"
    assert document["claims"][0]["sources"][0]["relation"] == "supports"
    assert {e["action"] for e in document["history"]} >= {"create", "review", "sign_off"}


def test_native_export_carries_every_claim_field(signed_off_demo):
    claim = native.export_article(signed_off_demo.id)["claims"][0]
    assert set(claim) == {
        "id", "start", "end", "quote", "prefix", "suffix", "claimant", "verdict", "notes", "origin", "score",
        "reasons", "review_state", "reviewer_comment", "anchor_state", "anchor_method", "created_by",
        "created_at", "updated_by", "updated_at", "sources",
    }
    assert claim["verdict"] == {"key": "accurate", "label": "Accurate", "rating": 5}


def test_every_time_is_utc_with_z(signed_off_demo):
    document = native.export_article(signed_off_demo.id)
    times = [document["exported_at"], document["article"]["created_at"], document["sign_offs"][0]["signed_at"]]
    times += [e["at"] for e in document["history"]] + [c["updated_at"] for c in document["claims"]]
    assert all(UTC_Z.match(t) for t in times), times


def test_jsonl_streams_one_line_per_article_in_batches(make_article, monkeypatch):
    monkeypatch.setattr(bundles, "BATCH_ARTICLES", 2)
    ids = [make_article(title=f"Story {n}").id for n in range(5)]
    lines = export_text("jsonl").splitlines()
    assert [json.loads(line)["article"]["id"] for line in lines] == ids


def test_jsonl_filters_by_state_and_signed_off(signed_off_demo, make_article):
    other = make_article(title="Still annotating")
    signed = [json.loads(x)["article"]["id"] for x in export_text("jsonl", ExportFilters(signed_off=True)).splitlines()]
    annotating = export_text("jsonl", ExportFilters(states=("annotating",))).splitlines()
    assert signed == [signed_off_demo.id]
    assert [json.loads(x)["article"]["id"] for x in annotating] == [other.id]


def test_jsonl_filters_by_activity_dates(make_article):
    article = make_article()
    today = article.created_at.date()
    assert export_text("jsonl", ExportFilters.for_days(since=today, until=today)).count("\n") == 1
    assert export_text("jsonl", ExportFilters.for_days(until=date(2000, 1, 1))) == ""


def test_unknown_state_filter_is_refused(app):
    with pytest.raises(bundles.InvalidInput):
        ExportFilters(states=("published",))


def test_positions_count_code_points_not_utf16_units(make_article, make_claim):
    article = make_article(text="Emoji 😀😀 first. The mayor said crime fell 20% in 2023.")
    make_claim(article, quote="crime fell 20% in 2023")
    document = collection(get_bundle(article.id), Lookup.load(), Iris("https://x.example"), page_size=None)
    quote, position = document["first"]["items"][0]["target"]["selector"]
    assert article.text[position["start"]:position["end"]] == quote["exact"] == "crime fell 20% in 2023"
    assert position["start"] == article.text.index("crime")  # 2 fewer than in UTF-16 units


def test_web_annotation_leaves_out_suggestions_and_ends_with_the_sign_off(signed_off_demo):
    items = collection(get_bundle(signed_off_demo.id), Lookup.load(), PUBLISHER.iris, None)["first"]["items"]
    assert [i["motivation"] for i in items] == ["assessing"] * 4 + ["moderating"]
    assert items[-1]["target"] == [i["id"] for i in items[:-1]]
    assert all(i["id"].startswith("https://factcheck.example.org/") for i in items)


def test_collection_pages_link_to_each_other(signed_off_demo):
    first = webannotation.annotation_page(signed_off_demo.id, None, PUBLISHER, page_size=2)
    last = webannotation.annotation_page(signed_off_demo.id, 2, PUBLISHER, page_size=2)
    assert first["total"] == 5 and first["last"].endswith("?page=2") and first["first"]["next"].endswith("?page=1")
    assert last["prev"].endswith("?page=1") and "next" not in last and last["startIndex"] == 4
    assert webannotation.annotation_page(signed_off_demo.id, 3, PUBLISHER, page_size=2) is None


def test_claimreview_only_for_approved_claims_with_a_verdict(signed_off_demo):
    reviews = claimreview.claim_reviews(get_bundle(signed_off_demo.id), Lookup.load(), PUBLISHER.iris,
                                                PUBLISHER.organisation())
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["Accurate", "Mostly accurate", "Misleading", "Unsubstantiated"]
    rating = reviews[0]["reviewRating"]
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (5, 5, 1)
    assert reviews[0]["author"] == {"@type": "Organization", "name": "Example Desk",
                                    "url": "https://factcheck.example.org/"}


def test_claimreview_of_unnumbered_verdict_has_no_rating_value(make_article, make_claim, admin, make_user):
    article = make_article()
    claim = make_claim(article, quote="the mayor said", verdict_key="unsubstantiated")
    review.submit_claim(admin, claim.id)
    review.approve_claim(make_user("reviewer"), claim.id)
    db.session.commit()
    rating = json.loads(export_text("claimreview"))["@graph"][0]["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Unsubstantiated", "name": "Unsubstantiated"}


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_neutralises_formula_cells(make_article, make_claim, dangerous):
    article = make_article(text="Figures: 12 and 7.")
    make_claim(article, quote="12", claimant=dangerous, notes=dangerous)
    rows = list(csv.DictReader(io.StringIO(export_text("csv").lstrip("\ufeff"))))
    assert rows[0]["claimant"] == rows[0]["notes"] == "'" + dangerous
    assert csv_export.neutralise("plain") == "plain"


def test_csv_has_one_row_per_claim_with_sources_and_reviewer(signed_off_demo):
    rows = list(csv.DictReader(io.StringIO(export_text("csv").lstrip("\ufeff"))))
    assert len(rows) == 4
    assert rows[0]["sources"] == "https://example.org/riverton/budget-2024.pdf"
    assert rows[0]["verdict"] == "Accurate" and rows[0]["review_state"] == "approved" and rows[0]["reviewer"] == "rita"
