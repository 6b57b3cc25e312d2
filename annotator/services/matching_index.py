"""The process's matching index over the newsroom's approved claims and the reference library.

Every claim's vector is computed by the worker (embed_pending, annotator/worker.py) soon after the
claim is made or its words change: a commit that did so nudges the queue, and a sweep each minute
and the worker's start catch whatever a lost nudge left. Approving a rated claim copies its stored
vector into claim_embeddings in the same transaction (services/review._move_claim), computing
nothing; when the worker had not got to it yet, the worker indexes it a moment later. Leaving
"approved" removes the row. A reference review's vector is written with its import. Each process keeps all vectors as one text/matching.Index,
built lazily from the tables after a start. Before a search it reads each table's row count
and newest change: newer rows are added, and a count that does not add up (a row removed, or
committed late by another process) rebuilds. Those counts scan the tables (on PostgreSQL, 100,000
rows with their vectors inline took 90 ms), so a process reads them at most every FRESH_SECONDS,
and at once after its own session wrote either table: a search sees what this process saved at
once and what another process committed within FRESH_SECONDS. Nothing survives a restart but the
tables.
"""
import itertools
import threading
import time
import weakref

from sqlalchemy import event, func, inspect, or_, select
from sqlalchemy.orm import Session

from annotator.extensions import db
from annotator.models import Claim, ClaimEmbedding, ClaimVector, ReferenceReview
from annotator.models.types import utcnow
from annotator.text import matching

# kind of key -> (model, its id column, the column that grows with every change)
SOURCES = {
    "claim": (ClaimEmbedding, ClaimEmbedding.claim_id, ClaimEmbedding.updated_at),
    "reference": (ReferenceReview, ReferenceReview.id, ReferenceReview.id),
}
NUDGE = "annotator.embed_nudge"  # session.info: this transaction left claims without a vector
BATCH = 256  # claims the worker embeds per transaction
EMBED_INLINE = 32  # vectors a read may compute itself when the worker has not stored them yet
FRESH_SECONDS = 2.0
WATCHED = (ClaimEmbedding, ReferenceReview)  # the tables the index is made of
_lock = threading.Lock()
_WRITES = itertools.count(1)
# fresh: (time.monotonic(), writes) when the marks were last read; writes: this process's last
# flush that wrote a WATCHED row (next(_WRITES), atomic across threads)
_cache = {"index": None, "seen": {}, "fresh": None, "writes": 0, "engine": None}  # engine: weakref of the database's


def remember(claim) -> None:
    """Index an approved, rated claim by copying its stored vector (nothing is computed in the
    request); forget any other claim. A claim the worker has not embedded yet is left to it."""
    row = db.session.get(ClaimEmbedding, claim.id)
    if not (claim.review_state == "approved" and claim.verdict_key):
        if row is not None:
            db.session.delete(row)
        return
    stored = db.session.get(ClaimVector, claim.id)
    if stored is None or (stored.model, stored.quote) != (matching.MODEL_ID, claim.quote):
        db.session.info[NUDGE] = True
        return
    _index(claim.id, stored.vector, row)


def _index(claim_id, vector, row) -> None:
    if row is None:
        db.session.add(ClaimEmbedding(claim_id=claim_id, model=matching.MODEL_ID, vector=vector))
    else:
        row.model, row.vector, row.updated_at = matching.MODEL_ID, vector, utcnow()


def embed_pending(limit=BATCH) -> int:
    """Store the vectors of up to limit claims that have none for their current words, then index
    the approved, rated claims still waiting for theirs; return how many claims were embedded."""
    current = (ClaimVector.model == matching.MODEL_ID) & (ClaimVector.quote == Claim.quote)
    waiting = db.session.execute(
        select(Claim.id, Claim.quote).outerjoin(ClaimVector, ClaimVector.claim_id == Claim.id)
        .where(Claim.review_state != "dismissed", or_(ClaimVector.claim_id.is_(None), ~current))
        .order_by(Claim.id).limit(limit)).all()
    if waiting:
        stored = {row.claim_id: row for row in db.session.scalars(
            select(ClaimVector).where(ClaimVector.claim_id.in_([claim_id for claim_id, _ in waiting])))}
        for (claim_id, quote), vector in zip(waiting, matching.embed([quote for _, quote in waiting])):
            row = stored.get(claim_id) or ClaimVector(claim_id=claim_id)
            row.model, row.quote, row.vector = matching.MODEL_ID, quote, matching.to_blob(vector)
            db.session.add(row)
        db.session.flush()
    unindexed = db.session.execute(
        select(Claim.id, ClaimVector.vector).join(ClaimVector, ClaimVector.claim_id == Claim.id)
        .outerjoin(ClaimEmbedding, ClaimEmbedding.claim_id == Claim.id)
        .where(Claim.review_state == "approved", Claim.verdict_key.is_not(None), current,
               or_(ClaimEmbedding.claim_id.is_(None), ClaimEmbedding.model != matching.MODEL_ID))).all()
    for claim_id, vector in unindexed:
        _index(claim_id, vector, db.session.get(ClaimEmbedding, claim_id))
    db.session.flush()
    return len(waiting)


