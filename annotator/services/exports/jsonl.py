"""JSON Lines of the native format: one document a line, a batch of articles at a time.

An article with more claims than a batch holds (bundles.BATCH_CLAIMS) is written in pieces: its
claims and its history a page at a time from a cursor, so memory stays flat with the size of
one article as with the number of articles. The pieces join to the bytes of dumps(document).
"""
from annotator.services.exports import bundles
from annotator.services.exports.bundles import claims_query, events_query, iter_batches, load_bundles
from annotator.services.exports.bundles import sources_in_claim_order
from annotator.services.exports.formats import Format, Output, pretty, register
from annotator.services.exports.lookup import Lookup
from annotator.services.exports.native import claim_object, dumps, event_object, json_lines, native_document
from annotator.services.exports.rows import Aligned, fetch_pages, fetch_stream
from annotator.services.native_format import MEDIA_TYPE, STREAM_MEDIA_TYPE

PAGE_ROWS = 2_000


def stream_jsonl(filters, lookup=None):
    """Yield one native document per line, for every selected article."""
    lookup = (lookup or Lookup.load()).shared()
    for ids, claims in iter_batches(filters):
        if len(ids) == 1 and claims > bundles.BATCH_CLAIMS:
            yield from _pieces(ids[0], lookup)
            continue
        yield from json_lines(load_bundles(ids, raw=True), lambda bundle: native_document(bundle, lookup))


def _pieces(article_id, lookup):
    """Yield one article's document in pieces: the claims and the history a page at a time."""
    (bundle,) = load_bundles([article_id], raw=True, whole=False)
    lookup = lookup.signed(bundle.live_sign_off)  # the claims read the verdicts as signed off
    document = native_document(bundle, lookup)  # its claims and history empty, written below
    sign_offs = document["sign_offs"]
    head = {key: document[key] for key in ("format", "exported_at", "generator", "article", "assignments")
            if key in document}
    yield dumps(head)[:-1] + ',"claims":['
    yield from _joined(_claim_pages(article_id, lookup))
    yield '],"sign_offs":' + dumps(sign_offs) + ',"history":['
    yield from _joined([event_object(e, lookup) for e in page]
                       for page in fetch_pages(events_query([article_id], raw=True), PAGE_ROWS))
    yield "]}\n"


def _claim_pages(article_id, lookup):
    sources = Aligned(fetch_stream(sources_in_claim_order([article_id], raw=True)))
    for page in fetch_pages(claims_query([article_id], raw=True), PAGE_ROWS):
        yield [claim_object(c, sources.take(c.id), lookup) for c in page]


def _joined(pages):
    """Yield the items of each page as JSON, with the commas of one array between them."""
    first = True
    for items in pages:
        if items:
            yield ("" if first else ",") + dumps(items)[1:-1]
            first = False


def _one(bundle, lookup, publisher):
    return Output([pretty(native_document(bundle, lookup))], MEDIA_TYPE, "json")


def _many(filters, lookup, publisher):
    return Output(stream_jsonl(filters, lookup), STREAM_MEDIA_TYPE, "jsonl")


# One article is a document in both; many are JSON Lines in both.
register(Format("json", 0, _many, _one, menu_one="Annotated JSON"))
register(Format("jsonl", 1, _many, _one, menu_many=(
    ("Annotated JSON Lines", {}), ("Annotated JSON Lines, signed off only", {"signed_off": "y"}))))
