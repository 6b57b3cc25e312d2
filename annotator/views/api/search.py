"""API: search across articles, claims, notes, sources and comments (the query string of /search)."""
from annotator.serializers import iso_time
from annotator.views.api import bp
from annotator.views.helpers import json_data, requires
from annotator.views.search import hit_link, run_search, search_form


@bp.get("/search")
@requires("search")
def search():
    results = run_search(search_form())
    # matched counts up to SEARCH_RANKED_MATCHES; more_matched says that more than that match.
    return json_data({"query": results.query, "page": results.page, "has_next": results.has_next,
                      "matched": results.matched, "more_matched": results.capped,
                      "results": [hit_json(hit) for hit in results.hits]})


def hit_json(hit):
    """A hit; heading and snippet are lists of {text, match} pieces, for the client to escape."""
    return {
        "kind": hit.kind, "article_id": hit.article_id, "claim_id": hit.claim_id,
        "article_title": hit.article_title, "outlet": hit.outlet,
        "published_on": iso_time(hit.published_on),
        "verdict": hit.verdict_key, "claimant": hit.claimant, "review_state": hit.review_state,
        "heading": [{"text": t, "match": m} for t, m in hit.heading],
        "snippet": [{"text": t, "match": m} for t, m in hit.snippet],
        "url": hit_link(hit),
    }
