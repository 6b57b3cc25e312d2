"""The native format claim-annotator/1 (its identity: services/native_format.py): one article
with everything it carries, as one JSON document.

Speed (bench/bench_export.py: 100,000 claims as JSON Lines in under 2 s on SQLite): the native
format reads `raw` rows (rows.py: the times as stored, JSON text by the C decoder), builds its
many claim and event objects by column position (shape), shares one dict per person and verdict
in a stream (SharedLookup), serialises with orjson (dumps), and holds the cycle collector off
while it reads a batch and makes a document (rows.collector_paused: a third of the time).
"""
import json
from datetime import date, datetime

import orjson

from annotator.models import Claim, Event, Source
from annotator.models.types import iso_time, utcnow
from annotator.services.exports.bundles import get_bundle
from annotator.services.exports.lookup import Lookup
from annotator.services.exports.rows import collector_paused, shape
from annotator.services.exports import threads as exports_threads
from annotator.services.native_format import FORMAT, generator


def native_document(bundle, lookup):
    """Return one article in the native format claim-annotator/1 (verdicts as signed off)."""
    lookup = lookup.signed(bundle.live_sign_off)
    document = {
        "format": FORMAT,
        "exported_at": iso_time(utcnow()),
        "generator": generator(),
        "article": _article(bundle, lookup),
    }
    if bundle.assignments:  # optional: a document without people assigned reads as before
        document["assignments"] = [_assignment(a, lookup) for a in bundle.assignments]
    document["claims"] = [claim_object(c, bundle.sources.get(c.id, []), lookup) for c in bundle.claims]
    document["sign_offs"] = [_sign_off(s, lookup) for s in bundle.sign_offs]
    document["history"] = [event_object(e, lookup) for e in bundle.events]
    threads = exports_threads.thread_objects(bundle.threads, lookup)
    if threads:  # optional, as assignments are
        document["threads"] = threads
    return document


def _assignment(a, lookup):
    # Who assigned is in the history (the assign event's actor), not repeated here.
    person = lookup.user(a.user_id) if a.user_id is not None else None
    return {"person": person or {"username": a.username, "display_name": a.display_name}, "role": a.role,
            "due_on": iso_time(a.due_on), "priority": a.priority, "assigned_at": iso_time(a.assigned_at)}


def _article(bundle, lookup):
    a = bundle.article
    return {
        "id": a.id, "title": a.title, "byline": a.byline, "outlet": a.outlet, "url": a.url,
        "published_on": iso_time(a.published_on), "language": a.language, "text": a.text,
        "state": a.state, "revision": a.revision_number, "created_by": lookup.user(a.created_by_id),
        "created_at": iso_time(a.created_at), "updated_at": iso_time(a.updated_at),
        "revisions": [_revision(r, lookup) for r in bundle.revisions],
    }


def _revision(r, lookup):
    return {"id": r.id, "number": r.number, "text": r.text, "note": r.note,
            "created_by": lookup.user(r.created_by_id), "created_at": iso_time(r.created_at)}


def _same(*names):
    return [(name, name) for name in names]


CLAIM = shape(Claim.__table__, [
    *_same("id", "start", "end", "quote", "prefix", "suffix", "claimant"), ("claimant_record", "claimant_id"),
    ("verdict", "verdict_key"),
    *_same("notes", "origin", "score", "reasons", "review_state", "reviewer_comment", "anchor_state",
           "anchor_method"),
    ("created_by", "created_by_id"), ("created_at", "created_at"), ("updated_by", "updated_by_id"),
    ("updated_at", "updated_at"),
])
SOURCE = shape(Source.__table__, _same(
    "id", "url", "title", "publisher", "published_on", "passage", "relation", "archive_url", "created_at"))
EVENT = shape(Event.__table__, [
    ("at", "at"), ("actor", "actor_id"),
    *_same("entity", "entity_id", "claim_id", "action", "field", "old", "new"),
])


# The objects there are many of (claims, their sources, events) keep their times as datetimes:
# dumps writes them as iso_time would, in orjson's C code.

def claim_object(c, sources, lookup):
    claim = CLAIM(c)
    claim["verdict"] = lookup.verdict(claim["verdict"])
    # Optional: a claim linked to no record reads as before records existed.
    if (record := lookup.claimant(claim.pop("claimant_record"))) is not None:
        claim["claimant_record"] = record
    claim["reasons"] = list(claim["reasons"] or [])
    claim["created_by"], claim["updated_by"] = lookup.user(claim["created_by"]), lookup.user(claim["updated_by"])
    claim["sources"] = [SOURCE(s) for s in sources]
    return claim


def _sign_off(s, lookup):
    record = {
        "id": s.id, "reviewer": lookup.user(s.reviewer_id), "signed_at": iso_time(s.signed_at),
        "content_hash": s.content_hash, "self_review": s.self_review,
        "reopened_at": iso_time(s.reopened_at), "reopened_by": lookup.user(s.reopened_by_id),
        "reopen_reason": s.reopen_reason,
    }
    if s.terms:
        record["terms"] = s.terms
    if s.imported:  # another instance's record: the names it carried, not local accounts
        record.update(imported=True, reviewer=s.reviewer_name,
                      reopened_by=record["reopened_by"] or s.reopened_by_name)
    return record


def event_object(e, lookup):
    event = EVENT(e)
    event["actor"] = lookup.user(event["actor"])
    if e.imported:
        event["actor"], event["imported"] = e.actor_name, True
    return event


def export_article(article_id):
    """Return one article as a native document, its values as JSON reads them (times as text)."""
    return orjson.loads(dumps(native_document(get_bundle(article_id, raw=True), Lookup.load())))


def json_lines(bundles, make):
    """Yield dumps(make(bundle)) and a newline for each bundle: one document a line, each made
    with the collector paused (thousands of new objects, freed by their count once written)."""
    for bundle in bundles:
        with collector_paused():
            line = dumps(make(bundle)) + "\n"
        yield line


def dumps(document):
    """Serialise compactly, keeping non-ASCII text readable.

    orjson writes the same bytes as the standard library's compact encoder, five times as fast
    (bench/bench_export.py), except that it spells a float below 1e-4 without an exponent
    (0.00001, not 1e-05: the same number to any JSON reader). What orjson refuses (an integer
    past 64 bits, a key that is not text, a lone surrogate) the standard library writes as before.
    A date or a UTC datetime (naive ones are the UTC stored) is written as iso_time writes it.
    """
    try:
        return orjson.dumps(document, default=plain, option=_TIMES).decode()
    except orjson.JSONEncodeError:
        return _ENCODER.encode(document)


def plain(value):
    """Return a date or datetime as iso_time writes it: json's `default` for the native format."""
    if isinstance(value, (datetime, date)):
        return iso_time(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


_TIMES = orjson.OPT_NAIVE_UTC | orjson.OPT_UTC_Z  # a time as iso_time writes it: ...T12:00:00[.000005]Z
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=plain)  # made once, not a call
