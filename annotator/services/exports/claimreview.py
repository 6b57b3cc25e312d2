"""ClaimReview (schema.org JSON-LD) for every approved claim that has a verdict."""
import json

from annotator.models.claimant import WIKIDATA_ITEM
from annotator.models.types import iso_time
from annotator.services.exports.bundles import iter_bundles
from annotator.services.exports.formats import JSON_LD, Format, Output, pretty, register
from annotator.services.exports.lookup import signed_publisher

CONTEXT = "https://schema.org"


def is_reviewable(claim):
    """Tell whether a claim is published as a ClaimReview: approved, with a verdict."""
    return claim.review_state == "approved" and claim.verdict_key is not None


def _rating(verdict, claim):
    rating = {"@type": "Rating", "alternateName": verdict.label, "name": verdict.label}
    if verdict.rating is not None:
        rating.update(ratingValue=verdict.rating, bestRating=5, worstRating=1)
    if claim.notes:
        rating["ratingExplanation"] = claim.notes
    return rating


def _appearance(article, iris):
    work = {"@type": "NewsArticle", "url": article.url or iris.article(article.id), "headline": article.title}
    if article.published_on:
        work["datePublished"] = iso_time(article.published_on)
    if article.outlet:
        work["publisher"] = {"@type": "Organization", "name": article.outlet}
    return work


SCHEMA_TYPES = {"person": "Person", "organization": "Organization"}


def author(claim, lookup):
    """Return the claim's itemReviewed.author: its claimant record (a Person or Organization,
    sameAs its Wikidata item), else a Person named by the claimant text, else None."""
    record = lookup.claimant(claim.claimant_id)
    if record is None:
        # Free text may name a person or a body; without a record the tool cannot say which.
        return {"@type": "Person", "name": claim.claimant} if claim.claimant else None
    found = {"@type": SCHEMA_TYPES[record["kind"]], "name": record["name"]}
    if record["aliases"]:
        found["alternateName"] = record["aliases"]
    if record["description"]:
        found["description"] = record["description"]
    if record["wikidata_id"]:
        found["sameAs"] = WIKIDATA_ITEM + record["wikidata_id"]
    return found


def _item_reviewed(claim, article, iris, lookup):
    item = {"@type": "Claim", "appearance": _appearance(article, iris),
            "firstAppearance": {"@type": "CreativeWork", "url": article.url or iris.article(article.id)}}
    if (by := author(claim, lookup)) is not None:
        item["author"] = by
    if article.published_on:
        item["datePublished"] = iso_time(article.published_on)
    return item


def claim_review(claim, bundle, lookup, iris, publisher):
    """Return one ClaimReview (without @context)."""
    article, verdict = bundle.article, lookup.verdicts[claim.verdict_key]
    published = bundle.live_sign_off.signed_at if bundle.live_sign_off else claim.updated_at
    return {
        "@type": "ClaimReview",
        "url": f"{iris.article(article.id)}#claim-{claim.id}",
        "claimReviewed": claim.quote,
        "datePublished": iso_time(published.date()),
        "author": {"@type": "Organization", "name": publisher["name"], "url": publisher["url"]},
        "reviewRating": _rating(verdict, claim),
        "itemReviewed": _item_reviewed(claim, article, iris, lookup),
    }


def claim_reviews(bundle, lookup, iris, publisher):
    """Return the ClaimReviews of one article; a signed-off one keeps the verdict labels, ratings
    and publisher its sign-off recorded."""
    lookup = lookup.signed(bundle.live_sign_off)
    publisher = signed_publisher(bundle.live_sign_off, publisher)
    return [claim_review(c, bundle, lookup, iris, publisher) for c in bundle.claims
            if is_reviewable(c) and c.verdict_key in lookup.verdicts]


def graph(reviews):
    """Return ClaimReviews as one JSON-LD document."""
    return {"@context": CONTEXT, "@graph": reviews}


def stream_graph(filters, lookup, iris, publisher):
    """Yield the ClaimReviews of every selected article as one JSON-LD document, piece by piece."""
    yield '{"@context": "https://schema.org", "@graph": ['
    first = True
    for bundle in iter_bundles(filters, history=False):
        for review in claim_reviews(bundle, lookup, iris, publisher):
            yield ("\n" if first else ",\n") + json.dumps(review, ensure_ascii=False)
            first = False
    yield "\n]}\n"


def _one(bundle, lookup, publisher):
    reviews = claim_reviews(bundle, lookup, publisher.iris, publisher.organisation())
    return Output([pretty(graph(reviews))], JSON_LD, "jsonld")


def _many(filters, lookup, publisher):
    return Output(stream_graph(filters, lookup, publisher.iris, publisher.organisation()), JSON_LD, "jsonld")


register(Format("claimreview", 3, _many, _one, menu_one="ClaimReview", menu_many=(("ClaimReview", {}),)))
