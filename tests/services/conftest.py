"""Fixtures for the service tests: a reviewed, signed-off demo article (the export tests use it)."""
import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from annotator.extensions import db
from annotator.models import Claim
from annotator.services import claims, demo, review, signoff, sources

DEMO_SOURCE = {
    "url": "https://example.org/riverton/budget-2024.pdf", "title": "Budget papers",
    "publisher": "Riverton council", "passage": "Water charges: +14% from 1 March", "relation": "supports",
    "archive_url": "https://web.archive.org/web/2024/https://example.org/riverton/budget-2024.pdf",
}
SIGNED_PUBLISHER = {"name": "Example Desk", "url": "https://factcheck.example.org/"}


def _claims(article):
    return db.session.scalars(select(Claim).where(Claim.article_id == article.id).order_by(Claim.start)
                              .options(selectinload(Claim.sources))).all()


@pytest.fixture
def signed_off_demo(admin, make_user):
    """Return the demo article annotated by admin (one claim with a source), every claim approved
    by a reviewer, and signed off by that reviewer."""
    reviewer = make_user("reviewer", "rita")
    article = demo.load_demo(admin, threshold=2)  # no detector suggestions: sign-off needs none undecided
    sources.add_source(admin, _claims(article)[0].id, dict(DEMO_SOURCE))
    for claim in _claims(article):  # approval needs a verdict; the demo leaves one claim unrated
        if claim.verdict_key is None:
            claims.update_claim(admin, claim.id, claim.version, {"verdict_key": "unsubstantiated"})
    db.session.commit()
    review.submit_article(admin, article.id)
    db.session.commit()
    for claim in _claims(article):
        review.approve_claim(reviewer, claim.id)
    db.session.commit()
    # The publisher the export tests name: a sign-off records the one its ClaimReviews carry.
    signoff.sign_off(reviewer, article.id, publisher=SIGNED_PUBLISHER)
    db.session.commit()
    return article