def query_vectors(claims, embed_at_most=EMBED_INLINE) -> dict:
    """Return {claim id: vector} for the claims: the stored vectors, and up to embed_at_most
    computed here for claims the worker has not reached (not stored: a read writes nothing)."""
    rows = db.session.execute(select(ClaimVector.claim_id, ClaimVector.quote, ClaimVector.vector).where(
        ClaimVector.claim_id.in_([claim.id for claim in claims]), ClaimVector.model == matching.MODEL_ID)).all()
    quotes = {claim.id: claim.quote for claim in claims}
    fresh = [row for row in rows if quotes[row.claim_id] == row.quote]
    vectors = dict(zip([row.claim_id for row in fresh], matching.from_blobs([row.vector for row in fresh])))
    missing = [claim for claim in claims if claim.id not in vectors][:embed_at_most]
    if missing:
        vectors.update(zip([claim.id for claim in missing], matching.embed([claim.quote for claim in missing])))
    return vectors


def note_new_words(session, flush_context, instances) -> None:
    """Before a flush that adds claims or changes a claim's words, mark the transaction to nudge
    the worker after it commits (annotator/worker.py)."""
    if any(isinstance(obj, Claim) for obj in session.new) or any(
            isinstance(obj, Claim) and inspect(obj).attrs.quote.history.has_changes() for obj in session.dirty):
        session.info[NUDGE] = True


def note_index_changes(session, flush_context) -> None:
    """After a flush that wrote a row of the index's tables, let the next search read the marks."""
    if any(isinstance(obj, WATCHED) for changed in (session.new, session.dirty, session.deleted) for obj in changed):
        _cache["writes"] = next(_WRITES)


def init_app(app) -> None:
    for name, listener in (("before_flush", note_new_words), ("after_flush", note_index_changes)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def index() -> matching.Index:
    """Return this process's index, brought up to date with the tables (see FRESH_SECONDS)."""
    db.session.flush()
    _follow(db.engine)
    writes = _cache["writes"]
    if _fresh(writes):
        return _cache["index"]
    started = time.monotonic()
    marks = {kind: _mark(*source) for kind, source in SOURCES.items()}
    with _lock:
        if _cache["index"] is None:
            _cache.update(index=matching.Index(), seen={})
        for kind, mark in marks.items():
            if _cache["seen"].get(kind) != mark:
                _catch_up(kind, mark)
        _cache["index"].tidy()  # regroup once enough rows came or went
        _cache["fresh"] = (started, writes)  # a write since then changed "writes": read again
        return _cache["index"]


def _follow(engine) -> None:
    """Start over when the database is another one (each test's app): an index belongs to one."""
    if _cache["engine"] is None or _cache["engine"]() is not engine:
        forget_cache()
        _cache["engine"] = weakref.ref(engine)


def _fresh(writes) -> bool:
    """Tell whether the index may be searched without reading the marks (see FRESH_SECONDS)."""
    fresh = _cache["fresh"]
    return (_cache["index"] is not None and fresh is not None and fresh[1] == writes
            and time.monotonic() - fresh[0] < FRESH_SECONDS)


def _mark(model, key_column, growing):
    """Return a table's (row count, newest change) for the current model."""
    return db.session.execute(select(func.count(), func.max(growing)).where(model.model == matching.MODEL_ID)).one()


def _catch_up(kind, mark) -> None:
    """Add one table's newer rows; when the count does not add up, drop the keys no longer in the
    table and load the rows missing (a row removed, or committed late by another process)."""
    index, (count, _) = _cache["index"], mark
    seen = _cache["seen"].get(kind)
    _load(kind, seen[1] if seen and seen[1] is not None and count >= seen[0] else None)
    held = {key[1] for key in index.live_keys() if key[0] == kind}
    if len(held) != count:
        model, key_column, _ = SOURCES[kind]
        there = set(db.session.scalars(select(key_column).where(model.model == matching.MODEL_ID)))
        for key in held - there:
            index.remove((kind, key))
        _load(kind, None, only=there - held)
    _cache["seen"][kind] = tuple(mark)


def _load(kind, since, only=None) -> None:
    """Put a table's rows changed at or after since (all when None; only those keys when given)
    into the index."""
    model, key_column, growing = SOURCES[kind]
    query = select(key_column, model.vector).where(model.model == matching.MODEL_ID)
    if since is not None:
        query = query.where(growing >= since)
    rows = [row for row in db.session.execute(query) if only is None or row[0] in only]
    if rows:
        _cache["index"].put_many([(kind, row[0]) for row in rows], matching.from_blobs([row.vector for row in rows], "float16"))


def forget_cache() -> None:
    """Drop this process's index: what a new process starts with, and what index() does itself
    when the database's engine is another one (each test's app)."""
    with _lock:
        _cache.update(index=None, seen={}, fresh=None, engine=None)
