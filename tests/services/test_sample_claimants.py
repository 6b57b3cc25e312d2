"""The bar of issue 16 on the real sample article, through the import path: the right person on
every attributed claim but at most one, and no claimant blank. The article is not shipped: the test
runs where ../shared/samples is (beside the repository or beside its worktree), else it is skipped.
Who makes each statement, as a reader of the article would tell it, is in
scripts/detector_data/sample_article_labels.jsonl ("speaker": a surname, "article" for the
article's own statements, "unattributed" for hedged reports), sentences named by their sha1."""
import hashlib
import json
import unicodedata

import pytest

from annotator import ROOT
from annotator.extensions import db
from annotator.models import Claim
from annotator.services.suggestions import import_and_suggest

CANDIDATES = [ROOT.parent / "shared" / "samples", ROOT.parent.parent / "shared" / "samples"]
SAMPLE = next((folder / "aleppo-ceasefire.txt" for folder in CANDIDATES if (folder / "aleppo-ceasefire.txt").exists()), None)
LABELS = ROOT / "scripts" / "detector_data" / "sample_article_labels.jsonl"
OUTLET = "Sample Wire"


def folded(text):
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def speakers():
    with open(LABELS, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return {row["sha1"]: row["speaker"] for row in rows}


@pytest.mark.skipif(SAMPLE is None, reason="no sample article at ../shared/samples")
def test_sample_article_claimants_through_the_import_path(admin):
    # Threshold 0: every sentence becomes a suggestion, so whatever the detector finds
    # check-worthy is covered.
    article = import_and_suggest(admin, SAMPLE.read_text(encoding="utf-8"), outlet=OUTLET, title="Sample",
                                 threshold=0.0)
    db.session.commit()
    claims = db.session.scalars(db.select(Claim).where(Claim.article_id == article.id).order_by(Claim.start)).all()
    expected = speakers()
    said = [(expected[hashlib.sha1(c.quote.encode("utf-8")).hexdigest()], c.claimant) for c in claims]
    assert len(said) == len(expected) == 38 and all(claimant for _, claimant in said)
    people = [(who, claimant) for who, claimant in said if who not in ("article", "unattributed")]
    wrong = [(who, claimant) for who, claimant in people if folded(who) not in folded(claimant)]
    assert len(people) == 24 and len(wrong) <= 1, wrong
    assert {claimant for who, claimant in said if who == "unattributed"} == {"Unattributed"}
    assert {claimant for who, claimant in said if who == "article"} == {OUTLET}
    assert sum(1 for who, _ in said if who == "unattributed") == 2
