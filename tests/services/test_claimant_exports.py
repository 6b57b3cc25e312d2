"""Exports carry the claimant record: native JSON (and back), ClaimReview's author, CSV columns."""
import csv
import io
import json

import pytest
from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Claim, Claimant
from annotator.services import claimants, imports
from annotator.services.exports import formats, native
from annotator.services.imports import check
from annotator.services.errors import InvalidInput
from tests.services.test_exports_conformance import CONFORMANCE, PUBLISHER, run_checker


@pytest.fixture
def linked_demo(signed_off_demo, admin):
    """The signed-off demo with two of its claimants as records (one with a Wikidata id)."""
    claimants.create_claimant(admin, "Elena Vasquez", ["the utility's director"], "Director, Riverton Water", "Q4115189")
    claimants.create_claimant(admin, "Riverton City Council", kind="organization")
    claimants.link_unlinked()
    db.session.commit()
    return signed_off_demo


def claimreviews(article_id):
    return json.loads("".join(formats.export_one(article_id, "claimreview", PUBLISHER).chunks))["@graph"]


def test_native_export_carries_the_record_and_an_import_matches_it(linked_demo, admin):
    before = native.export_article(linked_demo.id)
    records = [c["claimant_record"] for c in before["claims"] if "claimant_record" in c]
    assert sorted(r["name"] for r in records) == ["Elena Vasquez", "Riverton City Council"]
    (article,) = imports.import_file(admin, native.dumps(before).encode(), max_bytes=4 * 1024 * 1024)
    db.session.commit()
    after = native.export_article(article.id)
    assert check.comparable(after, imported=True) == check.comparable(before)
    assert db.session.scalar(select(func.count()).select_from(Claimant)) == 2  # matched, not copied


def test_an_import_re_creates_a_record_this_instance_lacks(linked_demo, admin):
    document = native.export_article(linked_demo.id)
    claim = next(c for c in document["claims"] if c.get("claimant_record", {}).get("wikidata_id"))
    claim["claimant_record"].update(name="Elena Vásquez-Ruiz", wikidata_id="Q999", aliases=["E. Vasquez"])
    (article,) = imports.import_file(admin, native.dumps(document).encode(), max_bytes=4 * 1024 * 1024)
    db.session.commit()
    made = db.session.scalar(select(Claimant).where(Claimant.wikidata_id == "Q999"))
    assert (made.name, made.aliases) == ("Elena Vásquez-Ruiz", ["E. Vasquez"])
    linked = db.session.scalars(select(Claim.claimant_id).where(Claim.article_id == article.id)).all()
    assert made.id in linked


def test_an_import_refuses_a_bad_wikidata_id(linked_demo, admin):
    document = native.export_article(linked_demo.id)
    next(c for c in document["claims"] if "claimant_record" in c)["claimant_record"]["wikidata_id"] = "Q0"
    with pytest.raises(InvalidInput):
        imports.import_file(admin, native.dumps(document).encode(), max_bytes=4 * 1024 * 1024)


def test_claimreview_author_is_the_record_with_its_wikidata_item(linked_demo):
    authors = {r["itemReviewed"]["author"]["name"]: r["itemReviewed"]["author"] for r in claimreviews(linked_demo.id)}
    assert authors["Elena Vasquez"] == {
        "@type": "Person", "name": "Elena Vasquez", "alternateName": ["the utility's director"],
        "description": "Director, Riverton Water", "sameAs": "https://www.wikidata.org/wiki/Q4115189"}
    assert authors["Riverton City Council"]["@type"] == "Organization"
    assert authors["Tom Okafor"] == {"@type": "Person", "name": "Tom Okafor"}  # free text, no record


@pytest.mark.skipif(not CONFORMANCE.is_dir(), reason=f"no conformance material at {CONFORMANCE}")
def test_claimreview_with_records_passes_the_checker(linked_demo, tmp_path):
    path = tmp_path / "claimreview.jsonld"
    path.write_text("".join(formats.export_one(linked_demo.id, "claimreview", PUBLISHER).chunks), encoding="utf-8")
    code, output = run_checker("check_claimreview.py", path)
    assert code == 0, output
    items = output.count("claimreview.jsonld#")
    assert items >= 3 and output.count("vocab errors 0; google required missing none") == items, output


def test_csv_has_the_claimant_id_and_wikidata_columns(linked_demo):
    text = "".join(formats.export_one(linked_demo.id, "csv", PUBLISHER).chunks).lstrip("\ufeff")
    rows = {r["claimant"]: r for r in csv.DictReader(io.StringIO(text))}
    elena = db.session.scalar(select(Claimant.id).where(Claimant.name == "Elena Vasquez"))
    assert (rows["Elena Vasquez"]["claimant_id"], rows["Elena Vasquez"]["claimant_wikidata"]) == (str(elena), "Q4115189")
    assert (rows["Tom Okafor"]["claimant_id"], rows["Tom Okafor"]["claimant_wikidata"]) == ("", "")
