"""The process's matching index over the newsroom's approved claims and the reference library.

A claim's vector is written when it becomes approved with a verdict (in the same transaction as
the move, services/review._move_claim) and removed when it leaves "approved"; a reference review's
vector is written with its import. Each process keeps all vectors as one text/matching.Index,
built lazily from the tables after a start. Before each search it reads each table's row count
and newest change: newer rows are added, and a count that does not add up (a row removed, or
committed late by another process) rebuilds. So a search never misses a claim another process
approved and committed, and nothing survives a restart but the tables.
"""
import threading

from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import ClaimEmbedding, ReferenceReview
from annotator.models.types import utcnow
from annotator.text import matching

# kind of key -> (model, its id column, the column that grows with every change)
SOURCES = {
    "claim": (ClaimEmbedding, ClaimEmbedding.claim_id, ClaimEmbedding.updated_at),
    "reference": (ReferenceReview, ReferenceReview.id, ReferenceReview.id),
}
_lock = threading.Lock()
_cache = {"index": None, "seen": {}}


def remember(claim) -> None:
    """Store the vector of an approved, rated claim; forget any other claim."""
    row = db.session.get(ClaimEmbedding, claim.id)
    if not (claim.review_state == "approved" and claim.verdict_key):
        if row is not None:
            db.session.delete(row)
        return
    vector = matching.to_blob(matching.embed([claim.quote])[0])
    if row is None:
        db.session.add(ClaimEmbedding(claim_id=claim.id, model=matching.MODEL_ID, vector=vector))
    else:
        row.model, row.vector, row.updated_at = matching.MODEL_ID, vector, utcnow()


def index() -> matching.Index:
    """Return this process's index, brought up to date with the tables."""
    db.session.flush()
    marks = {kind: _mark(*source) for kind, source in SOURCES.items()}
    with _lock:
        if _cache["index"] is None:
            _cache.update(index=matching.Index(), seen={})
        for kind, mark in marks.items():
            if _cache["seen"].get(kind) != mark:
                _catch_up(kind, mark)
        return _cache["index"]


def _mark(model, key_column, growing):
    """Return a table's (row count, newest change) for the current model."""
    return db.session.execute(select(func.count(), func.max(growing)).where(model.model == matching.MODEL_ID)).one()


def _catch_up(kind, mark) -> None:
    """Add one table's newer rows; rebuild that table's part when the count does not add up."""
    index, (count, _) = _cache["index"], mark
    seen = _cache["seen"].get(kind)
    _load(kind, seen[1] if seen and seen[1] is not None and count >= seen[0] else None)
    if sum(1 for key in index.keys if key[0] == kind) != count:
        for key in [key for key in index.keys if key[0] == kind]:
            index.remove(key)
        _load(kind, None)
    _cache["seen"][kind] = tuple(mark)


def _load(kind, since) -> None:
    """Put a table's rows changed at or after since (all when None) into the index."""
    model, key_column, growing = SOURCES[kind]
    query = select(key_column, model.vector).where(model.model == matching.MODEL_ID)
    if since is not None:
        query = query.where(growing >= since)
    rows = db.session.execute(query).all()
    for (key, _), vector in zip(rows, matching.from_blobs([row.vector for row in rows])):
        _cache["index"].put((kind, key), vector)


def forget_cache() -> None:
    """Drop this process's index (what a new process starts with; tests that swap databases)."""
    with _lock:
        _cache.update(index=None, seen={})
