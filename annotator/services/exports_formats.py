"""Every export format behind one call, for one article or a filtered stream of many.

One article: json (a document), webannotation (an AnnotationCollection with every annotation
on its first page), claimreview (a JSON-LD @graph), csv, xlsx. Many articles: jsonl or json (one
native document per line), webannotation (one collection per line), claimreview (one @graph),
csv, xlsx (one row a claim); all streamed, a batch of articles in memory at a time.
"""
import json
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import select

from annotator.services import exports_claimreview as claimreview
from annotator.services import exports_csv, exports_xlsx
from annotator.services import exports_webannotation as webannotation
from annotator.extensions import db
from annotator.models import Claim
from annotator.services.errors import InvalidInput, NotFound
from annotator.services.exports import (ExportFilters, Lookup, dumps, get_bundle, iter_bundles, native_document,
                                       signed_publisher)
from annotator.services.exports_jsonl import stream_jsonl
from annotator.services.signoff import get_current_sign_off

FORMATS = ("json", "jsonl", "webannotation", "claimreview", "csv", "xlsx")
ROW_FORMATS = ("csv", "xlsx")  # one row a claim, for spreadsheets
JSON_LD = "application/ld+json"


@dataclass(frozen=True)
class Publisher:
    """Who publishes: the instance's public address and organisation."""

    base_url: str
    name: str
    url: str

    @property
    def iris(self):
        return webannotation.Iris(self.base_url)

    def organisation(self):
        return {"name": self.name, "url": self.url}


@dataclass
class Output:
    chunks: Iterable[str | bytes]  # text, or bytes for a binary format (xlsx)
    media_type: str
    extension: str


def check_format(fmt):
    if fmt not in FORMATS:
        message = f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}."
        raise InvalidInput(message, {"format": [message]})
    return fmt


def claimreview_publisher(article_id, publisher):
    """Return the publisher ClaimReview names for an article (its sign-off's, else publisher) or
    for many articles (publisher)."""
    sign_off = get_current_sign_off(article_id) if article_id is not None else None
    return signed_publisher(sign_off, publisher)


def export_one(article_id, fmt, publisher):
    """Return one article in format fmt."""
    check_format(fmt)
    if fmt in ROW_FORMATS:
        return export_many(ExportFilters(article_ids=(article_id,)), fmt, publisher)
    bundle, lookup = get_bundle(article_id), Lookup.load()
    if fmt == "webannotation":
        document = webannotation.collection(bundle, lookup, publisher.iris, page_size=None)
        return Output([_pretty(document)], webannotation.MEDIA_TYPE, "jsonld")
    if fmt == "claimreview":
        reviews = claimreview.claim_reviews(bundle, lookup, publisher.iris, publisher.organisation())
        return Output([_pretty(claimreview.graph(reviews))], JSON_LD, "jsonld")
    return Output([_pretty(native_document(bundle, lookup))], "application/json", "json")


def export_many(filters, fmt, publisher):
    """Return every article that filters select, streamed, in format fmt."""
    check_format(fmt)
    lookup = Lookup.load()
    if fmt == "csv":
        return Output(exports_csv.stream_csv(filters, lookup), "text/csv; charset=utf-8", "csv")
    if fmt == "xlsx":
        return Output(exports_xlsx.stream_xlsx(filters, lookup), exports_xlsx.MEDIA_TYPE, "xlsx")
    if fmt == "claimreview":
        chunks = claimreview.stream_graph(filters, lookup, publisher.iris, publisher.organisation())
        return Output(chunks, JSON_LD, "jsonld")
    if fmt == "webannotation":
        return Output(_collections(filters, lookup, publisher), "application/x-ndjson", "jsonl")
    return Output(stream_jsonl(filters, lookup), "application/x-ndjson", "jsonl")


def _collections(filters, lookup, publisher):
    for bundle in iter_bundles(filters):
        yield dumps(webannotation.collection(bundle, lookup, publisher.iris, page_size=None)) + "\n"


def _pretty(document):
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def annotation_page(article_id, number, publisher, page_size=webannotation.PAGE_SIZE):
    """Return the collection (number None) or one page of an article's annotations, or None."""
    bundle, lookup = get_bundle(article_id), Lookup.load()
    if number is None:
        return webannotation.collection(bundle, lookup, publisher.iris, page_size)
    return webannotation.page(bundle, lookup, publisher.iris, number, page_size)


def claim_annotation(claim_id, publisher):
    """Return one claim's Annotation document; suggestions and dismissed ones have none."""
    article_id = db.session.scalar(select(Claim.article_id).where(Claim.id == claim_id))
    bundle = get_bundle(article_id) if article_id is not None else None
    claim = next((c for c in bundle.real_claims() if c.id == claim_id), None) if bundle else None
    if claim is None:
        raise NotFound("No such claim annotation.")
    lookup = Lookup.load().signed(bundle.live_sign_off)
    annotation = webannotation.claim_annotation(claim, bundle, lookup, publisher.iris)
    return {"@context": webannotation.CONTEXT, **annotation}
