"""API: "Checked before", the earlier claims and reference reviews that match a claim (or every
claim of an article at once); reusing an earlier verdict and dismissing a match ("Not the same
claim")."""
from flask_login import current_user

from annotator.forms.matches import DismissMatchForm, ReuseForm
from annotator.serializers import claim_json
from annotator.services import checked_before, claims
from annotator.views.api import bp
from annotator.views.helpers import json_data, json_form, requires


def match_json(match):
    """A match as the claim panel shows it; an earlier claim links to where it sits in its article."""
    data = {key: match.get(key) for key in ("kind", "quote", "verdict", "claimant", "date", "score")}
    if match["kind"] == "claim":
        data.update(id=match["claim_id"], article_id=match["article_id"], article_title=match["article_title"],
                    url=f"/articles/{match['article_id']}#claim-{match['claim_id']}")
    else:
        data.update(id=match["reference_id"], publisher=match["publisher"], url=match["url"])
    return data


def matches_of(claim_id):
    return [match_json(m) for m in checked_before.matches_for([claim_id]).get(claim_id, [])]


@bp.get("/claims/<int:claim_id>/matches")
@requires("claim.matches")
def list_matches(claim_id):
    claims.get_claim(claim_id)  # 404 for a claim that is not there
    return json_data(matches_of(claim_id))


@bp.get("/articles/<int:article_id>/matches")
@requires("claim.matches")
def list_article_matches(article_id):
    """Every claim and suggestion of the article that was checked before, in one request (the
    suggestion list marks them); pending: claims whose vector the worker has yet to store."""
    found = checked_before.article_matches(article_id)
    return json_data({"claims": {str(claim_id): [match_json(m) for m in matches]
                                 for claim_id, matches in found["claims"].items()},
                      "pending": found["pending"]})


@bp.post("/claims/<int:claim_id>/reuse")
@requires("claim.reuse_verdict")
def reuse_verdict(claim_id):
    form, _ = json_form(ReuseForm)
    claim = checked_before.reuse_verdict(current_user, claim_id, form.version.data, form.original.data)
    return json_data(claim_json(claims.get_claim(claim.id)))


@bp.post("/claims/<int:claim_id>/matches/dismiss")
@requires("claim.dismiss_match")
def dismiss_match(claim_id):
    form, _ = json_form(DismissMatchForm)
    checked_before.dismiss_match(current_user, claim_id, form.kind.data, form.id.data)
    return json_data(matches_of(claim_id))
