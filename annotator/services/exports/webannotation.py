"""W3C Web Annotation (JSON-LD): each claim an `assessing` Annotation, an article an
AnnotationCollection with its AnnotationPages, the sign-off a `moderating` Annotation.

Targets point at the article's canonical text (served as text/plain at /articles/<id>/text),
because the TextPositionSelector offsets count code points in that text, not in the
original web page.
"""
from sqlalchemy import select

from annotator.extensions import db
from annotator.models import Claim
from annotator.models.types import iso_time
from annotator.services.errors import NotFound
from annotator.services.exports.bundles import get_bundle, iter_bundles
from annotator.services.exports.formats import Format, Output, pretty, register
from annotator.services.exports.lookup import Lookup
from annotator.services.exports.native import json_lines
from annotator.services.exports.rows import columns
from annotator.services.native_format import STREAM_MEDIA_TYPE

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
PAGE_SIZE = 200


def _agent(user_id, lookup, iris):
    row = lookup.users.get(user_id)
    if row is None:
        return None
    return {"id": iris.user(row.username), "type": "Person", "name": row.display_name, "nickname": row.username}


def _generator(iris):
    return {"id": iris.base + "/", "type": "Software", "name": "Claim Annotator"}


def _text_body(purpose, value, language=None):
    body = {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}
    if language:
        body["language"] = language
    return body


def _source_body(source):
    body = {"type": "SpecificResource", "purpose": "linking", "source": source.url}
    if source.passage:
        body["selector"] = {"type": "TextQuoteSelector", "exact": source.passage}
    if source.archive_url:
        body["state"] = {"type": "TimeState", "cached": source.archive_url,
                         "sourceDate": iso_time(source.created_at, "seconds")}
    return body


class _Article:
    """What every claim annotation of one article shares, made once: the generator, the text's
    IRI, the verdict labels, the people (an export writes 100,000 annotations)."""

    def __init__(self, bundle, lookup, iris):
        self.bundle, self.lookup, self.iris = bundle, lookup, iris
        self.generator, self.text = _generator(iris), iris.text(bundle.article.id)
        self.language = bundle.article.language
        self._agents = {}

    def agent(self, user_id):
        if user_id not in self._agents:
            self._agents[user_id] = _agent(user_id, self.lookup, self.iris)
        return self._agents[user_id]

    def annotation(self, claim):
        (claim_id, start, end, quote, prefix, suffix, claimant, verdict_key, notes, created_by_id, created_at,
         updated_at) = _CLAIM_COLUMNS(claim)
        quote_selector = {"type": "TextQuoteSelector", "exact": quote}
        if prefix:
            quote_selector["prefix"] = prefix
        if suffix:
            quote_selector["suffix"] = suffix
        annotation = {
            "id": self.iris.claim(claim_id), "type": "Annotation", "motivation": "assessing",
            "created": iso_time(created_at, "seconds"), "modified": iso_time(updated_at, "seconds"),
            "generator": self.generator,
            "target": {"type": "SpecificResource", "source": self.text, "selector": [
                quote_selector, {"type": "TextPositionSelector", "start": start, "end": end}]},
        }
        creator = self.agent(created_by_id)
        if creator:
            annotation["creator"] = creator
        bodies = []
        if verdict_key:
            verdict = self.lookup.verdicts.get(verdict_key)
            bodies.append(_text_body("assessing", verdict.label if verdict else verdict_key))
        if claimant:
            bodies.append(_text_body("describing", f"Claimant: {claimant}"))
        if notes:
            bodies.append(_text_body("commenting", notes, self.language))
        sources = self.bundle.sources.get(claim_id)
        if sources:
            bodies.extend(_source_body(s) for s in sources)
        if bodies:
            annotation["body"] = bodies
        return annotation


# The values an annotation is made of, by position in a claim row (every column of the table, in
# order: bundles.select_rows): one call for a dozen values, not a dozen attribute reads a claim.
_CLAIM_COLUMNS = columns(Claim.__table__, "id", "start", "end", "quote", "prefix", "suffix", "claimant", "verdict_key",
                         "notes", "created_by_id", "created_at", "updated_at")


def claim_annotation(claim, bundle, lookup, iris):
    """Return one claim as an `assessing` Annotation (without @context)."""
    return _Article(bundle, lookup, iris).annotation(claim)


