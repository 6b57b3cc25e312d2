"""The bar of issue 16 on the real sample article, through the import path: the right person on
every attributed claim but at most one, and no claimant blank. The article is not shipped: the test
runs where ../shared/samples is (beside the repository or beside its worktree), else it is skipped."""
import unicodedata

import pytest

from annotator import ROOT
from annotator.extensions import db
from annotator.models import Claim
from annotator.services.suggestions import import_and_suggest

CANDIDATES = [ROOT.parent / "shared" / "samples", ROOT.parent.parent / "shared" / "samples"]
SAMPLE = next((folder / "aleppo-ceasefire.txt" for folder in CANDIDATES if (folder / "aleppo-ceasefire.txt").exists()), None)
OUTLET = "Sample Wire"
# Sentence number (in the splitter's order) -> the surname of who makes the statement, as a
# reader of the article would tell it; numbers not listed are the article's own statements.
SPEAKERS = {
    1: "Erdogan", 2: "Erdogan", 3: "Erdogan", 4: "Erdogan", 5: "Erdogan", 9: "Cavusoglu",
    10: "Huffington Post", 11: "official", 12: "Cavusoglu", 13: "Cavusoglu", 14: "Cavusoglu",
    15: "Kurtulmus", 16: "Kurtulmus", 17: "Kurtulmus", 18: "Isik", 19: "Isik", 20: "Isik", 21: "Isik",
    25: "Yildirim", 26: "Yildirim", 27: "Yildirim", 29: "Aygun", 30: "Yalcin", 33: "Olgun",
}
UNATTRIBUTED = {6, 37}


def folded(text):
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@pytest.mark.skipif(SAMPLE is None, reason="no sample article at ../shared/samples")
def test_sample_article_claimants_through_the_import_path(admin):
    # Threshold 0: every sentence becomes a suggestion, so whatever the detector finds
    # check-worthy is covered.
    article = import_and_suggest(admin, SAMPLE.read_text(encoding="utf-8"), outlet=OUTLET, title="Sample",
                                 threshold=0.0)
    db.session.commit()
    claims = db.session.scalars(db.select(Claim).where(Claim.article_id == article.id).order_by(Claim.start)).all()
    assert len(claims) == 38 and all(c.claimant for c in claims)
    wrong = [(n, c.claimant) for n, c in enumerate(claims) if n in SPEAKERS and folded(SPEAKERS[n]) not in folded(c.claimant)]
    assert len(wrong) <= 1, wrong
    assert {n for n, c in enumerate(claims) if c.claimant == "Unattributed"} == UNATTRIBUTED
    own = set(range(len(claims))) - set(SPEAKERS) - UNATTRIBUTED
    assert {c.claimant for n, c in enumerate(claims) if n in own} == {OUTLET}
