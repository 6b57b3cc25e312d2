"""Checked before: the newsroom's earlier approved and rated claims closest to a claim.

A claim's vector is written when it becomes approved with a verdict (in the same transaction as
the move, services/review._move_claim) and removed when it leaves "approved". Each process keeps
the vectors as one matrix (text/matching.Index), built lazily from the table after a start, and
before each search reads the table's row count and newest change: new rows are added, and a
count that does not add up (a row removed elsewhere) rebuilds. So a search never misses a claim
another process approved and committed.
"""
import threading

from sqlalchemy import func, select

from annotator.extensions import db
from annotator.models import Article, Claim, ClaimEmbedding, Verdict
from annotator.models.types import utcnow
from annotator.text import matching

_lock = threading.Lock()
_cache = {"index": None, "count": 0, "newest": None}


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
    """Return this process's index, brought up to date with the table."""
    db.session.flush()
    count, newest = db.session.execute(
        select(func.count(), func.max(ClaimEmbedding.updated_at)).where(ClaimEmbedding.model == matching.MODEL_ID)
    ).one()
    with _lock:
        if _cache["index"] is None or count < _cache["count"] or (newest and _cache["newest"] and newest < _cache["newest"]):
            _cache.update(index=matching.Index(), count=0, newest=None)
        if count != _cache["count"] or newest != _cache["newest"]:
            _load_since(_cache["newest"])
            if len(_cache["index"]) != count:  # rows went and came: start again
                _cache.update(index=matching.Index(), newest=None)
                _load_since(None)
            _cache.update(count=count, newest=newest)
        return _cache["index"]


def _load_since(newest) -> None:
    """Put the rows changed at or after newest (all when None) into the cached index."""
    query = select(ClaimEmbedding.claim_id, ClaimEmbedding.vector).where(ClaimEmbedding.model == matching.MODEL_ID)
    if newest is not None:
        query = query.where(ClaimEmbedding.updated_at >= newest)
    rows = db.session.execute(query).all()
    vectors = matching.from_blobs([row.vector for row in rows])
    for row, vector in zip(rows, vectors):
        _cache["index"].put(("claim", row.claim_id), vector)


def forget_cache() -> None:
    """Drop this process's index (tests that swap databases; the next search rebuilds it)."""
    with _lock:
        _cache.update(index=None, count=0, newest=None)


def matches_for(claim_ids) -> dict[int, list[dict]]:
    """Return, per claim id, its earlier approved and rated claims, best first, as dicts."""
    claims = db.session.scalars(select(Claim).where(Claim.id.in_(list(claim_ids)))).all()
    if not claims:
        return {}
    found = index().search(matching.embed([claim.quote for claim in claims]),
                           exclude=lambda query, key: key == ("claim", claims[query].id))
    earlier = _earlier({match.key[1] for matches in found for match in matches})
    return {claim.id: [dict(earlier[m.key[1]], score=m.score) for m in matches if m.key[1] in earlier]
            for claim, matches in zip(claims, found)}


def _earlier(claim_ids) -> dict[int, dict]:
    """Return what the box shows of each earlier claim: quote, verdict, claimant, date, article."""
    if not claim_ids:
        return {}
    rows = db.session.execute(
        select(Claim.id, Claim.quote, Claim.claimant, Claim.updated_at, Claim.article_id, Article.title,
               Verdict.label)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(Verdict, Verdict.key == Claim.verdict_key)
        .where(Claim.id.in_(list(claim_ids)), Claim.review_state == "approved")
    ).all()
    return {row.id: {"claim_id": row.id, "quote": row.quote, "claimant": row.claimant, "verdict": row.label,
                     "date": row.updated_at.date().isoformat(), "article_id": row.article_id,
                     "article_title": row.title} for row in rows}