def sign_off_annotation(record, claim_iris, bundle, lookup, iris):
    """Return the sign-off in force as a `moderating` Annotation on the claim annotations."""
    bodies = [_text_body("moderating", "Signed off"),
              _text_body("describing", f"SHA-256 of the annotated content: {record.content_hash}")]
    if record.self_review:
        bodies.append(_text_body("describing", "Signed off under the self-review setting."))
    annotation = {
        "id": iris.sign_off(bundle.article.id, record.id), "type": "Annotation", "motivation": "moderating",
        "created": iso_time(record.signed_at, "seconds"), "generator": _generator(iris), "body": bodies,
        "target": claim_iris or iris.text(bundle.article.id),
    }
    creator = _agent(record.reviewer_id, lookup, iris)
    if creator:
        annotation["creator"] = creator
    return annotation


def annotations(bundle, lookup, iris):
    """Return every annotation of an article: its claims (verdicts as signed off), then the sign-off in force."""
    lookup = lookup.signed(bundle.live_sign_off)
    article = _Article(bundle, lookup, iris)
    items = [article.annotation(c) for c in bundle.real_claims()]
    record = bundle.live_sign_off
    if record is not None:
        items.append(sign_off_annotation(record, [a["id"] for a in items], bundle, lookup, iris))
    return items


def _page_count(total, page_size):
    return max(1, -(-total // page_size))


def page(bundle, lookup, iris, number, page_size=PAGE_SIZE, items=None, embedded=False):
    """Return page `number` of an article's collection; None when there is no such page."""
    items = annotations(bundle, lookup, iris) if items is None else items
    count, article_id = _page_count(len(items), page_size), bundle.article.id
    if not 0 <= number < count:
        return None
    data = {} if embedded else {"@context": CONTEXT}
    data.update({"id": iris.page(article_id, number), "type": "AnnotationPage",
                 "startIndex": number * page_size, "items": items[number * page_size:(number + 1) * page_size]})
    if not embedded:
        data["partOf"] = {"id": iris.collection(article_id), "total": len(items)}
    if number + 1 < count:
        data["next"] = iris.page(article_id, number + 1)
    if number > 0:
        data["prev"] = iris.page(article_id, number - 1)
    return data


def collection(bundle, lookup, iris, page_size=PAGE_SIZE):
    """Return an article's AnnotationCollection with its first page embedded.

    With page_size=None every annotation is on that one page: a self-contained file.
    """
    items = annotations(bundle, lookup, iris)
    page_size = page_size or max(1, len(items))
    article = bundle.article
    return {
        "@context": CONTEXT, "id": iris.collection(article.id), "type": "AnnotationCollection",
        "label": f"Claims in “{article.title}”", "total": len(items),
        "first": page(bundle, lookup, iris, 0, page_size, items, embedded=True),
        "last": iris.page(article.id, _page_count(len(items), page_size) - 1),
        "generator": _generator(iris),
    }


def annotation_page(article_id, number, publisher, page_size=PAGE_SIZE):
    """Return the collection (number None) or one page of an article's annotations, or None."""
    bundle, lookup = get_bundle(article_id), Lookup.load()
    if number is None:
        return collection(bundle, lookup, publisher.iris, page_size)
    return page(bundle, lookup, publisher.iris, number, page_size)


def claim_document(claim_id, publisher):
    """Return one claim's Annotation document; suggestions and dismissed ones have none."""
    article_id = db.session.scalar(select(Claim.article_id).where(Claim.id == claim_id))
    bundle = get_bundle(article_id) if article_id is not None else None
    claim = next((c for c in bundle.real_claims() if c.id == claim_id), None) if bundle else None
    if claim is None:
        raise NotFound("No such claim annotation.")
    lookup = Lookup.load().signed(bundle.live_sign_off)
    return {"@context": CONTEXT, **claim_annotation(claim, bundle, lookup, publisher.iris)}


def _one(bundle, lookup, publisher):
    # Every annotation on the first page: a self-contained file.
    return Output([pretty(collection(bundle, lookup, publisher.iris, page_size=None))], MEDIA_TYPE, "jsonld")


def _many(filters, lookup, publisher):
    """One collection a line."""
    lines = json_lines(iter_bundles(filters, raw=True, history=False),
                       lambda bundle: collection(bundle, lookup, publisher.iris, page_size=None))
    return Output(lines, STREAM_MEDIA_TYPE, "jsonl")


register(Format("webannotation", 2, _many, _one, menu_one="W3C Web Annotation"))
