"""Four eyes across a revision: a reviewer who rewrites the sentence around a claim still waiting
for review (submitted, not yet approved) has contributed to it, and may not approve it; the
claim's own words and offsets need not move for that (permissions.has_contributed promises
"changed the sentence around it in a revision")."""
import pytest

from annotator.extensions import db
from annotator.models import Claim

# The change is past the claim's stored context (32 characters) but inside its sentence.
TEXT = ("The council spent $4 million on roads in 2023 and in each of the four years before it, "
        "the mayor said. Crime fell by 12% last year.")
REWRITTEN = TEXT.replace("the mayor said", "the mayor never said")


@pytest.fixture
def submitted(submitted_article):
    article_id, (claim_id,) = submitted_article(TEXT, ("$4 million on roads",))
    return article_id, claim_id


def test_a_reviewer_who_rewrote_the_sentence_around_a_submitted_claim_cannot_approve_it(
        as_user, reviewer, make_user, submitted):
    article_id, claim_id = submitted
    rita = as_user(reviewer)
    version = rita.get(f"/api/v1/articles/{article_id}").json["data"]["version"]
    revised = rita.post(f"/api/v1/articles/{article_id}/revisions", json={"text": REWRITTEN, "version": version})
    assert revised.status_code == 201, revised.text
    db.session.expire_all()
    claim = db.session.get(Claim, claim_id)
    assert (claim.start, claim.quote, claim.review_state) == (18, "$4 million on roads", "submitted")

    response = rita.post(f"/api/v1/claims/{claim_id}/approve", json={})

    assert response.status_code == 403, response.text
    history = rita.get(f"/api/v1/claims/{claim_id}/history").json["data"]
    assert any(e["action"] == "sentence_change" for e in history)
    # Someone who did not touch it still approves it.
    assert as_user(make_user("reviewer")).post(f"/api/v1/claims/{claim_id}/approve", json={}).status_code == 200
